// The compiled checks against zod itself. Where a check answers, zod must accept the same value and
// give the same data, keys in the same order; where it does not, zod decides, so a check may only
// be too careful. Values come from the schemas' own definitions, with mistakes mixed in at every
// level (wrong types, unknown and missing keys, lengths and bounds at the limits, surrogate pairs,
// __proto__ keys, objects that are not plain), and from every Shard and functionConfig of the
// golden cases, where the checks must answer for each one zod accepts.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { VALIDATED, validators, type Validated } from './compiled-validators.js';
import { compileValidators } from './schema-compiler.js';
import * as schemas from './schemas.js';
import * as z from 'zod/mini';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 400);

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  [key: string]: unknown;
}
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** A value as a structure that toEqual compares with key order and -0. */
function layout(v: unknown): unknown {
  if (Array.isArray(v)) return ['[', ...v.map(layout)];
  if (v !== null && typeof v === 'object') return ['{', ...Object.keys(v).map((k) => [k, layout((v as Record<string, unknown>)[k])])];
  if (Object.is(v, -0)) return '-0';
  return v;
}

/** The limits a schema's checks set, for values at and beyond them. */
function limits(def: Def): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length') out.min = d.minimum as number;
    if (d.check === 'max_length') out.max = d.maximum as number;
    if (d.check === 'greater_than') out.min = d.value as number;
    if (d.check === 'less_than') out.max = d.value as number;
  }
  return out;
}

const text = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    // Surrogate pairs: zod counts them as one character.
    fc.string({ unit: 'binary', minLength: Math.max(0, min - 1), maxLength: max + 1 }),
    fc.constantFrom('s3', 'filesystem', 'readWrite', 'Retain', 'v1.32', '1.30.2', 'zone-a', '😀'.repeat(Math.max(1, min)), 'a'.repeat(max), 'a'.repeat(max + 1)),
  );

const mistake = fc.oneof(fc.anything(), fc.constantFrom(undefined, null, '', 0, -0, NaN, Infinity, 2 ** 53, [], {}, Object.create(null), new Map()));

/**
 * Values shaped by `schema`: with mistakes and odd values at every level, or (`clean`) only the
 * ordinary values YAML and JSON give, within the limits.
 */
function valueOf(schema: unknown, clean: boolean, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const right = rightValueOf(def, clean, depth);
  return clean ? right : fc.oneof({ weight: 8, arbitrary: right }, { weight: 1, arbitrary: mistake });
}

function rightValueOf(def: Def, clean: boolean, depth: number): fc.Arbitrary<unknown> {
  const { min, max } = limits(def);
  const valueOf_ = (schema: unknown, deeper = depth) => valueOf(schema, clean, deeper);
  switch (def.type) {
    case 'string':
      if (clean) return (def.checks ?? []).some((c) => c._zod.def.check === 'string_format') ? fc.constantFrom('1.32', 'v1.30.2') : fc.string({ minLength: min ?? 0, maxLength: Math.min(max ?? 20, 40) });
      return text(min ?? 0, Math.min(max ?? 20, 40));
    case 'number':
      if (clean) return fc.integer({ min: min ?? -5, max: max ?? 40 });
      return fc.oneof(fc.integer({ min: (min ?? -5) - 2, max: (max ?? 40) + 2 }), fc.double(), fc.constantFrom(-0, 0.5, 2 ** 53, -(2 ** 53)));
    case 'boolean':
      return fc.boolean();
    case 'unknown':
      return clean ? fc.jsonValue() : fc.anything();
    case 'enum':
      if (clean) return fc.constantFrom(...Object.values(def.entries as object));
      return fc.oneof(fc.constantFrom(...Object.values(def.entries as object)), fc.constantFrom('S3', 'other'));
    case 'literal':
      if (clean) return fc.constantFrom(...(def.values as unknown[]));
      return fc.oneof(fc.constantFrom(...(def.values as unknown[])), fc.constant('v1'));
    case 'optional':
      if (clean) return valueOf_(def.innerType);
      return fc.oneof({ weight: 6, arbitrary: valueOf_(def.innerType) }, { weight: 1, arbitrary: fc.constant(undefined) });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => valueOf_(o)));
    case 'array':
      if (clean) return fc.array(valueOf_(def.element, depth + 1), { minLength: min ?? 0, maxLength: Math.min(max ?? 3, 3) });
      return fc.array(valueOf_(def.element, depth + 1), { minLength: Math.max(0, (min ?? 0) - 1), maxLength: Math.min((max ?? 3) + 1, 4) });
    case 'record':
      if (clean) return fc.dictionary(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('0', '10', 'a.b/c', 'constructor')), valueOf_(def.valueType, depth + 1), { maxKeys: 3 });
      return fc.oneof(
        fc.dictionary(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('0', '10', 'a.b/c', '__proto__', 'constructor')), valueOf_(def.valueType, depth + 1), { maxKeys: 3 }),
        fc.constant(Object.create(null)),
      );
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const keys = Object.keys(shape);
      if (depth > 6) return fc.constant({});
      return fc
        .record({
          present: fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length }),
          values: fc.tuple(...keys.map((k) => valueOf_(shape[k], depth + 1))),
          extra: fc.dictionary(fc.constantFrom('extra', 'Spec', '__proto__', 'toString', keys[0] ?? 'x'), fc.anything(), { maxKeys: 2 }),
          withExtra: fc.integer({ min: 0, max: 5 }),
          shuffle: fc.integer({ min: 0, max: keys.length }),
          nullProto: fc.integer({ min: 0, max: 8 }),
        })
        .map(({ present, values, extra, withExtra, shuffle, nullProto }) => {
          const out: Record<string, unknown> = nullProto === 0 && !clean ? Object.create(null) : {};
          // Written in another order than the schema's: zod's data follows the schema.
          const order = [...keys.slice(shuffle), ...keys.slice(0, shuffle)];
          for (const k of order) if (present[keys.indexOf(k)] || !(shape[k] as { _zod: { optin?: string } })._zod.optin) Object.defineProperty(out, k, { value: values[keys.indexOf(k)], enumerable: true, writable: true, configurable: true });
          if (withExtra === 0 && !clean) for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
          return out;
        });
    }
    default:
      throw new Error(`no values for a ${def.type} schema`);
  }
}

