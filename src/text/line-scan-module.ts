// The line scanner's WebAssembly module (text/line-scan.ts), assembled from its instructions (below,
// one per line with what it does), so that what runs is what is read; it has no other source.
// The shipped bundle carries the bytes this assembles instead (scripts/build.mjs assembles them
// at build time): a run then neither builds these arrays nor puts the module together.

/** In shallow's third argument, the bit that asks it to pass over blank lines (below it: DEEPER). */
export const SKIP_BLANK_BIT = 16;
/** Where in its area docRun writes where the documents it passed end (before: where to go on, and content). */
export const RUN_ENDS = 8;

const u32 = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const vec = (items: number[][]): number[] => [...u32(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, bytes: number[]): number[] => [id, ...u32(bytes.length), ...bytes];

// Opcodes (WebAssembly core spec 2.0, with fixed-width SIMD).
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const RETURN = 0x0f;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const LOAD8_U = [0x2d, 0, 0]; // i32.load8_u, alignment 1, offset 0
const CONST = 0x41; // i32.const, then a signed LEB128
/** A constant below 256 as a signed LEB128. */
const s7 = (n: number): number[] => (n < 64 ? [n] : [(n & 0x7f) | 0x80, n >> 7]);
/** i32.const of any 32-bit number (a signed LEB128). */
function C(n: number): number[] {
  const out = [CONST];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}
const EQZ = 0x45;
const EQ = 0x46;
const NE = 0x47;
const LT_U = 0x49;
const LT_S = 0x48;
const GT_U = 0x4b;
const GE_U = 0x4f;
const MUL = 0x6c;
const CTZ = 0x68;
const SHR_U = 0x76;
const ADD = 0x6a;
const SUB = 0x6b;
const OR = 0x72;
const AND = 0x71;
const V128_LOAD = [0xfd, 0x00, 0, 0]; // v128.load, alignment 1, offset 0
const V128_LOAD_AT = (offset: number) => [0xfd, 0x00, 0, offset]; // v128.load at a small offset
const V128_AND = [0xfd, 0x4e];
const V128_OR = [0xfd, 0x50];
const V128_ANY_TRUE = [0xfd, 0x53];
const V128_CONST_NL = [0xfd, 0x0c, ...Array<number>(16).fill(10)]; // sixteen line feeds
const I8X16_EQ = [0xfd, 0x23];
const I8X16_BITMASK = [0xfd, 0x64];
const VOID = 0x40;
const I32 = 0x7f;
const V128 = 0x7b;

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const CALL = 0x10;

/**
 * Moves local `p` to the first line feed at or after it, or to local `n` when there is none:
 * sixteen bytes at a time while sixteen are left, then one at a time. Local `mask` is scratch.
 */
// prettier-ignore
const toLineFeed = (p: number, n: number, mask: number): number[] => [
  BLOCK, VOID,
    BLOCK, VOID, LOOP, VOID,
      GET, p, CONST, 16, ADD, GET, n, GT_U, BR_IF, 1,
      GET, p, ...V128_LOAD, ...V128_CONST_NL, ...I8X16_EQ, ...I8X16_BITMASK, TEE, mask,
      IF, VOID, GET, p, GET, mask, CTZ, ADD, SET, p, BR, 3, END,
      GET, p, CONST, 16, ADD, SET, p,
      BR, 0,
    END, END,
    LOOP, VOID,
      GET, p, GET, n, GE_U, IF, VOID, GET, n, SET, p, BR, 2, END,
      GET, p, ...LOAD8_U, CONST, LF, EQ, BR_IF, 1,
      GET, p, CONST, 1, ADD, SET, p,
      BR, 0,
    END,
  END,
];

// Function 0, lineFeed(p, n) -> the first line feed at or after p, or n.
const LINE_FEED = [...vec([[1, I32]]), ...toLineFeed(0, 1, 2), GET, 0, END];

// Function 1, shallow(le, n, deeper) -> line start: see nextShallowKernel. Parameters and locals:
const LE = 0; // the line break the current line follows (moves to the next one)
const N = 1; // the end of the bytes
const DEEPER = 2; // column + 1: a line that starts with this many spaces is deeper; SKIP_BLANK_BIT set: blank lines are passed over
const I = 3; // a position in the current line
const DEEP = 4; // where the current line's first DEEPER bytes end
const NEXT = 5; // the current line's line break, or N
const E = 6; // the end of the current line's content (before a CR)
const LAST = 7; // the content's last byte
const MASK = 8; // which of sixteen bytes are line feeds
const SKIP = 9; // whether blank lines are passed over (SKIP_BLANK_BIT)

/** Pushes whether the byte at local `at` is a space or a tab. */
const isBlankAt = (at: number) => [GET, at, ...LOAD8_U, CONST, SPACE, EQ, GET, at, ...LOAD8_U, CONST, TAB, EQ, OR];
/** Moves local `i` past spaces and tabs, up to local `end`. */
// prettier-ignore
const pastBlanks = (i: number, end: number) => [
  BLOCK, VOID, LOOP, VOID,
    GET, i, GET, end, GE_U, BR_IF, 1,
    ...isBlankAt(i), EQZ, BR_IF, 1,
    GET, i, CONST, 1, ADD, SET, i,
    BR, 0,
  END, END,
];

// prettier-ignore
const SHALLOW = [
  ...vec([[7, I32]]), // locals I, DEEP, NEXT, E, LAST, MASK, SKIP
  GET, DEEPER, CONST, SKIP_BLANK_BIT, SHR_U, SET, SKIP,
  GET, DEEPER, ...C((1 << SKIP_BLANK_BIT) - 1), AND, SET, DEEPER,
  LOOP, VOID, // each line after LE
    GET, LE, CONST, 1, ADD, SET, I,
    GET, I, GET, DEEPER, ADD, SET, DEEP,
    // Its first DEEPER bytes: while they are spaces, go on.
    BLOCK, VOID, LOOP, VOID,
      GET, I, GET, DEEP, GE_U, BR_IF, 1,
      GET, I, GET, N, GE_U, BR_IF, 1,
      GET, I, ...LOAD8_U, CONST, SPACE, NE, BR_IF, 1,
      GET, I, CONST, 1, ADD, SET, I,
      BR, 0,
    END, END,
    // Fewer spaces (or the end of the bytes): not deeper, this line is the answer; unless blank
    // lines are passed over and this one is blank (spaces and tabs, a CR, then its line feed or
    // the end of the bytes).
    GET, I, GET, DEEP, LT_U, IF, VOID,
      GET, SKIP, EQZ, IF, VOID, GET, LE, CONST, 1, ADD, RETURN, END,
      ...pastBlanks(I, N),
      GET, I, GET, N, LT_U, IF, VOID,
        GET, I, ...LOAD8_U, CONST, CR, EQ, IF, VOID, GET, I, CONST, 1, ADD, SET, I, END,
      END,
      GET, I, GET, N, GE_U, IF, VOID, GET, N, RETURN, END,
      GET, I, ...LOAD8_U, CONST, LF, NE, IF, VOID, GET, LE, CONST, 1, ADD, RETURN, END,
      GET, I, SET, LE,
      BR, 1,
    END,
    // NEXT: the line's line feed, or N (lineFeed's loops in place: no call per line).
    GET, I, SET, NEXT,
    ...toLineFeed(NEXT, N, MASK),
    // The content's end: before a CR that ends it.
    GET, NEXT, SET, E,
    GET, E, GET, I, GT_U, IF, VOID,
      GET, E, CONST, 1, SUB, ...LOAD8_U, CONST, CR, EQ, IF, VOID, GET, E, CONST, 1, SUB, SET, E, END,
    END,
    // A line that ends in a space or a tab (or has nothing after its spaces) may be blank.
    GET, E, GET, I, GT_U, IF, I32,
      GET, E, CONST, 1, SUB, SET, LAST, ...isBlankAt(LAST),
    0x05, // else
      CONST, 1,
    END,
    IF, VOID,
      ...pastBlanks(I, E),
      GET, I, GET, E, EQ, GET, SKIP, EQZ, AND, IF, VOID, GET, LE, CONST, 1, ADD, RETURN, END,
    END,
    // The last line: the end of the bytes.
    GET, NEXT, GET, N, GE_U, IF, VOID, GET, N, RETURN, END,
    GET, NEXT, SET, LE,
    BR, 0,
  END,
  0x00, // unreachable: the loop only returns
  END,
];

// Function 2, marker(p, n) -> the start of the first line at or after the line start p that
// starts with `---`, `...` or a byte-order mark (EF BB BF), or n: the lines a stream's documents
// can be split at. Sixteen bytes are looked at together: a block without a line feed (most of
// them: lines are longer than sixteen bytes) is passed at once, and in one with line feeds only a
// line feed followed by `-`, `.` or EF starts a line worth a closer look.
const P = 0;
const Q = 2; // where the search for the next such line feed is
const HITS = 3; // v128: which of sixteen bytes are such a line feed
const AFTER = 4; // v128: the sixteen bytes after them
/** Pushes whether the three bytes at local P are a, b, c. */
const threeAt = (a: number, b: number, c: number) => [
  GET, P, ...LOAD8_U, CONST, ...s7(a), EQ,
  GET, P, CONST, 1, ADD, ...LOAD8_U, CONST, ...s7(b), EQ, AND,
  GET, P, CONST, 2, ADD, ...LOAD8_U, CONST, ...s7(c), EQ, AND,
];
const splat = (byte: number) => [0xfd, 0x0c, ...Array<number>(16).fill(byte)];
// prettier-ignore
const MARKER = [
  ...vec([[1, I32], [2, V128]]), // locals Q, HITS, AFTER
  LOOP, VOID, // each candidate line start P
    // Fewer than three bytes left: no marker.
    GET, P, CONST, 3, ADD, GET, 1, GT_U, IF, VOID, GET, 1, RETURN, END,
    ...threeAt(45, 45, 45), ...threeAt(46, 46, 46), OR, ...threeAt(0xef, 0xbb, 0xbf), OR,
    IF, VOID, GET, P, RETURN, END,
    GET, P, SET, Q,
    BLOCK, VOID, LOOP, VOID,
      // Sixteen line feeds and the byte after each, while seventeen bytes are left.
      GET, Q, CONST, 17, ADD, GET, 1, GT_U, BR_IF, 1,
      GET, Q, ...V128_LOAD, ...V128_CONST_NL, ...I8X16_EQ, TEE, HITS,
      ...V128_ANY_TRUE,
      IF, VOID,
        GET, Q, ...V128_LOAD_AT(1), TEE, AFTER, ...splat(45), ...I8X16_EQ,
        GET, AFTER, ...splat(46), ...I8X16_EQ, ...V128_OR,
        GET, AFTER, ...splat(0xef), ...I8X16_EQ, ...V128_OR,
        GET, HITS, ...V128_AND, TEE, HITS,
        ...V128_ANY_TRUE,
        IF, VOID,
          GET, Q, GET, HITS, ...I8X16_BITMASK, CTZ, ADD, CONST, 1, ADD, SET, P,
          BR, 4, // to the candidate's check
        END,
      END,
      GET, Q, CONST, 16, ADD, SET, Q,
      BR, 0,
    END, END,
    // The last bytes one line at a time.
    GET, Q, GET, 1, CALL, 0, SET, P,
    GET, P, GET, 1, GE_U, IF, VOID, GET, 1, RETURN, END,
    GET, P, CONST, 1, ADD, SET, P,
    BR, 0,
  END,
  0x00,
  END,
];

// Function 3, lineFeeds(p, end) -> how many line feeds there are from p to end: a popcount of
// sixteen bytes' line-feed mask at a time.
const POPCNT = 0x69;
// prettier-ignore
const LINE_FEEDS = [
  ...vec([[1, I32]]), // local 2: the count
  BLOCK, VOID, LOOP, VOID,
    GET, 0, CONST, 16, ADD, GET, 1, GT_U, BR_IF, 1,
    GET, 2, GET, 0, ...V128_LOAD, ...V128_CONST_NL, ...I8X16_EQ, ...I8X16_BITMASK, POPCNT, ADD, SET, 2,
    GET, 0, CONST, 16, ADD, SET, 0,
    BR, 0,
  END, END,
  LOOP, VOID,
    GET, 0, GET, 1, GE_U, IF, VOID, GET, 2, RETURN, END,
    GET, 2, GET, 0, ...LOAD8_U, CONST, LF, EQ, ADD, SET, 2,
    GET, 0, CONST, 1, ADD, SET, 0,
    BR, 0,
  END,
  0x00,
  END,
];

// Function 4, docContent(ls, n) -> see docContentKernel; found after content: with the top bit set.
// prettier-ignore
const DOC_CONTENT = [
  ...vec([[1, I32]]), // local 2: a byte, then a position in the line
  LOOP, VOID, // each line from ls
    GET, 0, GET, 1, GE_U, IF, VOID, GET, 1, RETURN, END,
    // A line documents.ts looks at itself.
    GET, 0, ...LOAD8_U, SET, 2,
    GET, 2, CONST, 45, EQ, GET, 2, CONST, 46, EQ, OR, GET, 2, CONST, 37, EQ, OR, GET, 2, ...C(0xef), EQ, OR,
    IF, VOID, GET, 0, RETURN, END,
    // Past spaces, tabs and CRs: its line feed (a blank line), a comment, the end, or content.
    GET, 0, SET, 2,
    BLOCK, VOID, LOOP, VOID,
      GET, 2, GET, 1, GE_U, BR_IF, 1,
      ...isBlankAt(2), GET, 2, ...LOAD8_U, CONST, CR, EQ, OR, EQZ, BR_IF, 1,
      GET, 2, CONST, 1, ADD, SET, 2,
      BR, 0,
    END, END,
    GET, 2, GET, 1, GE_U, IF, VOID, GET, 1, RETURN, END,
    GET, 2, ...LOAD8_U, CONST, LF, EQ, IF, VOID, GET, 2, CONST, 1, ADD, SET, 0, BR, 1, END,
    GET, 2, ...LOAD8_U, CONST, 35, EQ, IF, VOID,
      GET, 2, GET, 1, CALL, 0, SET, 2,
      GET, 2, GET, 1, GE_U, IF, VOID, GET, 1, RETURN, END,
      GET, 2, CONST, 1, ADD, SET, 0,
      BR, 1,
    END,
    // Content: on to the next line that may be a marker.
    GET, 0, GET, 1, CALL, 2, ...C(-0x80000000), OR, RETURN,
  END,
  0x00,
  END,
];

// Function 5, docRun(l, n, area, max) -> how many documents it passed: from a `---` line at l
// whose rest is blank or a comment (one documents.ts has taken as a marker), each document that
// has content and ends at the next such `---` line, as docContent finds them; it writes where
// each ends (from area + RUN_ENDS, up to max), and where documents.ts goes on (area: the line it
// goes on at, area + 4: whether the document it is in has content).
const L0 = 0;
const NN = 1;
const AREA = 2;
const MAX = 3;
const LEND = 4;
const FOUND = 5;
const AT = 6;
const COUNT = 7;
const QQ0 = 8;
/** Pushes whether a `---` line that documents.ts takes as a marker with nothing after it starts at local `at`. */
// prettier-ignore
const bareDashesAt = (at: number, q: number) => [
  BLOCK, I32,
    GET, at, CONST, 3, ADD, GET, NN, GT_U, IF, VOID, CONST, 0, BR, 1, END,
    GET, at, ...LOAD8_U, CONST, 45, NE, IF, VOID, CONST, 0, BR, 1, END,
    GET, at, CONST, 1, ADD, ...LOAD8_U, CONST, 45, NE, IF, VOID, CONST, 0, BR, 1, END,
    GET, at, CONST, 2, ADD, ...LOAD8_U, CONST, 45, NE, IF, VOID, CONST, 0, BR, 1, END,
    // Then the end, or a space, tab, CR or line feed, and blanks to the line's end or a comment.
    GET, at, CONST, 3, ADD, SET, q,
    GET, q, GET, NN, GE_U, IF, VOID, CONST, 1, BR, 1, END,
    GET, q, ...LOAD8_U, CONST, LF, EQ, IF, VOID, CONST, 1, BR, 1, END,
    ...isBlankAt(q), GET, q, ...LOAD8_U, CONST, CR, EQ, OR, EQZ, IF, VOID, CONST, 0, BR, 1, END,
    BLOCK, VOID, LOOP, VOID,
      GET, q, GET, NN, GE_U, BR_IF, 1,
      ...isBlankAt(q), GET, q, ...LOAD8_U, CONST, CR, EQ, OR, EQZ, BR_IF, 1,
      GET, q, CONST, 1, ADD, SET, q,
      BR, 0,
    END, END,
    GET, q, GET, NN, GE_U, IF, VOID, CONST, 1, BR, 1, END,
    GET, q, ...LOAD8_U, CONST, LF, EQ, GET, q, ...LOAD8_U, CONST, 35, EQ, OR,
  END,
];
const I32_STORE = (offset: number) => [0x36, 2, ...u32(offset)]; // i32.store, alignment 4
// prettier-ignore
const DOC_RUN = [
  ...vec([[5, I32]]), // locals LEND, FOUND, AT, COUNT, QQ0
  LOOP, VOID,
    // Past the marker line; its document's lines, to content and the next candidate line.
    GET, L0, GET, NN, CALL, 0, TEE, LEND, GET, NN, GE_U, IF, VOID,
      GET, AREA, GET, NN, ...I32_STORE(0), GET, AREA, CONST, 0, ...I32_STORE(4),
      GET, COUNT, RETURN,
    END,
    GET, LEND, CONST, 1, ADD, GET, NN, CALL, 4, TEE, FOUND, CONST, 0, LT_S, IF, VOID,
      GET, FOUND, ...C(0x7fffffff), AND, SET, AT,
    0x05,
      // No content before it: documents.ts goes on there.
      GET, AREA, GET, FOUND, ...I32_STORE(0), GET, AREA, CONST, 0, ...I32_STORE(4),
      GET, COUNT, RETURN,
    END,
    // Content, then a line that ends the document: passed when it is another bare `---` line.
    GET, AT, GET, NN, GE_U, GET, COUNT, GET, MAX, GE_U, OR, IF, I32, CONST, 1, 0x05, ...bareDashesAt(AT, QQ0), EQZ, END,
    IF, VOID,
      GET, AREA, GET, AT, ...I32_STORE(0), GET, AREA, CONST, 1, ...I32_STORE(4),
      GET, COUNT, RETURN,
    END,
    GET, AREA, GET, COUNT, CONST, 4, MUL, ADD, GET, AT, ...I32_STORE(RUN_ENDS),
    GET, COUNT, CONST, 1, ADD, SET, COUNT,
    GET, AT, SET, L0,
    BR, 0,
  END,
  0x00,
  END,
];

const body = (code: number[]) => [...u32(code.length), ...code];
/** The module's bytes, put together when a run first needs the scanner (most runs do not). */
export const moduleBytes = (): Uint8Array =>
  Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([
      [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])], // type 0: (i32, i32) -> i32
      [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[I32]])], // type 1: (i32, i32, i32) -> i32
      [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[I32]])], // type 2: (i32, i32, i32, i32) -> i32
    ])),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 0x01]])), // import m.memory, at least 1 page
    ...section(3, vec([[0], [1], [0], [0], [0], [2]])), // lineFeed, shallow, marker, lineFeeds, docContent, docRun
    ...section(7, vec([[...name('shallow'), 0x00, 1], [...name('marker'), 0x00, 2], [...name('lineFeeds'), 0x00, 3], [...name('docContent'), 0x00, 4], [...name('docRun'), 0x00, 5]])),
    ...section(10, vec([body(LINE_FEED), body(SHALLOW), body(MARKER), body(LINE_FEEDS), body(DOC_CONTENT), body(DOC_RUN)])),
  ]);
