// The WebAssembly kernel answers exactly as nextShallow's JavaScript loop, on any bytes: the
// same text in the kernel's memory and in an ordinary buffer, asked at every line break.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentSpans } from './documents.js';
import { lineFeedsKernel, markerLineKernel, nextShallowKernel, scanBuffer } from './line-scan.js';
import { nextShallow, scanResourceList } from './scan.js';

/**
 * The text in the kernel's memory, at `offset` (as a subarray of the input is), followed by bytes
 * that are not its own (`after`, repeated): what the kernel answers must not depend on them.
 */
function inKernel(text: Buffer, offset: number, after = '\n \n'): Buffer {
  const memory = scanBuffer(offset + text.length + 64)!;
  text.copy(memory, offset);
  memory.fill(after, offset + text.length, offset + text.length + 64);
  return memory.subarray(offset, offset + text.length);
}

const lineBreaks = (text: Buffer): number[] => [...text.keys()].filter((i) => text[i] === 10);

/**
 * By definition: the first line after the line break at `le` that is neither deeper content (its
 * first column + 1 bytes spaces, and not blank) nor, with `skipBlank`, blank (spaces and tabs,
 * then maybe a CR); the end when there is none.
 */
function shallowLineAfter(text: Buffer, column: number, le: number, skipBlank: boolean): number {
  for (let ls = le + 1; ls < text.length; ) {
    const lf = text.indexOf(10, ls);
    const end = lf === -1 ? text.length : lf;
    const line = text.toString('latin1', ls, end);
    const blank = /^[ \t]*\r?$/.test(line);
    const deep = !blank && line.startsWith(' '.repeat(column + 1));
    if (!deep && !(blank && skipBlank)) return ls;
    if (lf === -1) break;
    ls = lf + 1;
  }
  return text.length;
}

/** The first line at or after the line start `ls` that starts with `---`, `...` or a byte-order mark; the end when none does. */
function documentLineAfter(text: Buffer, ls: number): number {
  const starts = [0, ...lineBreaks(text).map((x) => x + 1)].filter((x) => x >= ls && x < text.length);
  const isMarker = (at: number) => ['---', '...', '\ufeff'].some((m) => text.subarray(at).toString('utf8').startsWith(m));
  return starts.find(isMarker) ?? text.length;
}

// Lines as YAML has them: indentation by spaces (sometimes a tab), content or not, blank lines
// of spaces and tabs, CRLF, a last line without a break; long enough to cross 16-byte blocks.
const line = fc.record({
  indent: fc.integer({ min: 0, max: 12 }),
  tab: fc.boolean(),
  content: fc.oneof(fc.constantFrom('', ' ', '\t', ' \t ', 'a', '- b', '# c', 'key: value', 'x'.repeat(40), `${'x'.repeat(70)}  `, 'é ü', '\r', ' \r', '---', '... x', '\ufeff---'), fc.string({ maxLength: 30 })),
  crlf: fc.boolean(),
});
const text = fc.tuple(fc.array(line, { maxLength: 40 }), fc.boolean()).map(([lines, lastBreak]) => {
  const body = lines.map((l) => `${' '.repeat(l.indent)}${l.tab ? '\t' : ''}${l.content}${l.crlf ? '\r' : ''}`).join('\n');
  return Buffer.from(lastBreak ? `${body}\n` : body);
});

