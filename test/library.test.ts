// The library entry, from source and as the built module a user imports.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { expandPoolBackups } from '../src/index.js';

const shard = parse(readFileSync(new URL('../examples/quickstart/shard.yaml', import.meta.url), 'utf8'));
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'db' }, data: { yes: 'no' } };

describe('expandPoolBackups (library)', () => {
  it('returns unrelated items as the same objects and each Shard followed by its objects', () => {
    const out = expandPoolBackups([configMap, shard]);
    expect(out.failed).toBe(false);
    expect(out.items[0]).toBe(configMap);
    expect(out.items[1]).toMatchObject({ kind: 'Shard', metadata: { annotations: { 'config.kubernetes.io/local-config': 'true' } } });
    expect(shard.metadata.annotations).toBeUndefined();
    expect(out.items.slice(2).map((i) => i.kind)).toEqual(['ConfigMap', 'Deployment', 'Service', 'StatefulSet', 'Service', 'StatefulSet', 'Service', 'StatefulSet', 'Service']);
    expect(out.results.filter((r) => r.severity !== 'info')).toEqual([]);
    const sts = out.items.find((i) => i.kind === 'StatefulSet') as any;
    expect(sts.metadata.labels['multigres.com/pool']).toBe('main');
    expect(out.results.at(-1)).toMatchObject({ severity: 'info', message: expect.stringMatching(/^rendered 1 Shard/) });
  });

  it('reports errors as results and does not render the Shard', () => {
    const broken = structuredClone(shard);
    broken.spec.pools.main.backupConfig.s3.bucket = 'Not A Bucket';
    const out = expandPoolBackups([broken], { apiVersion: 'fn.multigres.com/v1alpha1', kind: 'ExpandPoolBackups', spec: { shards: 'keep' } });
    expect(out.failed).toBe(true);
    expect(out.items).toEqual([broken]);
    expect(out.results[0]).toMatchObject({ severity: 'error', field: { path: 'spec.pools.main.backupConfig.s3.bucket' } });
  });

  it('works as the built module, without node_modules', async () => {
    const lib = await import(new URL('../dist/index.mjs', import.meta.url).href);
    const out = lib.expandPoolBackups([shard]);
    expect(out.items).toHaveLength(10);
    expect(readFileSync(new URL('../dist/types/index.d.ts', import.meta.url), 'utf8')).toMatch(/export declare function expandPoolBackups/);
  });
});
