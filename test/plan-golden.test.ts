// Golden plan cases: testdata/plan/<case>/base and change are two directories of Shards that differ
// in one thing (the first line of each file says what). For each case, `plan base change` prints
// expected.txt, expected.json and expected.md (`npm run test:update` rewrites those three) and exits
// with the number in expected-exit, which is written by hand from what Kubernetes does and is never
// rewritten. Beside the wording, a few facts per case must hold: which effect lands on which object,
// on which field, and whether it counts as affecting data.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { PlanDocument } from '../src/plan/format.js';
import type { Effect, PlanChange } from '../src/plan/plan.js';
import type { FieldChange } from '../src/plan/diff.js';
import { planCommand, type PlanArgs, type PlanOutput } from '../src/cli/plan-command.js';
import { parseArgs } from '../src/cli/args.js';

// The paths the plan is given are relative to the repository root, as a user would type them, so
// the goldens read `testdata/plan/<case>/base`: vitest runs with the repository root as cwd.
const DIR = 'testdata/plan';
const OUTPUTS: ReadonlyArray<[PlanOutput, string]> = [
  ['text', 'expected.txt'],
  ['json', 'expected.json'],
  ['markdown', 'expected.md'],
];
const SCHEMA = 'schema/plan.schema.json';
const BUNDLE = 'dist/expand-pool-backups.mjs';

const CASES = [
  'backup-volume-class-change',
  'backup-volume-grows',
  'cell-added',
  'cell-removed',
  'cell-renamed',
  'credential-mode-secret-to-service-account',
  'data-class-change',
  'data-size-down',
  'data-size-up',
  'filesystem-to-s3',
  'image-changed',
  'label-only',
  'pool-added',
  'pool-removed',
  'pool-renamed',
  'replicas-down',
  'replicas-up',
  's3-bucket-changed',
  's3-key-prefix-changed',
  'shard-removed',
  'unchanged',
  // What the truth of a plan needs beyond one field: settings, availability, how the API server
  // compares, versions, repositories and moves.
  'kptfile-settings-region',
  'settings-per-side',
  'settings-not-readable',
  'selector-label-changed',
  'only-pool-scaled-to-zero',
  'data-size-same-value',
  'backup-volume-class-set',
  'backup-volume-shrinks-1.31',
  'backup-volume-shrinks-1.32',
  's3-key-prefix-trailing-slash',
  's3-endpoint-changed',
  's3-explicit-aws-endpoint',
  'shard-moved-namespace',
].sort();

// ---- the JSON document, as far as these facts read it ----

type Change = PlanChange;
type Field = FieldChange;

const all = (plan: PlanDocument): Change[] => plan.shards.flatMap((s) => s.changes);
const effects = (plan: PlanDocument): Set<string> => new Set(all(plan).map((c) => c.effect));
const on = (plan: PlanDocument, effect: string, kind: string, where: { pool?: string; cell?: string } = {}): Change[] =>
  all(plan).filter((c) => c.effect === effect && c.object.kind === kind && (where.pool === undefined || c.pool === where.pool) && (where.cell === undefined || c.cell === where.cell));
/** The one change with this effect on this kind (and pool/cell): fails when there is none or more. */
const one = (plan: PlanDocument, effect: string, kind: string, where: { pool?: string; cell?: string } = {}): Change => {
  const found = on(plan, effect, kind, where);
  expect(found, `one ${effect} on a ${kind} ${JSON.stringify(where)} in ${JSON.stringify(all(plan).map((c) => `${c.effect} ${c.object.kind} ${c.pool ?? ''}/${c.cell ?? ''}`))}`).toHaveLength(1);
  return found[0]!;
};
const field = (c: Change, path: string): Field => {
  const f = c.fields.find((x) => x.path === path);
  expect(f, `field ${path} among ${JSON.stringify(c.fields.map((x) => x.path))}`).toBeDefined();
  return f!;
};

const PGDATA_SIZE = 'spec.volumeClaimTemplates[metadata.name=pgdata].spec.resources.requests.storage';
const PGDATA_CLASS = 'spec.volumeClaimTemplates[metadata.name=pgdata].spec.storageClassName';
const POSTGRES_ARGS = 'spec.template.spec.containers[name=postgres].args';

