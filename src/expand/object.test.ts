import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedMap } from './object.js';

describe('sortedMap', () => {
  it('is the base with the added entries set over it, sorted by key (property)', () => {
    const key = fc.oneof(fc.constantFrom('a', 'b', 'app.kubernetes.io/name', 'multigres.com/pool', 'Z', '1', ''), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string()), { maxLength: 80 }), fc.boolean(), fc.array(fc.tuple(key, fc.string()), { maxLength: 40 }), (baseEntries, sortBase, added) => {
        const base = new Map(sortBase ? [...new Map(baseEntries)].sort(([a], [b]) => (a < b ? -1 : 1)) : baseEntries);
        const expected = new Map(base);
        for (const [k, v] of added) expected.set(k, v);
        const sorted = [...expected].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect([...sortedMap(base, added)]).toEqual(sorted);
        expect([...sortedMap(undefined, added)]).toEqual([...new Map(added)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
      { seed: 41, numRuns: 1500 },
    );
  });
});
