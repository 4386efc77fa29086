import { describe, expect, it } from 'vitest';
import { parseShard } from '../api/parse-shard.js';
import { parseFunctionConfig } from '../api/function-config.js';
import { expandShard, planShard } from './expand-shard.js';

const config = parseFunctionConfig(undefined).config;

const shard = (pools: Record<string, unknown>) => ({
  apiVersion: 'multigres.com/v1alpha1',
  kind: 'Shard',
  metadata: { name: 'db-main-0', namespace: 'team', labels: { 'multigres.com/cluster': 'prod' } },
  spec: {
    databaseName: 'db',
    tableGroupName: 'main',
    shardName: '0',
    images: { postgres: 'ghcr.io/multigres/pgctld:v0.3.0', multipooler: 'ghcr.io/multigres/multigres:v0.3.0', multiorch: 'ghcr.io/multigres/multigres:v0.3.0' },
    globalTopoServer: { address: 'global-topo.prod.svc:2379', rootPath: '/multigres/global', implementation: 'etcd' },
    multiorch: { cells: ['zone-a', 'zone-b'] },
    pools,
  },
});

describe('planShard', () => {
  it('plans exactly the objects expandShard builds, in order, with their kinds, namespaces and names', () => {
    const parsed = parseShard(
      shard({
        primary: { type: 'readWrite', cells: ['zone-a', 'zone-b'], replicasPerCell: 3, storage: { size: '10Gi' }, backupConfig: { type: 's3', s3: { bucket: 'acme-backups', region: 'eu-west-1', credentialsSecretName: 'pgbackrest-s3' } } },
        replica: { type: 'readOnly', cells: ['zone-c'], storage: { size: '10Gi' }, backupConfig: { type: 'filesystem', storage: { size: '20Gi' } } },
      }),
      ['primary', 'replica'],
      config,
    );
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const plan = planShard(parsed.shard!, config);
    const objects = expandShard(parsed.shard!, config);
    expect(plan.map((p) => [p.kind, p.namespace, p.name])).toEqual(objects.map((o) => [o.kind, o.metadata.namespace, o.metadata.name]));
    expect(plan.map((p) => p.kind)).toEqual(['Deployment', 'Service', 'Deployment', 'Service', 'StatefulSet', 'Service', 'StatefulSet', 'Service', 'PersistentVolumeClaim', 'StatefulSet', 'Service']);
    // Each build is a new object, so annotating one output does not touch another.
    expect(plan[0]!.build()).not.toBe(plan[0]!.build());
    expect(plan[0]!.build()).toEqual(plan[0]!.build());
  });
});