/** What must hold for each case whatever the wording. */
const FACTS: Record<string, (plan: PlanDocument) => void> = {
  'data-size-up': (plan) => {
    const c = one(plan, 'rejected', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(field(c, PGDATA_SIZE)).toMatchObject({ before: '10Gi', after: '20Gi' });
    expect(c.dataAffecting).toBe(false);
    expect(c.procedure).toBeDefined();
    expect(effects(plan)).toEqual(new Set(['rejected']));
  },
  'data-size-down': (plan) => {
    const c = one(plan, 'rejected', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(field(c, PGDATA_SIZE)).toMatchObject({ before: '20Gi', after: '10Gi' });
    expect(c.details.join(' ')).toMatch(/cannot shrink/);
    expect(effects(plan)).toEqual(new Set(['rejected']));
  },
  'data-class-change': (plan) => {
    const c = one(plan, 'rejected', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(field(c, PGDATA_CLASS)).toMatchObject({ before: 'gp3', after: 'io2' });
    expect(effects(plan)).toEqual(new Set(['rejected']));
  },
  'cell-added': (plan) => {
    const sts = one(plan, 'creates', 'StatefulSet', { pool: 'main', cell: 'z2' });
    expect(sts.pods).toHaveLength(2);
    one(plan, 'creates', 'Service', { pool: 'main', cell: 'z2' });
    expect(all(plan).filter((c) => c.cell === 'z1')).toEqual([]);
    expect(plan.dataAffecting).toBe(false);
  },
  'cell-removed': (plan) => {
    const sts = one(plan, 'deletes', 'StatefulSet', { pool: 'main', cell: 'z2' });
    expect(sts.dataAffecting).toBe(true);
    expect(sts.pods).toHaveLength(2);
    one(plan, 'deletes', 'Service', { pool: 'main', cell: 'z2' });
    expect(all(plan).filter((c) => c.cell === 'z1')).toEqual([]);
  },
  'cell-renamed': (plan) => {
    expect(one(plan, 'deletes', 'StatefulSet', { pool: 'main', cell: 'z1' }).dataAffecting).toBe(true);
    one(plan, 'creates', 'StatefulSet', { pool: 'main', cell: 'z2' });
    expect(plan.shards[0]!.notes.join(' ')).toMatch(/main\/z1.*main\/z2/);
  },
  'pool-added': (plan) => {
    one(plan, 'creates', 'StatefulSet', { pool: 'replicas', cell: 'z1' });
    one(plan, 'creates', 'Service', { pool: 'replicas', cell: 'z1' });
    expect(all(plan).filter((c) => c.pool === 'main')).toEqual([]);
    expect(plan.dataAffecting).toBe(false);
  },
  'pool-removed': (plan) => {
    expect(one(plan, 'deletes', 'StatefulSet', { pool: 'replicas', cell: 'z1' }).dataAffecting).toBe(true);
    one(plan, 'deletes', 'Service', { pool: 'replicas', cell: 'z1' });
    expect(all(plan).filter((c) => c.pool === 'main')).toEqual([]);
  },
  'pool-renamed': (plan) => {
    expect(one(plan, 'deletes', 'StatefulSet', { pool: 'main' }).dataAffecting).toBe(true);
    one(plan, 'creates', 'StatefulSet', { pool: 'primary' });
    expect(plan.shards[0]!.notes.join(' ')).toMatch(/main\/z1.*primary\/z1/);
  },
  'replicas-up': (plan) => {
    const c = one(plan, 'scales', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(field(c, 'spec.replicas')).toMatchObject({ before: 2, after: 3 });
    expect(c.pods).toEqual([expect.stringMatching(/-2$/)]);
    expect(effects(plan)).toEqual(new Set(['scales']));
  },
  'replicas-down': (plan) => {
    const c = one(plan, 'scales', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(field(c, 'spec.replicas')).toMatchObject({ before: 3, after: 2 });
    expect(c.pods).toEqual([expect.stringMatching(/-2$/)]);
    expect(c.details.join(' ')).toMatch(/whenScaled: Retain/);
    expect(effects(plan)).toEqual(new Set(['scales']));
  },
  'image-changed': (plan) => {
    const c = one(plan, 'restarts-pods', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(field(c, 'spec.template.spec.containers[name=postgres].image')).toMatchObject({ before: 'ghcr.io/multigres/pgctld:v0.3.0', after: 'ghcr.io/multigres/pgctld:v0.3.1' });
    expect(c.pods).toHaveLength(2);
    expect(effects(plan).has('rejected')).toBe(false);
    expect(plan.dataAffecting).toBe(false);
  },
  'filesystem-to-s3': (plan) => {
    const moves = one(plan, 'moves-backups', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(moves.dataAffecting).toBe(true);
    expect(field(moves, POSTGRES_ARGS)).toBeDefined();
    const pvc = one(plan, 'deletes', 'PersistentVolumeClaim', { pool: 'main', cell: 'z1' });
    expect(pvc.object.name).toMatch(/^backup-data-/);
    expect(pvc.dataAffecting).toBe(true);
    one(plan, 'restarts-pods', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(effects(plan).has('rejected')).toBe(false);
  },
  's3-bucket-changed': (plan) => {
    const c = one(plan, 'moves-backups', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(c.dataAffecting).toBe(true);
    expect(c.message).toMatch(/s3:\/\/acme-backups\/.*s3:\/\/acme-backups-eu\//);
    expect(effects(plan).has('rejected')).toBe(false);
  },
  's3-key-prefix-changed': (plan) => {
    const c = one(plan, 'moves-backups', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(c.dataAffecting).toBe(true);
    expect(c.message).toMatch(/prod\/orders\/multigres .*prod\/orders-v2\/multigres/);
    expect(effects(plan).has('rejected')).toBe(false);
  },
  'credential-mode-secret-to-service-account': (plan) => {
    // The new credential mode is part of the restart, with what the new pods need.
    const c = one(plan, 'restarts-pods', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(c.details.join(' ')).toMatch(/credentials change from keys from Secret orders-s3 to pod identity of ServiceAccount orders-backup/);
    expect(c.details.join(' ')).toMatch(/ServiceAccount orders-backup must exist in namespace db before this is applied/);
    expect(c.fields.map((f) => f.path)).toContain('spec.template.spec.serviceAccountName');
    expect(effects(plan).has('updates')).toBe(false);
    expect(effects(plan).has('moves-backups')).toBe(false);
    expect(plan.dataAffecting).toBe(false);
  },
  'shard-removed': (plan) => {
    expect(plan.shards.map((s) => s.shard)).toEqual(['db/orders-1']);
    expect(one(plan, 'deletes', 'StatefulSet', { pool: 'main', cell: 'z1' }).dataAffecting).toBe(true);
    expect(on(plan, 'deletes', 'Deployment')).toHaveLength(1);
    expect(effects(plan)).toEqual(new Set(['deletes']));
    // The namespace's pg-hba ConfigMap is still rendered for the Shard that stays.
    expect(all(plan).filter((c) => c.object.kind === 'ConfigMap')).toEqual([]);
  },
  'label-only': (plan) => {
    expect(effects(plan).has('rejected')).toBe(false);
    expect(on(plan, 'restarts-pods', 'StatefulSet')).toHaveLength(1);
    expect(plan.dataAffecting).toBe(false);
    for (const c of all(plan)) for (const f of c.fields) expect(f.path).not.toMatch(/selector/);
  },
  'backup-volume-grows': (plan) => {
    const c = one(plan, 'updates', 'PersistentVolumeClaim', { pool: 'main', cell: 'z1' });
    expect(field(c, 'spec.resources.requests.storage')).toMatchObject({ before: '10Gi', after: '20Gi' });
    expect(c.object.name).toMatch(/^backup-data-/);
    expect(effects(plan).has('rejected')).toBe(false);
    expect(plan.dataAffecting).toBe(false);
  },
  'backup-volume-class-change': (plan) => {
    const c = one(plan, 'rejected', 'PersistentVolumeClaim', { pool: 'main', cell: 'z1' });
    expect(field(c, 'spec.storageClassName')).toMatchObject({ before: 'standard', after: 'premium' });
    expect(c.procedure).toBeDefined();
    expect(on(plan, 'rejected', 'StatefulSet')).toEqual([]);
  },
  'kptfile-settings-region': (plan) => {
    // The settings come from the Kptfile's configPath ConfigMap on each side.
    const c = one(plan, 'moves-backups', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(c.message).toMatch(/AWS eu-west-1.*AWS eu-central-1/);
    expect(c.dependsOn).toBeUndefined();
    expect(c.details.join(' ')).toMatch(/bucket lives in one region/);
  },
  'settings-per-side': (plan) => {
    expect(one(plan, 'moves-backups', 'StatefulSet', { pool: 'main', cell: 'z1' }).message).toMatch(/AWS eu-west-1.*AWS us-east-1/);
  },
  'settings-not-readable': (plan) => {
    expect(plan.exitCode).toBe(1);
    expect(plan.shards).toBeUndefined();
    const errors = (plan as unknown as { errors: Array<{ side: string; message: string }> }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ side: 'change' });
    expect(errors[0]!.message).toMatch(/backups\.yaml holds ExpandPoolBackups settings that are not valid YAML/);
  },
  'selector-label-changed': (plan) => {
    expect(one(plan, 'rejected', 'StatefulSet', { pool: 'main', cell: 'z1' }).procedure!.kubectl[0]).toMatch(/^kubectl label pod .* --overwrite .*multigres\.com\/shard=00/);
    expect(one(plan, 'rejected', 'Deployment').procedure).toBeDefined();
    expect(on(plan, 'stops-serving', 'Service')).toHaveLength(2);
    expect(on(plan, 'updates', 'Service')).toEqual([]);
    expect(plan.availabilityAffecting).toBe(true);
    expect(all(plan).filter((c) => c.effect === 'restarts-pods').every((c) => c.afterProcedure)).toBe(true);
    expect(plan.summary['restarts-pods']).toBe(0);
  },
  'only-pool-scaled-to-zero': (plan) => {
    const c = one(plan, 'stops-serving', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(c.message).toMatch(/every pool of the Shard/);
    expect(c.details.join(' ')).not.toMatch(/another replica has taken over/);
    expect(effects(plan)).toEqual(new Set(['stops-serving']));
  },
  'data-size-same-value': (plan) => {
    expect(plan.shards).toEqual([]);
  },
  'backup-volume-class-set': (plan) => {
    const c = one(plan, 'rejected', 'PersistentVolumeClaim', { pool: 'main', cell: 'z1' });
    expect(c.dependsOn).toMatch(/default StorageClass/);
    expect(field(c, 'spec.storageClassName')).toMatchObject({ after: 'fast-rwo' });
    expect(field(c, 'spec.storageClassName').before).toBeUndefined();
  },
  'backup-volume-shrinks-1.31': (plan) => {
    expect(plan.kubeVersion).toBe('1.31');
    const c = one(plan, 'rejected', 'PersistentVolumeClaim', { pool: 'main', cell: 'z1' });
    expect(c.dependsOn).toBeUndefined();
    expect(c.details.join(' ')).toMatch(/field can not be less than previous value/);
  },
  'backup-volume-shrinks-1.32': (plan) => {
    expect(plan.kubeVersion).toBe('1.32');
    const c = one(plan, 'rejected', 'PersistentVolumeClaim', { pool: 'main', cell: 'z1' });
    expect(c.dependsOn).toMatch(/status\.capacity\.storage/);
    expect(c.details.join(' ')).toMatch(/field can not be less than status\.capacity/);
  },
  's3-key-prefix-trailing-slash': (plan) => {
    expect(effects(plan)).toEqual(new Set(['restarts-pods']));
    expect(plan.dataAffecting).toBe(false);
  },
  's3-endpoint-changed': (plan) => {
    const c = one(plan, 'moves-backups', 'StatefulSet', { pool: 'main', cell: 'z1' });
    expect(c.message).toMatch(/^may move/);
    expect(c.dependsOn).toMatch(/same S3 store/);
    expect(c.details.join(' ')).not.toMatch(/starts empty for this pool: take a full backup as soon as the pods have restarted, because/);
  },
  's3-explicit-aws-endpoint': (plan) => {
    expect(effects(plan)).toEqual(new Set(['restarts-pods']));
  },
  'shard-moved-namespace': (plan) => {
    // The move, and the pg-hba ConfigMap of each namespace.
    expect(plan.shards.map((s) => s.shard)).toEqual(['db', 'db/orders-0', 'db2']);
    const moved = plan.shards.find((s) => s.movedTo !== undefined)!;
    expect(moved).toMatchObject({ shard: 'db/orders-0', movedTo: 'db2/orders-0' });
    expect(moved.changes[0]).toMatchObject({ effect: 'stops-serving', dataAffecting: true, object: { kind: 'Shard', namespace: 'db', name: 'orders-0' } });
    const notes = moved.notes.join(' ');
    expect(notes).toMatch(/starts? .*empty/);
    expect(notes).toMatch(/same repository as the old ones/);
    expect(notes).toMatch(/Secret orders-s3 must exist in namespace db2/);
    expect(plan.availabilityAffecting && plan.dataAffecting).toBe(true);
  },
  unchanged: (plan) => {
    expect(plan.shards).toEqual([]);
    expect(plan.exitCode).toBe(0);
    expect(plan.rejected).toBe(false);
    expect(plan.dataAffecting).toBe(false);
    expect(plan.summary.unchanged).toBeGreaterThan(0);
  },
};

const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const expectedExit = (name: string): number => {
  const file = `${DIR}/${name}/expected-exit`;
  if (!existsSync(file)) throw new Error(`${file} is missing: write the exit code plan must give (0, 1, 3 to 9) by hand`);
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9]+$/.test(text)) throw new Error(`${file} holds ${JSON.stringify(text)}, not an exit code`);
  return Number(text);
};

/** The plan's arguments as a user types them: the two directories, and the case's `args` file if it has one. */
const args = (name: string, output: PlanOutput): PlanArgs => {
  const extra = existsSync(`${DIR}/${name}/args`) ? readFileSync(`${DIR}/${name}/args`, 'utf8').trim().split(/\s+/) : [];
  const { command: _, ...parsed } = parseArgs(['plan', `${DIR}/${name}/base`, `${DIR}/${name}/change`, ...extra, '--output', output]) as { command: 'plan' } & PlanArgs;
  return parsed;
};

describe('plan golden cases', () => {
  it('runs from the repository root', () => {
    expect(existsSync(DIR), `cwd ${process.cwd()} has no ${DIR}`).toBe(true);
  });

  it('has exactly the catalog of cases, each with facts to check', () => {
    expect(cases).toEqual(CASES);
    expect(Object.keys(FACTS).sort()).toEqual(CASES);
  });

  describe.each(cases)('%s', (name) => {
    // Run once per output, on first use, so that a case that throws fails its own tests only.
    const cache = new Map<PlanOutput, ReturnType<typeof planCommand>>();
    const run = (output: PlanOutput) => {
      if (!cache.has(output)) cache.set(output, planCommand(args(name, output)));
      return cache.get(output)!;
    };

    it.each(OUTPUTS)('prints %s as in %s', async (output, file) => {
      const out = run(output);
      if (expectedExit(name) !== 1) expect(out.errors).toEqual([]);
      else expect(out.errors).not.toEqual([]);
      await expect(out.stdout).toMatchFileSnapshot(`../${DIR}/${name}/${file}`);
    });

    it('exits with the code in expected-exit, whatever the output', () => {
      const exit = expectedExit(name);
      for (const [output] of OUTPUTS) expect(run(output).exitCode, output).toBe(exit);
      expect((JSON.parse(run('json').stdout) as PlanDocument).exitCode).toBe(exit);
    });

    it('holds the facts of the case', () => {
      const plan = JSON.parse(run('json').stdout) as PlanDocument;
      expect(plan.base).toBe(`${DIR}/${name}/base`);
      expect(plan.change).toBe(`${DIR}/${name}/change`);
      if (plan.exitCode === 1) {
        FACTS[name]!(plan);
        return;
      }
      // The flags and the summary agree with the changes listed.
      expect(plan.rejected).toBe(all(plan).some((c) => c.effect === 'rejected'));
      expect(plan.availabilityAffecting).toBe(all(plan).some((c) => c.effect === 'stops-serving'));
      expect(plan.dataAffecting).toBe(all(plan).some((c) => c.dataAffecting));
      for (const effect of new Set<Effect>(all(plan).map((c) => c.effect))) expect(plan.summary[effect], effect).toBe(all(plan).filter((c) => c.effect === effect && !c.afterProcedure).length);
      expect(plan.summary.afterProcedure).toBe(all(plan).filter((c) => c.afterProcedure).length);
      FACTS[name]!(plan);
    });

    it(`validates expected.json against ${SCHEMA}`, () => {
      const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
      const draft = String(schema.$schema ?? '');
      const Validator = draft.includes('2020-12') ? Ajv2020 : draft.includes('2019-09') ? Ajv2019 : Ajv;
      const validate = new Validator({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
      // The file, and what plan prints now (the same when the snapshot passes; the file is only
      // missing during a first `vitest run -u`, which writes it after this test has run).
      const file = `${DIR}/${name}/expected.json`;
      const documents = [run('json').stdout, ...(existsSync(file) ? [readFileSync(file, 'utf8')] : [])];
      for (const text of documents) expect(validate(JSON.parse(text)), JSON.stringify(validate.errors, null, 2)).toBe(true);
    });
  });
});

describe('plan golden case through the bundle', () => {
  // The shipped file, run as a user runs it: its stdout and exit code must be the in-process ones
  // (a case that exits non-zero, so the exit code path is covered too). `npm test` builds it first.
  const name = 'filesystem-to-s3';

  it(`prints ${name}'s expected.txt and exits with its expected-exit`, async () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`).toBe(true);
    const out = spawnSync(process.execPath, [BUNDLE, 'plan', `${DIR}/${name}/base`, `${DIR}/${name}/change`], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(planCommand(args(name, 'text')).stdout);
    // A file snapshot too (not a read of the file), so that `vitest run -u` on a fresh catalog passes.
    await expect(out.stdout).toMatchFileSnapshot(`../${DIR}/${name}/expected.txt`);
    expect(out.status).toBe(expectedExit(name));
  });
});
