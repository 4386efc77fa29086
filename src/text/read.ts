// The one way in: the text on stdin becomes a list of items (each its exact source text) and the
// functionConfig. A ResourceList in the block layout kpt and kustomize write is cut by the line
// scanner; any other ResourceList (JSON, flow style, quoted keys...) is first put into that layout
// from the yaml library's CST, its entries' texts unchanged; anything else is a plain stream of
// documents (kustomize's exec plugins), each document an item. No item is parsed here.
import { FrameError, isMappingDocument, rootKind, toBlockLayout } from './cst.js';
import { splitDocuments } from './documents.js';
import { fastParse } from './fast-yaml.js';
import type { InputItem } from './item.js';
import { withNewline } from './lines.js';
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

/** Reads the input. Throws InputError for input that is neither a ResourceList nor a stream of documents. */
export function readInput(text: string): Input {
  const scan = scanResourceList(text);
  if (scan) {
    const list = asList(text, scan, 'scan');
    if (list) return list;
  }
  const docs = splitDocuments(text);
  const content = docs.filter((d) => d.hasContent);
  if (content.length === 0) throw new InputError('input is empty: expected a ResourceList (kind ResourceList, apiVersion config.kubernetes.io/v1) or Kubernetes objects on stdin');
  if (rootKind(content[0]!.text) === 'ResourceList') {
    if (content.length > 1) throw new InputError('input holds a ResourceList and more documents; expected exactly one ResourceList');
    return asBlockList(text);
  }
  // One document that is not a mapping at all: not Kubernetes objects, whatever it is.
  if (content.length === 1) {
    const problem = yamlProblem(content[0]!.text, true);
    if (problem || !isMappingDocument(content[0]!.text)) throw new InputError(problem ?? 'input is neither a ResourceList nor Kubernetes objects: its document is not a mapping');
  }
  const items: InputItem[] = [];
  let pending = '';
  docs.forEach((doc) => {
    if (!doc.hasContent) {
      pending += doc.text;
      return;
    }
    items.push({ text: doc.text, form: 'document', indent: 0, marked: doc.marked, ...(pending ? { prefix: pending } : {}) });
    pending = '';
  });
  return { form: 'stream', items, trailer: pending, functionConfig: undefined };
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
