// Source text as UTF-8 bytes. The input is read, cut into items and scanned for what each item is
// without ever becoming one JavaScript string: turning tens of megabytes of bytes into a string
// (and the items the function only copies back into bytes) cost more than everything else the
// function does with a package it passes through. Structure is found on the bytes: every
// character YAML gives a meaning to is ASCII, and no byte of a multi-byte UTF-8 sequence is, so
// an offset found by looking at ASCII bytes is an offset in the text. Only the items the function
// reads, and small pieces (a key line, a head value), are decoded.

/** The bytes of a text: a string is encoded, a Buffer taken as it is, another Uint8Array viewed as a Buffer without copying. */
export function toBytes(input: string | Uint8Array): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** The text of bytes `start` to `end`. */
export const decode = (bytes: Buffer, start = 0, end = bytes.length): string => bytes.toString('utf8', start, end);

export const NL = 10;
export const CR = 13;
export const SPACE = 32;
export const TAB = 9;
export const HASH = 35;
export const DASH = 45;

/** Offset of the line break at or after `at`, or the length when the last line has none. */
export function lineEndOf(bytes: Buffer, at: number): number {
  if (at >= bytes.length) return bytes.length;
  const i = bytes.indexOf(NL, at);
  return i === -1 ? bytes.length : i;
}

/** Offset of the start of the line holding `at`. */
export const lineStartOf = (bytes: Buffer, at: number): number => (at <= 0 ? 0 : bytes.lastIndexOf(NL, at - 1) + 1);

/** The end of the content of the line starting at `ls`: before its line break and a CR. */
export function contentEndOf(bytes: Buffer, ls: number): number {
  const le = lineEndOf(bytes, ls);
  return le > ls && bytes[le - 1] === CR ? le - 1 : le;
}

/** The line break the bytes use (their first one: CRLF or LF), `fallback` when they have none. */
export function lineBreakOfBytes(bytes: Buffer, fallback = '\n'): string {
  const nl = bytes.indexOf(NL);
  return nl === -1 ? fallback : nl > 0 && bytes[nl - 1] === CR ? '\r\n' : '\n';
}

/** The bytes ending with a line break (copied only when one must be added; empty stays empty). */
export function withNewlineBytes(bytes: Buffer): Buffer {
  if (bytes.length === 0 || bytes[bytes.length - 1] === NL) return bytes;
  const out = Buffer.allocUnsafe(bytes.length + 1);
  bytes.copy(out, 0);
  out[bytes.length] = NL;
  return out;
}

/** A lookup table of the ASCII characters of `chars`, for testing a byte against a set. */
export function byteSet(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];
/** Whether a byte-order mark starts at `at`. */
export const bomAt = (bytes: Buffer, at: number): boolean => bytes[at] === BOM_BYTES[0] && bytes[at + 1] === BOM_BYTES[1] && bytes[at + 2] === BOM_BYTES[2];
/** The length of a UTF-8 byte-order mark. */
export const BOM_LENGTH = 3;
