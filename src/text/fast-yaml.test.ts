import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { fastParse } from './fast-yaml.js';
import { shard, shardObject } from '../../test/arbitraries.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const yaml11 = (text: string) =>
  parse(text, (_k, v) => (typeof v === 'bigint' && v <= SAFE && v >= -SAFE ? Number(v) : v), { version: '1.2', intAsBigInt: true, merge: true, logLevel: 'error' });

const scalarText = fc.oneof(
  fc.constantFrom('yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', '0', '0777', '08', '1_000', '-12', '+3', '1.10', '1.', '.5', 'e5', 'E1', '1e3', '0x1F', '0b101', '1:30', '2001-12-14', '.inf', '<<', '=', '12345678901234567890',
    '10Gi', '0-inf', 'a b', 'a:b', 'http://x:1/y', '-x', '--flag=*', '$(POD_NAME)', '"q"', "'it''s'", '"a\\nb"', "'x'", '"x" # c', 'v # comment', 'a #b', '{a: 1, b: [x, y]}', '[1, two, "3"]', '{}', '[]', '[a, [b, {c: d}]]', '{a: }', '[a, ]', '- x', '? x', '&a x', '*a', '!tag x', '|', '>'),
  fc.string({ maxLength: 10 }),
);
const keyText = fc.oneof(fc.constantFrom('a', 'key', 'multigres.com/cluster', '"0"', "'q k'", 'on', '0', 'null', 'a b', 'x:y'), fc.stringMatching(/^[a-z][a-z0-9._/-]{0,6}$/));

/** Random block documents built from lines, so the text has the shapes people and kpt write. */
const node: fc.Arbitrary<string[]> = fc.letrec((tie) => ({
  doc: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(keyText, fc.oneof(scalarText.map((s) => [s]), tie('doc')), fc.boolean()), { minLength: 1, maxLength: 4 }).map((pairs) =>
    pairs.flatMap(([k, v, comment]) => {
      const head = comment ? ['# note'] : [];
      return Array.isArray(v) && v.length === 1 && !v[0]!.includes('\n') && typeof v[0] === 'string' && !/^[- ]/.test(v[0]!) ? [...head, `${k}: ${v[0]}`] : [...head, `${k}:`, ...(v as string[]).map((l) => `  ${l}`)];
    }),
  ),
  seq: fc.array(fc.oneof(scalarText.map((s) => [s]), tie('map')), { minLength: 1, maxLength: 3 }).map((items) =>
    items.flatMap((v) => {
      const lines = v as string[];
      return [`- ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`)];
    }),
  ),
})).doc as fc.Arbitrary<string[]>;

describe('fastParse', () => {
  it('reads exactly what the yaml library reads, whenever it answers (property)', () => {
    let answered = 0;
    fc.assert(
      fc.property(node, (lines) => {
        const text = `${lines.join('\n')}\n`;
        let expected: unknown;
        try {
          expected = yaml11(text);
        } catch {
          expect(fastParse(text, 'document', 0)).toBeUndefined();
          return;
        }
        const fast = fastParse(text, 'document', 0);
        if (fast === undefined) return;
        answered++;
        expect(fast.value).toEqual(expected);
      }),
      { seed: 21, numRuns: 4000 },
    );
    expect(answered).toBeGreaterThan(800);
  });

  it('reads generated Shards in entry form, as kpt sends them', () => {
    fc.assert(
      fc.property(shard, fc.integer({ min: 0, max: 4 }), (s, indent) => {
        const doc = stringify(shardObject(s), { version: '1.2', indentSeq: false, aliasDuplicateObjects: false });
        const pad = ' '.repeat(indent);
        const entry = doc.trimEnd().split('\n').map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join('\n') + '\n';
        const fast = fastParse(entry, 'entry', indent);
        expect(fast?.value).toEqual(yaml11(doc));
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('reading only some keys of the outer mapping gives exactly their full values (property)', () => {
    let answered = 0;
    fc.assert(
      fc.property(node, fc.subarray(['a', 'key', 'metadata', 'spec', 'x:y', 'on']), (lines, kept) => {
        const text = `${lines.join('\n')}\n`;
        const full = fastParse(text, 'document', 0);
        const head = fastParse(text, 'document', 0, new Set(kept));
        if (full === undefined || head === undefined) return;
        if (full.value === null || typeof full.value !== 'object' || Array.isArray(full.value)) return;
        answered++;
        const expected = Object.fromEntries(Object.entries(full.value).filter(([k]) => kept.includes(k)));
        expect(head.value).toEqual(expected);
      }),
      { seed: 23, numRuns: 4000 },
    );
    expect(answered).toBeGreaterThan(250);
  });

  it('skips any body unread when reading only the head, block scalars and bad lines included', () => {
    const entry = '  - apiVersion: v1\n    kind: PersistentVolumeClaim\n    metadata:\n      name: p\n    spec:\n      note: |\n        anything: [at all\n      - x\n    data:\n    - a\n    - b\n';
    const head = fastParse(entry, 'entry', 2, new Set(['apiVersion', 'kind', 'metadata']));
    expect(head?.value).toEqual({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' } });
  });

  it('reads only the key names of the mappings named namesOnly, their values unread', () => {
    const secret = '- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n  stringData:\n    password: |\n      [not: yaml\n    "AWS_KEY": &a x\n    key3:\n    - a\n  data:\n    b64: c2VjcmV0\n  other: {x: 1}\n';
    const keep = new Set(['apiVersion', 'kind', 'metadata', 'data', 'stringData']);
    const read = fastParse(secret, 'entry', 0, keep, new Set(['data', 'stringData']));
    expect(read?.value).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: null, AWS_KEY: null, key3: null }, data: { b64: null } });
    // A key written twice is still the yaml library's to report.
    expect(fastParse('kind: Secret\ndata:\n  a: x\n  a: y\n', 'document', 0, keep, new Set(['data']))).toBeUndefined();
  });

  it('takes a document\'s own --- line, and nothing else on it', () => {
    expect(fastParse('# c\n--- # d\nkind: A\n', 'document', 0)?.value).toEqual({ kind: 'A' });
    expect(fastParse('--- !!map\nkind: A\n', 'document', 0)).toBeUndefined();
    expect(fastParse('kind: A\n---\n', 'document', 0)).toBeUndefined();
  });

  it('records key order and where each block mapping ends', () => {
    const text = 'a: 1\nm:\n  "1": x\n  b: y # c\n  # trailing\nz: [q]\n';
    const fast = fastParse(text, 'document', 0)!;
    const m = (fast.value as { m: object }).m;
    expect(fast.maps.get(m)).toMatchObject({ keys: ['1', 'b'], column: 2, start: text.indexOf('"1"'), end: text.indexOf(' # c') + 4, flow: false });
  });

  it('declines what it does not support', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: |\n  x\n', 'a: "x\\n"\n', 'a: b\n  c\n', 'a: 1\na: 2\n', 'a: !!str 1\n', 'a: 1e3\n', 'a: 0x1F\n', 'a: .nan\n', '? a\n: b\n', 'a:\n\t- x\n']) {
      expect(fastParse(text, 'document', 0)).toBeUndefined();
    }
  });
});
