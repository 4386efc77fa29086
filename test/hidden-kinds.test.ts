// What an item is comes from its own top-level apiVersion and kind (text/read.ts's itemHead), in
// whatever spelling: escapes, a kind key after a long description, JSON. A kind in a nested map,
// in a List's items or in a description's text is not the item's kind.
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

  it('renders a Shard whose kind key comes after a long block-style spec', () => {
    const { kind: _, ...rest } = minimalShard() as Record<string, unknown>;
    const padded = `{"metadata": ${JSON.stringify((rest as { metadata: unknown }).metadata)}, "apiVersion": "multigres.com/v1alpha1", "spec": ${JSON.stringify((rest as { spec: unknown }).spec)}, "x-notes": ${JSON.stringify('kind: Secret\n'.repeat(5000))}, "kind": "Shard"}`;
    const out = runResourceList(list(padded));
    expect(out.exitCode, JSON.stringify(out.results)).toBe(0);
    expect(out.results.at(-1)!.message).toMatch(/^rendered 1 Shard:/);
  });

  it('does not take a kind in a nested map, a List or a description for the item\'s own', () => {
    const shard = JSON.stringify(minimalShard());
    const items = [
      `apiVersion: v1\n  kind: List\n  items:\n  - ${shard}`,
      `apiVersion: apiextensions.k8s.io/v1\n  kind: CustomResourceDefinition\n  spec:\n    description: |\n      kind: Shard\n      apiVersion: multigres.com/v1alpha1\n    nested:\n      kind: Shard\n      apiVersion: multigres.com/v1alpha1`,
    ];
    const out = runResourceList(list(...items));
    expect(out.exitCode, JSON.stringify(out.results)).toBe(0);
    expect(out.results.at(-1)!.message).toMatch(/^no Shard/);
    expect(out.stdout.startsWith(list(...items))).toBe(true);
  });

  it('copies an item with other escapes as it is', () => {
    const item = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "line\\nbreak \\"quoted\\" \\u00e9"}}';
    const out = runResourceList(list(item));
    expect(out.stdout.startsWith(list(item))).toBe(true);
  });
});