/** Values at and beyond the limits the schemas set, and values YAML gives that zod refuses. */
const odd = fc.oneof(
  fc.constantFrom(0, 1, 2, 24, 25, 26, 29, 30, 31, 62, 63, 64, 252, 253, 254, 511, 512, 513).chain((n) => fc.constantFrom('a'.repeat(n), '😀'.repeat(n), `${'a'.repeat(Math.max(0, n - 1))}😀`, n, -n)),
  fc.constantFrom(Infinity, -Infinity, NaN, -0, 0.5, 32.5, 2 ** 53, undefined, null, true, '', ' ', '1.32.', 'v1', 'x1.32', [], {}),
  mistake,
);

/** `value` with one node replaced by `by` (or, for a mapping, one key added or removed), at the `at`th node. */
function changeOne(value: unknown, at: number, by: unknown, key: string): unknown {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (n++ === at) return by;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const keys = Object.keys(v);
      for (const k of keys) {
        if (n++ === at) continue; // removed
        out[k] = walk((v as Record<string, unknown>)[k]);
      }
      if (n++ === at) Object.defineProperty(out, key, { value: by, enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return walk(value);
}

/** Whether the check's answer for `value` is zod's; returns whether it answered. */
function agrees(name: Validated, value: unknown): boolean {
  const fast = validators.check[name](value);
  if (fast === undefined) return false;
  const parsed = (schemas[name] as z.ZodMiniType).safeParse(value);
  expect(parsed.success, `zod refuses what the check accepts: ${JSON.stringify(value)}`).toBe(true);
  expect(layout(fast)).toEqual(layout(parsed.data));
  return true;
}

describe('the compiled checks', () => {
  for (const name of VALIDATED) {
    it(`answer for ${name} only as zod does`, () => {
      fc.assert(
        fc.property(valueOf(schemas[name], false), (value) => {
          agrees(name, value);
        }),
        { seed: 7, numRuns: NUM_RUNS },
      );
    });

    it(`answer for ${name} with one thing changed only as zod does`, () => {
      fc.assert(
        fc.property(valueOf(schemas[name], true), fc.nat(200), odd, fc.constantFrom('extra', '__proto__', 'toString', 'type', 'cells', 'spec'), (value, at, by, key) => {
          agrees(name, changeOne(value, at, by, key));
        }),
        { seed: 9, numRuns: NUM_RUNS * 2 },
      );
    });

    it(`answer for every ordinary ${name} that zod accepts`, () => {
      // A check that never answered would pass the test above.
      let accepted = 0;
      fc.assert(
        fc.property(valueOf(schemas[name], true), (value) => {
          if (!(schemas[name] as z.ZodMiniType).safeParse(value).success) return;
          accepted++;
          expect(agrees(name, value), `left to zod: ${JSON.stringify(value)}`).toBe(true);
        }),
        { seed: 8, numRuns: NUM_RUNS },
      );
      expect(accepted).toBeGreaterThan(NUM_RUNS / 4);
    });
  }

  it('answer for every Shard and functionConfig of the golden cases that zod accepts', () => {
    const root = new URL('../../testdata/', import.meta.url);
    let shards = 0;
    let configs = 0;
    for (const dir of readdirSync(root)) {
      let input: string;
      try {
        input = readFileSync(new URL(`${dir}/input.yaml`, root), 'utf8');
      } catch {
        continue;
      }
      for (const doc of parseAllDocuments(input)) {
        const value = doc.toJS() as Record<string, unknown> | null;
        const items = value?.kind === 'ResourceList' ? [...((value.items as unknown[]) ?? []), value.functionConfig] : [value];
        for (const item of items as Array<Record<string, unknown> | undefined>) {
          if (item?.kind === 'Shard') {
            if (!schemas.ShardSchema.safeParse(item).success) continue;
            expect(agrees('ShardSchema', item), `${dir}: a valid Shard left to zod`).toBe(true);
            shards++;
            for (const pool of Object.values((item.spec as { pools: Record<string, unknown> }).pools)) {
              if (schemas.PoolSpecSchema.safeParse(pool).success) expect(agrees('PoolSpecSchema', pool), `${dir}: a valid pool left to zod`).toBe(true);
              const backup = (pool as { backupConfig?: unknown }).backupConfig;
              if (backup !== undefined && schemas.BackupConfigSchema.safeParse(backup).success) expect(agrees('BackupConfigSchema', backup)).toBe(true);
            }
          }
          if (item?.kind === 'ExpandPoolBackups' && item.spec !== undefined && schemas.FunctionConfigSpecSchema.safeParse(item.spec).success) {
            expect(agrees('FunctionConfigSpecSchema', item.spec), `${dir}: a valid functionConfig left to zod`).toBe(true);
            configs++;
          }
        }
      }
    }
    expect(shards).toBeGreaterThan(40);
    expect(configs).toBeGreaterThan(3);
  });

  it('list the fields of each object schema as zod has them', () => {
    expect(validators.fields.ShardSpecSchema).toEqual(schemas.SHARD_SPEC_FIELDS);
    for (const name of VALIDATED) expect(validators.fields[name]).toEqual(Object.keys(defOf(schemas[name]).shape as object));
  });

  it('count the characters of a string as zod does, a surrogate pair as one', () => {
    const lengths = { atLeast3: z.string().check(z.minLength(3)), atMost3: z.string().check(z.maxLength(3)) };
    const compiled = new Function(`return ${compileValidators(lengths, Object.keys(lengths))}`)() as { check: Record<string, (v: unknown) => unknown> };
    for (const value of ['abc', 'ab', '😀😀', '😀😀😀', 'a😀', 'abcd', '😀😀a', '\ud800\ud800\ud800']) {
      for (const name of ['atLeast3', 'atMost3'] as const) {
        const answer = compiled.check[name]!(value);
        if (answer !== undefined) expect(lengths[name].safeParse(value), `${name} ${value}`).toMatchObject({ success: true, data: value });
      }
    }
    expect(compiled.check.atLeast3!('abc')).toBe('abc');
    expect(compiled.check.atMost3!('😀')).toBe('😀');
  });

  it('never answer for a schema with a construct the compiler does not know', () => {
    const odd = {
      refined: z.string().check(z.refine((s) => s.length > 2)),
      coerced: z.coerce.number(),
      transformed: z.pipe(z.string(), z.transform((s) => s.length)),
      inObject: z.strictObject({ a: z.string().check(z.refine((s) => s !== 'x')) }),
      intKeys: z.record(z.string().check(z.minLength(2)), z.string()),
      inherited: z.object({ toString: z.string() }),
    };
    const compiled = new Function(`return ${compileValidators(odd, Object.keys(odd))}`)() as { check: Record<string, (v: unknown) => unknown> };
    expect(compiled.check.refined!('x')).toBeUndefined();
    expect(compiled.check.coerced!(1)).toBeUndefined();
    expect(compiled.check.transformed!('abc')).toBeUndefined();
    expect(compiled.check.inObject!({ a: 'y' })).toBeUndefined();
    expect(compiled.check.intKeys!({ ab: 'y' })).toBeUndefined();
    expect(compiled.check.inherited!({ toString: 'y' })).toBeUndefined();
  });
});
