import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { written } from './byte-sink.js';
import { emitDocument, emitEntry, isPlainSafe } from './emit.js';

const simplyPlain = (s: string): boolean => {
  let plain = false;
  const text = written((o) => {
    plain = o.simple(s);
  });
  expect(text).toBe(plain ? s : '');
  return plain;
};

const tricky = fc.oneof(
  fc.constantFrom(
    'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'true', 'False', 'null', '~', '', ' ', '0755', '0x1F', '1_000', '1e3', '.inf', '-.NaN',
    '12:30:00', '2001-12-14', '- item', '-', '--flag=value', '? key', ': x', 'a: b', 'a #b', '#c', '&a', '*a', '!tag', '|', '>', '%x',
    '@x', '`x', 'e0', 'E5', '.', '-.', '._', '1_', '0b1', '0o7', '.e1', '1:2', '"q"', "'q'", 'a\nb', 'a\nb\n', 'a\n\nb\n', ' lead\nx', 'line\n  indented\n', 'trail ', 'tab\there', '\u2028', '\u0085',
    '\u007f', 'x\u0000y', '---', '...', '<<', '=', '10Gi', '0-inf', '{{.User}}', '$(POD_NAME)', 'a,b', '[x]', '{x}',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('map')),
  leaf: fc.oneof(tricky, fc.integer(), fc.boolean(), fc.constant(null)),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
}));

// Lone surrogates cannot survive any UTF-8 round trip; YAML readers replace them.
const wellFormed = (v: unknown): boolean =>
  typeof v === 'string' ? v.isWellFormed() : Array.isArray(v) ? v.every(wellFormed) : v && typeof v === 'object' ? Object.entries(v).every(([k, x]) => k.isWellFormed() && wellFormed(x)) : true;

describe('emitDocument', () => {
  it('reads back as the same value under YAML 1.1 and 1.2 (property)', () => {
    fc.assert(
      fc.property(value.map, (v) => {
        fc.pre(wellFormed(v));
        const text = emitDocument(v);
        expect(parse(text, { version: '1.1', uniqueKeys: false })).toEqual(v);
        expect(parse(text, { version: '1.2', uniqueKeys: false })).toEqual(v);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('writes entries that read back inside a sequence at any indent', () => {
    fc.assert(
      fc.property(value.map, fc.integer({ min: 0, max: 4 }), (v, indent) => {
        fc.pre(wellFormed(v) && Object.keys(v).length > 0);
        const text = `items:\n${emitEntry(v, indent)}`;
        expect(parse(text, { version: '1.1', uniqueKeys: false })).toEqual({ items: [v] });
      }),
      { seed: 8, numRuns: 1000 },
    );
  });

  it('keeps Kubernetes-looking values plain and quotes YAML 1.1 look-alikes', () => {
    expect(emitDocument({ a: '10Gi', b: 'yes', c: '0755', d: 'on', e: '--pg-listen-addresses=*', f: 'prod-app-tg1-0' })).toBe(
      'a: 10Gi\nb: "yes"\nc: "0755"\nd: "on"\ne: --pg-listen-addresses=*\nf: prod-app-tg1-0\n',
    );
    expect(emitDocument({ t: 'line one\nline two\n' })).toBe('t: |\n  line one\n  line two\n');
    expect(emitDocument({ m: new Map([['k', 'v']]), e: [], o: {} })).toBe('m:\n  k: v\ne: []\no: {}\n');
  });

  it('isPlainSafe rejects everything a YAML 1.1 reader would not read as the same string', () => {
    for (const s of ['y', 'N', 'Off', '0o17', '1:20', '+.5', '2024-01-01', '- a', 'k: v', '']) expect(isPlainSafe(s)).toBe(false);
    for (const s of ['gp3', 'us-east-1', '/multigres/global', 'prod-global-topo.db.svc:2379', 'a b']) expect(isPlainSafe(s)).toBe(true);
  });

  it('takes the quick plain test only for strings the full test also finds plain (property)', () => {
    const simple = fc.string({ unit: fc.constantFrom(...'abeflnorsuy0123456789-._/+:# E'.split('')), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(simple, tricky), (s) => {
        if (simplyPlain(s)) expect(isPlainSafe(s)).toBe(true);
      }),
      { seed: 9, numRuns: 20000 },
    );
    for (const s of ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', 'e5', 'e-1', 'e+10', '1e5', '']) expect(simplyPlain(s)).toBe(false);
    for (const s of ['gp3', 'us-east-1', 'multigres', 'e5a', 'prod-app-tg1-0', 'backups/pg', 'a.b_c']) expect(simplyPlain(s)).toBe(true);
  });
});
