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
  // Usually `base` is sorted already (the function built it) and a few keys go in: insert them.
  const keys: string[] = [];
  const values: string[] = [];
  let ordered = (base?.size ?? 0) <= 64 && added.length <= 16;
  base?.forEach((v, k) => {
    if (keys.length > 0 && keys[keys.length - 1]! > k) ordered = false;
    keys.push(k);
    values.push(v);
  });
  if (!ordered) {
    const merged = new Map(base);
    for (const [k, v] of added) merged.set(k, v);
    const out = new Map<string, string>();
    for (const k of Array.from(merged.keys()).sort()) out.set(k, merged.get(k)!);
    return out;
  }
  for (const [k, v] of added) {
    let i = keys.length;
    while (i > 0 && keys[i - 1]! > k) i--;
    if (i > 0 && keys[i - 1] === k) values[i - 1] = v;
    else if (i === keys.length) {
      keys.push(k);
      values.push(v);
    } else {
      keys.splice(i, 0, k);
      values.splice(i, 0, v);
    }
  }
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) out.set(keys[i]!, values[i]!);
  return out;
}

export const objectMeta = (name: string, namespace: string | undefined, labels: Labels): ObjectMeta => ({
  name,
  ...(namespace !== undefined ? { namespace } : {}),
  labels,
});

