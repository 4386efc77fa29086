import { describe, expect, it } from 'vitest';
import { tieringApplies } from './tiering.js';

describe('tieringApplies', () => {
  const NODE20 = '11.3.244.8-node.38';
  it('applies on Node 20’s V8 when the user gave node no budget', () => {
    expect(tieringApplies(NODE20, [], undefined)).toBe(true);
    expect(tieringApplies(NODE20, ['--enable-source-maps'], '--max-old-space-size=4096')).toBe(true);
  });
  it('leaves other V8 versions alone', () => {
    expect(tieringApplies('12.4.254.21-node.33', [], undefined)).toBe(false);
    expect(tieringApplies('11.8.172.17-node.15', [], undefined)).toBe(false);
    expect(tieringApplies('10.2.154.26-node.26', [], undefined)).toBe(false);
  });
  it('keeps a budget the user gave node, as a flag or in NODE_OPTIONS', () => {
    expect(tieringApplies(NODE20, ['--interrupt-budget=1000'], undefined)).toBe(false);
    expect(tieringApplies(NODE20, [], '--trace-warnings --interrupt-budget=1000')).toBe(false);
  });
});
