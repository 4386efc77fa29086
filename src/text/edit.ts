// What the function changes in an item it reads, written as edits of that item's source text:
// the local-config annotation on a Shard, the legacy backupStorage migration, and (in render
// mode) removing the orchestrators' bookkeeping annotations. Every other byte of the item stays:
// comments, quoting, key order, timestamps, anchors. An edit is only kept when the edited text
// reads back as exactly the intended value; otherwise it is refused, never approximated.
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { InputItem } from './item.js';
import { parseItem, parseItemWithYaml, type ParsedItem } from './parse.js';
import { columnOf, lineEndAfter, lineStart } from './lines.js';
import { deepEqual, isObject } from './values.js';
import { yamlLib } from './yaml-lib.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order) to `text`; inserted lines end as the text's own do. */
function applyEdits(text: string, edits: Edit[]): string {
  const crlf = text.includes('\r\n');
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    const inserted = crlf ? e.text.replace(/\r?\n/g, '\r\n') : e.text;
    out = out.slice(0, e.start) + inserted + out.slice(e.end);
  }
  return out;
}

/** The edited item, if it reads back as `expected`. */
function verified(item: InputItem, text: string, expected: unknown): string | undefined {
  const check = parseItem({ ...item, text });
  if ('error' in check || check.duplicateKey) return undefined;
  return deepEqual(check.value, expected) ? text : undefined;
}

