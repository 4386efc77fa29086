// Human one-line forms of results for stderr, in the layout kpt prints them:
// `[error] apiVersion/kind/namespace/name field.path: message (file)`.
import type { Result } from '../krm/results.js';

export function formatResult(r: Result): string {
  const ref = r.resourceRef ? [r.resourceRef.apiVersion, r.resourceRef.kind, r.resourceRef.namespace, r.resourceRef.name].filter(Boolean).join('/') : '';
  const where = [ref, r.field?.path].filter(Boolean).join(' ');
  const file = r.file ? ` (${r.file.path}${r.file.index ? `#${r.file.index}` : ''})` : '';
  return `[${r.severity}] ${where ? `${where}: ` : ''}${r.message.replace(/\s+/g, ' ')}${file}`;
}
