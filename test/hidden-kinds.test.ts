// An item the function reads can spell its kind with escapes; the substring search that decides
// which items to parse must still find it, and items with harmless escapes stay unparsed text.
import { describe, expect, it } from 'vitest';
import { runResourceList } from '../src/krm/run.js';
import { minimalShard } from './helpers.js';

const list = (...items: string[]) => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.map((i) => `- ${i}\n`).join('')}`;

describe('items whose kind is written with escapes', () => {
  const shard = JSON.stringify(minimalShard());
  it.each([
    ['a \\u escape', shard.replace('"kind":"Shard"', '"kind":"\\u0053hard"')],
    ['a \\x escape', shard.replace('"kind":"Shard"', '"kind":"\\x53hard"')],
    ['an escaped line break', shard.replace('"kind":"Shard"', '"kind":"Sh\\\n    ard"')],
  ])('renders a Shard whose kind is spelled with %s', (_, item) => {
    const out = runResourceList(list(item));
    expect(out.exitCode, JSON.stringify(out.results)).toBe(0);
    expect(out.results.at(-1)!.message).toMatch(/^rendered 1 Shard:/);
  });

  it('copies an item with other escapes as it is', () => {
    const item = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "line\\nbreak \\"quoted\\" \\u00e9"}}';
    const out = runResourceList(list(item));
    expect(out.stdout.startsWith(list(item))).toBe(true);
  });
});
