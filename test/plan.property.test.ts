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
import { comparable, markerOf, planChanges, type PlainObject } from '../src/plan/plan.js';
import { keyOf, refOf } from '../src/api/kube-object.js';
import { formatJson, planExitCode } from '../src/plan/format.js';
import { kubeRules } from '../src/plan/kube-rules.js';
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

const applied = (objects: readonly PlainObject[]) => new Map(objects.filter((o) => markerOf(o) !== undefined).map((o) => [keyOf(refOf(o)), JSON.stringify(comparable(o))]));

// ---- an oracle for "exit 0", written from the rules and not from plan.ts ----

type O = Record<string, unknown>;
const at = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as O)[k] : undefined), o);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Where a pool's pgctld writes: its backup flags (one trailing slash of the key prefix dropped, as pgctld does) and the claim mounted. */
function backupPlace(o: O): string {
  const containers = (at(o, 'spec', 'template', 'spec', 'containers') as O[] | undefined) ?? [];
  const args = ((containers.find((c) => c.name === 'postgres')?.args as string[] | undefined) ?? [])
    .filter((a) => a.startsWith('--backup-') && a !== '--backup-use-env-credentials')
    .map((a) => (a.startsWith('--backup-key-prefix=') ? a.replace(/\/$/, '') : a))
    .sort();
  const volumes = ((at(o, 'spec', 'template', 'spec', 'volumes') as O[] | undefined) ?? []).filter((v) => v.name === 'backup-data');
  return JSON.stringify([args, volumes]);
}

/** What makes a plan of A -> B worth more than exit 0, decided without plan.ts. */
function harm(before: readonly O[], after: readonly O[]): string[] {
  const key = (o: O) => `${String(o.kind)}/${String(at(o, 'metadata', 'namespace') ?? '')}/${String(at(o, 'metadata', 'name'))}`;
  const x = new Map(before.map((o) => [key(o), o]));
  const y = new Map(after.map((o) => [key(o), o]));
  const found: string[] = [];
  const mutable = new Set(kubeRules('1.36').statefulSet.mutableSpecFields);
  for (const [k, a] of x) {
    const b = y.get(k);
    if (!b) {
      found.push(`deletes ${k}`);
      continue;
    }
    const sa = (a.spec ?? {}) as O;
    const sb = (b.spec ?? {}) as O;
    if (a.kind === 'StatefulSet') {
      for (const f of new Set([...Object.keys(sa), ...Object.keys(sb)])) if (!mutable.has(f) && !same(sa[f], sb[f])) found.push(`rejects ${k} ${f}`);
      if (backupPlace(a) !== backupPlace(b)) found.push(`moves backups ${k}`);
    }
    if (a.kind === 'Deployment' && !same(sa.selector, sb.selector)) found.push(`rejects ${k} selector`);
    if (a.kind === 'PersistentVolumeClaim' && !same({ ...sa, resources: undefined }, { ...sb, resources: undefined })) found.push(`rejects ${k}`);
    if (a.kind === 'Service' && !same(sa.clusterIP, sb.clusterIP)) found.push(`rejects ${k} clusterIP`);
  }
  // Serving: every pool that ran somewhere still runs somewhere; every Service selects a pod that runs now.
  const replicas = (objects: Map<string, O>, pool: unknown) =>
    [...objects.values()].filter((o) => o.kind === 'StatefulSet' && at(o, 'metadata', 'labels', 'multigres.com/pool') === pool).reduce((n, o) => n + Number(at(o, 'spec', 'replicas') ?? 1), 0);
  // (A pool removed altogether is its deletes: data-affecting already.)
  const kept = new Set([...y.values()].filter((o) => o.kind === 'StatefulSet').map((o) => at(o, 'metadata', 'labels', 'multigres.com/pool')));
  for (const o of x.values()) {
    const pool = at(o, 'metadata', 'labels', 'multigres.com/pool');
    if (o.kind === 'StatefulSet' && kept.has(pool) && replicas(x, pool) > 0 && replicas(y, pool) === 0) found.push(`stops pool ${String(pool)}`);
  }
  const running = [...x.values()].filter((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && Number(at(o, 'spec', 'replicas') ?? 1) > 0).map((o) => (at(o, 'spec', 'template', 'metadata', 'labels') ?? {}) as O);
  for (const [k, b] of y) {
    const a = x.get(k);
    if (b.kind !== 'Service' || !a || same(at(a, 'spec', 'selector'), at(b, 'spec', 'selector'))) continue;
    const selector = (at(b, 'spec', 'selector') ?? {}) as O;
    if (!running.some((labels) => Object.entries(selector).every(([l, v]) => labels[l] === v))) found.push(`stops serving ${k}`);
  }
  return found;
}

describe('plan properties', () => {
  it('exits 0 only when nothing is deleted, rejected or moved and every pool and Service keeps serving', () => {
    fc.assert(
      fc.property(
        shard.chain((a) => edited(a).map((e) => ({ a, ...e }))),
        fc.constantFrom(undefined, 'team', 'multigres.com/shard'),
        ({ a, b, label }, labelKey) => {
          const before = render(a);
          const labels = labelKey ? { labels: { ...(a.cluster ? { 'multigres.com/cluster': a.cluster } : {}), [labelKey]: label ?? 'x' } } : {};
          const after = render(b, labels);
          fc.pre(before !== undefined && after !== undefined);
          const plan = planChanges(before!, after!);
          const found = harm(before! as O[], after! as O[]);
          if (planExitCode(plan) === 0) expect(found).toEqual([]);
          // And the other way: what the oracle finds, the plan flags.
          if (found.some((f) => f.startsWith('rejects'))) expect(plan.rejected).toBe(true);
          if (found.some((f) => f.startsWith('deletes') || f.startsWith('moves'))) expect(plan.dataAffecting).toBe(true);
          if (found.some((f) => f.startsWith('stops'))) expect(plan.availabilityAffecting).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

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
            .map((c) => `${c.effect === 'rejected' && !c.afterProcedure ? 'error' : c.dataAffecting || c.effect === 'stops-serving' ? 'warning' : 'info'} ${c.object.kind}/${c.object.name}`)
            .sort();
          expect(reported).toEqual(expected);
          expect(again.exitCode).toBe(plan.rejected ? 1 : 0);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
