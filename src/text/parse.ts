// Reading one item the function needs (a Shard, its own earlier output, a Secret...), with the
// fast reader when the item is in the plain block subset it knows, else the yaml library. Values
// mean what kpt and kustomize (kyaml, go-yaml v3) read: YAML 1.2's core schema, so a lone `.` or a
// timestamp is a string, as it is to every client; merge keys (`<<`) are honoured as go-yaml does.
// Limits keep hostile input from costing more than a clear error.
import type { Document, Node, YAMLMap } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import type { InputItem } from './item.js';
import { fastParse, type FastParsed, type MapInfo } from './fast-yaml.js';

/** Limits on what the function parses (it never parses items it does not read). */
export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 64;
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export const PARSE_OPTIONS = {
  version: '1.2',
  uniqueKeys: true,
  strict: true,
  prettyErrors: true,
  intAsBigInt: true,
  merge: true,
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
  /** The fast reader saw a plain scalar other YAML readers take differently (see yaml11.ts). */
  ambiguous?: boolean;
  /** The yaml library's document and the item's mapping node, when it read the item. */
  yaml?: { doc: Document; node: YAMLMap };
  /** A key written twice in the item (the yaml library keeps the last); a user error, not a parse failure. */
  duplicateKey?: string;
}

/**
 * The keys of a mapping the item holds, in the order they are written (a JavaScript object puts
 * integer-like keys first): from the fast reader's record, or from the yaml node at `path`.
 */
export function writtenKeyOrder(parsed: ParsedItem, object: Record<string, unknown>, path: ReadonlyArray<string | number>): string[] {
  if (parsed.maps) return parsed.maps.get(object)?.keys ?? Object.keys(object);
  const node: unknown = parsed.yaml?.node.getIn(path, true);
  const { isMap, isScalar } = yamlLib();
  return isMap(node) ? node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))) : Object.keys(object);
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

/** An item's text read by the fast reader, when it is sure (never with CR line breaks, which it does not read). */
export const fastRead = (item: Pick<InputItem, 'text' | 'form' | 'indent'>): FastParsed | undefined =>
  item.text.includes('\r') ? undefined : fastParse(item.text, item.form, item.indent);

/** Parses one item's text with the fast reader, else the yaml library; an error when unreadable. */
export function parseItem(item: InputItem): ParsedItem | { error: string } {
  const fast = fastRead(item);
  if (fast) {
    if (fast.value === null || typeof fast.value !== 'object' || Array.isArray(fast.value)) return { error: 'the item is not a mapping' };
    return { value: fast.value as Record<string, unknown>, maps: fast.maps, ambiguous: fast.ambiguous };
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
      const yaml11 = /^(true|false|null|~|)$/i.test(key) ? ' (YAML reads true, True and TRUE as one key, and null, Null, ~ and an empty key as another)' : '';
      return { yaml: { doc, node }, value, duplicateKey: `key ${JSON.stringify(key)} is written twice in one mapping (line ${line} of the item)${yaml11}; YAML readers keep one of the two silently, so remove the other` };
    }
    return { yaml: { doc, node }, value };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

