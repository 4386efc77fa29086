import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../api/model.js';
import { emitDocument } from '../text/emit.js';
import type { InputItem } from '../text/item.js';
import { minimalShard } from '../../test/helpers.js';
import { checkAcrossShards } from './check-across-shards.js';
import { readItems } from './read-items.js';

const itemsOf = (...objects: object[]): InputItem[] => objects.map((o) => ({ text: emitDocument(o), form: 'document', indent: 0 }));

function shard(name: string, changes: { namespace?: string; shardName?: string } = {}) {
  const s = minimalShard();
  s.metadata.name = name;
  if (changes.namespace) s.metadata.namespace = changes.namespace;
  s.spec.shardName = changes.shardName ?? name;
  return s;
}

const check = (...objects: object[]) => {
  const read = readItems(itemsOf(...objects), DEFAULT_CONFIG);
  return { local: read.shards, checked: checkAcrossShards(read.shards, read.credentials) };
};

describe('checkAcrossShards', () => {
  it('renders each Shard valid on its own, the first of a namespace with its pg_hba ConfigMap', () => {
    const { local, checked } = check(shard('a'), shard('b'), shard('c', { namespace: 'other' }));
    expect(local.map((s) => s.state)).toEqual(['valid', 'valid', 'valid']);
    expect(checked.map((s) => s.state)).toEqual(['rendered', 'rendered', 'rendered']);
    const [a, b, c] = checked;
    if (a?.state !== 'rendered' || b?.state !== 'rendered' || c?.state !== 'rendered') throw new Error('expected three rendered Shards');
    expect(a.configMap?.kind).toBe('ConfigMap');
    expect(b.configMap).toBeUndefined();
    expect(c.configMap?.metadata.namespace).toBe('other');
    expect([a.count, b.count]).toEqual([a.keys.length + 1, b.keys.length]);
  });

  it('leaves the checks of the first Shard of a name alone and makes the second invalid, with nothing to render', () => {
    const { checked } = check(shard('a'), shard('a', { shardName: 'other' }));
    expect(checked.map((s) => s.state)).toEqual(['rendered', 'invalid']);
    expect(checked[1]?.issues.filter((i) => i.severity === 'error')).toMatchObject([{ path: ['metadata', 'name'] }]);
    expect(checked[1]).not.toHaveProperty('objects');
    expect(checked[1]).not.toHaveProperty('shard');
    // The second Shard's ConfigMap was not claimed: the first renders it alone.
    expect(checked[0]).toMatchObject({ state: 'rendered', configMap: { kind: 'ConfigMap' } });
  });

  it('makes a Shard invalid when an earlier one renders an object of the same name', () => {
    const { local, checked } = check(shard('a', { shardName: '0' }), shard('b', { shardName: '0' }));
    expect(local.map((s) => s.state)).toEqual(['valid', 'valid']);
    expect(checked.map((s) => s.state)).toEqual(['rendered', 'invalid']);
    expect(checked[1]?.issues.filter((i) => i.severity === 'error')).toMatchObject([{ path: ['spec'] }]);
  });

  it('returns new states and leaves the ones it is given as they were', () => {
    const read = readItems(itemsOf(shard('a'), shard('a')), DEFAULT_CONFIG);
    const before = structuredClone(read.shards.map((s) => ({ state: s.state, issues: s.issues })));
    const checked = checkAcrossShards(read.shards, read.credentials);
    expect(checked[1]?.issues.length).toBe((read.shards[1]?.issues.length ?? 0) + 1);
    expect(read.shards.map((s) => ({ state: s.state, issues: s.issues }))).toEqual(before);
  });
});
