// A package of 20 Shards across 3 namespaces that share one bucket: without a key prefix every
// pair collides (they would overwrite each other's pgBackRest stanza); adding only a key prefix
// template to the functionConfig makes it render cleanly.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runResourceList } from '../src/krm/run.js';
import { resourceListText } from './arbitraries.js';

const shards = Array.from({ length: 20 }, (_, i) =>
  stringify({
    apiVersion: 'multigres.com/v1alpha1',
    kind: 'Shard',
    metadata: { name: `db${i}`, namespace: ['orders', 'billing', 'search'][i % 3], labels: { 'multigres.com/cluster': 'prod' } },
    spec: {
      databaseName: `db${i}`,
      tableGroupName: 'default',
      shardName: '0-inf',
      images: { postgres: 'ghcr.io/multigres/pgctld:v0.3.0', multipooler: 'ghcr.io/multigres/multigres:v0.3.0', multiorch: 'ghcr.io/multigres/multigres:v0.3.0' },
      globalTopoServer: { address: 'topo:2379', rootPath: '/multigres/global', implementation: 'etcd' },
      multiorch: {},
      pools: { main: { cells: ['zone-a'], backupConfig: { type: 's3', s3: { bucket: 'shared-backups', region: 'eu-west-1', credentialsSecretName: 'pgbackrest-s3' } } } },
    },
  }),
);

const config = (template?: string) =>
  `functionConfig:\n  apiVersion: fn.multigres.com/v1alpha1\n  kind: ExpandPoolBackups\n  metadata: {name: backups}\n  spec:\n    protectBackupVolumes: true\n${template ? `    s3: {keyPrefixTemplate: "${template}"}\n` : ''}`;

describe('20 Shards in 3 namespaces sharing one bucket', () => {
  it('collide without key prefixes', () => {
    const out = runResourceList(resourceListText(shards, config()));
    expect(out.exitCode).toBe(1);
    expect(out.results.filter((r) => r.severity === 'error' && /same repository/.test(r.message)).length).toBeGreaterThanOrEqual(20);
  });

  it('render collision-free with only a key prefix template added', () => {
    const out = runResourceList(resourceListText(shards, config('{namespace}/{cluster}/{database}/{tablegroup}/{shard}')));
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(out.exitCode).toBe(0);
    const prefixes = [...out.stdout.matchAll(/--backup-key-prefix=(\S+)/g)].map((m) => m[1]);
    expect(new Set(prefixes).size).toBe(20);
  });
});
