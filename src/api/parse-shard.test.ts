import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './model.js';
import { parseShard, validatePoolBackups } from './parse-shard.js';
import { minimalShard } from '../../test/helpers.js';

const base = minimalShard;

const withPool = (pool: Record<string, unknown>, name = 'main') => {
  const s = base();
  s.spec.pools = { [name]: pool };
  return s;
};

const errors = (raw: unknown, order = ['main']) => parseShard(raw, order, DEFAULT_CONFIG).issues.filter((i) => i.severity === 'error');

describe('parseShard', () => {
  it('normalizes a minimal Shard with the operator defaults', () => {
    const { shard, issues } = parseShard(base(), ['main'], DEFAULT_CONFIG);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(shard).toMatchObject({
      cluster: 'c',
      pools: [{ name: 'main', replicasPerCell: 1, storage: { size: '10Gi', accessModes: ['ReadWriteOnce'] }, retention: { whenDeleted: 'Retain', whenScaled: 'Retain' }, backup: { type: 'filesystem', size: '10Gi', accessModes: ['ReadWriteOnce'] } }],
      multiorch: { replicas: 1, cells: ['z1'] },
    });
  });

  it('inherits the data volume class for the backup PVC and canonicalizes sizes', () => {
    const { shard } = parseShard(withPool({ cells: ['z1'], storage: { size: '1024Mi', class: 'gp3' }, backupConfig: { type: 'filesystem', storage: { size: '0.5Ti' } } }), ['main'], DEFAULT_CONFIG);
    expect(shard?.pools[0]).toMatchObject({ storage: { size: '1Gi', storageClassName: 'gp3' }, backup: { size: '512Gi', storageClassName: 'gp3' } });
  });

  it('keeps pools in written order, integer-like names included', () => {
    const s = base();
    s.spec.pools = { b: { cells: ['z1'] }, '0': { cells: ['z2'] } };
    expect(parseShard(s, ['b', '0'], DEFAULT_CONFIG).shard?.pools.map((p) => p.name)).toEqual(['b', '0']);
  });

  it('applies CRD defaulting to pvcDeletionPolicy: a present pool policy replaces the Shard one', () => {
    const s = withPool({ cells: ['z1'], pvcDeletionPolicy: { whenScaled: 'Delete' } });
    (s.spec as Record<string, unknown>).pvcDeletionPolicy = { whenDeleted: 'Delete' };
    expect(parseShard(s, ['main'], DEFAULT_CONFIG).shard?.pools[0]?.retention).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
  });

  it.each<[string, Record<string, unknown>, Array<Array<string | number>>]>([
    ['missing type', { cells: ['z1'], backupConfig: { s3: { bucket: 'abc' } } }, [['spec', 'pools', 'main', 'backupConfig', 'type']]],
    ['s3 without block', { cells: ['z1'], backupConfig: { type: 's3' } }, [['spec', 'pools', 'main', 'backupConfig', 's3']]],
    ['s3 with storage', { cells: ['z1'], backupConfig: { type: 's3', storage: {}, s3: { bucket: 'abc', region: 'us-east-1' } } }, [['spec', 'pools', 'main', 'backupConfig', 'storage']]],
    ['filesystem with s3', { cells: ['z1'], backupConfig: { type: 'filesystem', s3: { bucket: 'abc' } } }, [['spec', 'pools', 'main', 'backupConfig', 's3']]],
    ['two modes', { cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: 'abc', region: 'us-east-1', useEnvCredentials: true, serviceAccountName: 'sa' } } }, [['spec', 'pools', 'main', 'backupConfig', 's3']]],
    ['bad secret name', { cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: 'abc', region: 'us-east-1', credentialsSecretName: 'Bad_Name' } } }, [['spec', 'pools', 'main', 'backupConfig', 's3', 'credentialsSecretName']]],
    ['bad endpoint', { cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: 'abc', endpoint: 'minio:9000' } } }, [['spec', 'pools', 'main', 'backupConfig', 's3', 'endpoint']]],
    ['inline key', { cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: 'abc', region: 'us-east-1', secretAccessKey: 'x' } } }, [['spec', 'pools', 'main', 'backupConfig', 's3', 'secretAccessKey']]],
    ['legacy', { cells: ['z1'], backupStorage: { size: '5Gi' } }, [['spec', 'pools', 'main', 'backupStorage']]],
    ['cell label', { cells: ['Zone A'] }, [['spec', 'pools', 'main', 'cells', 0]]],
    ['replicas type', { cells: ['z1'], replicasPerCell: '2' }, [['spec', 'pools', 'main', 'replicasPerCell']]],
  ])('%s', (_name, pool, paths) => {
    expect(errors(withPool(pool)).map((i) => i.path)).toEqual(paths);
  });

  it('proposes the backupConfig to write instead of backupStorage', () => {
    const [issue] = errors(withPool({ cells: ['z1'], backupStorage: { size: '5Gi', class: 'fast' } }));
    expect(issue?.proposedValue).toEqual({ type: 'filesystem', storage: { size: '5Gi', class: 'fast' } });
  });

  it('never puts an inline credential value into a message', () => {
    const issues = parseShard(withPool({ cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: 'abc', region: 'us-east-1', accessKeyId: 'AKIASECRETVALUE', password: 'hunter2' } } }), ['main'], DEFAULT_CONFIG).issues;
    expect(JSON.stringify(issues)).not.toMatch(/AKIASECRETVALUE|hunter2/);
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(2);
  });

  it('rejects a pool name that cannot be a label value', () => {
    expect(errors(withPool({ cells: ['z1'] }, 'my pool'), ['my pool']).map((i) => i.path)).toEqual([['spec', 'pools', 'my pool']]);
  });
});

