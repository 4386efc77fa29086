import { describe, expect, it } from 'vitest';
import { checkKeyPrefixTemplate, fillKeyPrefix, keyPrefixProblem } from './key-prefix.js';

const context = { namespace: 'db', cluster: 'prod', database: 'app', tablegroup: 'tg', shard: '0', pool: 'main' };

describe('key prefix template', () => {
  it('fills every placeholder', () => {
    expect(fillKeyPrefix('{namespace}/{cluster}/{database}/{tablegroup}/{shard}/{pool}', context)).toBe('db/prod/app/tg/0/main');
  });
  it('rejects unknown placeholders and stray braces', () => {
    expect(checkKeyPrefixTemplate('{namespace}/{db}', ['t']).map((i) => i.message)).toEqual([expect.stringContaining('unknown placeholder {db}')]);
    expect(checkKeyPrefixTemplate('{namespace', ['t'])).toHaveLength(1);
    expect(checkKeyPrefixTemplate('{namespace}/{pool}', ['t'])).toEqual([]);
  });
  it.each([
    ['a//b', /empty path segment/],
    ['/a', /starts with/],
    ['a/../b', /"\."/],
    ['', /empty/],
    ['a\tb', /control/],
  ])('refuses %j as a key prefix', (prefix, reason) => {
    expect(keyPrefixProblem(prefix)).toMatch(reason);
  });
  it('accepts a trailing slash (pgctld trims it)', () => {
    expect(keyPrefixProblem('a/b/')).toBeUndefined();
  });
});
