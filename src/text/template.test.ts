import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink } from './byte-sink.js';
import { writeDocument, writeEntryAt } from './emit.js';
import { Templates } from './template.js';

/** Everything a sink of `size` bytes hands on, joined, as text. */
function collect(write: (sink: ByteSink) => void, size = 1 << 20): string {
  const parts: Buffer[] = [];
  const sink = new ByteSink((bytes) => parts.push(Buffer.from(bytes)), size);
  write(sink);
  sink.flush();
  return Buffer.concat(parts).toString('utf8');
}

// Small alphabets, so that random values share keys, values and layout with one another, as the
// objects of one shape do, and depart from each other anywhere.
const key = fc.constantFrom('a', 'b', 'c', 'name', 'multigres.com/pool', '1', 'x y');
const leaf = fc.oneof(
  fc.constantFrom('v', 'w', 'yes', '', 'line one\nline two\n', 'a\nb', '10Gi', ' padded ', 'é€😀', '0755'),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 4 }, tie('leaf'), tie('list'), tie('object'), tie('map')),
  leaf,
  list: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  map: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((entries) => new Map(entries)),
}));
/** A non-empty mapping, the only kind of value the templates hold (a plain object or a Map). */
const mapping = fc.oneof(
  fc.dictionary(key, value.node, { minKeys: 1, maxKeys: 5 }),
  fc.array(fc.tuple(key, value.node), { minLength: 1, maxLength: 5 }).map((entries) => new Map(entries)),
);

/** A variation on `base`: some entries dropped, replaced, added or moved, recursively. */
const variation = (base: unknown): fc.Arbitrary<unknown> => {
  if (Array.isArray(base)) {
    return fc.oneof(
      fc.constant(base),
      fc.tuple(...base.map(variation)).map((items) => items),
      fc.tuple(...base.map(variation), value.node).map((items) => items),
      fc.constant(base.slice(1)),
      value.node,
    );
  }
  if (base instanceof Map || (base !== null && typeof base === 'object')) {
    const entries = base instanceof Map ? [...base] : Object.entries(base);
    const rebuild = (list: Array<[string, unknown]>) => (base instanceof Map ? new Map(list) : Object.fromEntries(list));
    return fc.oneof(
      { weight: 3, arbitrary: fc.tuple(...entries.map(([k, v]) => variation(v).map((x) => [k, x] as [string, unknown]))).map(rebuild) },
      { weight: 1, arbitrary: fc.tuple(key, value.node).map((extra) => rebuild([...entries, extra])) },
      { weight: 1, arbitrary: fc.nat(entries.length).map((i) => rebuild(entries.filter((_, j) => j !== i))) },
      { weight: 1, arbitrary: fc.constant(rebuild([...entries].reverse())) },
      { weight: 1, arbitrary: value.node },
    );
  }
  return fc.oneof({ weight: 3, arbitrary: fc.constant(base) }, { weight: 1, arbitrary: leaf }, { weight: 1, arbitrary: value.node });
};

/** A template's first value and a run of variations on it. */
const family = mapping.chain((first) => fc.tuple(fc.constant(first), fc.array(variation(first), { minLength: 1, maxLength: 6 })));

describe('Templates', () => {
  it('writes every value exactly as the generic writer does, whatever the template was built from (property)', () => {
    fc.assert(
      fc.property(family, fc.integer({ min: 0, max: 6 }), fc.constantFrom(256, 1 << 20), ([first, rest], indent, size) => {
        const values = [first, ...rest];
        const expected = collect((o) => values.forEach((v) => writeEntryAt(o, v, indent)), size);
        const templates = new Templates();
        const actual = collect((o) => values.forEach((v) => templates.writeEntry(o, v, indent, 'shape')), size);
        expect(actual).toBe(expected);
      }),
      { seed: 31, numRuns: 3000 },
    );
  });

  it('writes documents exactly as the generic writer does (property)', () => {
    fc.assert(
      fc.property(family, ([first, rest]) => {
        const values = [first, ...rest];
        const templates = new Templates();
        expect(collect((o) => values.forEach((v) => templates.writeDocument(o, v, 'shape')))).toBe(collect((o) => values.forEach((v) => writeDocument(o, v))));
      }),
      { seed: 32, numRuns: 1000 },
    );
  });

  it('keeps templates of different shapes and indents apart', () => {
    const templates = new Templates();
    const a = { kind: 'A', spec: { list: ['x', 'y'], multi: 'one\ntwo\n' } };
    const b = new Map<string, unknown>([['kind', 'B'], ['spec', new Map([['other', 1]])]]);
    const write = (o: ByteSink) => {
      templates.writeEntry(o, a, 2, 'a');
      templates.writeEntry(o, b, 2, 'b');
      templates.writeEntry(o, a, 4, 'a');
      templates.writeEntry(o, b, 2, 'a');
      templates.writeEntry(o, { ...a, kind: 'A2' }, 2, 'a');
    };
    const generic = (o: ByteSink) => {
      writeEntryAt(o, a, 2);
      writeEntryAt(o, b, 2);
      writeEntryAt(o, a, 4);
      writeEntryAt(o, b, 2);
      writeEntryAt(o, { ...a, kind: 'A2' }, 2);
    };
    expect(collect(write)).toBe(collect(generic));
  });

  it('passes values that are not mappings to the generic writer', () => {
    const templates = new Templates();
    for (const v of [[], {}, new Map(), 'text', 3, null, ['x', { a: 1 }]]) {
      expect(collect((o) => templates.writeEntry(o, v, 2, 'shape'))).toBe(collect((o) => writeEntryAt(o, v, 2)));
    }
  });

  it('copies what objects have in common and rewrites only what differs', () => {
    const templates = new Templates();
    const object = (name: string, cell: string) => ({
      metadata: { name, labels: new Map([['cell', cell], ['pool', 'primary']]) },
      spec: { args: ['server', `--cell=${cell}`], replicas: 3 },
    });
    const text = collect((o) => {
      templates.writeEntry(o, object('one', 'zone-a'), 0, 's');
      templates.writeEntry(o, object('two', 'zone-b'), 0, 's');
    });
    expect(text).toBe(
      '- metadata:\n    name: one\n    labels:\n      cell: zone-a\n      pool: primary\n  spec:\n    args:\n    - server\n    - --cell=zone-a\n    replicas: 3\n' +
        '- metadata:\n    name: two\n    labels:\n      cell: zone-b\n      pool: primary\n  spec:\n    args:\n    - server\n    - --cell=zone-b\n    replicas: 3\n',
    );
  });
});
