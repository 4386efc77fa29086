import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './model.js';
import { parseShard } from './parse-shard.js';
import { secretIssues, toSecretSource, type SecretSource } from './secrets.js';
import { minimalShard } from '../../test/helpers.js';

const shardWithPullSecrets = (...names: string[]) => {
  const raw: Record<string, any> = minimalShard();
  raw.spec.images.imagePullSecrets = names.map((name) => ({ name }));
  return parseShard(raw, ['main'], DEFAULT_CONFIG).shard!;
};

const sources = (...objects: Array<Record<string, unknown>>): Map<string, SecretSource[]> => {
  const map = new Map<string, SecretSource[]>();
  for (const o of objects) {
    const source = toSecretSource(o)!;
    map.set(`${source.namespace}/${source.name}`, [...(map.get(`${source.namespace}/${source.name}`) ?? []), source]);
  }
  return map;
};

const secret = (name: string, keys: string[]) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'db' },
  data: Object.fromEntries(keys.map((k) => [k, 'c2VjcmV0'])),
});

describe('secretIssues: image pull Secrets', () => {
  it('names an absent pull Secret among the Secrets that must exist', () => {
    const issues = secretIssues(shardWithPullSecrets('regcred'), new Map());
    expect(issues).toMatchObject([{ severity: 'info', path: [] }]);
    expect(issues[0]!.message).toContain('regcred (key .dockerconfigjson)');
  });

  it.each([['.dockerconfigjson'], ['.dockercfg']])('accepts a pull Secret with %s (and warns that its values are in git)', (key) => {
    const issues = secretIssues(shardWithPullSecrets('regcred'), sources(secret('regcred', [key]), secret('postgres-password', ['password'])));
    expect(issues.map((i) => [i.severity, i.path.join('.')])).toEqual([
      ['warning', ''],
      ['warning', 'spec.images.imagePullSecrets.0.name'],
    ]);
  });

  it('refuses a pull Secret with neither registry key, at its place in the list', () => {
    const issues = secretIssues(shardWithPullSecrets('mirror', 'regcred'), sources(secret('regcred', ['token']), { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'mirror', namespace: 'db' }, spec: { encryptedData: { '.dockerconfigjson': 'AgB' } } }));
    expect(issues.filter((i) => i.severity === 'error')).toMatchObject([{ path: ['spec', 'images', 'imagePullSecrets', 1, 'name'] }]);
  });

  it('never puts a value into a message', () => {
    const issues = secretIssues(shardWithPullSecrets('regcred'), sources(secret('regcred', ['.dockerconfigjson'])));
    expect(JSON.stringify(issues)).not.toContain('c2VjcmV0');
  });
});
