import { describe, expect, it } from 'vitest';
import { backupShape, poolShape, shardShape } from './shard-shape.js';
import { minimalShard } from '../../test/helpers.js';

const paths = (issues: ReadonlyArray<{ path: ReadonlyArray<string | number> }>) => issues.map((i) => i.path.join('.'));

describe('shardShape', () => {
  it('gives the Shard as written when its shape is right', () => {
    const shape = shardShape(minimalShard());
    expect(shape.issues).toEqual([]);
    expect(shape.written?.spec.databaseName).toBe('app');
    expect(shape.accepted).toBe(shape.written?.spec);
  });

  it('gives the fields the shape accepts when another is wrong, labels first', () => {
    const raw: Record<string, any> = minimalShard();
    raw.metadata.labels['bad key!'] = 'v';
    raw.spec.databaseName = 7;
    const shape = shardShape(raw);
    expect(shape.written).toBeUndefined();
    expect(paths(shape.issues)).toEqual(['metadata.labels.bad key!', 'spec.databaseName']);
    expect(shape.accepted.databaseName).toBeUndefined();
    expect(shape.accepted.tableGroupName).toBe('tg');
  });

  it('says where a pool written beside spec.pools belongs', () => {
    const raw: Record<string, any> = minimalShard();
    raw.spec.replica = { cells: ['z1'] };
    raw.spec.colour = 'blue';
    const [pool, unknown] = shardShape(raw).issues;
    expect(pool).toMatchObject({ path: ['spec', 'replica'], proposedValue: { pools: { replica: { cells: ['z1'] } } } });
    expect(unknown?.path).toEqual(['spec', 'colour']);
  });
});

describe('poolShape and backupShape', () => {
  const path = ['spec', 'pools', 'main'];

  it('checks the name, the pool and its backup, in that order, and keeps what is accepted', () => {
    const shape = poolShape({ name: 'my pool', raw: { cells: 'z1', replicasPerCell: 2, backupConfig: { type: 'tape' } }, path });
    expect(paths(shape.issues)).toEqual(['spec.pools.main', 'spec.pools.main.cells', 'spec.pools.main.backupConfig.type']);
    expect(shape.written).toBeUndefined();
    expect(shape.accepted).toEqual({ cells: [], replicasPerCell: 2, backupConfig: { type: 'tape' } });
    expect(shape.backup.wasWritten).toBe(true);
    expect(shape.backup.written).toBeUndefined();
  });

  it('reports an inline credential once, as itself, not also as an unknown field', () => {
    const shape = backupShape({ pool: { backupConfig: { type: 's3', s3: { bucket: 'b', secretAccessKey: 'hunter2' } } }, path });
    expect(paths(shape.issues)).toEqual(['spec.pools.main.backupConfig.s3.secretAccessKey']);
    expect(JSON.stringify(shape.issues)).not.toContain('hunter2');
  });

  it('knows a pool that writes no backupConfig, and refuses the legacy backupStorage', () => {
    expect(backupShape({ pool: { cells: ['z1'] }, path })).toEqual({ wasWritten: false, issues: [] });
    const legacy = backupShape({ pool: { backupStorage: { size: '5Gi' } }, path });
    expect(legacy.wasWritten).toBe(false);
    expect(legacy.issues[0]).toMatchObject({ path: ['spec', 'pools', 'main', 'backupStorage'], proposedValue: { type: 'filesystem', storage: { size: '5Gi' } } });
  });
});
