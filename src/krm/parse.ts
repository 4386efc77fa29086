// Parsing with the yaml Document API, always as YAML 1.1 (what kubectl, kustomize and Argo CD
// read), with limits that keep hostile input from costing more than a clear error.
import type { Document, Node, YAMLMap } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import type { InputItem } from './item.js';
import { fastParse, type MapInfo } from './fast-yaml.js';

/** Limits on what the function parses (it never parses items it does not read). */
export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 64;
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export const PARSE_OPTIONS = {
  version: '1.1',
  uniqueKeys: true,
  strict: true,
  prettyErrors: true,
  intAsBigInt: true,
  merge: true,
} as const;

export const STRINGIFY_OPTIONS = {
  lineWidth: 0,
  indentSeq: false,
  flowCollectionPadding: false,
} as const;

/** Input the function cannot read at all (not a user mistake in a Shard). */
export class InputError extends Error {
  override name = 'InputError';
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Plain JavaScript for a node: integers that fit stay numbers, larger ones stay bigint. */
export function toPlain(doc: Document, node: unknown): unknown {
  if (node === null || node === undefined) return node;
  return (node as Node).toJS(doc, {
    maxAliasCount: MAX_ALIAS_COUNT,
    reviver: (_key: unknown, value: unknown) => (typeof value === 'bigint' && value <= SAFE && value >= -SAFE ? Number(value) : value),
  });
}

/** How deeply a plain value nests (iterative: safe for any depth). */
export function nestingDepth(value: unknown): number {
  let max = 0;
  // Two stacks instead of a stack of pairs, and no arrays of values: nothing allocated per node.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (depth > max) max = depth;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) continue;
        values.push(v[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const k in v) {
        if (!hasOwnProperty.call(v, k)) continue;
        values.push((v as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return max;
}

const { hasOwnProperty } = Object.prototype;

/** Turns the yaml library's resource guards (alias expansion, recursion) into InputErrors. */
export function guarded<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`${what} nests too deeply to be read (limit ${MAX_DEPTH} levels for the objects this function reads)`);
    if (e instanceof ReferenceError) throw new InputError(`${what} uses YAML aliases that expand beyond the limit of ${MAX_ALIAS_COUNT}: ${e.message}`);
    if (e instanceof InputError) throw e;
    // The yaml library rejects some documents only while converting them (bad merge keys...).
    throw new InputError(`${what} cannot be read: ${(e as Error).message}`);
  }
}

export interface ParsedItem {
  value: Record<string, unknown>;
  /** Key order and positions of block mappings, when the fast reader read the item. */
  maps?: WeakMap<object, MapInfo>;
  /** The yaml library's document and the item's mapping node, when it read the item. */
  yaml?: { doc: Document; node: YAMLMap };
  /** A key written twice in the item (the yaml library keeps the last); a user error, not a parse failure. */
  duplicateKey?: string;
}

/** The first error of a parse in one line (the yaml library appends the position itself). */
export function errorMessage(doc: Document, skip: (code: string) => boolean = () => false): string | undefined {
  const e = doc.errors.find((x) => !skip(x.code));
  if (e === undefined) return undefined;
  // The yaml library reports running out of stack with the column it got to, which depends on
  // how much stack the caller left: say what it means, with the line only.
  if (e.message.startsWith('Maximum call stack size exceeded')) return `it nests too deeply to be read${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`;
  return e.message.split('\n')[0]!.replace(/:$/, '');
}

/** Parses one item's text with the fast reader, else the yaml library; an error when unreadable. */
export function parseItem(item: InputItem): ParsedItem | { error: string } {
  const fast = fastParse(item.text, item.form, item.indent);
  if (fast) {
    if (fast.value === null || typeof fast.value !== 'object' || Array.isArray(fast.value)) return { error: 'the item is not a mapping' };
    return { value: fast.value as Record<string, unknown>, maps: fast.maps };
  }
  return parseItemWithYaml(item);
}

/** Parses one item's text with the yaml library (comments and layout in a Document). */
export function parseItemWithYaml(item: InputItem): ParsedItem | { error: string } {
  let doc: Document;
  try {
    doc = yamlLib().parseDocument(item.text, PARSE_OPTIONS);
  } catch (e) {
    if (e instanceof RangeError) return { error: `it nests too deeply to be read` };
    throw e;
  }
  const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (duplicates.length < doc.errors.length) return { error: errorMessage(doc, (code) => code === 'DUPLICATE_KEY')! };
  const { isMap, isSeq } = yamlLib();
  let node: unknown = doc.contents;
  if (item.form === 'entry') {
    if (!isSeq(node) || node.items.length !== 1) return { error: 'not a single sequence entry' };
    node = node.items[0];
  }
  if (!isMap(node)) return { error: 'the item is not a mapping' };
  try {
    const value = toPlain(doc, node) as Record<string, unknown>;
    const duplicate = duplicates[0];
    if (duplicate) {
      const key = /^[\s{,]*([^:,}\n]*)/.exec(item.text.slice(duplicate.pos[0]))![1]!.trim();
      const line = duplicate.linePos?.[0]?.line;
      const yaml11 = /^(y|yes|n|no|on|off|true|false)$/i.test(key) ? ' (YAML 1.1 reads y, yes, on and true as one key, and n, no, off and false as another)' : '';
      return { yaml: { doc, node }, value, duplicateKey: `key ${JSON.stringify(key)} is written twice in one mapping (line ${line} of the item)${yaml11}; YAML readers keep one of the two silently, so remove the other` };
    }
    return { yaml: { doc, node }, value };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export const hasAlias = (node: unknown): boolean => {
  const { visit, isAlias } = yamlLib();
  let found = false;
  visit(node as Node, { Alias: () => ((found = true), visit.BREAK) });
  return found || isAlias(node);
};

/** The text of one node as a standalone document; aliases are resolved into copies. */
export function nodeToDocumentText(doc: Document, node: unknown): string {
  const out = new (yamlLib().Document)(null, { version: '1.1' });
  out.contents = (hasAlias(node) ? out.createNode(toPlain(doc, node)) : node) as Node;
  return out.toString(STRINGIFY_OPTIONS);
}

/** Ensures `metadata.annotations[key] = value` on an item node, creating maps as needed. */
export function setAnnotation(node: YAMLMap, key: string, value: string): void {
  const { isMap, YAMLMap: Map } = yamlLib();
  const child = (parent: YAMLMap, name: string): YAMLMap => {
    const existing: unknown = parent.get(name, true);
    if (isMap(existing)) return existing as YAMLMap;
    const created = new Map();
    parent.set(name, created);
    return created;
  };
  child(child(node, 'metadata'), 'annotations').set(key, value);
}


const columnOf = (text: string, offset: number): number => offset - text.lastIndexOf('\n', offset - 1) - 1;

function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Where to insert a new annotation line: after a mapping's last entry, at its keys' column. */
function insertionPoint(parsed: ParsedItem, text: string): { at: number; column: number; withParent: boolean } | undefined {
  const metadata = parsed.value.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return undefined;
  const annotations = (metadata as Record<string, unknown>).annotations;
  if (parsed.maps) {
    const meta = parsed.maps.get(metadata);
    if (!meta || meta.flow || meta.keys.length === 0) return undefined;
    if (annotations === undefined) return { at: lineEndAfter(text, meta.end), column: meta.column, withParent: true };
    const info = annotations !== null && typeof annotations === 'object' ? parsed.maps.get(annotations) : undefined;
    if (!info || info.flow || info.keys.length === 0) return undefined;
    return { at: lineEndAfter(text, info.end), column: info.column, withParent: false };
  }
  if (!parsed.yaml) return undefined;
  const { isMap } = yamlLib();
  const node: unknown = parsed.yaml.node.get('metadata', true);
  if (!isMap(node) || node.flow || node.items.length === 0) return undefined;
  const bounds = (map: YAMLMap) => {
    const first = map.items[0]!.key as Node | null;
    const last = map.items.at(-1)!;
    const end = ((last.value ?? last.key) as Node | null)?.range?.[1];
    return first?.range && end !== undefined ? { column: columnOf(text, first.range[0]), end } : undefined;
  };
  const annotationsNode: unknown = node.get('annotations', true);
  const b = annotationsNode === undefined ? bounds(node) : isMap(annotationsNode) && !annotationsNode.flow && annotationsNode.items.length > 0 ? bounds(annotationsNode) : undefined;
  return b && { at: lineEndAfter(text, b.end), column: b.column, withParent: annotationsNode === undefined };
}

/**
 * Adds `metadata.annotations[key]: "value"` by inserting one line into the item's text, so every
 * other byte (comments, quoting, layout) stays as written and kpt can match comments to it.
 * Undefined when the layout is not plain block style or the result would not read back exactly.
 */
export function insertAnnotationText(item: InputItem, parsed: ParsedItem, key: string, value: string): string | undefined {
  const text = item.text;
  const point = insertionPoint(parsed, text);
  if (!point) return undefined;
  const entry = `${key}: ${JSON.stringify(value)}`;
  const insertion = point.withParent
    ? `${' '.repeat(point.column)}annotations:\n${' '.repeat(point.column + 2)}${entry}\n`
    : `${' '.repeat(point.column)}${entry}\n`;
  const prefix = text.slice(0, point.at);
  const changed = `${prefix}${prefix.endsWith('\n') ? '' : '\n'}${insertion}${text.slice(point.at)}`;
  // The fast reader's mapping bounds are exact for the block subset it reads (every entry of the
  // mapping ends by \`end\`, nothing after it is indented deeper), so the new line is one more entry
  // of that mapping; only layouts the yaml library read are checked by reading them again.
  if (parsed.maps) return changed;
  const check = parseItem({ ...item, text: changed });
  if ('error' in check) return undefined;
  const expected = structuredClone(parsed.value) as { metadata: { annotations?: Record<string, unknown> } };
  expected.metadata.annotations = { ...expected.metadata.annotations, [key]: value };
  return deepEqual(check.value, expected) ? changed : undefined;
}

/** The item rewritten by the yaml library with the annotation set (comments kept, layout not). */
export function setAnnotationText(item: InputItem, parsed: ParsedItem, key: string, value: string): string | undefined {
  const withYaml = parsed.yaml ? parsed : parseItemWithYaml(item);
  if ('error' in withYaml || !withYaml.yaml || withYaml.yaml.doc.errors.length > 0) return undefined;
  setAnnotation(withYaml.yaml.node, key, value);
  return withYaml.yaml.doc.toString(STRINGIFY_OPTIONS);
}

/**
 * Rewrites every `spec.pools.<pool>.backupStorage: X` of a Shard into
 * `backupConfig: {type: filesystem, storage: X}` in place, with the yaml library so comments and
 * key order stay. Returns the new text and the pools it changed, or undefined when none.
 */
export function migrateBackupStorageText(item: InputItem): { text: string; pools: string[] } | undefined {
  const parsed = parseItemWithYaml(item);
  if ('error' in parsed || !parsed.yaml || parsed.yaml.doc.errors.length > 0) return undefined;
  const { isMap, isScalar } = yamlLib();
  const { doc, node } = parsed.yaml;
  const pools: unknown = node.getIn(['spec', 'pools'], true);
  if (!isMap(pools)) return undefined;
  const changed: string[] = [];
  for (const pair of pools.items) {
    const pool = pair.value;
    if (!isMap(pool) || pool.has('backupConfig')) continue;
    const legacy = pool.items.find((p) => isScalar(p.key) && p.key.value === 'backupStorage');
    if (!legacy || !isScalar(legacy.key)) continue;
    const config = doc.createNode({ type: 'filesystem' }) as YAMLMap;
    if (isMap(legacy.value) && legacy.value.items.length > 0) config.set('storage', legacy.value);
    legacy.key.value = 'backupConfig';
    legacy.value = config;
    changed.push(String(isScalar(pair.key) ? pair.key.value : pair.key));
  }
  if (changed.length === 0) return undefined;
  let text = doc.toString(STRINGIFY_OPTIONS);
  // kpt writes an item's leading comment right after its dash (`- # note`); the yaml library
  // moves it above the dash, where kpt would copy it back and duplicate it. Put it back.
  if (item.form === 'entry' && /^ *- #/.test(item.text)) text = commentsAfterDash(text);
  return { text, pools: changed };
}

function commentsAfterDash(text: string): string {
  const lines = text.split('\n');
  const dash = lines.findIndex((l) => !l.startsWith('#'));
  if (dash <= 0 || !lines[dash]!.startsWith('- ')) return text;
  const comments = lines.slice(0, dash);
  return [`- ${comments[0]}`, ...comments.slice(1).map((c) => `  ${c}`), `  ${lines[dash]!.slice(2)}`, ...lines.slice(dash + 1)].join('\n');
}
