// The one way in: the text on stdin becomes a list of items (each its exact source text) and the
// functionConfig. A ResourceList in the block layout kpt and kustomize write is cut by the line
// scanner; any other ResourceList (JSON, flow style, quoted keys...) is first put into that layout
// from the yaml library's CST, its entries' texts unchanged; anything else is a plain stream of
// documents (kustomize's exec plugins), each document an item. The files of `render` become
// items the same way (readFiles). No item is parsed here.
import { FrameError, isMappingDocument, rootKind, toBlockLayout } from './cst.js';
import { holdsComment, splitDocuments, type SourceDocument } from './documents.js';
import { fastParse } from './fast-yaml.js';
import type { InputItem } from './item.js';
import { lineBreakOf, withNewline } from './lines.js';
import { errorMessage, guarded, InputError, PARSE_OPTIONS, toPlain } from './parse.js';
import { scanResourceList, type ScannedList } from './scan.js';
import { yamlLib } from './yaml-lib.js';

export const RESOURCE_LIST_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];

/** The input as read: a ResourceList, or a stream of documents. */
export type Input =
  | {
      form: 'list';
      /** How the list was cut: by the line scanner, or after the CST put it in block layout. */
      route: 'scan' | 'cst';
      /** The text the scan is of (the input, or its block layout). */
      text: string;
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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The top-level values of a scanned list other than `items`, as plain data. */
function headerOf(text: string, scan: ScannedList): Record<string, unknown> | undefined {
  const header = scan.entries
    .filter((_, i) => i !== scan.itemsEntry)
    .map((e) => withNewline(text.slice(e.start, e.end)))
    .join('');
  const fast = header.includes('\r') ? undefined : fastParse(header, 'document', 0)?.value;
  if (isObject(fast)) return fast;
  const doc = yamlLib().parseDocument(header, PARSE_OPTIONS);
  const message = errorMessage(doc);
  if (message) throw new InputError(`the ResourceList's functionConfig or another top-level value is not valid YAML: ${message}`);
  const value = guarded("the ResourceList's functionConfig", () => toPlain(doc, doc.contents));
  return isObject(value) ? value : undefined;
}

function asList(text: string, scan: ScannedList, route: 'scan' | 'cst'): Input | undefined {
  const top = headerOf(text, scan);
  if (!top || top.kind !== 'ResourceList') return undefined;
  if (!RESOURCE_LIST_API_VERSIONS.includes(top.apiVersion as string)) {
    throw new InputError(`ResourceList apiVersion is ${JSON.stringify(top.apiVersion ?? null)}; accepted are ${RESOURCE_LIST_API_VERSIONS.join(', ')}`);
  }
  const items = scan.items.map((s, i): InputItem => {
    const item: InputItem = { text: withNewline(text.slice(s.start, s.end)), form: 'entry', indent: scan.indent };
    if (!entryIsMapping(item)) throw new InputError(`ResourceList items[${i}] is not an object; every item must be a Kubernetes resource`);
    return item;
  });
  return { form: 'list', route, text, scan, items, functionConfig: top.functionConfig };
}

const PROPS = /^(?:[&!][^\s]*\s*)*/;
const QUOTED_KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?:\s|$)/;
const PLAIN_KEY = /:(?:\s|$)/;

/**
 * Whether an entry holds a mapping, from its first content line alone (a plain scalar cannot
 * hold `: `, so a key there means a mapping); the yaml library decides what that line cannot.
 */
function entryIsMapping(item: InputItem): boolean {
  const text = item.text;
  let ls = 0;
  let dashed = false;
  for (let lines = 0; ls < text.length && lines < 64; lines++) {
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
  return dashed && ls < text.length ? fallback(item) : false;
}

function fallback(item: InputItem): boolean {
  const doc = yamlLib().parseDocument(item.text, { ...PARSE_OPTIONS, uniqueKeys: false });
  const { isSeq, isMap } = yamlLib();
  return isSeq(doc.contents) && isMap(doc.contents.items[0]);
}

const BOM = '\ufeff';
const withoutBom = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);

/**
 * Reads the input. Throws InputError for input that is neither a ResourceList nor a stream of
 * documents. A byte-order mark marks the encoding: a ResourceList is read (and written) without
 * it, as kpt and kustomize send one; a stream keeps it, and any at a later document's start, where
 * it was (`bom` on the document it precedes, or in the comment-only text it starts).
 */
export function readInput(text: string): Input {
  const body = withoutBom(text);
  const scan = scanResourceList(body);
  if (scan) {
    const list = asList(body, scan, 'scan');
    if (list) return list;
  }
  const docs = splitDocuments(text);
  const content = docs.filter((d) => d.hasContent).map((d) => withoutBom(d.text));
  if (content.length === 0) throw new InputError('input is empty: expected a ResourceList (kind ResourceList, apiVersion config.kubernetes.io/v1) or Kubernetes objects on stdin');
  if (rootKind(content[0]!) === 'ResourceList') {
    if (content.length > 1) throw new InputError('input holds a ResourceList and more documents; expected exactly one ResourceList');
    return asBlockList(body);
  }
  // One document that is not a mapping at all: not Kubernetes objects, whatever it is.
  if (content.length === 1) {
    const problem = yamlProblem(content[0]!, true);
    if (problem || !isMappingDocument(content[0]!)) throw new InputError(problem ?? 'input is neither a ResourceList nor Kubernetes objects: its document is not a mapping');
  }
  const items: InputItem[] = [];
  let pending = '';
  docs.forEach((doc) => {
    if (!doc.hasContent) {
      pending += doc.text;
      return;
    }
    items.push({ ...documentItem(doc), ...(pending ? { prefix: pending } : {}) });
    pending = '';
  });
  return { form: 'stream', items, trailer: pending, functionConfig: undefined };
}

/** A document with content as an item: its text without a byte-order mark, which `bom` records. */
function documentItem(doc: SourceDocument): InputItem {
  const bom = doc.text.startsWith(BOM);
  return { text: bom ? doc.text.slice(1) : doc.text, form: 'document', indent: 0, marked: doc.marked, ...(bom ? { bom } : {}) };
}

/** A file `render` reads: its path (slash-separated, as results show it) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

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
    let index = 0;
    for (const doc of splitDocuments(file.text)) {
      const text = withLineBreak(withoutBom(doc.text));
      if (!doc.hasContent) {
        if (holdsComment(text)) pending += text;
        continue;
      }
      items.push({ text, form: 'document', indent: 0, marked: doc.marked, ...(pending ? { prefix: pending } : {}), origin: { path: file.path, index: index++, line: doc.line } });
      pending = '';
    }
  }
  return { items, trailer: pending };
}

/** A text ending with a line break: its own kind (CRLF or LF), added when the last line has none. */
function withLineBreak(text: string): string {
  if (text === '' || text.endsWith('\n')) return text;
  return `${text}${lineBreakOf(text)}`;
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
  const rescan = scanResourceList(block);
  const list = rescan && asList(block, rescan, 'cst');
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
