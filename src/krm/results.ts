// KRM results: Issues become result objects with the resource and file they belong to.
// Results are data; the one-line human form for stderr is built in cli/.
import type { Issue, Severity } from '../api/issue.js';
import { formatFieldPath } from './field-path.js';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

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

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; input order within each. */
export const sortResults = (results: Result[]): Result[] =>
  results.map((r, i) => [r, i] as const).sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1]).map(([r]) => r);
