// Field-level differences between two versions of one object, as plain data. Lists of objects
// that carry a `name` (containers, env, ports, volumes) or a `metadata.name` (claim templates)
// are matched by it, so a change reads `containers[name=postgres].image`, not `containers[1]`.
// Lists of scalars (args, access modes) are one field, with what was added and removed. Pure.
import { deepEqual, isObject } from '../api/kube-object.js';
import { formatFieldPath } from '../api/field-path.js';

/** One step of a field path: a key, a list index, or a list entry picked by its name. */
export type Segment = string | number | { key: 'name' | 'metadata.name'; value: string };

export interface FieldChange {
  path: string;
  segments: Segment[];
  /** Absent when the field is new. */
  before?: unknown;
  /** Absent when the field is gone. */
  after?: unknown;
  /** For a list of scalars: the entries only one side has, in order. */
  removed?: unknown[];
  added?: unknown[];
}


/** The name an entry of a list is known by, when it has one. */
function entryName(entry: unknown, key: 'name' | 'metadata.name'): string | undefined {
  if (!isObject(entry)) return undefined;
  const value = key === 'name' ? entry.name : isObject(entry.metadata) ? entry.metadata.name : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** How the entries of both lists are matched: by a name every entry has once, or not at all. */
function listKey(a: readonly unknown[], b: readonly unknown[]): 'name' | 'metadata.name' | undefined {
  for (const key of ['name', 'metadata.name'] as const) {
    const names = [...a, ...b].map((e) => entryName(e, key));
    if (names.length === 0 || names.some((n) => n === undefined)) continue;
    if (new Set(a.map((e) => entryName(e, key))).size === a.length && new Set(b.map((e) => entryName(e, key))).size === b.length) return key;
  }
  return undefined;
}

/** A value that is not a list or a mapping (undefined included). */
export const isLeafValue = (v: unknown): boolean => v === null || typeof v !== 'object';

function change(segments: Segment[], before: unknown, after: unknown): FieldChange {
  const c: FieldChange = { path: formatFieldPath(segments), segments };
  if (before !== undefined) c.before = before;
  if (after !== undefined) c.after = after;
  return c;
}

/** Whether two different scalars at a path mean the same (quantities compared by value). */
export type SameScalar = (segments: readonly Segment[], a: unknown, b: unknown) => boolean;

/**
 * Every field that differs between `a` and `b`, in the order of `a` then of what `b` adds;
 * `same` says when two different scalars are equal to the API server all the same.
 */
export function diffObjects(a: unknown, b: unknown, same?: SameScalar): FieldChange[] {
  return diffInto(a, b, [], [], same);
}

function diffInto(a: unknown, b: unknown, segments: Segment[], out: FieldChange[], same: SameScalar | undefined): FieldChange[] {
  if (deepEqual(a, b)) return out;
  if (same && a !== undefined && b !== undefined && isLeafValue(a) && isLeafValue(b) && same(segments, a, b)) return out;
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) diffInto(a[k], Object.prototype.hasOwnProperty.call(b, k) ? b[k] : undefined, [...segments, k], out, same);
    for (const k of Object.keys(b)) if (!Object.prototype.hasOwnProperty.call(a, k)) diffInto(undefined, b[k], [...segments, k], out, same);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.every(isLeafValue) && b.every(isLeafValue)) {
      const c = change(segments, a, b);
      c.removed = a.filter((x) => !b.includes(x));
      c.added = b.filter((x) => !a.includes(x));
      out.push(c);
      return out;
    }
    const key = listKey(a, b);
    if (key) {
      const namesA = a.map((e) => entryName(e, key)!);
      const namesB = b.map((e) => entryName(e, key)!);
      for (const [i, name] of namesA.entries()) {
        const j = namesB.indexOf(name);
        diffInto(a[i], j === -1 ? undefined : b[j], [...segments, { key, value: name }], out, same);
      }
      for (const [j, name] of namesB.entries()) if (!namesA.includes(name)) diffInto(undefined, b[j], [...segments, { key, value: name }], out, same);
      // The same entries in another order: the order is the change.
      const common = namesA.filter((n) => namesB.includes(n));
      const commonB = namesB.filter((n) => namesA.includes(n));
      if (common.some((n, i) => n !== commonB[i])) out.push(change(segments, namesA, namesB));
      return out;
    }
    if (a.length === b.length) {
      a.forEach((x, i) => diffInto(x, b[i], [...segments, i], out, same));
      return out;
    }
  }
  out.push(change(segments, a, b));
  return out;
}
