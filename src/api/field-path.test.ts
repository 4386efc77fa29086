import { describe, expect, it } from 'vitest';
import { formatFieldPath, type PathStep } from './field-path.js';

describe('formatFieldPath', () => {
  it.each<[PathStep[], string]>([
    [['spec', 'pools', 'primary', 'backupConfig', 's3', 'bucket'], 'spec.pools.primary.backupConfig.s3.bucket'],
    [['spec', 'pools', 'primary', 'cells', 1], 'spec.pools.primary.cells[1]'],
    [['metadata', 'labels', 'multigres.com/cluster'], 'metadata.labels["multigres.com/cluster"]'],
    [['spec', 'pools', 'my.pool', 'cells'], 'spec.pools["my.pool"].cells'],
    [['spec', 'pools', '0', 'cells'], 'spec.pools["0"].cells'],
    [['data', 'defaults.backupConfig.type'], 'data["defaults.backupConfig.type"]'],
    [['spec', 'pools', 'read-only'], 'spec.pools.read-only'],
    [[], ''],
    [[0, 'a'], '[0].a'],
    [['spec', 'containers', { key: 'name', value: 'postgres' }, 'image'], 'spec.containers[name=postgres].image'],
    [['spec', 'volumeClaimTemplates', { key: 'metadata.name', value: 'pgdata' }, 'spec'], 'spec.volumeClaimTemplates[metadata.name=pgdata].spec'],
  ])('%j -> %s', (path, expected) => {
    expect(formatFieldPath(path)).toBe(expected);
  });
});
