// Finds the top-level keys of a block-style ResourceList and the boundaries of its `items`
// entries from the raw text, without parsing the items: unowned items are then copied through
// byte for byte and only the few the function reads are parsed. Returns undefined for anything
// it cannot vouch for (flow style, JSON, tabs, CRLF, several documents, anchors on entries...),
// and the caller falls back to a full parse. Tests check its boundaries against the yaml parser.

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
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.\/-]*) *:(?= |$)/;
const EMPTY_VALUE = /^ *(#.*)?$/;
/** What may follow an item's dash on its line: nothing, a comment, or a mapping key. */
const ENTRY_START = /^(?:|#.*|(?:[A-Za-z_$][^:#]*|"[^"\\]*"|'[^']*') *:(?: .*)?)$/;

const SPACE = 32;
const HASH = 35;
const DASH = 45;

export function scanResourceList(text: string): ScannedList | undefined {
  const n = text.length;
  if (n === 0 || text.charCodeAt(0) === 0xfeff || text.includes('\r') || text.startsWith('\t') || text.includes('\n\t')) return undefined;

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
  let itemHasContent = false;
  const items: Span[] = [];

  const closeItems = (at: number): boolean => {
    if (itemStart !== -1 && !itemHasContent) return false; // a null entry
    const end = runStart !== -1 ? runStart : at;
    if (itemStart !== -1) items.push({ start: itemStart, end });
    itemsBodyEnd = itemStart !== -1 ? end : itemsHeaderEnd;
    inItems = false;
    runStart = -1;
    return true;
  };

  let ls = 0;
  while (ls < n) {
    let le = text.indexOf('\n', ls);
    if (le === -1) le = n;
    let ind = 0;
    while (ls + ind < le && text.charCodeAt(ls + ind) === SPACE) ind++;
    const blank = ls + ind === le;
    const ch = blank ? -1 : text.charCodeAt(ls + ind);

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
      const isDash = ch === DASH && (ls + ind + 1 === le || text.charCodeAt(ls + ind + 1) === SPACE);
      if (indent === -1) {
        if (!isDash) return undefined; // `items:` with no entries (null) or an unexpected shape
        indent = ind;
      }
      if (ind === indent && isDash) {
        const rest = text.slice(ls + ind + 1, le).trimStart();
        if (!ENTRY_START.test(rest)) return undefined;
        if (itemStart !== -1 && !itemHasContent) return undefined; // a null entry
        itemHasContent = rest !== '' && !rest.startsWith('#');
        const start = runStart !== -1 ? runStart : ls;
        if (itemStart !== -1) items.push({ start: itemStart, end: start });
        itemStart = start;
        runStart = -1;
        ls = le + 1;
        continue;
      }
      if (ind > indent) {
        itemHasContent = true;
        runStart = -1;
        ls = le + 1;
        continue;
      }
      if (ind !== 0 || !closeItems(ls)) return undefined;
      // fall through: this line is the next top-level key
    }

    // Inside another top-level key's value: indented lines, and compact sequence entries at column 0.
    const dashEntry = ch === DASH && (ind + 1 === le - ls || text.charCodeAt(ls + ind + 1) === SPACE);
    if (blank || ch === HASH || (current.key !== null && (ind > 0 || dashEntry))) {
      ls = le + 1;
      continue;
    }
    if (ind > 0) return undefined;
    if (text.startsWith('---', ls)) {
      if (current.key !== null || entries.length > 0 || !/^--- *(#.*)?$/.test(text.slice(ls, le))) return undefined;
      ls = le + 1;
      continue;
    }
    const line = text.slice(ls, le);
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1]!;
    if (keys.has(key)) return undefined;
    keys.add(key);
    current.end = ls;
    if (current.key !== null || current.end > current.start) entries.push(current);
    current = { key, start: ls, end: n };
    if (key === 'items') {
      if (!EMPTY_VALUE.test(line.slice(match[0].length))) return undefined;
      itemsEntry = entries.length;
      inItems = true;
      itemsHeaderEnd = Math.min(le + 1, n);
      indent = -1;
      runStart = -1;
      itemStart = -1;
    }
    ls = le + 1;
  }
  if (inItems) {
    if (indent === -1 || !closeItems(n)) return undefined;
  }
  current.end = n;
  entries.push(current);
  if (itemsEntry === -1) return undefined;
  return { entries, itemsEntry, itemsHeaderEnd, itemsBodyEnd, items, indent };
}
