import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink, written } from './byte-sink.js';

/** Everything a small sink hands on, joined. */
function collect(size: number, write: (sink: ByteSink) => void): Buffer {
  const parts: Buffer[] = [];
  const sink = new ByteSink((bytes) => parts.push(Buffer.from(bytes)), size);
  write(sink);
  sink.flush();
  expect(sink.flushed).toBe(parts.reduce((n, p) => n + p.length, 0));
  return Buffer.concat(parts);
}

// Well-formed text of every width in UTF-8: ASCII, 2- and 3-byte characters, and astral ones
// (surrogate pairs), so that characters fall across every buffer boundary.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '\n', '-', 'é', 'ß', '€', '中', '😀', '𝄞'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 200 });

describe('ByteSink', () => {
  it('hands on exactly the UTF-8 of what was written, in order, whatever the buffer size (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 200, max: 2500 }))), { maxLength: 30 }), fc.integer({ min: 256, max: 1024 }), (pieces, size) => {
        const expected = pieces.map((p) => (typeof p === 'number' ? ' '.repeat(p) : p)).join('');
        const out = collect(size, (sink) => {
          for (const p of pieces) {
            if (typeof p === 'number') sink.spaces(p);
            else sink.write(p);
          }
        });
        expect(out.equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }),
      { seed: 21, numRuns: 1500 },
    );
  });

  it('copies simple strings and refuses the rest without writing anything (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constantFrom('gp3', 'yes', 'e5', 'e-1', 'a.b/c_d-1', 'Zone', 'on')), { maxLength: 20 }), (pieces) => {
        let expected = '';
        const out = collect(256, (sink) => {
          for (const p of pieces) {
            if (sink.simple(p)) expected += p;
            else expected += '|';
            if (!expected.endsWith('|')) continue;
            sink.write('|');
          }
        });
        expect(out.toString('utf8')).toBe(expected);
      }),
      { seed: 22, numRuns: 500 },
    );
  });

  it('hands on spans of bytes in order, among other output, whatever their sizes and the buffer size (property)', () => {
    const source = Buffer.from(Array.from({ length: 20000 }, (_, i) => `${i % 10}`).join(''));
    const op = fc.oneof(
      fc.record({ span: fc.tuple(fc.nat(source.length), fc.oneof(fc.nat(40), fc.nat(9000))) }),
      fc.record({ next: fc.oneof(fc.nat(40), fc.nat(9000)) }),
      fc.record({ text }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), fc.integer({ min: 256, max: 5000 }), (ops, size) => {
        const expected: Buffer[] = [];
        let at = 0;
        const out = collect(size, (sink) => {
          for (const o of ops) {
            if ('text' in o) {
              sink.write(o.text);
              expected.push(Buffer.from(o.text));
              continue;
            }
            // A span where one chose, or the one right after the last (items in a row).
            const [start, length] = 'span' in o ? o.span : [at, o.next];
            const end = Math.min(source.length, start + length);
            sink.bytes(source.subarray(start, end));
            expected.push(source.subarray(start, end));
            at = end;
          }
        });
        expect(out.equals(Buffer.concat(expected))).toBe(true);
      }),
      { seed: 23, numRuns: 1500 },
    );
  });

  it('hands on spans that follow each other as one view of their buffer, not a copy', () => {
    const source = Buffer.from('a'.repeat(10) + 'b'.repeat(5000) + 'c'.repeat(3));
    const handed: Uint8Array[] = [];
    const sink = new ByteSink((bytes) => handed.push(bytes), 256);
    for (const [start, end] of [[0, 10], [10, 5010], [5010, 5013]] as const) {
      sink.bytes(source.subarray(start, end));
      sink.write(''); // as between a stream's documents that need no `---`
    }
    sink.flush();
    expect(handed).toHaveLength(1);
    expect(handed[0]!.buffer).toBe(source.buffer);
    expect(Buffer.from(handed[0]!).equals(source)).toBe(true);
  });

  it('refuses a buffer too small for its own short-string copies', () => {
    expect(() => new ByteSink(() => {}, 64)).toThrow(/at least 256/);
  });

  it('written() gives the text back, also when called while another is under way', () => {
    expect(written((sink) => sink.write('a€😀'))).toBe('a€😀');
    expect(written((outer) => outer.write(written((inner) => inner.write('x')) + 'y'))).toBe('xy');
  });
});
