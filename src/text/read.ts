// The one way in: the bytes on stdin become a list of items (each its exact source text) and the
// functionConfig. A ResourceList in the block layout kpt and kustomize write is cut by the line
// scanner; any other ResourceList (JSON, flow style, quoted keys...) is first put into that layout
// from the yaml library's CST, its entries' texts unchanged; anything else is a plain stream of
// documents (kustomize's exec plugins), each document an item. The files of `render` become
// items the same way (readFiles). No item is decoded or parsed here: what each item is, its own
// top-level apiVersion and kind, is read by a scan of its head's bytes (itemHead), and the
// function decodes and parses only the items it reads (text/bytes.ts).
import { bomAt, BOM_LENGTH, byteWindow, decode, lineBreakOfBytes, toBytes, withLineBreakBytes } from './bytes.js';
import { FrameError, isMappingDocument, rootKind, toBlockLayout } from './cst.js';
import { documentSpans, holdsComment, type DocumentSpan } from './documents.js';
import { resolvePlain } from './fast-yaml.js';
import { bytesItem, itemBytes, keepHead, keptHead, type InputItem, type ItemHead } from './item.js';
import { errorMessage, fastRead, guarded, InputError, PARSE_OPTIONS, toPlain } from './parse.js';
import { lineStart, withNewline } from './lines.js';
import { nextShallow, scanResourceList, type ScannedList } from './scan.js';
import { isObject } from './values.js';
import { yamlLib } from './yaml-lib.js';

export const RESOURCE_LIST_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];

/** The input as read: a ResourceList, or a stream of documents. */
export type Input =
  | {
      form: 'list';
      /** How the list was cut: by the line scanner, or after the CST put it in block layout. */
      route: 'scan' | 'cst';
      /** The bytes the scan is of (the input, or its block layout). */
      bytes: Buffer;
      scan: ScannedList;
      items: InputItem[];
      functionConfig: unknown;
    }
  | {
      form: 'stream';
      items: InputItem[];
      /** Comment-only text after the last document. */
      trailer: string;
      functionConfig: undefined;
    };

/** The top-level values of a scanned list other than `items`, as plain data. */
function headerOf(bytes: Buffer, scan: ScannedList): Record<string, unknown> | undefined {
  const header = scan.entries
    .filter((_, i) => i !== scan.itemsEntry)
    .map((e) => withNewline(decode(bytes, e.start, e.end)))
    .join('');
  const fast = fastRead({ text: header, form: 'document', indent: 0 })?.value;
  if (isObject(fast)) return fast;
  const doc = yamlLib().parseDocument(header, PARSE_OPTIONS);
  const message = errorMessage(doc);
  if (message) throw new InputError(`the ResourceList's functionConfig or another top-level value is not valid YAML: ${message}`);
  const value = guarded("the ResourceList's functionConfig", () => toPlain(doc, doc.contents));
  return isObject(value) ? value : undefined;
}

function asList(bytes: Buffer, scan: ScannedList, route: 'scan' | 'cst'): Input | undefined {
  const top = headerOf(bytes, scan);
  if (!top || top.kind !== 'ResourceList') return undefined;
  if (!RESOURCE_LIST_API_VERSIONS.includes(top.apiVersion as string)) {
    throw new InputError(`ResourceList apiVersion is ${JSON.stringify(top.apiVersion ?? null)}; accepted are ${RESOURCE_LIST_API_VERSIONS.join(', ')}`);
  }
  const items = scan.items.map((s, i): InputItem => {
    const item = bytesItem(withLineBreakBytes(bytes.subarray(s.start, s.end)), { form: 'entry', indent: scan.indent });
    // An entry whose head reads is a mapping (the head is kept for the function's first question).
    if (itemHead(item) === undefined && !entryIsMapping(item)) throw new InputError(`ResourceList items[${i}] is not an object; every item must be a Kubernetes resource`);
    return item;
  });
  return { form: 'list', route, bytes, scan, items, functionConfig: top.functionConfig };
}

const PROPS = /^(?:[&!][^\s]*\s*)*/;
const QUOTED_KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?:\s|$)/;
const PLAIN_KEY = /:(?:\s|$)/;
/** How many lines of an entry entryIsMapping looks at before it asks the yaml library. */
const HEAD_LINES = 64;
/** How much of an item's bytes the head scans look at first (cut back to the end of a line). */
const HEAD_WINDOW = 2048;

/** The bytes the head scans look at: an item's own, or its text's. */
const bytesOf = (item: InputItem): Buffer => itemBytes(item) ?? toBytes(item.text);

/**
 * Whether an entry holds a mapping, from its first content line alone (a plain scalar cannot
 * hold `: `, so a key there means a mapping); the yaml library decides what that line cannot.
 */
