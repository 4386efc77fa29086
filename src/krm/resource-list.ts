// Reading and writing the ResourceList text. Block-style input takes the fast path: the scanner
// finds item boundaries and items stay text. Anything else (JSON, flow style, CRLF, a plain
// multi-document stream as kustomize's legacy exec plugins send) is parsed whole with the yaml
// Document API and re-serialized item by item, which keeps every item's content and comments.
import type { Document, YAMLMap } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import { fastParse } from './fast-yaml.js';
import { Templates } from './template.js';
import type { ByteSink } from './byte-sink.js';
import type { InputItem } from './item.js';
import { errorMessage, guarded, InputError, nodeToDocumentText, PARSE_OPTIONS, toPlain } from './parse.js';
import type { Result } from './results.js';
import { scanResourceList, type ScannedList } from './scan.js';

export const RESOURCE_LIST_API_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];

/** A piece of output: text as it is, or a writer of generated YAML. */
export type Piece = string | ((sink: ByteSink) => void);

/** Writes pieces into a sink, in order. */
export function writePieces(sink: ByteSink, pieces: Iterable<Piece>): void {
  for (const piece of pieces) {
    if (typeof piece === 'string') sink.write(piece);
    else piece(sink);
  }
}

export interface ReadList {
  items: InputItem[];
  functionConfig: unknown;
  /** The column output items are written at. */
  indent: number;
  /** The output ResourceList in pieces: `items` yields the entries at `indent`. */
  write(items: Iterable<Piece>, results: Result[]): Iterable<Piece>;
  /** Which path was taken, for tests and benchmarks. */
  path: 'fast' | 'full';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const withNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** The results entry, written straight into the output. */
const resultsPiece =
  (results: Result[]): Piece =>
  (sink) => {
    if (results.length === 0) return;
    sink.write('results:\n');
    const templates = new Templates();
    for (const r of results) templates.writeEntry(sink, r, 0, r.severity);
  };

/** The fast path, or undefined when the text is not the plain block style it understands. */
export function readFast(text: string): ReadList | undefined {
  const scan = scanResourceList(text);
  if (!scan) return undefined;
  const header = scan.entries
    .filter((_, i) => i !== scan.itemsEntry)
    .map((e) => withNewline(text.slice(e.start, e.end)))
    .join('');
  let top = fastParse(header, 'document', 0)?.value;
  if (top === undefined) {
    const doc = yamlLib().parseDocument(header, PARSE_OPTIONS);
    if (doc.errors.length > 0 || !yamlLib().isMap(doc.contents)) return undefined;
    try {
      top = toPlain(doc, doc.contents);
    } catch {
      return undefined;
    }
  }
  if (!isObject(top) || top.kind !== 'ResourceList' || !RESOURCE_LIST_API_VERSIONS.includes(top.apiVersion as string)) return undefined;
  const items: InputItem[] = scan.items.map((s) => ({ text: withNewline(text.slice(s.start, s.end)), form: 'entry', indent: scan.indent }));
  return {
    items,
    functionConfig: top.functionConfig,
    indent: scan.indent,
    path: 'fast',
    write: (out, results) => writeFast(text, scan, out, results),
  };
}

function* writeFast(text: string, scan: ScannedList, items: Iterable<Piece>, results: Result[]): Iterable<Piece> {
  for (const [i, entry] of scan.entries.entries()) {
    if (entry.key === 'results') continue;
    if (i !== scan.itemsEntry) {
      yield withNewline(text.slice(entry.start, entry.end));
      continue;
    }
    let any = false;
    for (const item of items) {
      if (!any) yield withNewline(text.slice(entry.start, scan.itemsHeaderEnd));
      any = true;
      yield item;
    }
    if (!any) yield 'items: []\n';
    yield withNewline(text.slice(scan.itemsBodyEnd, entry.end));
  }
  yield resultsPiece(results);
}

/** The full-parse path: any YAML or JSON the yaml library reads. */
export function readFull(text: string): ReadList {
  return guarded('the input', () => readFullUnguarded(text));
}

function readFullUnguarded(text: string): ReadList {
  const { isMap, isSeq } = yamlLib();
  const docs = yamlLib().parseAllDocuments(text, PARSE_OPTIONS);
  const list: Document[] = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const message = errorMessage(doc);
    if (message) throw new InputError(`input is not valid YAML: ${message}`);
  }
  const present = list.filter((d) => d.contents !== null && d.contents !== undefined);
  if (present.length === 0) throw new InputError('input is empty: expected a ResourceList (kind ResourceList, apiVersion config.kubernetes.io/v1) on stdin');
  const first = present[0]!;
  const firstValue = isMap(first.contents) ? { kind: first.contents.get('kind'), apiVersion: first.contents.get('apiVersion') } : {};
  const isList = firstValue.kind === 'ResourceList';
  if (isList && present.length > 1) throw new InputError('input holds a ResourceList and more documents; expected exactly one ResourceList');
  if (isList) {
    const apiVersion = String(firstValue.apiVersion);
    if (!RESOURCE_LIST_API_VERSIONS.includes(apiVersion)) {
      throw new InputError(`ResourceList apiVersion is ${JSON.stringify(firstValue.apiVersion ?? null)}; accepted are ${RESOURCE_LIST_API_VERSIONS.join(', ')}`);
    }
    const root = first.contents as YAMLMap;
    const itemsNode = root.get('items', true);
    if (!isSeq(itemsNode)) throw new InputError(`ResourceList items must be a list, got ${itemsNode === undefined ? 'nothing' : 'something else'}`);
    const items = itemsNode.items.map((node, i): InputItem => {
      if (!isMap(node)) throw new InputError(`ResourceList items[${i}] is not an object; every item must be a Kubernetes resource`);
      let text = nodeToDocumentText(first, node);
      // A comment above the first item belongs to the sequence in the parsed tree: keep it with the item.
      if (i === 0 && itemsNode.commentBefore) text = `${commentLines(itemsNode.commentBefore)}${text}`;
      return { text, form: 'document', indent: 0 };
    });
    const fcNode = root.get('functionConfig', true);
    const functionConfig = toPlain(first, fcNode);
    const fcText = fcNode === undefined || fcNode === null ? undefined : nodeToDocumentText(first, fcNode);
    return {
      items,
      functionConfig,
      indent: 0,
      path: 'full',
      write: (out, results) => fullList(apiVersion, out, fcText, results),
    };
  }
  // A plain stream of objects: each document is an item.
  const items = present.map((doc, i): InputItem => {
    if (!isMap(doc.contents)) throw new InputError(`document ${i + 1} of the input is not an object; expected a ResourceList or Kubernetes resources`);
    return { text: nodeToDocumentText(doc, doc.contents), form: 'document', indent: 0 };
  });
  return {
    items,
    functionConfig: undefined,
    indent: 0,
    path: 'full',
    write: (out, results) => fullList('config.kubernetes.io/v1', out, undefined, results),
  };
}

/** A ResourceList written from scratch (the full-parse path). */
function* fullList(apiVersion: string, items: Iterable<Piece>, functionConfig: string | undefined, results: Result[]): Iterable<Piece> {
  yield `apiVersion: ${apiVersion}\nkind: ResourceList\n`;
  let any = false;
  for (const item of items) {
    if (!any) yield 'items:\n';
    any = true;
    yield item;
  }
  if (!any) yield 'items: []\n';
  if (functionConfig !== undefined) yield `functionConfig:\n${indentLines(functionConfig, 2)}`;
  yield resultsPiece(results);
}

const commentLines = (comment: string): string =>
  comment
    .split('\n')
    .map((l) => `#${l}\n`)
    .join('');

function indentLines(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return withNewline(
    text
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => (l === '' ? l : pad + l))
      .join('\n'),
  );
}

