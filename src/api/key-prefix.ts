// `s3.keyPrefixTemplate`: a key prefix built from where a pool sits, so that many Shards can
// share one bucket without overwriting each other's pgBackRest stanza. Pure.
import { error, type FieldPath, type Issue } from './issue.js';
import { describeValue } from './zod-issues.js';

export const KEY_PREFIX_PLACEHOLDERS = ['namespace', 'cluster', 'database', 'tablegroup', 'shard', 'pool'] as const;
export type KeyPrefixContext = Record<(typeof KEY_PREFIX_PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Problems with the template itself: unknown placeholders, stray braces. */
export function checkKeyPrefixTemplate(template: string, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!(KEY_PREFIX_PLACEHOLDERS as readonly string[]).includes(name!)) {
      issues.push(error(path, `unknown placeholder {${name}} in ${describeValue(template)}; accepted are ${KEY_PREFIX_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`));
    }
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    issues.push(error(path, `${describeValue(template)} has a "{" or "}" that is not part of a placeholder such as {namespace}`));
  }
  if (template.trim() === '') issues.push(error(path, 'the template is empty; leave it out to keep pools without keyPrefix at the bucket root'));
  return issues;
}

export const fillKeyPrefix = (template: string, context: KeyPrefixContext): string =>
  template.replace(PLACEHOLDER, (_, name: string) => context[name as keyof KeyPrefixContext] ?? '');

/**
 * Why a key prefix is not a safe S3 key prefix, or undefined when it is: no empty segment (a
 * missing label would make `a//b`), no `.`/`..` segment, no control characters, at most 512 bytes
 * (pgBackRest appends its own paths below it).
 */
export function keyPrefixProblem(prefix: string): string | undefined {
  const trimmed = prefix.replace(/\/$/, '');
  if (trimmed === '') return 'it is empty';
  if (trimmed.startsWith('/')) return 'it starts with "/"';
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'it contains a control character';
  if (new TextEncoder().encode(trimmed).length > 512) return 'it is longer than 512 bytes';
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '')) return 'it has an empty path segment (is a placeholder empty, e.g. {cluster} on a Shard without the multigres.com/cluster label?)';
  if (segments.some((s) => s === '.' || s === '..')) return 'it has a "." or ".." segment';
  return undefined;
}