/** Whether a flow mapping's keys are written JSON-style (double-quoted); an empty one follows the item. */
const jsonStyle = (text: string, open: number): boolean => {
  const head = text.slice(open, open + 64);
  if (/^\{\s*\}/.test(head)) return /^(?:\s*#.*\n)*\s*-?\s*\{\s*"/.test(text);
  return /^\{\s*"/.test(head);
};

function flowEntry(key: string, value: string, json: boolean): string {
  return json ? `${JSON.stringify(key)}: ${JSON.stringify(value)}` : `${key}: ${JSON.stringify(value)}`;
}

/** Text inserted before a flow mapping's closing brace (at `close`), after its last entry. */
function intoFlowMap(text: string, close: number, empty: boolean, entry: string): Edit {
  if (empty) return { start: close, end: close, text: entry };
  // After the last entry, before any whitespace/comma that precedes the brace.
  let at = close;
  while (at > 0 && /[\s]/.test(text[at - 1]!)) at--;
  if (text[at - 1] === ',') return { start: close, end: close, text: ` ${entry}` };
  return { start: at, end: at, text: `, ${entry}` };
}

interface Place {
  /** Offset of the mapping's first key and of the end of its last entry; the closing brace for flow. */
  start: number;
  end: number;
  flow: boolean;
  empty: boolean;
}

/** Where a mapping of the item lies, from the fast reader's record or the yaml node's range. */
function placeOf(parsed: ParsedItem, value: unknown, path: readonly string[]): Place | undefined {
  if (!isObject(value)) return undefined;
  if (parsed.maps) {
    const info = parsed.maps.get(value);
    if (!info) return undefined;
    return { start: info.start, end: info.flow ? info.end - 1 : info.end, flow: info.flow, empty: info.keys.length === 0 };
  }
  const node: unknown = parsed.yaml?.node.getIn(path, true);
  const { isMap } = yamlLib();
  if (!isMap(node) || !node.range) return undefined;
  if (node.flow) return { start: node.range[0], end: node.range[1] - 1, flow: true, empty: node.items.length === 0 };
  if (node.items.length === 0) return undefined;
  const first = node.items[0]!.key as Node | null;
  const last = node.items.at(-1)!;
  const end = ((last.value ?? last.key) as Node | null)?.range?.[1];
  if (!first?.range || end === undefined) return undefined;
  return { start: first.range[0], end, flow: false, empty: false };
}

/**
 * Adds `metadata.annotations[key] = value` as a text edit: one line in a block mapping, one entry
 * in a flow mapping (a JSON Shard gets JSON-style quoting). Undefined when the metadata is
 * written in a way no single insertion can extend (an alias, a tag, a multi-line key...).
 */
export function insertAnnotationText(item: InputItem, parsed: ParsedItem, key: string, value: string): string | undefined {
  const text = item.text;
  const metadata = parsed.value.metadata;
  if (!isObject(metadata)) return undefined;
  const annotations = metadata.annotations;
  let edit: Edit | undefined;
  if (annotations === undefined || annotations === null) {
    const meta = placeOf(parsed, metadata, ['metadata']);
    if (!meta) return undefined;
    if (meta.flow) {
      const json = jsonStyle(text, meta.start);
      const entry = json ? `"annotations": {${flowEntry(key, value, true)}}` : `annotations: {${flowEntry(key, value, false)}}`;
      edit = intoFlowMap(text, meta.end, meta.empty, entry);
    } else if (annotations === undefined) {
      const column = columnOf(text, meta.start);
      const at = lineEndAfter(text, meta.end);
      edit = { start: at, end: at, text: `${at > 0 && text[at - 1] !== '\n' ? '\n' : ''}${' '.repeat(column)}annotations:\n${' '.repeat(column + 2)}${key}: ${JSON.stringify(value)}\n` };
    } else return undefined;
  } else {
    const place = placeOf(parsed, annotations, ['metadata', 'annotations']);
    if (!place) return undefined;
    if (place.flow) edit = intoFlowMap(text, place.end, place.empty, flowEntry(key, value, jsonStyle(text, place.start)));
    else {
      const at = lineEndAfter(text, place.end);
      edit = { start: at, end: at, text: `${at > 0 && text[at - 1] !== '\n' ? '\n' : ''}${' '.repeat(columnOf(text, place.start))}${key}: ${JSON.stringify(value)}\n` };
    }
  }
  const changed = applyEdits(text, [edit]);
  // The fast reader's block mapping bounds are exact for the subset it reads (every entry of the
  // mapping ends by `end`, nothing after it is indented deeper), so a new line there is one more
  // entry of that mapping; everything else is checked by reading it again.
  if (parsed.maps && edit.text.endsWith('\n')) return changed;
  const expected = structuredClone(parsed.value) as { metadata: { annotations?: Record<string, unknown> } };
  expected.metadata.annotations = { ...(isObject(annotations) ? annotations : {}), [key]: value };
  return verified(item, changed, expected);
}

/** The source of a node, properties (anchor, tag) included, from the item text. */
function nodeStart(text: string, node: Node): number {
  // The yaml library's range starts at the node's content; properties stand right before it.
  let start = node.range![0];
  const anchorOrTag = /(?:[&!][^\s,{}[\]]*\s+)+$/.exec(text.slice(Math.max(0, start - 256), start));
  if (anchorOrTag && (node.anchor || node.tag)) start -= anchorOrTag[0].length;
  return start;
}

/**
 * migrateLegacyBackupStorage as a text edit: every `spec.pools.<pool>.backupStorage: X` of a
 * Shard becomes `backupConfig: {type: filesystem, storage: X}` (in block layout when X is a block
 * mapping). Returns the new text and the pools changed; `refused` lists pools whose layout could
 * not be edited safely (the Shard is then left as written).
 */
export function migrateBackupStorageText(item: InputItem): { text: string; pools: string[] } | { refused: string[] } | undefined {
  const parsed = parseItemWithYaml(item);
  if ('error' in parsed || !parsed.yaml || parsed.duplicateKey) return undefined;
  const { isMap, isScalar } = yamlLib();
  const { node } = parsed.yaml;
  const text = item.text;
  const pools: unknown = node.getIn(['spec', 'pools'], true);
  if (!isMap(pools)) return undefined;
  const expected = structuredClone(parsed.value) as { spec: { pools: Record<string, Record<string, unknown>> } };
  const edits: Edit[] = [];
  const changed: string[] = [];
  const refused: string[] = [];
  for (const pair of pools.items as Pair[]) {
    const pool = pair.value;
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!isMap(pool) || pool.has('backupConfig')) continue;
    const legacy = pool.items.find((p) => isScalar(p.key) && p.key.value === 'backupStorage') as Pair<Node, Node | null> | undefined;
    if (!legacy) continue;
    const edit = migrationEdits(text, pool as YAMLMap, legacy);
    if (!edit) {
      refused.push(name);
      continue;
    }
    edits.push(...edit);
    changed.push(name);
    const target = expected.spec.pools[name]!;
    const storage = target.backupStorage;
    const config: Record<string, unknown> = { type: 'filesystem' };
    if (isObject(storage) && Object.keys(storage).length > 0) config.storage = storage;
    else if (storage !== null && storage !== undefined && !isObject(storage)) config.storage = storage;
    // Key order: backupConfig takes backupStorage's place.
    target.backupConfig = config;
    delete target.backupStorage;
  }
  if (refused.length > 0) return { refused };
  if (changed.length === 0) return undefined;
  const out = verified(item, applyEdits(text, edits), expected);
  return out === undefined ? { refused: changed } : { text: out, pools: changed };
}

function migrationEdits(text: string, pool: YAMLMap, legacy: Pair<Node, Node | null>): Edit[] | undefined {
  const { isMap, isScalar } = yamlLib();
  const key = legacy.key;
  if (!isScalar(key) || !key.range || key.anchor || key.tag) return undefined;
  const quote = text[key.range[0]];
  const keyText = quote === '"' ? '"backupConfig"' : quote === "'" ? "'backupConfig'" : 'backupConfig';
  const json = quote === '"';
  const keyEdit: Edit = { start: key.range[0], end: key.range[1], text: keyText };
  const value = legacy.value;
  const word = (w: string) => (json ? JSON.stringify(w) : w);
  const empty = value === null || (isScalar(value) && value.value === null) || (isMap(value) && value.items.length === 0);
  if (empty) {
    // `backupStorage:`, `backupStorage: ~` or `backupStorage: {}`: the value becomes the new mapping.
    const config = `{${word('type')}: ${word('filesystem')}}`;
    if (value && value.range && value.range[1] > value.range[0]) return [keyEdit, { start: nodeStart(text, value), end: value.range[1], text: config }];
    const colon = text.indexOf(':', key.range[1]);
    if (colon === -1) return undefined;
    return [keyEdit, { start: colon + 1, end: colon + 1, text: ` ${config}` }];
  }
  if (!value || !value.range) return undefined;
  if (isMap(value) && !value.flow && !value.anchor && !value.tag && !pool.flow) {
    // A block mapping under the key: `type` and `storage` at its column, its lines two deeper.
    const first = value.items[0]!.key as Node | null;
    if (!first?.range) return undefined;
    const column = columnOf(text, first.range[0]);
    const from = lineStart(text, first.range[0]);
    if (text.slice(from, first.range[0]).trim() !== '') return undefined;
    const to = lineEndAfter(text, value.range[1]);
    const body = text
      .slice(from, to)
      .split('\n')
      .map((line) => (line.trim() === '' ? line : `  ${line}`))
      .join('\n');
    const pad = ' '.repeat(column);
    return [keyEdit, { start: from, end: to, text: `${pad}type: filesystem\n${pad}storage:\n${body}` }];
  }
  // Anything else (a flow mapping, an alias...): wrapped in a flow mapping where it stands.
  const start = nodeStart(text, value);
  const source = text.slice(start, value.range[1]);
  return [keyEdit, { start, end: value.range[1], text: `{${word('type')}: ${word('filesystem')}, ${word('storage')}: ${source}}` }];
}

const ORCHESTRATOR_KEY = /^(internal\.config\.kubernetes\.io\/|config\.kubernetes\.io\/(path|index)$|config\.k8s\.io\/id$|kustomize\.config\.k8s\.io\/)/;

/** Whether an annotation is orchestrator bookkeeping that must not reach a cluster. */
export const isOrchestratorKey = (key: string): boolean => ORCHESTRATOR_KEY.test(key);

/**
 * The document without the orchestrators' bookkeeping annotations (kpt's path and index, ids),
 * as a text edit: their lines (or flow entries) are removed, and `annotations:` too when nothing
 * is left in it. Undefined when the layout does not allow an exact removal.
 */
export function removeAnnotationsText(item: InputItem, doc: Document, map: YAMLMap, keys: readonly string[]): string | undefined {
  const { isMap, isScalar } = yamlLib();
  const text = item.text;
  const metadata: unknown = map.get('metadata', true);
  if (!isMap(metadata)) return undefined;
  const annotations: unknown = metadata.get('annotations', true);
  if (!isMap(annotations)) return undefined;
  const plain = doc.toJS() as Record<string, unknown>;
  const expected = structuredClone(plain) as { metadata: { annotations?: Record<string, unknown> } };
  for (const k of keys) delete expected.metadata.annotations![k];
  const all = annotations.items.length === keys.length;
  if (all) delete expected.metadata.annotations;
  const pairRange = (pair: Pair): [number, number] | undefined => {
    const k = pair.key as Node | null;
    const v = pair.value as Node | null;
    const end = (v ?? k)?.range?.[1];
    return k?.range && end !== undefined ? [k.range[0], end] : undefined;
  };
  const edits: Edit[] = [];
  const removeBlockPair = (pair: Pair): boolean => {
    const r = pairRange(pair);
    if (!r) return false;
    const from = lineStart(text, r[0]);
    if (text.slice(from, r[0]).trim() !== '') return false;
    edits.push({ start: from, end: lineEndAfter(text, r[1]), text: '' });
    return true;
  };
  if (all) {
    const pair = metadata.items.find((p) => isScalar(p.key) && p.key.value === 'annotations') as Pair | undefined;
    if (!pair) return undefined;
    if (metadata.flow) {
      const r = pairRange(pair);
      if (!r) return undefined;
      const index = metadata.items.indexOf(pair);
      edits.push(flowRemoval(text, metadata, index, r));
    } else if (!removeBlockPair(pair)) return undefined;
  } else {
    const pairs = annotations.items.filter((p) => isScalar(p.key) && keys.includes(String(p.key.value))) as Pair[];
    if (annotations.flow) {
      // Remove one at a time from the end, so ranges of earlier entries stay valid.
      for (const pair of [...pairs].reverse()) {
        const r = pairRange(pair);
        if (!r) return undefined;
        edits.push(flowRemoval(text, annotations, annotations.items.indexOf(pair), r));
      }
      edits.splice(0, edits.length, ...mergeOverlapping(edits));
    } else {
      for (const pair of pairs) if (!removeBlockPair(pair)) return undefined;
    }
  }
  const out = applyEdits(text, edits);
  const check = yamlLib().parseDocument(out, { version: '1.2', merge: true, uniqueKeys: false });
  if (check.errors.length > 0 || !deepEqual(check.toJS(), expected)) return undefined;
  return out;
}

/** Removal of a flow mapping's entry with one neighbouring comma. */
function flowRemoval(text: string, map: YAMLMap, index: number, range: [number, number]): Edit {
  const items = map.items as Pair[];
  if (index < items.length - 1) {
    const next = (items[index + 1]!.key as Node | null)?.range?.[0] ?? range[1];
    return { start: range[0], end: next, text: '' };
  }
  if (index > 0) {
    const prev = items[index - 1]!;
    const prevEnd = ((prev.value ?? prev.key) as Node | null)?.range?.[1] ?? range[0];
    return { start: prevEnd, end: range[1], text: '' };
  }
  return { start: range[0], end: range[1], text: '' };
}

/** Overlapping removals (neighbouring flow entries share a comma) as one. */
function mergeOverlapping(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    if (last && e.start < last.end) last.end = Math.max(last.end, e.end);
    else out.push({ ...e });
  }
  return out;
}
