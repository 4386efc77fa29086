// The plain-data shape of a generated Kubernetes object. Maps keep label and annotation order
// exact (object keys would move integer-like keys first). Pure types and helpers.
import type { Labels } from './labels.js';


export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Map<string, string>;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** `base` with `added` set over it, sorted by key as Go serializes maps (stable diffs whatever the input order). */
export function sortedMap(base: ReadonlyMap<string, string> | undefined, added: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  if (added.length > 32) return sortedBySort(base, added);
  // The few added entries, sorted (a repeated key keeps its last value)...
  const keys: string[] = [];
  const values: string[] = [];
  for (const [k, v] of added) {
    let i = keys.length;
    while (i > 0 && keys[i - 1]! > k) i--;
    if (i > 0 && keys[i - 1] === k) {
      values[i - 1] = v;
      continue;
    }
    keys.push(k);
    values.push(v);
    for (let j = keys.length - 1; j > i; j--) {
      keys[j] = keys[j - 1]!;
      values[j] = values[j - 1]!;
    }
    keys[i] = k;
    values[i] = v;
  }
  // ...merged into `base`, which the function usually built sorted already.
  const out = new Map<string, string>();
  let a = 0;
  let last: string | undefined;
  let ordered = true;
  base?.forEach((v, k) => {
    if (!ordered) return;
    if (last !== undefined && last > k) {
      ordered = false;
      return;
    }
    last = k;
    while (a < keys.length && keys[a]! < k) {
      out.set(keys[a]!, values[a]!);
      a++;
    }
    if (a < keys.length && keys[a] === k) out.set(k, values[a++]!);
    else out.set(k, v);
  });
  if (!ordered) return sortedBySort(base, added);
  for (; a < keys.length; a++) out.set(keys[a]!, values[a]!);
  return out;
}

function sortedBySort(base: ReadonlyMap<string, string> | undefined, added: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const merged = new Map(base);
  for (const [k, v] of added) merged.set(k, v);
  const out = new Map<string, string>();
  for (const k of Array.from(merged.keys()).sort()) out.set(k, merged.get(k)!);
  return out;
}

export const objectMeta = (name: string, namespace: string | undefined, labels: Labels): ObjectMeta => ({
  name,
  ...(namespace !== undefined ? { namespace } : {}),
  labels,
});


/** Plain data from an object built with Maps (labels, annotations): what a YAML reader gives. */
export const toPlainData = (value: unknown): unknown => {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlainData(v)]));
  if (Array.isArray(value)) return value.map(toPlainData);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainData(v)]));
  return value;
};