function entryIsMapping(item: InputItem, window = byteWindow(bytesOf(item), HEAD_WINDOW)): boolean {
  // Structure only: the byte text serves (a quoted key's text is not looked at).
  const { text, complete } = window;
  let ls = 0;
  let dashed = false;
  let lines = 0;
  for (; ls < text.length && lines < HEAD_LINES; lines++) {
    let le = text.indexOf('\n', ls);
    if (le === -1) le = text.length;
    let rest = text.slice(ls, le).replace(/\r$/, '').trim();
    ls = le + 1;
    if (!dashed) {
      if (!rest.startsWith('-')) continue; // comments above the entry
      dashed = true;
      rest = rest.slice(1).trim();
    }
    rest = rest.replace(PROPS, '');
    if (rest === '' || rest.startsWith('#')) continue;
    if (rest.startsWith('{')) return true;
    if (rest === '-' || rest.startsWith('- ') || rest.startsWith('|') || rest.startsWith('>')) return false;
    if (rest.startsWith('"') || rest.startsWith("'")) return QUOTED_KEY.test(rest) || fallback(item);
    // Flow keys (`[a]: b`), explicit keys (`? a`), aliases: rare enough to ask the yaml library.
    if (rest.startsWith('[') || rest.startsWith('?') || rest.startsWith('*')) return fallback(item);
    // A plain first line: a mapping when it holds `key:` before any comment (` #`; `a#b` is text).
    const comment = rest.search(/[ \t]#/);
    return PLAIN_KEY.test(comment === -1 ? rest : rest.slice(0, comment));
  }
  // The window ended before the lines it looks at did: look at the whole item.
  if (!complete && lines < HEAD_LINES) return entryIsMapping(item, byteWindow(bytesOf(item), Infinity));
  return dashed && (ls < text.length || !complete) ? fallback(item) : false;
}

function fallback(item: InputItem): boolean {
  const doc = yamlLib().parseDocument(item.text, { ...PARSE_OPTIONS, uniqueKeys: false });
  const { isSeq, isMap } = yamlLib();
  return isSeq(doc.contents) && isMap(doc.contents.items[0]);
}

/**
 * Reads the input (bytes that are valid UTF-8, or a string). Throws InputError for input that is
 * neither a ResourceList nor a stream of documents. A byte-order mark marks the encoding: a
 * ResourceList is read (and written) without it, as kpt and kustomize send one; a stream keeps
 * it, and any at a later document's start, where it was (`bom` on the document it precedes, or in
 * the comment-only text it starts).
 */
export function readInput(input: string | Uint8Array): Input {
  const all = toBytes(input);
  const body = bomAt(all, 0) ? all.subarray(BOM_LENGTH) : all;
  const scan = scanResourceList(body);
  if (scan) {
    const list = asList(body, scan, 'scan');
    if (list) return list;
  }
  const items: InputItem[] = [];
  let pending = '';
  for (const doc of documentSpans(all, false)) {
    if (!doc.hasContent) {
      pending += decode(all, doc.start, doc.end);
      continue;
    }
    items.push(documentItem(all, doc, pending));
    pending = '';
  }
  if (items.length === 0) throw new InputError('input is empty: expected a ResourceList (kind ResourceList, apiVersion config.kubernetes.io/v1) or Kubernetes objects on stdin');
  // What the first document is, from its head; the CST when the head scan is not sure.
  const head = itemHead(items[0]!);
  if ((head ? head.kind : rootKind(items[0]!.text)) === 'ResourceList') {
    if (items.length > 1) throw new InputError('input holds a ResourceList and more documents; expected exactly one ResourceList');
    return asBlockList(decode(body));
  }
  // One document that is not a mapping at all: not Kubernetes objects, whatever it is. A mapping
  // whose head reads as an object's is taken as one without parsing it (a 40,000-item List).
  if (items.length === 1 && !(head && typeof head.kind === 'string')) {
    const text = items[0]!.text;
    const problem = yamlProblem(text, true);
    if (problem || !isMappingDocument(text)) throw new InputError(problem ?? 'input is neither a ResourceList nor Kubernetes objects: its document is not a mapping');
  }
  return { form: 'stream', items, trailer: pending, functionConfig: undefined };
}

/** A document with content as an item: its bytes without a byte-order mark, which `bom` records. */
function documentItem(bytes: Buffer, doc: DocumentSpan, prefix: string): InputItem {
  const bom = bomAt(bytes, doc.start);
  const fields: Omit<InputItem, 'text'> = { form: 'document', indent: 0, marked: doc.marked };
  if (bom) fields.bom = true;
  if (prefix) fields.prefix = prefix;
  return bytesItem(bytes.subarray(bom ? doc.start + BOM_LENGTH : doc.start, doc.end), fields);
}

/** A file `render` reads: its path (slash-separated, as results show it) and its text, or its bytes (valid UTF-8). */
export interface SourceFile {
  path: string;
  text: string | Uint8Array;
}

/** A source file's text (decoded when it holds bytes). */
export const fileText = (file: SourceFile): string => (typeof file.text === 'string' ? file.text : decode(toBytes(file.text)));

/**
 * The files of `render` as one list of items, in order: each document with content is an item
 * with its origin (file, index among the file's documents, first line). Documents that hold only
 * comments (a Helm `# Source:` stub, notes between `---` lines) are the `prefix` of the next item,
 * in whatever file it is, and those after the last item the trailer, so they are written where
 * they were. Documents with neither content nor a comment (a lone `---`, blank lines) are not
 * kept. Byte-order marks are dropped: the files become one new stream (see writeManifests), and
 * a document's text ends with a line break.
 */
export function readFiles(files: readonly SourceFile[]): { items: InputItem[]; trailer: string } {
  const items: InputItem[] = [];
  let pending = '';
  for (const file of files) {
    const bytes = toBytes(file.text);
    let index = 0;
    for (const doc of documentSpans(bytes, true)) {
      const start = bomAt(bytes, doc.start) ? doc.start + BOM_LENGTH : doc.start;
      const raw = bytes.subarray(start, doc.end);
      const ended = withLineBreakBytes(raw, lineBreakOfBytes(raw));
      if (!doc.hasContent) {
        const text = decode(ended);
        if (holdsComment(text)) pending += text;
        continue;
      }
      const fields = { form: 'document' as const, indent: 0, marked: doc.marked, ...(pending ? { prefix: pending } : {}), origin: { path: file.path, index: index++, line: doc.line } };
      items.push(bytesItem(ended, fields));
      pending = '';
    }
  }
  return { items, trailer: pending };
}

/** A ResourceList the scanner did not take, put in block layout from its CST; an error if it cannot be. */
function asBlockList(text: string): Input {
  let block: string;
  try {
    block = toBlockLayout(text);
  } catch (e) {
    // A YAML error (tabs as indentation...) explains more than what it made the frame look like.
    if (e instanceof FrameError) throw new InputError(yamlProblem(text, true) ?? e.message);
    throw e;
  }
  const blockBytes = toBytes(block);
  const rescan = scanResourceList(blockBytes);
  const list = rescan && asList(blockBytes, rescan, 'cst');
  if (list) return list;
  // Not the layout it should be: the yaml library says why (tabs as indentation, a bad indent...).
  throw new InputError(yamlProblem(text) ?? 'the ResourceList cannot be read: its top level is laid out in a way this function does not follow; write it in block style');
}

/** The yaml library's first error for the whole input, if any (only on the way to an error). */
function yamlProblem(text: string, ignoreDuplicates = false): string | undefined {
  const doc = yamlLib().parseDocument(text, { ...PARSE_OPTIONS, uniqueKeys: !ignoreDuplicates });
  const message = errorMessage(doc);
  return message ? `input is not valid YAML: ${message}` : undefined;
}

/**
 * What an item is, as its top-level `apiVersion` and `kind` say, read by a scan of its text that
 * parses nothing else: the function decides from this alone whether it needs the item at all.
 * A value is the string the key holds, `null` for a value that is not a string, and absent when
 * the key is. Undefined when the scan cannot be sure of both (anchors, tags, aliases, escapes,
 * explicit or merge keys, a value over several lines, a key written twice, an item that is not a
 * mapping, a layout it does not follow): the caller then parses the item to know.
 * Only the keys of the item's own mapping count: a `kind` in a nested map or in a string is text.
 * It stops once it has both: the rest of the item is its body, whatever it holds (a key written
 * again further down is a YAML error kpt and kustomize refuse before the function sees it).
 */
export type { ItemHead };

class NotSure extends Error {}
/** The head scan reached the end of a window of the item's text without knowing: it looks at all of it. */
class Truncated extends Error {}

export function itemHead(item: InputItem): ItemHead | undefined {
  const kept = keptHead(item);
  if (kept !== undefined) return kept ?? undefined;
  const head = readHead(item);
  keepHead(item, head ?? null);
  return head;
}


function readHead(item: InputItem): ItemHead | undefined {
  // The scan reads the bytes as latin1: the text's structure at byte offsets; a head value that
  // is not ASCII is not sure there (the parse reads it). Most heads are in an item's first lines:
  // a window of it is enough, unless the scan reaches the window's end without knowing.
  const bytes = bytesOf(item);
  const common = commonHead(bytes, item.form, item.indent) ?? blockHeadBytes(bytes, item.form, item.indent);
  if (common) return common;
  const window = byteWindow(bytes, HEAD_WINDOW);
  let head = headOf(window.text, bytes, item, window.complete);
  if (head instanceof Truncated) head = headOf(bytes.toString('latin1'), bytes, item, true);
  if (head instanceof Truncated) return undefined;
  return head && asciiHead(head);
}

/** How much of an item the common layout's regular expression looks at. */
const COMMON_WINDOW = 512;
/** Blank and comment lines. */
const SKIPPED_LINES = String.raw`(?:[ \t]*(?:#[^\n]*)?\r?\n)*`;
/** A head value in the common layout: a plain word of ASCII letters, digits and `._/-`. */
const COMMON_VALUE = String.raw`([A-Za-z][A-Za-z0-9._/-]*)(?:[ \t]+#[^\n]*|[ \t]*)\r?\n`;
/** Indexed by [form and where an entry's keys start][complete][indent]. */
const commonLayouts: RegExp[][][] = [[[], []], [[], []], [[], []]];
/**
 * The common layout: a document's `apiVersion: x` and `kind: y` at column 0 (either order), or an
 * entry's, the first on its dash line or (`- # comment`) on a line below it, the second below
 * that at the same column; then a line at that column, or (`complete`) nothing, but never a more
 * indented line that would continue the second value.
 */
function commonLayout(layout: 0 | 1 | 2, indent: number, complete: boolean): RegExp {
  const cached = commonLayouts[layout]![complete ? 1 : 0]![indent];
  if (cached) return cached;
  // The keys' column as the second key line and the line after it repeat it.
  const [start, column] =
    layout === 0
      ? [String.raw`(?:---[ \t]*(?:#[^\n]*)?\r?\n${SKIPPED_LINES})?()`, '']
      : layout === 1
        ? [String.raw` {${indent}}- ( *)`, String.raw` {${indent + 2}}\1`]
        : [String.raw` {${indent}}-[ \t]+#[^\n]*\r?\n${SKIPPED_LINES}( {${indent + 1},})`, String.raw`\1`];
  const next = String.raw`(?=${SKIPPED_LINES}(?:${column}[^ \t\r\n#]${complete ? '|$' : ''}))`;
  const re = new RegExp(String.raw`^${SKIPPED_LINES}${start}(apiVersion|kind): +${COMMON_VALUE}${column}(apiVersion|kind): +${COMMON_VALUE}${next}`);
  commonLayouts[layout]![complete ? 1 : 0]![indent] = re;
  return re;
}

/**
 * The head of an item in the layout nearly every item has, read by one regular expression over
 * the start of its bytes as latin1 (one character per byte: the structure and offsets are the
 * text's). A window that cuts a line only makes the expression fail, and the item is then read
 * by blockHeadBytes. Both agree wherever this one answers, and with the yaml library (tested).
 */
function commonHead(b: Buffer, form: InputItem['form'], indent: number): ItemHead | undefined {
  const complete = b.length <= COMMON_WINDOW;
  const text = latin1(b, complete ? b.length : COMMON_WINDOW);
  let m: RegExpExecArray | null;
  if (form === 'document') m = commonLayout(0, 0, complete).exec(text);
  else {
    m = commonLayout(1, indent, complete).exec(text);
    if (m === null && text.includes('#')) m = commonLayout(2, indent, complete).exec(text);
  }
  if (m === null) return undefined;
  const k1 = m[2]!;
  if (k1 === m[4]) return undefined; // a key written twice: the parse reports it
  const v1 = wordValue(m[3]!);
  const v2 = wordValue(m[5]!);
  return k1 === 'apiVersion' ? { apiVersion: v1, kind: v2 } : { kind: v1, apiVersion: v2 };
}

/**
 * The first `end` bytes as latin1. Buffer's own latin1Slice (what toString('latin1') calls) when
 * it has one: toString's argument checks cost more than the copy on a window this small.
 */
const latin1 = (b: Buffer, end: number): string => {
  const slice = (b as Buffer & { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
  return typeof slice === 'function' ? slice.call(b, 0, end) : b.toString('latin1', 0, end);
};

/** A plain head word as YAML reads it: a string, or null for a word that is another type (`true`, `null`). */
function wordValue(word: string): string | null {
  let value = wordValues.get(word);
  if (value === undefined) {
    const resolved = resolvePlain(word);
    value = typeof resolved === 'string' ? resolved : null;
    wordValues.set(word, value);
  }
  return value;
}
const wordValues = new Map<string, string | null>();

/**
 * The head of a block-style item read from its bytes, without building a string of them: after
 * blank and comment lines (and a document's own `---` line, or an entry's dash and what follows
 * it on its line), a block mapping whose keys are plain; `apiVersion` and `kind` among them, each
 * a plain word of ASCII letters, digits and `._/-` with at most a comment after it, not continued
 * on the next lines. The values of other keys are passed over by their indentation. Undefined
 * (not sure) for anything else: a quoted or flow key or value, an anchor, tag, alias or merge key,
 * tabs, a key written twice; headOf then reads the item line by line, and the parse after it.
 * Both agree wherever this one answers, and with the yaml library (tested).
 */
function blockHeadBytes(b: Buffer, form: InputItem['form'], indent: number): ItemHead | undefined {
  const n = b.length;
  let p = skipBlankLines(b, 0);
  if (form === 'entry') {
    if (!spacesAt(b, p, indent) || p + indent >= n || b[p + indent] !== DASH_CODE) return undefined;
    p += indent + 1;
    const dashLine = p;
    while (p < n && b[p] === SPACE_CODE) p++;
    if (p === n) return undefined;
    if ((b[p] === HASH_CODE && p > dashLine) || b[p] === NL || (b[p] === CR_CODE && b[p + 1] === NL)) {
      // The mapping starts on a later line (`- # comment`, a bare dash).
      const le = b.indexOf(NL, p);
      if (le === -1) return undefined;
      p = skipBlankLines(b, le + 1);
      const ls = p;
      while (p < n && b[p] === SPACE_CODE) p++;
      if (p - ls <= indent) return undefined;
      return mappingHead(b, p, p - ls);
    }
    if (p === dashLine) return undefined; // `-x`: not an entry's dash
    return mappingHead(b, p, p - (dashLine - indent - 1));
  }
  if (p + 2 < n && b[p] === DASH_CODE && b[p + 1] === DASH_CODE && b[p + 2] === DASH_CODE) {
    // The document's own `---` line, bare or with a comment after a space.
    const after = endOfLine(b, p + 3);
    if (after === -1) return undefined;
    p = skipBlankLines(b, after);
  }
  return mappingHead(b, p, 0);
}

/** The head of a block mapping whose first key is at `p`, at `column`: see blockHeadBytes. */
function mappingHead(b: Buffer, p: number, column: number): ItemHead | undefined {
  const n = b.length;
  let apiVersion: string | null | undefined;
  let kind: string | null | undefined;
  for (;;) {
    // `p` is at a key at the mapping's column.
    const c = b[p]!;
    if (WORD_BYTE[c] !== LETTER && c !== 95 /* _ */) return undefined; // quoted, flow, explicit keys, anchors, tags, aliases, merge keys: not sure
    let next: number;
    const entry = headEntry(b, p);
    if (entry !== undefined) {
      if (entry.key === 'apiVersion' ? apiVersion !== undefined : kind !== undefined) return undefined; // a key written twice: the parse reports it
      if (entry.key === 'apiVersion') apiVersion = entry.value;
      else kind = entry.value;
      // What follows the value: nothing more indented, which would continue it.
      next = skipBlankLines(b, entry.next);
      if (next < n && spacesAt(b, next, column + 1)) return undefined;
    } else {
      if (isHeadKeyStart(b, p)) return undefined; // `kind: "Shard"`, `kind :`, `kind: Sh-` over lines...
      // Another key: its value is what is more indented below it (or a compact sequence at its column).
      const le = b.indexOf(NL, p);
      if (le === -1 || !isKeyLine(b, p, le)) return undefined;
      next = nextKeyLine(b, column, le);
    }
    if (apiVersion !== undefined && kind !== undefined) break;
    if (next >= n) break;
    if (!spacesAt(b, next, column)) return undefined; // left of the mapping, or a tab
    p = next + column;
    if (p >= n || b[p] === SPACE_CODE || b[p] === TAB_CODE) return undefined;
  }
  const head: ItemHead = {};
  if (apiVersion !== undefined) head.apiVersion = apiVersion;
  if (kind !== undefined) head.kind = kind;
  return head;
}

/**
 * The start of the next line after the line break at `le` that holds content at `column` or left
 * of it, past the value of a key at `column` (more indented lines, blank and comment lines, and
 * sequence entries at the key's own column); the end of the bytes when there is none.
 */
function nextKeyLine(b: Buffer, column: number, le: number): number {
  const n = b.length;
  let ls = nextShallow(column, b, le);
  while (ls < n) {
    const q = skipBlankLines(b, ls);
    if (q !== ls) {
      ls = q;
      continue;
    }
    if (spacesAt(b, ls, column + 1)) {
      // More indented after a blank line: still the value.
      const end = b.indexOf(NL, ls);
      if (end === -1) return n;
      ls = nextShallow(column, b, end);
      continue;
    }
    // A compact sequence entry at the key's column belongs to the key's value.
    if (spacesAt(b, ls, column) && b[ls + column] === DASH_CODE && (ls + column + 1 >= n || b[ls + column + 1] === SPACE_CODE || b[ls + column + 1] === NL || b[ls + column + 1] === CR_CODE)) {
      const end = b.indexOf(NL, ls);
      if (end === -1) return n;
      ls = nextShallow(column, b, end);
      continue;
    }
    return ls;
  }
  return n;
}

/** Whether `count` spaces start at `p`. */
function spacesAt(b: Buffer, p: number, count: number): boolean {
  if (p + count > b.length) return false;
  for (let k = 0; k < count; k++) if (b[p + k] !== SPACE_CODE) return false;
  return true;
}

/** Whether the line from `p` to `le` holds a plain key: `: ` (or `:` at its end) before any comment. */
function isKeyLine(b: Buffer, p: number, le: number): boolean {
  for (let i = p; i < le; i++) {
    const c = b[i];
    if (c === 58 /* : */) {
      const after = b[i + 1];
      if (i + 1 === le || after === SPACE_CODE || after === TAB_CODE || after === CR_CODE) return true;
    } else if (c === HASH_CODE && (b[i - 1] === SPACE_CODE || b[i - 1] === TAB_CODE)) return false;
  }
  return false;
}

const APIVERSION = [...'apiVersion'].map((c) => c.charCodeAt(0));
const KIND = [...'kind'].map((c) => c.charCodeAt(0));
/** Whether a key at `p` may be apiVersion or kind written some other way than `key: word`. */
function isHeadKeyStart(b: Buffer, p: number): boolean {
  for (const word of [APIVERSION, KIND]) {
    if (!startsWith(b, p, word)) continue;
    const after = b[p + word.length];
    if (after === undefined || after === 58 /* : */ || after === SPACE_CODE || after === TAB_CODE) return true;
  }
  return false;
}

/** `apiVersion: word` or `kind: word` at `p`, with at most a comment after it; its value and the next line's start. */
function headEntry(b: Buffer, p: number): { key: 'apiVersion' | 'kind'; value: string | null; next: number } | undefined {
  const n = b.length;
  let key: 'apiVersion' | 'kind';
  if (p + 11 < n && startsWith(b, p, APIVERSION) && b[p + 10] === 58 /* : */) key = 'apiVersion';
  else if (p + 5 < n && startsWith(b, p, KIND) && b[p + 4] === 58) key = 'kind';
  else return undefined;
  p += key.length + 1;
  if (b[p] !== SPACE_CODE) return undefined;
  while (p < n && b[p] === SPACE_CODE) p++;
  const start = p;
  if (p === n || WORD_BYTE[b[p]!] !== LETTER) return undefined;
  while (p < n && WORD_BYTE[b[p]!] !== 0) p++;
  const next = endOfLine(b, p);
  return next === -1 ? undefined : { key, value: wordValue(b.toString('latin1', start, p)), next };
}

function startsWith(b: Buffer, p: number, codes: readonly number[]): boolean {
  for (let k = 0; k < codes.length; k++) if (b[p + k] !== codes[k]) return false;
  return true;
}

/** The bytes of a plain head word: letters (which may start it), then digits and `._/-`. */
const LETTER = 1;
const WORD_BYTE = new Uint8Array(256);
WORD_BYTE.fill(LETTER, 0x41, 0x5b).fill(LETTER, 0x61, 0x7b).fill(2, 0x30, 0x3a);
for (const c of '._/-') WORD_BYTE[c.charCodeAt(0)] = 2;

/**
 * From the end of a value at `p`: the start of the next line when the rest of the line is blank
 * or a comment after a blank (`v1 # c`, not `v1#c`), else -1 (as for a line with no line break).
 */
function endOfLine(b: Buffer, p: number): number {
  const n = b.length;
  const blank = p;
  while (p < n && (b[p] === SPACE_CODE || b[p] === TAB_CODE)) p++;
  if (p === n) return -1;
  if (b[p] === HASH_CODE && p > blank) {
    const le = b.indexOf(NL, p);
    return le === -1 ? -1 : le + 1;
  }
  if (b[p] === CR_CODE) p++;
  return p < n && b[p] === NL ? p + 1 : -1;
}

/** Past the blank and comment lines at `p` (each ending in a line break). */
function skipBlankLines(b: Buffer, p: number): number {
  const n = b.length;
  for (;;) {
    let q = p;
    while (q < n && (b[q] === SPACE_CODE || b[q] === TAB_CODE)) q++;
    if (q === n) return p;
    if (b[q] === HASH_CODE) {
      q = b.indexOf(NL, q);
      if (q === -1) return p;
    } else if (b[q] === CR_CODE) q++;
    if (q === n || b[q] !== NL) return p;
    p = q + 1;
  }
}


/** A head read from a byte text: undefined when a value holds a byte that is not ASCII (the parse reads it). */
function asciiHead(head: ItemHead): ItemHead | undefined {
  for (const value of [head.apiVersion, head.kind]) if (typeof value === 'string' && /[^\x00-\x7f]/.test(value)) return undefined;
  return head;
}

/** The head of an item from its byte text `text` (of `bytes`), or the start of it when not `complete`. */
function headOf(text: string, bytes: Buffer, item: InputItem, complete: boolean): ItemHead | Truncated | undefined {
  try {
    let at = firstContent(text, item.form === 'document');
    if (at === -1) return complete ? undefined : new Truncated();
    let column = at - lineStart(text, at);
    if (item.form === 'entry') {
      // `- ` at the entry's column, then the mapping on the dash's line or on the next lines.
      if (column !== item.indent || text.charCodeAt(at) !== DASH_CODE) return undefined;
      const after = at + 1;
      if (after < text.length && !isBlankCode(text.charCodeAt(after)) && text.charCodeAt(after) !== NL) return undefined;
      let i = after;
      while (i < text.length && text.charCodeAt(i) === SPACE_CODE) i++;
      if (i >= text.length || text.charCodeAt(i) === NL || text.charCodeAt(i) === CR_CODE || text.charCodeAt(i) === HASH_CODE) {
        at = firstContent(text, false, lineEnd(text, i) + 1);
        if (at === -1) return complete ? undefined : new Truncated();
        column = at - lineStart(text, at);
        if (column <= item.indent) return undefined;
      } else {
        at = i;
        column = at - lineStart(text, at);
      }
    }
    if (text.charCodeAt(at) === 123 /* { */) return flowHead(text, at, complete);
    return blockHead(text, bytes, at, column, complete);
  } catch (e) {
    if (e instanceof NotSure) return undefined;
    if (e instanceof Truncated) return e;
    throw e;
  }
}

const NL = 10;
const CR_CODE = 13;
const SPACE_CODE = 32;
const TAB_CODE = 9;
const HASH_CODE = 35;
const DASH_CODE = 45;
const isBlankCode = (c: number) => c === SPACE_CODE || c === TAB_CODE;

function lineEnd(text: string, at: number): number {
  const le = text.indexOf('\n', at);
  return le === -1 ? text.length : le;
}
/** The end of a line's content: before its line break and a CR. */
function contentEnd(text: string, ls: number): number {
  const le = lineEnd(text, ls);
  return le > ls && text.charCodeAt(le - 1) === CR_CODE ? le - 1 : le;
}

/** Offset of the first character of the first line with content (not blank, not a comment; in a document not its `---` line), or -1. */
function firstContent(text: string, document: boolean, from = 0): number {
  let ls = from;
  let first = document;
  while (ls < text.length) {
    const ce = contentEnd(text, ls);
    let i = ls;
    while (i < ce && isBlankCode(text.charCodeAt(i))) i++;
    if (i < ce && text.charCodeAt(i) !== HASH_CODE) {
      if (i > ls && text.charCodeAt(i - 1) === TAB_CODE) throw new NotSure();
      const line = text.slice(i, ce);
      if (first && i === ls && line.startsWith('---')) {
        if (!/^---[ \t]*(?:#.*)?$/.test(line)) throw new NotSure();
        first = false;
      } else if (i === ls && (line.startsWith('%') || line.startsWith('...'))) {
        throw new NotSure();
      } else return i;
    }
    ls = lineEnd(text, ls) + 1;
  }
  return -1;
}

/** A scalar written on its key's line in a block mapping, as a head value. */
function inlineScalar(text: string, from: number, ce: number): string | null {
  let i = from;
  while (i < ce && isBlankCode(text.charCodeAt(i))) i++;
  if (i === ce || text.charCodeAt(i) === HASH_CODE) throw new NotSure(); // the value is on the next lines
  const c = text[i]!;
  let value: string;
  let rest: number;
  if (c === '"') {
    const close = text.indexOf('"', i + 1);
    if (close === -1 || close >= ce) throw new NotSure();
    value = text.slice(i + 1, close);
    if (value.includes('\\')) throw new NotSure();
    rest = close + 1;
  } else if (c === "'") {
    value = '';
    let j = i + 1;
    for (;;) {
      const close = text.indexOf("'", j);
      if (close === -1 || close >= ce) throw new NotSure();
      value += text.slice(j, close);
      if (text.charCodeAt(close + 1) === 39) {
        value += "'";
        j = close + 2;
      } else {
        rest = close + 1;
        break;
      }
    }
  } else {
    if ('&*!|>{[%@`?,]}'.includes(c) || ((c === '-' || c === ':') && (i + 1 === ce || isBlankCode(text.charCodeAt(i + 1))))) throw new NotSure();
    let end = ce;
    const hash = text.slice(i, ce).search(/[ \t]#/);
    if (hash !== -1) end = i + hash;
    const plain = text.slice(i, end).trim();
    if (/:(?:[ \t]|$)/.test(plain)) throw new NotSure();
    let resolved: unknown;
    try {
      resolved = resolvePlain(plain);
    } catch {
      throw new NotSure();
    }
    return typeof resolved === 'string' ? resolved : null;
  }
  const tail = text.slice(rest, ce).trim();
  if (tail !== '' && !tail.startsWith('#')) throw new NotSure();
  return value;
}

const HEAD_KEYS = new Set(['apiVersion', 'kind']);

/** The head of a block mapping whose keys are at `column`, from its first key at `at`. */
function blockHead(text: string, bytes: Buffer, at: number, column: number, complete: boolean): ItemHead | undefined {
  const head: ItemHead = {};
  let ls = lineStart(text, at);
  // After a head value: a more indented content line would continue it (a multi-line scalar).
  let valueOpen = false;
  let first = true;
  while (ls < text.length) {
    const ce = contentEnd(text, ls);
    let i = ls;
    while (i < ce && text.charCodeAt(i) === SPACE_CODE) i++;
    let indent = i - ls;
    if (first) {
      // The first key may sit on an entry's dash line.
      i = at;
      indent = column;
      first = false;
    }
    const next = lineEnd(text, ls) + 1;
    if (i === ce || text.charCodeAt(i) === HASH_CODE) {
      ls = next;
      continue;
    }
    if (indent > column) {
      if (valueOpen) throw new NotSure();
      ls = nextShallow(column, bytes, next - 1);
      continue;
    }
    valueOpen = false;
    // Both read, each on its line: the rest of the item is its body (kpt and kustomize refuse a
    // key written twice, so a second kind further down never reaches the function from them).
    if ('apiVersion' in head && 'kind' in head) return head;
    const c = text.charCodeAt(i);
    if (indent < column || c === TAB_CODE) {
      // Tabs, or a line left of the mapping: only blank lines may follow in a block mapping.
      if (!isBlankCode(c) && c !== TAB_CODE) throw new NotSure();
      let j = i;
      while (j < ce && isBlankCode(text.charCodeAt(j))) j++;
      if (j < ce && text.charCodeAt(j) !== HASH_CODE) throw new NotSure();
      ls = next;
      continue;
    }
    if (c === DASH_CODE && (i + 1 === ce || isBlankCode(text.charCodeAt(i + 1)))) {
      // An entry of a sequence that is the value of the key before (`key:` then `- a` at its column).
      if (i === at) return undefined; // the item itself is a sequence
      ls = nextShallow(column, bytes, next - 1);
      continue;
    }
    const { key, valueAt } = blockKey(text, i, ce);
    if (HEAD_KEYS.has(key)) {
      if (key in head) throw new NotSure(); // a key written twice: the parse reports it
      head[key as keyof ItemHead] = inlineScalar(text, valueAt, ce);
      valueOpen = true;
      ls = next;
    } else ls = nextShallow(column, bytes, next - 1);
  }
  // The end of a window: the next lines may go on with the last value or hold the other key.
  if (!complete) throw new Truncated();
  return head;
}


/** A block mapping's key at `i` (plain or quoted without escapes) and where its value starts. */
function blockKey(text: string, i: number, ce: number): { key: string; valueAt: number } {
  const c = text[i]!;
  if (c === '"' || c === "'") {
    const close = text.indexOf(c, i + 1);
    if (close === -1 || close >= ce) throw new NotSure();
    const key = text.slice(i + 1, close);
    if (key.includes('\\') || (c === "'" && text.charCodeAt(close + 1) === 39)) throw new NotSure();
    let j = close + 1;
    while (j < ce && isBlankCode(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 58 || (j + 1 < ce && !isBlankCode(text.charCodeAt(j + 1)))) throw new NotSure();
    return { key, valueAt: j + 1 };
  }
  if ('&*!|>%@`?[]{}#,<-'.includes(c)) throw new NotSure();
  for (let j = i; j < ce; j++) {
    const k = text.charCodeAt(j);
    if (k === 58 && (j + 1 === ce || isBlankCode(text.charCodeAt(j + 1)))) return { key: text.slice(i, j).trimEnd(), valueAt: j + 1 };
    if (k === HASH_CODE && isBlankCode(text.charCodeAt(j - 1))) break;
  }
  throw new NotSure();
}

/**
 * The head of a flow mapping (a JSON object, or YAML flow style) starting at `at`: its own keys
 * at depth 1, every nested collection and string skipped unread. When `text` is the start of the
 * item (not `complete`), running into its end before knowing is Truncated, not NotSure: a closing
 * quote or the end of a value may lie past it.
 */
function flowHead(text: string, at: number, complete: boolean): ItemHead | undefined {
  const head: ItemHead = {};
  const n = text.length;
  let i = at + 1;
  let depth = 1;
  // At depth 1: expecting a key (after `{` or `,`), or a value (after the key's `:`).
  let state: 'key' | 'colon' | 'value' | 'after' = 'key';
  let key: string | undefined;
  /** What running into the end of the text means. */
  const past = () => (complete ? new NotSure() : new Truncated());
  const skipSpace = () => {
    for (;;) {
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === SPACE_CODE || c === TAB_CODE || c === NL || c === CR_CODE) i++;
        else break;
      }
      if (i < n && text.charCodeAt(i) === HASH_CODE && isWhite(text.charCodeAt(i - 1))) i = lineEnd(text, i);
      else return;
    }
  };
  /** A quoted scalar at `i`: its value (escapes decoded as JSON does; others are not sure). */
  const quotedAt = (): string => {
    const q = text[i]!;
    if (q === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = text.indexOf("'", j);
        if (close === -1) throw past();
        value += text.slice(j, close);
        if (text.charCodeAt(close + 1) === 39) {
          value += "'";
          j = close + 2;
        } else {
          i = close + 1;
          if (/[\n\r]/.test(value)) throw new NotSure();
          return value;
        }
      }
    }
    let j = i + 1;
    let escaped = false;
    for (;;) {
      const close = text.indexOf('"', j);
      if (close === -1) throw past();
      let b = close - 1;
      while (text.charCodeAt(b) === 92) b--;
      if ((close - 1 - b) % 2 === 1) {
        escaped = true;
        j = close + 1;
        continue;
      }
      if (close - 1 > b && text.charCodeAt(close - 1) === 92) escaped = true;
      const raw = text.slice(i, close + 1);
      i = close + 1;
      if (/[\n\r]/.test(raw)) throw new NotSure();
      if (!escaped && !raw.includes('\\')) return raw.slice(1, -1);
      try {
        return JSON.parse(raw) as string;
      } catch {
        throw new NotSure();
      }
    }
  };
  /** A plain scalar in flow context at `i`, up to `,` `:`+space `]` `}` or a comment. */
  const plainAt = (): string => {
    const start = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 93 || c === 125 || c === 91 || c === 123) break;
      if (c === 58 && (i + 1 >= n || isWhite(text.charCodeAt(i + 1)) || '",[]{}'.includes(text[i + 1]!))) break;
      if (c === HASH_CODE && isWhite(text.charCodeAt(i - 1))) break;
      i++;
    }
    if (i >= n && !complete) throw new Truncated();
    const raw = text.slice(start, i);
    if (/[\n\r]/.test(raw.trim())) throw new NotSure(); // a plain scalar over several lines
    return raw.trim();
  };
  while (i < n) {
    skipSpace();
    if (i >= n) break;
    const c = text[i]!;
    if (depth > 1) {
      // Skipping a nested value: strings whole, brackets counted, anything else a character at a time.
      if (c === '"' || c === "'") {
        const prev = text[i - 1];
        if (prev === undefined || ' \t\n\r[{,:'.includes(prev)) {
          quotedAtSkip();
          continue;
        }
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      i++;
      if (depth === 1) state = 'after';
      continue;
    }
    if (depth === 0) {
      // Only comments may follow the item's mapping.
      throw new NotSure();
    }
    if (state === 'key') {
      if (c === '}') {
        depth = 0;
        i++;
        break;
      }
      if ('&*!?[{|>%@`-,'.includes(c)) throw new NotSure();
      key = c === '"' || c === "'" ? quotedAt() : plainAt();
      if (key === '<<') throw new NotSure();
      state = 'colon';
      continue;
    }
    if (state === 'colon') {
      if (c !== ':') throw new NotSure();
      i++;
      state = 'value';
      continue;
    }
    if (state === 'value') {
      if (key !== undefined && HEAD_KEYS.has(key)) {
        if (key in head) throw new NotSure();
        let value: string | null;
        if (c === '"' || c === "'") value = quotedAt();
        else if ('&*!|>%@`?'.includes(c)) throw new NotSure();
        else if (c === '{' || c === '[') value = null;
        else {
          const plain = plainAt();
          let resolved: unknown;
          try {
            resolved = resolvePlain(plain);
          } catch {
            throw new NotSure();
          }
          value = typeof resolved === 'string' ? resolved : null;
        }
        head[key as keyof ItemHead] = value;
        if ('apiVersion' in head && 'kind' in head && (value !== null || (c !== '{' && c !== '['))) return head;
        if (value !== null || (c !== '{' && c !== '[')) {
          state = 'after';
          continue;
        }
      }
      if (c === '{' || c === '[') {
        depth++;
        i++;
        continue;
      }
      if (c === ',' || c === '}') {
        state = 'after';
        continue;
      }
      if (c === '"' || c === "'") quotedAtSkip();
      else plainAt();
      state = 'after';
      continue;
    }
    // after a value
    if (c === ',') {
      i++;
      state = 'key';
      continue;
    }
    if (c === '}') {
      depth = 0;
      i++;
      break;
    }
    throw new NotSure();
  }
  if (depth !== 0) throw past();
  skipSpace();
  if (i < n) throw new NotSure();
  return head;

  function quotedAtSkip(): void {
    const q = text[i]!;
    if (q === "'") {
      let j = i + 1;
      for (;;) {
        const close = text.indexOf("'", j);
        if (close === -1) throw past();
        if (text.charCodeAt(close + 1) === 39) j = close + 2;
        else {
          i = close + 1;
          return;
        }
      }
    }
    let j = i + 1;
    for (;;) {
      const close = text.indexOf('"', j);
      if (close === -1) throw past();
      let b = close - 1;
      while (text.charCodeAt(b) === 92) b--;
      if ((close - 1 - b) % 2 === 1) {
        j = close + 1;
        continue;
      }
      i = close + 1;
      return;
    }
  }
}

const isWhite = (c: number) => c === SPACE_CODE || c === TAB_CODE || c === NL || c === CR_CODE;
