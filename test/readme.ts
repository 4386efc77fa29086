// README.md's plan example, for the tests that check it: its marked blocks and its edit.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** The fenced block after a marker comment in README.md. */
export function readmeBlock(marker: string, readme = readFileSync(join(root, 'README.md'), 'utf8')): string {
  const at = readme.indexOf(`<!-- ${marker} -->`);
  expect(at, `README.md has no <!-- ${marker} --> block`).toBeGreaterThan(-1);
  const start = readme.indexOf('\n', readme.indexOf('```', at)) + 1;
  return readme.slice(start, readme.indexOf('```', start));
}

/** Makes the README's plan-edit in `file`: its `-` lines replaced by its `+` lines. */
export function applyReadmeEdit(file: string): void {
  const diff = readmeBlock('plan-edit');
  const removed = diff.split('\n').filter((l) => l.startsWith('-')).map((l) => l.slice(1)).join('\n');
  const added = diff.split('\n').filter((l) => l.startsWith('+')).map((l) => l.slice(1)).join('\n');
  const before = readFileSync(file, 'utf8');
  expect(before).toContain(removed);
  writeFileSync(file, before.replace(removed, added));
}
