import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, deepFreeze, type Config } from './model.js';
import { mergeBackupConfig, normalizeBackupConfig, normalizeImages, toFilesystemBackup, toS3Backup } from './normalize.js';

const configWith = (extra: Partial<Config>): Config => deepFreeze({ ...DEFAULT_CONFIG, ...extra });
const where = { namespace: 'db', cluster: 'c', database: 'app', tablegroup: 'tg', shard: '0', pool: 'main' };
const path = ['spec', 'pools', 'main', 'backupConfig'];

describe('mergeBackupConfig', () => {
  const defaults = { type: 's3' as const, s3: { bucket: 'b', region: 'r', credentialsSecretName: 'creds' } };
  it('gives a pool without backupConfig the default', () => {
    expect(mergeBackupConfig(undefined, defaults)).toEqual(defaults);
    expect(mergeBackupConfig(undefined, undefined)).toEqual({ type: 'filesystem' });
  });
  it('fills fields of the same type, a credential mode replacing the default one', () => {
    expect(mergeBackupConfig({ type: 's3', s3: { keyPrefix: 'p', useEnvCredentials: true } }, defaults)).toEqual({
      type: 's3',
      s3: { bucket: 'b', region: 'r', keyPrefix: 'p', useEnvCredentials: true },
    });
  });
  it('uses only its own fields for another type', () => {
    expect(mergeBackupConfig({ type: 'filesystem' }, defaults)).toEqual({ type: 'filesystem' });
  });
});

describe('normalizeImages', () => {
  it('takes what the Shard writes, else the functionConfig default, and says which image has neither', () => {
    const config = configWith({ defaultImages: { multiorch: 'orch:v1' } });
    const { resolved, images, issues } = normalizeImages({ written: { postgres: 'pg:v1', multipooler: '' }, config });
    expect(resolved).toEqual({ postgres: 'pg:v1', multiorch: 'orch:v1' });
    expect(images).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual([]);
    expect(normalizeImages({ written: { postgres: 'pg:v1' }, config }).issues.map((i) => i.path.join('.'))).toEqual(['spec.images.multipooler']);
    expect(normalizeImages({ written: { postgres: 'pg:v1', multipooler: 'mp:v1' }, config }).images).toEqual({ postgres: 'pg:v1', multipooler: 'mp:v1', multiorch: 'orch:v1' });
  });
});

describe('normalizeBackupConfig', () => {
  const s3Default = configWith({ defaultBackupConfig: { type: 's3', s3: { bucket: 'b', region: 'us-east-1' } }, keyPrefixTemplate: '{namespace}/{cluster}/{pool}' });

  it('fills an S3 key prefix from the template where the pool sets none, and never for a template pool', () => {
    expect(normalizeBackupConfig({ written: undefined, config: s3Default, context: where, path }).effective?.s3?.keyPrefix).toBe('db/c/main');
    expect(normalizeBackupConfig({ written: { type: 's3', s3: { keyPrefix: 'own' } }, config: s3Default, context: where, path }).effective?.s3?.keyPrefix).toBe('own');
    expect(normalizeBackupConfig({ written: undefined, config: s3Default, context: undefined, path }).effective?.s3?.keyPrefix).toBeUndefined();
  });

  it('gives nothing to apply, and an error at keyPrefix, when the template fills in a prefix S3 cannot use', () => {
    const { effective, issues } = normalizeBackupConfig({ written: undefined, config: s3Default, context: { ...where, cluster: '' }, path });
    expect(effective).toBeUndefined();
    expect(issues.map((i) => [i.severity, i.path.join('.')])).toEqual([['error', 'spec.pools.main.backupConfig.s3.keyPrefix']]);
  });

  it('never hands out the functionConfig default itself', () => {
    const { effective } = normalizeBackupConfig({ written: undefined, config: s3Default, context: undefined, path });
    expect(effective).toEqual(s3Default.defaultBackupConfig);
    expect(effective).not.toBe(s3Default.defaultBackupConfig);
  });
});

describe('toFilesystemBackup and toS3Backup', () => {
  it('renders the canonical size with the data volume class as default, with a note only for a default backupConfig', () => {
    const written = toFilesystemBackup({ effective: { type: 'filesystem', storage: { size: '1024Mi' } }, dataClass: 'gp3', fromDefault: false, config: DEFAULT_CONFIG, path });
    expect(written).toEqual({ backup: { type: 'filesystem', size: '1Gi', accessModes: ['ReadWriteOnce'], storageClassName: 'gp3' }, notes: [] });
    const fromDefault = toFilesystemBackup({ effective: { type: 'filesystem' }, dataClass: undefined, fromDefault: true, config: DEFAULT_CONFIG, path });
    expect(fromDefault.backup).toEqual({ type: 'filesystem', size: '10Gi', accessModes: ['ReadWriteOnce'] });
    expect(fromDefault.notes.map((n) => [n.severity, n.path.join('.')])).toEqual([['info', 'spec.pools.main.backupConfig']]);
  });

  it('renders no filesystem backup for a size that is not a positive quantity', () => {
    for (const size of ['10GB', '0']) {
      expect(toFilesystemBackup({ effective: { type: 'filesystem', storage: { size } }, dataClass: undefined, fromDefault: false, config: DEFAULT_CONFIG, path }).backup).toBeUndefined();
    }
  });

  it('takes us-east-1 for an S3-compatible endpoint without region, and one credential mode', () => {
    const { backup, notes } = toS3Backup({ s3: { bucket: 'b', endpoint: 'https://minio:9000', serviceAccountName: 'sa' }, path: [...path, 's3'] });
    expect(backup).toEqual({ type: 's3', bucket: 'b', region: 'us-east-1', endpoint: 'https://minio:9000', credentials: { mode: 'serviceAccount', serviceAccountName: 'sa' } });
    expect(notes.map((n) => n.path.join('.'))).toEqual(['spec.pools.main.backupConfig.s3.serviceAccountName']);
  });
});
