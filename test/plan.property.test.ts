// Properties of `plan` over random Shards and random edits of them:
// - a render planned against itself (or an equal copy) is empty;
// - the plan of A -> B names exactly the objects whose applied form differs, and counts the rest
//   as unchanged: no differing object is left out, and no equal one is listed;
// - every rejected change says what works; every JSON plan validates against schema/plan.schema.json;
// - B -> A mirrors A -> B: what one creates, the other deletes.
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runResourceList } from '../src/krm/run.js';
import { renderObjects } from '../src/krm/render.js';
import { comparable, keyOf, markerOf, planChanges, type PlainObject } from '../src/plan/plan.js';
import { formatJson } from '../src/plan/format.js';
import { PLAN_SCHEMA } from '../src/plan/plan-schema.js';
import { pool, resourceListText, shard, shardObject, type ShardSpec } from './arbitraries.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

const validate = new Ajv2020({ strict: false, allErrors: true }).compile(PLAN_SCHEMA);

function render(s: ShardSpec, extra: Record<string, unknown> = {}): PlainObject[] | undefined {
  const object = shardObject(s);
  Object.assign((object.metadata as Record<string, unknown>), extra);
  const out = renderObjects([{ path: 'shard.yaml', text: stringify(object) }]);
  return out.exitCode === 0 ? out.objects : undefined;
}

/** One pool's edit: each field kept, or replaced by another value of its kind. */
const poolEdit = fc.record({
  cells: fc.option(fc.constantFrom('add', 'drop'), { nil: undefined }),
  replicasPerCell: fc.option(fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), { nil: null }),
  storage: fc.option(fc.option(fc.record({ size: fc.constantFrom('20Gi', '100Gi'), class: fc.constantFrom('gp3', 'io2') }), { nil: undefined }), { nil: null }),
  backupConfig: fc.option(pool.map((p) => p.backupConfig), { nil: null }),
});

/** Edits a review might make to a Shard: pool settings, pools added or removed, a label. */
const edited = (a: ShardSpec) =>
  fc
    .record({
      edits: fc.array(poolEdit, { minLength: Object.keys(a.pools).length, maxLength: Object.keys(a.pools).length }),
      removed: fc.subarray(Object.keys(a.pools), { maxLength: Object.keys(a.pools).length - 1 }),
      added: fc.option(pool, { nil: undefined }),
      label: fc.option(fc.constantFrom('team-a', 'team-b'), { nil: undefined }),
    })
    .map(({ edits, removed, added, label }) => {
      const next: ShardSpec['pools'] = {};
      Object.entries(a.pools).forEach(([k, v], i) => {
        if (removed.includes(k)) return;
        const e = edits[i]!;
        const p = { ...v };
        if (e.cells === 'add') p.cells = [...v.cells, 'zz-new'].filter((c, j, all) => all.indexOf(c) === j);
        if (e.cells === 'drop' && v.cells.length > 1) p.cells = v.cells.slice(1);
        if (e.replicasPerCell !== null) p.replicasPerCell = e.replicasPerCell;
        if (e.storage !== null) p.storage = e.storage;
        if (e.backupConfig !== null) p.backupConfig = e.backupConfig;
        next[k] = p;
      });
      if (added) next['added-pool'] = added;
      return { b: { ...a, pools: next }, label };
    });

const applied = (objects: readonly PlainObject[]) => new Map(objects.filter((o) => markerOf(o) !== undefined).map((o) => [keyOf(o), JSON.stringify(comparable(o))]));

describe('plan properties', () => {
  it('a render planned against itself, or an equal copy, is empty', () => {
    fc.assert(
      fc.property(shard, (s) => {
        const objects = render(s);
        fc.pre(objects !== undefined);
        for (const other of [objects!, structuredClone(objects!)]) {
          const plan = planChanges(objects!, other);
          expect(plan.shards).toEqual([]);
          expect(plan.summary.unchanged).toBe(objects!.length);
          expect(plan.rejected || plan.dataAffecting).toBe(false);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('A -> B lists exactly the objects whose applied form differs', () => {
    fc.assert(
      fc.property(
        shard.chain((a) => edited(a).map((e) => ({ a, ...e }))),
        ({ a, b, label }) => {
          const before = render(a);
          const after = render(b, label ? { labels: { ...(a.cluster ? { 'multigres.com/cluster': a.cluster } : {}), team: label } } : {});
          fc.pre(before !== undefined && after !== undefined);
          const plan = planChanges(before!, after!);
          const x = applied(before!);
          const y = applied(after!);
          const differing = new Set([...x.keys(), ...y.keys()].filter((k) => x.get(k) !== y.get(k)));
          const listed = new Set(plan.shards.flatMap((s) => s.changes.map((c) => `${c.object.kind}/${c.object.namespace ?? ''}/${c.object.name}`)));
          expect([...listed].sort()).toEqual([...differing].sort());
          expect(plan.summary.unchanged).toBe([...x.keys()].filter((k) => y.has(k) && x.get(k) === y.get(k)).length);

          for (const c of plan.shards.flatMap((s) => s.changes)) {
            if (c.effect === 'rejected') {
              expect(c.fields.length).toBeGreaterThan(0);
              expect(c.procedure?.kubectl.length).toBeGreaterThan(0);
            }
            if (c.effect === 'creates') expect(x.has(`${c.object.kind}/${c.object.namespace ?? ''}/${c.object.name}`)).toBe(false);
            if (c.effect === 'deletes' && c.object.kind !== 'PersistentVolumeClaim') expect(y.has(`${c.object.kind}/${c.object.namespace ?? ''}/${c.object.name}`)).toBe(false);
          }
          expect(plan.rejected).toBe(plan.summary.rejected > 0);

          const json = JSON.parse(formatJson(plan, { base: 'a', change: 'b' }));
          expect(validate(json), JSON.stringify(validate.errors)).toBe(true);

          const back = planChanges(after!, before!);
          expect(back.summary.creates).toBe(plan.summary.deletes);
          expect(back.summary.deletes).toBe(plan.summary.creates);
          expect(back.summary.unchanged).toBe(plan.summary.unchanged);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('a kpt re-render over earlier output reports the same changes as plan, one result each', () => {
    fc.assert(
      fc.property(
        shard.chain((a) => edited(a).map((e) => ({ a, ...e }))),
        ({ a, b }) => {
          const before = render(a);
          const after = render(b);
          fc.pre(before !== undefined && after !== undefined);
          // The package after a first render: the Shard (marked local-config) and its objects.
          const first = runResourceList(resourceListText([stringify(shardObject(a))]));
          const items = (parse(first.stdout) as { items: Array<Record<string, unknown>> }).items;
          const changed = items.map((i) => (i.kind === 'Shard' ? shardObject(b) : i));
          const again = runResourceList(resourceListText(changed.map((i) => stringify(i))));
          const reported = again.results
            .filter((r) => r.message.startsWith('applying this render over the earlier one'))
            .map((r) => `${r.severity} ${r.resourceRef!.kind}/${r.resourceRef!.name}`)
            .sort();
          const plan = planChanges(before!, after!);
          const expected = plan.shards
            .flatMap((s) => s.changes)
            .filter((c) => c.effect !== 'no-effect' || c.dataAffecting)
            .map((c) => `${c.effect === 'rejected' ? 'error' : c.dataAffecting ? 'warning' : 'info'} ${c.object.kind}/${c.object.name}`)
            .sort();
          expect(reported).toEqual(expected);
          expect(again.exitCode).toBe(plan.rejected ? 1 : 0);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
