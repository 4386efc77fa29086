// The one shape every validation problem takes before krm/ turns it into a KRM result.
// Pure data: no formatting of paths or messages for humans happens here.

export type Severity = 'error' | 'warning' | 'info';

/** A path inside an object: keys and list indexes, outermost first. */
export type FieldPath = ReadonlyArray<string | number>;

export interface Issue {
  severity: Severity;
  /** Where in the checked object the problem is, relative to the object root. */
  path: FieldPath;
  /** What is wrong, the value received (never a secret), and what is accepted. */
  message: string;
  /** A mechanical fix: the value to write at `path` instead. */
  proposedValue?: unknown;
  /** The value found at `path`, when showing it helps (never a secret). */
  currentValue?: unknown;
}

export const error = (path: FieldPath, message: string, extra: Partial<Issue> = {}): Issue => ({
  severity: 'error',
  path,
  message,
  ...extra,
});

export const warning = (path: FieldPath, message: string, extra: Partial<Issue> = {}): Issue => ({
  severity: 'warning',
  path,
  message,
  ...extra,
});

export const info = (path: FieldPath, message: string, extra: Partial<Issue> = {}): Issue => ({
  severity: 'info',
  path,
  message,
  ...extra,
});

export const hasErrors = (issues: readonly Issue[]): boolean =>
  issues.some((i) => i.severity === 'error');