describe('parseShard: fields the operator at 02495e95 ignored', () => {
  type Obj = Record<string, any>;
  const parse = (edit: (s: Obj) => void) => {
    const s: Obj = base();
    edit(s);
    return parseShard(s, Object.keys(s.spec.pools), DEFAULT_CONFIG);
  };
  const at = (issues: ReadonlyArray<{ severity: string; path: ReadonlyArray<string | number> }>, severity: string) =>
    issues.filter((i) => i.severity === severity).map((i) => i.path.join('.'));

  it('normalizes the pull settings and the MultiOrch pod settings', () => {
    const { shard, issues } = parse((s) => {
      s.spec.images.imagePullPolicy = 'Never';
      s.spec.images.imagePullSecrets = [{ name: 'b' }, { name: 'a' }, { name: 'b' }];
      s.spec.multiorch = { podLabels: { z: '1', a: '2' }, podAnnotations: { 'prometheus.io/port': '1', y: 'v', b: 'w' }, affinity: { nodeAffinity: {} } };
    });
    expect(at(issues, 'error')).toEqual([]);
    expect(at(issues, 'warning').sort()).toEqual(['spec.images.imagePullSecrets.2.name', 'spec.multiorch.podAnnotations.prometheus.io/port']);
    expect(shard).toMatchObject({ imagePullPolicy: 'Never', imagePullSecrets: ['b', 'a'], multiorch: { affinity: { nodeAffinity: {} } } });
    expect([...shard!.multiorch.podLabels]).toEqual([['a', '2'], ['z', '1']]);
    expect([...shard!.multiorch.podAnnotations]).toEqual([['b', 'w'], ['y', 'v']]);
  });

  it('refuses a MultiOrch pod label that collides with the operator or the Shard labels, and renders nothing', () => {
    const { shard, issues } = parse((s) => {
      s.metadata.labels.team = 'data';
      s.spec.multiorch = { podLabels: { 'app.kubernetes.io/component': 'orch', team: 'orch', ok: 'yes' } };
    });
    expect(shard).toBeUndefined();
    expect(at(issues, 'error')).toEqual(['spec.multiorch.podLabels.app.kubernetes.io/component', 'spec.multiorch.podLabels.team']);
  });

  it('refuses container resource claims in pools and MultiOrch', () => {
    const { issues } = parse((s) => {
      s.spec.pools.main.postgres = { resources: { claims: [{ name: 'gpu' }] } };
      s.spec.multiorch = { resources: { claims: [{ name: 'gpu' }] } };
    });
    expect(at(issues, 'error')).toEqual(['spec.pools.main.postgres.resources.claims', 'spec.multiorch.resources.claims']);
  });

  it('warns about a readOnly pool and a topology implementation other than etcd, and still renders', () => {
    const { shard, issues } = parse((s) => {
      s.spec.pools.main.type = 'readOnly';
      s.spec.globalTopoServer.implementation = 'consul';
    });
    expect(shard).toBeDefined();
    expect(at(issues, 'warning').sort()).toEqual(['spec.globalTopoServer.implementation', 'spec.pools.main.type']);
  });

  it('says nothing about readWrite pools and etcd', () => {
    const { issues } = parse((s) => (s.spec.pools.main.type = 'readWrite'));
    expect(at(issues, 'warning')).toEqual([]);
  });
});

describe('validatePoolBackups (ShardTemplate and MultigresCluster pools)', () => {
  const check = (pools: unknown) => validatePoolBackups(pools, Object.keys(pools as object), ['spec', 'pools'], DEFAULT_CONFIG);

  it('passes partial pools and fields the operator owns, whatever they hold', () => {
    expect(check({ default: { type: 'readWrite', replicasPerCell: 1, storage: { size: '1Gi' } } })).toEqual([]);
    expect(check({ a: { tolerations: [{ key: 'k', operator: 'Exists' }], fsGroup: 70, affinity: 'not even a map', cells: 'z1', replicasPerCell: 99 } })).toEqual([]);
    expect(check({ 'Not A Label!': {}, b: null, c: 'text' })).toEqual([]);
    expect(check(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, {}])))).toEqual([]);
  });

  it('checks backupConfig with the Shard rules, and refuses backupStorage, with field paths', () => {
    const issues = check({
      a: { tolerations: [], backupConfig: { type: 's3', s3: { bucket: 'team-backups' } } },
      b: { backupConfig: { type: 'filesystem', storage: { size: '10GB' }, s3: { bucket: 'team-backups', region: 'us-east-1' } } },
      c: { backupStorage: { size: '5Gi' } },
      d: { backupConfig: { type: 's3', s3: { bucket: 'team-backups', region: 'us-east-1', secretAccessKey: 'x' } } },
    });
    expect(issues.map((i) => [i.severity, i.path.join('.')])).toEqual([
      ['error', 'spec.pools.a.backupConfig.s3.region'],
      ['error', 'spec.pools.b.backupConfig.s3'],
      ['error', 'spec.pools.b.backupConfig.storage.size'],
      ['error', 'spec.pools.c.backupStorage'],
      ['error', 'spec.pools.d.backupConfig.s3.secretAccessKey'],
    ]);
  });

  it('gives no notes on defaults for a valid backupConfig', () => {
    expect(check({ a: { backupConfig: { type: 'filesystem' } }, b: { backupConfig: { type: 's3', s3: { bucket: 'team-backups', region: 'us-east-1' } } } })).toEqual([]);
  });

  it('leaves a hand-written Shard its full validation', () => {
    expect(errors(withPool({ tolerations: [], fsGroup: 70 })).map((i) => i.path.join('.'))).toEqual(['spec.pools.main.cells', 'spec.pools.main.tolerations', 'spec.pools.main.fsGroup']);
  });
});
