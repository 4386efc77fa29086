// Formats field paths the way KRM results show them: dots between keys, [n] for list indexes,
// and ["key"] for keys that a dot-path cannot hold (dots, slashes, spaces, brackets...). Pure.
import type { FieldPath } from '../api/issue.js';

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (SIMPLE_KEY.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