describe('the line-scan kernel', () => {
  it('is available here (the end-to-end runs use it)', () => {
    expect(scanBuffer(16)).toBeDefined();
  });

  it('finds the next shallow line exactly as the JavaScript loop does (property)', () => {
    fc.assert(
      // Columns up to 10; after the text come bytes that would read as deeper lines, as shallow
      // ones, or as blank line ends, were the kernel to look past the text's end.
      fc.property(text, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom('\n \n', ' ', 'x', '\r\n'), (plain, column, offset, after) => {
        const kernelText = inKernel(plain, offset, after);
        for (const le of lineBreaks(plain)) {
          for (const skipBlank of [false, true]) {
            const kernel = nextShallowKernel(column, kernelText, le, skipBlank);
            expect(kernel).toBeDefined();
            expect(kernel).toBe(nextShallow(column, plain, le, skipBlank));
            expect(kernel).toBe(shallowLineAfter(plain, column, le, skipBlank));
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });

  it('answers any questions in any order as the JavaScript loop does, however it runs ahead of them (property)', () => {
    // The kernel answers runs of questions at once (line-scan.ts Run): questions that go back,
    // change column or buffer, or skip ahead must get what a question alone would.
    fc.assert(
      fc.property(text, text, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 }), fc.nat()), { maxLength: 60 }), (a, b, questions) => {
        const memory = scanBuffer(a.length + b.length + 64)!;
        a.copy(memory, 0);
        b.copy(memory, a.length);
        // Two texts one after the other, and both as one: views that share a start or an end.
        const views = [memory.subarray(0, a.length), memory.subarray(a.length, a.length + b.length), memory.subarray(0, a.length + b.length)];
        const plains = [a, b, Buffer.concat([a, b])];
        for (const [which, column, pick] of questions) {
          const k = which % 3;
          const breaks = lineBreaks(plains[k]!);
          if (breaks.length === 0) continue;
          const le = breaks[pick % breaks.length]!;
          expect(nextShallowKernel(column, views[k]!, le)).toBe(nextShallow(column, plains[k]!, le));
          expect(nextShallowKernel(column, views[k]!, le, true)).toBe(nextShallow(column, plains[k]!, le, true));
          // A marker line from a line start.
          const starts = [0, ...breaks.map((x) => x + 1)].filter((x) => x < plains[k]!.length);
          const ls = starts[pick % starts.length]!;
          expect(markerLineKernel(views[k]!, ls)).toBe(documentLineAfter(plains[k]!, ls));
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('answers the same going forward, back and anywhere, and for new bytes where old ones were', () => {
    const plain = Buffer.from(Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? `k${i}:` : i % 11 === 0 ? '---' : i % 13 === 0 ? '' : `  v${i}`)).join('\n'));
    const view = inKernel(plain, 7);
    const breaks = lineBreaks(plain);
    // Forward, back, anywhere; the last at the first line, whose answers the new bytes change.
    const order = [...breaks, ...[...breaks].reverse(), ...breaks.map((_, i) => breaks[(i * 37) % breaks.length]!), breaks[0]!];
    for (const le of order) {
      expect(nextShallowKernel(0, view, le)).toBe(nextShallow(0, plain, le));
      expect(markerLineKernel(view, le + 1)).toBe(documentLineAfter(plain, le + 1));
    }
    // Other bytes of the same length at the same place: answers for them, not the old ones.
    const other = Buffer.from(plain.toString('latin1').replace(/k/g, ' ').replace(/---/g, '--x'), 'latin1');
    const again = inKernel(other, 7);
    for (const le of breaks) {
      expect(nextShallowKernel(0, again, le)).toBe(nextShallow(0, other, le));
      expect(markerLineKernel(again, le + 1)).toBe(documentLineAfter(other, le + 1));
    }
  });

  // Streams as kustomize hands them over: documents, `---` and `...` lines (with comments or
  // content after them), look-alikes (`--`, `----x`, `- a`, `..`), byte-order marks, CRLF.
  const streamLine = fc.constantFrom('---', '--- # c', '--- a: 1', '...', '....', '--', '----x', '- a', '-', '..', '\ufeff---', '\ufeffa: 1', 'a: 1', '  b: 2', '# c', '', '%YAML 1.2', 'x'.repeat(20), '  # c', '\t', ' \r', '\t# c', '#', ' ', ' \rx', '.a', '%x', '---#', '---\t# c', '--- \r');
  const stream = fc.tuple(fc.array(streamLine, { maxLength: 30 }), fc.boolean(), fc.boolean()).map(([lines, crlf, lastBreak]) => {
    const body = lines.join(crlf ? '\r\n' : '\n');
    return Buffer.from(lastBreak ? `${body}\n` : body);
  });

  it('splits a stream into the same documents as the JavaScript search (property)', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 0, max: 40 }), (plain, offset) => {
        const kernelText = inKernel(plain, offset);
        expect(markerLineKernel(kernelText, 0)).toBeDefined();
        expect(documentSpans(kernelText, true)).toEqual(documentSpans(plain, true));
        // Without line numbers (a stream on stdin): runs of documents in one call.
        expect(documentSpans(kernelText, false)).toEqual(documentSpans(plain, false));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });

  it('finds the lines that can be markers, and only those', () => {
    const text = inKernel(Buffer.from('a: 1\n- b\n--\n---\n'), 5);
    expect(markerLineKernel(text, 0)).toBe(12);
    expect(markerLineKernel(text, 9)).toBe(12);
    expect(markerLineKernel(text, 16)).toBe(text.length);
    expect(markerLineKernel(inKernel(Buffer.from('a\n\ufeffb\n'), 0), 0)).toBe(2);
    expect(markerLineKernel(inKernel(Buffer.from('a\n..'), 0), 0)).toBe(4);
  });

  it('counts line feeds as a count of the bytes does (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 40 }), fc.nat(), fc.nat(), (plain, offset, a, b) => {
        const kernelText = inKernel(plain, offset);
        const [from, to] = [a % (plain.length + 1), b % (plain.length + 1)].sort((x, y) => x - y) as [number, number];
        expect(lineFeedsKernel(kernelText, from, to)).toBe([...plain.subarray(from, to)].filter((c) => c === 10).length);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });

  it('answers only for a view of its memory', () => {
    expect(nextShallowKernel(0, Buffer.from('a\n b\nc\n'), 1)).toBeUndefined();
    expect(nextShallowKernel(0, inKernel(Buffer.from('a\n b\nc\n'), 0), 1)).toBe(5);
  });

  it('cuts a ResourceList in its memory as in any buffer', () => {
    const list = Buffer.from(
      `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${Array.from({ length: 30 }, (_, i) => `- apiVersion: v1\n  kind: ConfigMap\n  data:\n    a: |\n      ${'text '.repeat(i)}\n\n      more\n    \t\n  # c\n# above ${i}\n`).join('')}functionConfig:\n  a: 1\n`,
    );
    expect(scanResourceList(inKernel(list, 3))).toEqual(scanResourceList(list));
  });
});
