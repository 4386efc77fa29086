import { describe, expect, it } from 'vitest';
import { parseShard } from '../api/parse-shard.js';
import { DEFAULT_CONFIG } from '../api/model.js';
import { minimalShard } from '../../test/helpers.js';
import { expandNamespace, expandShard, RENDERED_KINDS, shardObjects } from './expand-shard.js';

describe('shardObjects', () => {
  it('plans exactly the objects expandShard builds, in order, with their kinds, namespaces and names', () => {
    const raw = minimalShard();
    raw.spec.multiorch = { cells: ['z1', 'z2'] } as typeof raw.spec.multiorch;
    raw.spec.pools = {
      primary: { cells: ['z1', 'z2'], backupConfig: { type: 's3', s3: { bucket: 'acme-backups', region: 'eu-west-1', credentialsSecretName: 'pgbackrest-s3' } } },
      replica: { type: 'readOnly', cells: ['z3'], backupConfig: { type: 'filesystem', storage: { size: '20Gi' } } },
    };
    const parsed = parseShard(raw, ['primary', 'replica'], DEFAULT_CONFIG);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const plan = shardObjects(parsed.shard!, DEFAULT_CONFIG);
    const objects = expandShard(parsed.shard!, DEFAULT_CONFIG);
    expect(plan.map((p) => [p.kind, p.namespace, p.name])).toEqual(objects.map((o) => [o.kind, o.metadata.namespace, o.metadata.name]));
    expect(plan.map((p) => p.kind)).toEqual(['Deployment', 'Service', 'Deployment', 'Service', 'StatefulSet', 'Service', 'StatefulSet', 'Service', 'PersistentVolumeClaim', 'StatefulSet', 'Service']);
    // Earlier output is looked for only among these kinds: every kind rendered must be listed.
    expect(new Set([...objects.map((o) => o.kind), expandNamespace(parsed.shard!).kind])).toEqual(RENDERED_KINDS);
    // Each build is a new object, so annotating one output does not touch another.
    expect(plan[0]!.build()).not.toBe(plan[0]!.build());
    expect(plan[0]!.build()).toEqual(plan[0]!.build());
    expect(plan[0]!.build([['a.example/b', 'c']]).metadata.annotations).toEqual(new Map([['a.example/b', 'c'], ['fn.multigres.com/rendered-from', 'db/s']]));
  });
});
