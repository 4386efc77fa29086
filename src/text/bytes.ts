// Source text as UTF-8 bytes. The input is read, cut into items and scanned for what each item is
// without being decoded: turning tens of megabytes of UTF-8 into a string (and the items the
// function only copies back into UTF-8) cost more than everything else the function does with a
// package it passes through. The scans read the bytes as latin1, one character per byte, which
// is a plain copy: every character YAML gives a meaning to is ASCII, and no byte of a multi-byte
// UTF-8 sequence is, so the structure they see is the text's, at byte offsets. Only the items the
// function reads, and small pieces (the ResourceList's own keys, comments between documents), are
// decoded; the rest goes out as the bytes it came in.

/** The bytes of a text: a string is encoded, a Buffer taken as it is, another Uint8Array viewed as a Buffer without copying. */
export function toBytes(input: string | Uint8Array): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** The text of bytes `start` to `end`. */
export const decode = (bytes: Buffer, start = 0, end = bytes.length): string => bytes.toString('utf8', start, end);

/** The line break the bytes use (their first one: CRLF or LF), `fallback` when they have none. */
export function lineBreakOfBytes(bytes: Buffer, fallback = '\n'): string {
  const nl = bytes.indexOf(10);
  return nl === -1 ? fallback : nl > 0 && bytes[nl - 1] === 13 ? '\r\n' : '\n';
}

/** The bytes ending with a line break, `eol` added when the last line has none (copied only then; empty stays empty). */
export function withLineBreakBytes(bytes: Buffer, eol = '\n'): Buffer {
  if (bytes.length === 0 || bytes[bytes.length - 1] === 10) return bytes;
  return Buffer.concat([bytes, Buffer.from(eol)]);
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];
/** Whether a byte-order mark starts at `at`. */
export const bomAt = (bytes: Buffer, at: number): boolean => bytes[at] === BOM_BYTES[0] && bytes[at + 1] === BOM_BYTES[1] && bytes[at + 2] === BOM_BYTES[2];
/** The length of a UTF-8 byte-order mark. */
export const BOM_LENGTH = 3;

/**
 * The start of `bytes` read as latin1 (one character per byte: the text's structure at byte
 * offsets, for scans that look at ASCII only), about `size` bytes cut back to the end of a line,
 * and whether that is all of them: what a scan of the first lines needs, without copying a large
 * item.
 */
export function byteWindow(bytes: Buffer, size: number): { text: string; complete: boolean } {
  if (bytes.length > size) {
    const cut = bytes.lastIndexOf(10, size - 1);
    if (cut > 0) return { text: bytes.toString('latin1', 0, cut + 1), complete: false };
  }
  return { text: bytes.toString('latin1'), complete: true };
}
