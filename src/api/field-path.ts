// Formats field paths the way KRM results and plans show them: dots between keys, [n] for list
// indexes, [name=value] for a list entry picked by its name, and ["key"] for keys that a
// dot-path cannot hold (dots, slashes, spaces, brackets...). Pure.

/** One step of a path: a key, a list index, or a list entry known by a name field. */
export type PathStep = string | number | { key: string; value: string };

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatFieldPath(path: readonly PathStep[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'object') out += `[${part.key}=${part.value}]`;
    else if (SIMPLE_KEY.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
