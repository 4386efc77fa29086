// KRM results: Issues become result objects with the resource and file they belong to.
// Results are data; the one-line human form for stderr is built in cli/.
import type { Issue, Severity } from '../api/issue.js';
import { formatFieldPath } from '../api/field-path.js';
import { annotationsOf, refOf, type ObjectRef } from '../api/kube-object.js';
import { ANNOTATION } from '../expand/keys.js';
import type { InputItem } from '../text/item.js';

/** What a result's resourceRef holds: api/kube-object.ts's reference of an object. */
export type ResourceRef = ObjectRef;

export interface FileRef {
  path: string;
  index?: number;
}

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string; currentValue?: unknown; proposedValue?: unknown };
  file?: FileRef;
}

export function toResult(issue: Issue, resourceRef?: ResourceRef, file?: FileRef): Result {
  const result: Result = { message: issue.message, severity: issue.severity };
  if (resourceRef) result.resourceRef = resourceRef;
  if (issue.path.length > 0 || issue.proposedValue !== undefined) {
    result.field = { path: formatFieldPath(issue.path) };
    if (issue.currentValue !== undefined) result.field.currentValue = issue.currentValue;
    if (issue.proposedValue !== undefined) result.field.proposedValue = issue.proposedValue;
  }
  if (file) result.file = file.index ? file : { path: file.path };
  return result;
}

/** A file reference from a path and an index as written (index 0 is left out, as kpt does). */
export function fileRef(path: unknown, index: unknown): FileRef | undefined {
  if (typeof path !== 'string' || path === '') return undefined;
  const n = Number(index ?? 0);
  return Number.isInteger(n) && n > 0 ? { path, index: n } : { path };
}

/** The file of a render-mode item, from where it was read. */
export const originFile = (origin: NonNullable<InputItem['origin']>): FileRef => fileRef(origin.path, origin.index) ?? { path: origin.path };

/** The file an object came from: the render-mode origin of its item, or kpt's annotations on it. */
export function fileOf(value: Record<string, unknown>, item?: InputItem): FileRef | undefined {
  if (item?.origin) return originFile(item.origin);
  const a = annotationsOf(value);
  return fileRef(a[ANNOTATION.internalPath] ?? a[ANNOTATION.path], a[ANNOTATION.internalIndex] ?? a[ANNOTATION.index]);
}

/**
 * A result about an object, with its resourceRef and file filled from the object (and the item
 * it was read from, in render mode), as the kpt SDK's ConfigObjectResult does. An object without
 * a kind has no reference to point at: the result then has none.
 */
export function objectResult(issue: Issue, value: Record<string, unknown>, item?: InputItem): Result {
  const ref = refOf(value);
  return toResult(issue, ref.kind ? ref : undefined, fileOf(value, item));
}

/** A run's exit code: 1 when any result is an error, else 0. */
export const exitCodeOf = (results: readonly Result[]): 0 | 1 => (results.some((r) => r.severity === 'error') ? 1 : 0);

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; input order within each. */
export const sortResults = (results: Result[]): Result[] =>
  results.map((r, i) => [r, i] as const).sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1]).map(([r]) => r);
