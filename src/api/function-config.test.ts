import { describe, expect, it } from 'vitest';
import { flattenedKeys, parseFunctionConfig } from './function-config.js';
import { loadSchemas } from './load-schemas.js';

describe('parseFunctionConfig', () => {
  it('defaults when absent', () => {
    expect(parseFunctionConfig(undefined)).toMatchObject({ config: { protectBackupVolumes: true, shards: 'localConfig' }, issues: [] });
  });

  it('reads the ExpandPoolBackups kind', () => {
    const { config, issues } = parseFunctionConfig({
      apiVersion: 'fn.multigres.com/v1alpha1',
      kind: 'ExpandPoolBackups',
      spec: { protectBackupVolumes: false, shards: 'keep', defaults: { backupConfig: { type: 's3', s3: { bucket: 'abc' } } } },
    });
    expect(issues).toEqual([]);
    expect(config).toMatchObject({ protectBackupVolumes: false, shards: 'keep', defaultBackupConfig: { type: 's3', s3: { bucket: 'abc' } } });
  });

  it('reads the same keys flattened in a ConfigMap, typed', () => {
    const { config, issues } = parseFunctionConfig({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { 'defaults.backupConfig.type': 'filesystem', 'defaults.backupConfig.storage.accessModes': 'ReadWriteMany', protectBackupVolumes: 'false' },
    });
    expect(issues).toEqual([]);
    expect(config).toMatchObject({ protectBackupVolumes: false, defaultBackupConfig: { type: 'filesystem', storage: { accessModes: ['ReadWriteMany'] } } });
  });

  it('reports ConfigMap problems at the data key', () => {
    const { issues } = parseFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', data: { 'defaults.backupConfig.type': 'nfs', protectBackupVolumes: 'maybe' } });
    expect(issues.map((i) => i.path)).toEqual([['data', 'protectBackupVolumes'], ['data', 'defaults.backupConfig.type']]);
  });

  it('rejects another kind, and unknown keys with a suggestion', () => {
    expect(parseFunctionConfig({ apiVersion: 'v1', kind: 'Secret' }).issues[0]).toMatchObject({ severity: 'error', path: ['kind'] });
    const { issues } = parseFunctionConfig({ apiVersion: 'fn.multigres.com/v1alpha1', kind: 'ExpandPoolBackups', spec: { shard: 'keep' } });
    expect(issues[0]).toMatchObject({ path: ['spec', 'shard'], message: expect.stringContaining('did you mean "shards"') });
  });

  it('does not let __proto__ in flattened keys reach the prototype', () => {
    const { issues } = parseFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', data: { '__proto__.polluted': 'yes' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(issues[0]).toMatchObject({ severity: 'error' });
  });
});

describe('flattenedKeys', () => {
  it('are the leaves of the functionConfig spec schema, in its order', () => {
    const leaves: string[] = [];
    const walk = (schema: unknown, prefix: string) => {
      let def = (schema as { def: { type: string; innerType?: unknown; shape?: Record<string, unknown> } }).def;
      while (def.type === 'optional' || def.type === 'default') def = (def.innerType as { def: typeof def }).def;
      if (def.type === 'object' && def.shape) for (const [k, v] of Object.entries(def.shape)) walk(v, prefix ? `${prefix}.${k}` : k);
      else leaves.push(prefix);
    };
    walk(loadSchemas().FunctionConfigSpecSchema, '');
    expect(flattenedKeys()).toEqual(leaves);
  });
});
