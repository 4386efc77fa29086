// Finds the top-level keys of a block-style ResourceList and the boundaries of its `items`
// entries from the raw bytes (offsets are byte offsets), without decoding or parsing the items:
// unowned items are then copied through byte for byte and only the few the function reads are
// parsed. An entry is cut by indentation
// alone (its dash at the items' column, everything more indented after it), which holds for any
// entry YAML allows: block or flow, JSON, anchors and tags on the dash line, block scalars. It
// returns undefined only when the list itself is not the block layout kpt and kustomize write
// (a JSON or flow list, CRLF, a BOM, quoted top-level keys, several documents); cst.ts then finds
// the same boundaries with the yaml library's CST. Tests check its boundaries against the parser.

export interface TopLevelEntry {
  /** The key, or null for what precedes the first key (comments, a `---` line). */
  key: string | null;
  start: number;
  end: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface ScannedList {
  entries: TopLevelEntry[];
  /** Index in `entries` of the `items` key. */
  itemsEntry: number;
  /** Offset just after the `items:` line. */
  itemsHeaderEnd: number;
  /** Offset where what follows the last item (comments at the items' indent) starts. */
  itemsBodyEnd: number;
  /** Each item's span, including the comment and blank lines just above its dash. */
  items: Span[];
  /** Column of the items' dashes. */
  indent: number;
  /** `items: []` on one line: entries written out need an `items:` line of their own. */
  emptyForm: boolean;
}

import { bomAt, BOM_LENGTH } from './bytes.js';
import { nextShallowKernel } from './line-scan.js';

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const CR = 13;
const TAB = 9;

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.\/-]*) *:(?= |$)/;
const EMPTY_VALUE = /^ *(#.*)?$/;
const EMPTY_LIST = /^ *\[ *\] *(#.*)?$/;

export function scanResourceList(text: Buffer): ScannedList | undefined {
  const n = text.length;
  if (n === 0) return undefined;

  const entries: TopLevelEntry[] = [];
  const keys = new Set<string>();
  let current: TopLevelEntry = { key: null, start: 0, end: 0 };
  let inItems = false;
  let itemsEntry = -1;
  let itemsHeaderEnd = 0;
  let itemsBodyEnd = 0;
  let indent = -1;
  let runStart = -1;
  let itemStart = -1;
  let emptyForm = false;
  const items: Span[] = [];

  /**
   * Past the lines of an item's body after the line break at `le`, blank ones included, to the
   * next line at or left of the items' column; the blank lines right before it are a run (they
   * go with what follows), as if each had been looked at.
   */
  const pastItemLines = (le: number): number => {
    const next = nextShallow(indent, text, le, true);
    const to = Math.min(next, n);
    const run = blankRunStart(text, le + 1, to);
    runStart = run < to ? run : -1;
    return next;
  };

  const closeItems = (at: number): void => {
    const end = runStart !== -1 ? runStart : at;
    if (itemStart !== -1) items.push({ start: itemStart, end });
    itemsBodyEnd = itemStart !== -1 ? end : itemsHeaderEnd;
    inItems = false;
    runStart = -1;
  };

  // A byte-order mark is not part of any entry: the output is written without it.
  let ls = bomAt(text, 0) ? BOM_LENGTH : 0;
  current.start = current.end = ls;
  while (ls < n) {
    let le = text.indexOf(10, ls);
    if (le === -1) le = n;
    // A CRLF line's content ends before its CR; the CR stays in whatever text is copied.
    const ce = le > ls && text[le - 1] === CR ? le - 1 : le;
    let ind = 0;
    while (ls + ind < ce && text[ls + ind] === SPACE) ind++;
    let blank = ls + ind === ce;
    if (!blank && text[ls + ind] === TAB) {
      // Spaces and tabs only: a blank line, whatever its tabs (tabs are never indentation).
      let i = ls + ind;
      while (i < ce && (text[i] === TAB || text[i] === SPACE)) i++;
      blank = i === ce;
    }
    const ch = blank ? -1 : text[ls + ind]!;
    const isDash = ch === DASH && (ls + ind + 1 === ce || text[ls + ind + 1] === SPACE);

    if (inItems) {
      if (blank || (ch === HASH && (indent === -1 || ind <= indent))) {
        if (runStart === -1) runStart = ls;
        ls = le + 1;
        continue;
      }
      if (ch === HASH) {
        runStart = -1;
        ls = le + 1;
        continue;
      }
      if (indent === -1) {
        // The first line after `items:`: an entry fixes the column; a key at column 0 means no entries.
        if (isDash) {
          indent = ind;
        } else if (ind !== 0) return undefined;
      }
      if (ind === indent && isDash) {
        const start = runStart !== -1 ? runStart : ls;
        if (itemStart !== -1) items.push({ start: itemStart, end: start });
        itemStart = start;
        ls = pastItemLines(le);
        continue;
      }
      if (indent !== -1 && ind > indent) {
        ls = pastItemLines(le);
        continue;
      }
      if (ind !== 0) return undefined;
      closeItems(ls);
      // fall through: this line is the next top-level key
    }

    // Inside another top-level key's value: indented lines, and compact sequence entries at column 0.
    if (blank || ch === HASH || (current.key !== null && (ind > 0 || isDash))) {
      ls = le + 1;
      continue;
    }
    if (ind > 0) return undefined;
    // Only ASCII can match a key line: a non-ASCII byte read as latin1 matches nothing either way.
    const line = text.toString('latin1', ls, ce);
    if (line.startsWith('---')) {
      if (current.key !== null || entries.length > 0 || !/^--- *(#.*)?$/.test(line)) return undefined;
      ls = le + 1;
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1]!;
    if (keys.has(key)) return undefined;
    keys.add(key);
    current.end = ls;
    if (current.key !== null || current.end > current.start) entries.push(current);
    current = { key, start: ls, end: n };
    if (key === 'items') {
      const rest = line.slice(match[0].length);
      emptyForm = EMPTY_LIST.test(rest);
      if (!emptyForm && !EMPTY_VALUE.test(rest)) return undefined;
      itemsEntry = entries.length;
      inItems = !emptyForm;
      itemsHeaderEnd = Math.min(le + 1, n);
      itemsBodyEnd = itemsHeaderEnd;
      indent = -1;
      runStart = -1;
      itemStart = -1;
    }
    ls = le + 1;
  }
  if (inItems) closeItems(n);
  current.end = n;
  entries.push(current);
  if (itemsEntry === -1) return undefined;
  return { entries, itemsEntry, itemsHeaderEnd, itemsBodyEnd, items, indent: Math.max(indent, 0), emptyForm };
}

/**
 * The start of the first line after the line break at `le` that is not a content line indented
 * deeper than `column` (a blank line is not deeper, or with `skipBlank` is passed over): what a
 * scan inside an item looks for next. The item's body is most of the input: in the line
 * scanner's memory the WebAssembly kernel passes over it (text/line-scan.ts); elsewhere one
 * indexOf per line does.
 */
export function nextShallow(column: number, text: Buffer, le: number, skipBlank = false): number {
  const n = text.length;
  if (le >= n) return n + 1;
  const kernel = nextShallowKernel(column, text, le, skipBlank);
  if (kernel !== undefined) return kernel;
  let p = le;
  for (;;) {
    let i = p + 1;
    const deep = i + column + 1;
    while (i < deep && text[i] === SPACE) i++;
    if (i < deep) {
      if (!skipBlank) return p + 1;
      // Passed over when blank: spaces and tabs, maybe a CR, then its line feed or the end.
      while (i < n && (text[i] === SPACE || text[i] === TAB)) i++;
      if (i < n && text[i] === CR) i++;
      if (i >= n) return n;
      if (text[i] !== 10) return p + 1;
      p = i;
      continue;
    }
    const next = i < n ? text.indexOf(10, i) : -1;
    let e = next === -1 ? n : next;
    if (e > i && text[e - 1] === CR) e--;
    // A line that ends in a space or a tab may hold nothing else: a blank line.
    const last = e > i ? text[e - 1] : SPACE;
    if (last === SPACE || last === TAB) {
      while (i < e && (text[i] === SPACE || text[i] === TAB)) i++;
      if (i === e && !skipBlank) return p + 1;
    }
    if (next === -1) return n;
    p = next;
  }
}

/**
 * Where the blank lines (spaces and tabs only) that come right before `to` start, not before
 * `from`; `to` when there are none. `from` and `to` are line starts, or `to` is the end of
 * `text` (a last line without a line break counts).
 */
export function blankRunStart(text: Buffer, from: number, to: number): number {
  let start = to;
  while (start > from) {
    const end = text[start - 1] === 10 ? start - 1 : start;
    // A line that ends in anything but a blank holds more than blanks: most lines, told apart
    // without searching for where they start.
    if (end > from) {
      const last = text[end - 1];
      if (last !== SPACE && last !== TAB && last !== CR && last !== 10) break;
    }
    const lineStart = end === 0 ? 0 : text.lastIndexOf(10, end - 1) + 1;
    if (lineStart < from) break;
    let i = lineStart;
    while (i < end && (text[i] === SPACE || text[i] === TAB)) i++;
    if (i < end && !(i === end - 1 && text[i] === CR)) break;
    start = lineStart;
  }
  return start;
}
