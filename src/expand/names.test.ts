import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backupPvcName, DEFAULT_NAME, joinWithConstraints, multiOrchDeploymentName, multiOrchServiceName, nameHash,
  poolServiceName, poolStatefulSetName, SERVICE_NAME, STATEFULSET_NAME, type NameConstraints,
} from './names.js';

const POD_NAME: NameConstraints = { maxLength: 60, firstMayBeDigit: false };

describe('nameHash', () => {
  it('hashes hello/world as the operator does', () => {
    expect(nameHash(['hello', 'world'])).toBe('344ce285');
  });
  it('separates parts so a-b/c and a/b-c differ', () => {
    expect(nameHash(['a-b', 'c'])).not.toBe(nameHash(['a', 'b-c']));
  });
  it('is FNV-1a over the UTF-8 bytes of each part and a 0x00 after it, ASCII or not (property)', () => {
    const reference = (parts: string[]) => {
      let h = 0x811c9dc5;
      for (const p of parts) for (const byte of [...new TextEncoder().encode(p), 0]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
      return h.toString(16).padStart(8, '0');
    };
    const part = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('zone-a', 'café', 'a\u00e9b', '中', '😀x'));
    fc.assert(fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
      expect(nameHash(parts)).toBe(reference(parts));
    }), { seed: 51, numRuns: 1000 });
  });
});

describe('joinWithConstraints reproduces every upstream literal', () => {
  it.each<[string[], NameConstraints, string]>([
    [['hello', 'world'], DEFAULT_NAME, 'hello-world-344ce285'],
    [['production', 'mydb', 'default'], DEFAULT_NAME, 'production-mydb-default-5c6a71f9'],
    [['minimal', 'zone-a'], DEFAULT_NAME, 'minimal-zone-a-96c88ae0'],
    [['minimal', 'postgres', 'default', '0-inf'], DEFAULT_NAME, 'minimal-postgres-default-0-inf-1e3c045c'],
    [['minimal', 'postgres', 'default'], DEFAULT_NAME, 'minimal-postgres-default-f7d4ad4a'],
    [['minimal', 'postgres', 'default', '0-inf', 'pool', 'default', 'zone-a'], POD_NAME, 'minimal-postgres-default-0-inf-pool-default-zone-a-a3a0d77b'],
    [['m', 'zone-a'], DEFAULT_NAME, 'm-zone-a-b2706ce8'],
    [['prod', 'app', 'tg1', '0'], DEFAULT_NAME, 'prod-app-tg1-0-f00a6ac5'],
  ])('%j', (parts, rules, expected) => {
    expect(joinWithConstraints(rules, parts)).toBe(expected);
  });
});

describe('pool object names (worked examples)', () => {
  it('small shard: nothing truncated', () => {
    const s = { cluster: 'prod', databaseName: 'app', tableGroupName: 'tg1', shardName: '0' };
    expect(poolStatefulSetName(s, 'main', 'z1')).toBe('prod-app-tg1-0-pool-main-z1-dabe3ae3');
    expect(poolServiceName(s, 'main', 'z1')).toBe('prod-app-tg1-0-pool-main-z1-headless-81c2a5e4');
    expect(backupPvcName(s, 'main', 'z1')).toBe('backup-data-prod-app-tg1-0-pool-main-z1-4c076a8c');
    expect(multiOrchDeploymentName(s, 'z1')).toBe('prod-app-tg1-0-multiorch-z1-9390ff6b');
    expect(multiOrchServiceName(s, 'z1')).toBe('prod-app-tg1-0-multiorch-z1-9390ff6b');
  });
  it('realistic names truncate to each limit', () => {
    const s = { cluster: 'minimal', databaseName: 'postgres', tableGroupName: 'default', shardName: '0-inf' };
    expect(poolStatefulSetName(s, 'default', 'zone-a')).toBe('minimal-postgres-default-0-inf-pool-defau---a3a0d77b');
    expect(poolServiceName(s, 'default', 'zone-a')).toBe('minimal-postgres-default-0-inf-pool-default-zone-a-h---22cdf02c');
    expect(backupPvcName(s, 'default', 'zone-a')).toBe('backup-data-minimal-postgres-default-0-inf-pool-defa---c6596d76');
  });
  it('missing cluster label gives the x prefix, but not after backup-data', () => {
    const s = { cluster: '', databaseName: 'postgres', tableGroupName: 'default', shardName: '0-inf' };
    expect(poolStatefulSetName(s, 'pool-1', 'zone-a')).toBe('x-postgres-default-0-inf-pool-pool-1-zone-a-55c337a1');
    expect(poolServiceName(s, 'pool-1', 'zone-a')).toBe('x-postgres-default-0-inf-pool-pool-1-zone-a-headless-bd7e5ae6');
    expect(backupPvcName(s, 'pool-1', 'zone-a')).toBe('backup-data--postgres-default-0-inf-pool-pool-1-zone-a-949ae694');
  });
  it('upstream unit-test shards (empty shard name)', () => {
    const s = { cluster: 'test-cluster', databaseName: 'testdb', tableGroupName: 'default', shardName: '' };
    expect(poolStatefulSetName(s, 'primary', 'zone1')).toBe('test-cluster-testdb-default--pool-primary---027c0830');
    expect(poolServiceName(s, 'primary', 'zone1')).toBe('test-cluster-testdb-default--pool-primary-zone1-head---a9c5f3f1');
    expect(backupPvcName(s, 'primary', 'zone1')).toBe('backup-data-test-cluster-testdb-default--pool-primar---047c586b');
  });
});

describe('rendering rules', () => {
  it('turns every other code point, astral ones included, into exactly one hyphen', () => {
    expect(joinWithConstraints(DEFAULT_NAME, ['a_b.c/d e😀f']).slice(0, 12)).toBe('a-b-c-d-e-f-');
    // Non-ASCII letters are not lowercased: dotted capital I and the Kelvin sign become hyphens.
    expect(joinWithConstraints(DEFAULT_NAME, ['\u0130\u212Ak'])).toMatch(/^x--k-[0-9a-f]{8}$/);
  });
  it('prefixes x when the first part starts with a digit only under letter-first rules', () => {
    expect(joinWithConstraints(SERVICE_NAME, ['0a'])).toMatch(/^x0a-/);
    expect(joinWithConstraints(DEFAULT_NAME, ['0a'])).toMatch(/^0a-/);
    expect(joinWithConstraints(SERVICE_NAME, ['-a'])).toMatch(/^x-a-/);
  });
  it('returns the empty string for no parts and refuses limits below 12', () => {
    expect(joinWithConstraints(DEFAULT_NAME, [])).toBe('');
    expect(() => joinWithConstraints({ maxLength: 11, firstMayBeDigit: true }, ['a'])).toThrow();
  });
  it('always fits the limit and starts with an allowed character (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 1, maxLength: 9 }),
        fc.constantFrom(DEFAULT_NAME, SERVICE_NAME, STATEFULSET_NAME),
        (parts, rules) => {
          const name = joinWithConstraints(rules, parts);
          expect(name.length).toBeLessThanOrEqual(rules.maxLength);
          expect(name).toMatch(rules.firstMayBeDigit ? /^[a-z0-9][a-z0-9-]*$/ : /^[a-z][a-z0-9-]*$/);
          expect(name.endsWith(nameHash(parts))).toBe(true);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });
});
