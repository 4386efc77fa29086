import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from './quantity.js';

describe('canonicalQuantity', () => {
  it.each([
    ['10Gi', '10Gi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1000Mi', '1000Mi'],
    ['0.5Ki', '512'],
    ['1023Ki', '1023Ki'],
    ['1.1Gi', '1181116006400m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1000M', '1G'],
    ['0.1', '100m'],
    ['1500', '1500'],
    ['1e3', '1e3'],
    ['1E3', '1e3'],
    ['1000e0', '1e3'],
    ['0', '0'],
    ['0Gi', '0'],
    ['100m', '100m'],
    ['1k', '1k'],
    ['2000k', '2M'],
    ['.5', '500m'],
    ['1.', '1'],
    ['0.0000000001', '1n'],
    ['+1Gi', '1Gi'],
    ['-1Gi', '-1Gi'],
    ['1E', '1E'],
    ['1000E', '1e21'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it.each(['10GB', '10gi', 'Gi', '', '1.2.3', '1e', 'ten', '1 Gi', '1Gi '])('rejects %j', (input) => {
    expect(canonicalQuantity(input)).toBeUndefined();
  });
});
