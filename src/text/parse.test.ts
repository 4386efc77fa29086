import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestingDepth } from './parse.js';

/** Levels of objects and arrays, counted the obvious way. */
const reference = (v: unknown): number =>
  v !== null && typeof v === 'object' ? 1 + Math.max(-1, ...Object.values(v).map(reference)) : 0;

describe('nestingDepth', () => {
  it('counts the levels of objects and arrays (property)', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 6, withSparseArray: true, withNullPrototype: true }), (v) => {
        expect(nestingDepth(v)).toBe(Math.max(0, reference(v)));
      }),
      { seed: 61, numRuns: 2000 },
    );
  });

  it('does not recurse: a chain 100 000 levels deep is measured', () => {
    let v: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) v = i % 2 ? [v] : { k: v };
    expect(nestingDepth(v)).toBe(100_000);
  });
});
