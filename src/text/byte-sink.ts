// Output as UTF-8 bytes in a reused buffer, handed on whenever it fills. The function writes tens
// of megabytes of YAML for a big package; building that as strings first (lines, joined objects,
// joined chunks, then encoded) copied every byte three times and left all of it to the garbage
// collector. Strings go straight into the buffer through TextEncoder.encodeInto.

const encoder = new TextEncoder();
// ignoreBOM: a byte-order mark the output holds (a stream's) is text like any other, not an encoding mark to drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** simple() takes strings up to this length: names, label values, keys. */
const SHORT = 64;

export class ByteSink {
  private buf: Uint8Array;
  pos = 0;
  /** Bytes handed on so far. */
  flushed = 0;
  /** Bytes given to `bytes` and not yet handed on (the buffer is empty meanwhile). */
  private run: Uint8Array | undefined;

  /** `take` receives each full buffer; it must be done with the bytes when it returns. */
  constructor(
    private readonly take: (bytes: Uint8Array) => void,
    size = 1 << 20,
  ) {
    // A short string (up to SHORT characters, 3 bytes each at most) must fit an empty buffer.
    if (size < 256) throw new Error(`internal error: a ByteSink needs at least 256 bytes, not ${size}`);
    this.buf = new Uint8Array(size);
  }

  /**
   * Bytes handed on as they are, without a copy where that saves one: the bytes of a span of the
   * input the function only passes through. Spans that follow each other in one buffer (items in
   * a row) are handed on as one, whatever their sizes; a short span after other output is copied.
   */
  bytes(bytes: Uint8Array): void {
    const run = this.run;
    if (run && run.buffer === bytes.buffer && run.byteOffset + run.length === bytes.byteOffset) {
      this.run = new Uint8Array(run.buffer, run.byteOffset, run.length + bytes.length);
      return;
    }
    if (bytes.length < DIRECT && (this.pos > 0 || run)) return this.copy(bytes, 0, bytes.length);
    this.flush();
    this.run = bytes;
  }

  write(s: string): void {
    // Nothing to write does not end a run of spans (a stream's documents that need no `---`).
    if (s.length === 0) return;
    if (this.run) this.handRun();
    // encodeInto, not a loop over the characters: most of a run's strings are written while its
    // code is still interpreted, where a loop costs tens of instructions a byte and the encoder's
    // call a few hundred a string; once the code is compiled the two cost about the same.
    if (this.pos + s.length * 3 > this.buf.length) return this.writeLong(s);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** Bytes written so far, handed on or not. */
  get offset(): number {
    return this.flushed + this.pos + (this.run?.length ?? 0);
  }

  /** Bytes `start` to `end` of `bytes`. */
  copy(bytes: Uint8Array, start: number, end: number): void {
    if (this.run) this.handRun();
    while (start < end) {
      if (this.pos === this.buf.length) this.flush();
      const n = Math.min(end - start, this.buf.length - this.pos);
      const buf = this.buf;
      if (n <= 64) {
        let pos = this.pos;
        for (let i = start, stop = start + n; i < stop; i++) buf[pos++] = bytes[i]!;
      } else buf.set(bytes.subarray(start, start + n), this.pos);
      this.pos += n;
      start += n;
    }
  }

  /** `n` spaces. */
  spaces(n: number): void {
    if (this.run) this.handRun();
    if (this.pos + n > this.buf.length) {
      this.flush();
      // Deeper than a buffer is wide (only a pathological value nests that far).
      for (; n > this.buf.length; n -= this.buf.length) {
        this.buf.fill(0x20);
        this.pos = this.buf.length;
        this.flush();
      }
    }
    this.buf.fill(0x20, this.pos, this.pos + n);
    this.pos += n;
  }

  /** One ASCII byte. */
  byte(c: number): void {
    if (this.run) this.handRun();
    if (this.pos === this.buf.length) this.flush();
    this.buf[this.pos++] = c;
  }

  /**
   * Copies `s` when it is a plain-safe simple string (a lowercase letter, then lowercase letters,
   * digits, '-', '.', '_', '/': most generated names, labels and paths) and returns true; else
   * writes nothing and returns false. Checking while copying reads each string once.
   */
  simple(s: string): boolean {
    if (this.run) this.handRun();
    const n = s.length;
    if (n === 0 || n > SHORT || !SIMPLE.test(s)) return false;
    // All letters: YAML 1.1 reads y, yes, on, true (and their opposites) and null as non-strings.
    // Starting with e: e5 or e-1 is a number to some YAML 1.1 readers.
    if (LETTERS.test(s) ? isWord(s) : s.charCodeAt(0) === 0x65 && E_NUMBER.test(s)) return false;
    if (this.pos + n > this.buf.length) this.flush();
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
    return true;
  }

  private writeLong(s: string): void {
    for (;;) {
      if (this.buf.length - this.pos < 4) this.flush();
      const { read, written } = encoder.encodeInto(s, this.buf.subarray(this.pos));
      this.pos += written;
      if (read === s.length) return;
      s = s.slice(read);
      this.flush();
    }
  }

  private handRun(): void {
    const run = this.run!;
    this.run = undefined;
    this.take(run);
    this.flushed += run.length;
  }

  /** Hands on what is buffered. */
  flush(): void {
    if (this.run) return this.handRun();
    if (this.pos === 0) return;
    this.take(this.buf.subarray(0, this.pos));
    this.flushed += this.pos;
    this.pos = 0;
  }
}

/** Bytes passed to `bytes` from this length on are handed on without a copy even after other output. */
const DIRECT = 4096;

/** A plain-safe simple string: a lowercase letter, then lowercase letters, digits, '-', '.', '_', '/'. */
const SIMPLE = /^[a-z][a-z0-9._/-]*$/;
const LETTERS = /^[a-z]+$/;
const E_NUMBER = /^e[-+]?[0-9]+$/;
const WORDS = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
const isWord = (s: string): boolean => s.length <= 5 && WORDS.has(s);

let scratch: { sink: ByteSink; parts: Uint8Array[] } | undefined;

/** Runs `write` into a sink and returns what it wrote as a string. */
export function written(write: (sink: ByteSink) => void): string {
  // One scratch sink serves every call (results, render mode, tests), unless one is under way.
  const own = scratch ?? { parts: [] as Uint8Array[], sink: undefined as unknown as ByteSink };
  if (!own.sink) own.sink = new ByteSink((bytes) => own.parts.push(bytes.slice()), 64 * 1024);
  scratch = undefined;
  try {
    write(own.sink);
    own.sink.flush();
    const { parts } = own;
    if (parts.length === 1) return decoder.decode(parts[0]);
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return decoder.decode(all);
  } finally {
    own.parts.length = 0;
    own.sink.pos = 0;
    scratch = own;
  }
}
