import { describe, expect, it } from 'vitest';
import { diffObjects } from './diff.js';
import { planChanges, repositoryOf } from './plan.js';
import { compareQuantities } from '../api/quantity.js';
import { formatMarkdown, planExitCode } from './format.js';
import { s3RepositoryKey } from '../api/repository.js';
import { kubeRules } from './kube-rules.js';
import { parseArgs, UsageError } from '../cli/args.js';

describe('diffObjects', () => {
  it('matches list entries by name, and says when only their order changed', () => {
    const a = { c: [{ name: 'x', image: 'a' }, { name: 'y', image: 'b' }] };
    expect(diffObjects(a, { c: [{ name: 'x', image: 'a2' }, { name: 'y', image: 'b' }] }).map((f) => f.path)).toEqual(['c[name=x].image']);
    expect(diffObjects(a, { c: [{ name: 'y', image: 'b' }, { name: 'x', image: 'a' }] })).toEqual([{ path: 'c', segments: ['c'], before: ['x', 'y'], after: ['y', 'x'] }]);
    expect(diffObjects(a, { c: [{ name: 'x', image: 'a' }] })).toEqual([{ path: 'c[name=y]', segments: ['c', { key: 'name', value: 'y' }], before: { name: 'y', image: 'b' } }]);
  });

  it('matches claim templates by metadata.name', () => {
    const t = (size: string) => ({ spec: { volumeClaimTemplates: [{ metadata: { name: 'pgdata' }, spec: { resources: { requests: { storage: size } } } }] } });
    expect(diffObjects(t('1Gi'), t('2Gi'))[0]!.path).toBe('spec.volumeClaimTemplates[metadata.name=pgdata].spec.resources.requests.storage');
  });

  it('gives a list of scalars as one field with what was added and removed', () => {
    const [f] = diffObjects({ args: ['a', 'b', 'c'] }, { args: ['a', 'c', 'd'] });
    expect(f).toMatchObject({ path: 'args', removed: ['b'], added: ['d'] });
  });

  it('quotes keys a dotted path cannot hold', () => {
    expect(diffObjects({ metadata: { labels: { 'multigres.com/pool': 'a' } } }, { metadata: { labels: { 'multigres.com/pool': 'b' } } })[0]!.path).toBe('metadata.labels["multigres.com/pool"]');
  });
});

describe('compareQuantities (how plan tells a volume growing from one shrinking)', () => {
  it.each([
    ['10Gi', String(10 * 2 ** 30)],
    ['1.5Ti', String(1.5 * 2 ** 40)],
    ['500M', '500000000'],
    ['1e3', '1000'],
  ])('%s is %s bytes', (q, bytes) => {
    expect(compareQuantities(q, bytes)).toBe(0);
    expect(compareQuantities(q, `${bytes}1`)).toBe(-1);
    expect(compareQuantities(`${bytes}1`, q)).toBe(1);
  });

  it('gives nothing for what is not a quantity', () => expect(compareQuantities('10GB', '1')).toBeUndefined());
});

const sts = (args: string[], volumes: unknown[] = []) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'x', namespace: 'db', annotations: { 'fn.multigres.com/rendered-from': 'db/s' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'postgres', args, volumeMounts: [{ name: 'backup-data', mountPath: '/backups' }] }], volumes } } },
});

describe('repositoryOf', () => {
  const s3 = (...flags: string[]) => repositoryOf(sts(['--backup-type=s3', ...flags]))!;

  it('reads an S3 location from the pgctld flags, with the endpoint in place of the region', () => {
    expect(s3('--backup-bucket=b', '--backup-region=r', '--backup-key-prefix=p').description).toBe('s3://b/p/multigres (AWS r)');
    expect(s3('--backup-bucket=b', '--backup-region=us-east-1', '--backup-endpoint=https://minio:9000').identity).toBe(s3RepositoryKey({ bucket: 'b', region: 'us-east-1', endpoint: 'https://minio:9000' }));
  });

  it('takes its identity from api/repository.ts: one trailing slash and the explicit AWS endpoint change nothing', () => {
    const base = s3('--backup-bucket=b', '--backup-region=eu-west-1', '--backup-key-prefix=prod/orders');
    expect(s3('--backup-bucket=b', '--backup-region=eu-west-1', '--backup-key-prefix=prod/orders/').identity).toBe(base.identity);
    expect(s3('--backup-bucket=b', '--backup-region=eu-west-1', '--backup-endpoint=https://s3.eu-west-1.amazonaws.com', '--backup-key-prefix=prod/orders').identity).toBe(base.identity);
    expect(s3('--backup-bucket=b', '--backup-region=eu-west-1', '--backup-key-prefix=prod/orders//').identity).not.toBe(base.identity);
    expect(s3('--backup-bucket=b', '--backup-region=eu-west-1', '--backup-endpoint=https://minio.example:9000', '--backup-key-prefix=prod/orders')).toMatchObject({ place: base.place });
  });

  it('reads a filesystem repository as the claim mounted at the backup path', () => {
    const o = sts(['--backup-type=filesystem', '--backup-path=/backups'], [{ name: 'backup-data', persistentVolumeClaim: { claimName: 'backup-data-x' } }]);
    expect(repositoryOf(o)).toMatchObject({ type: 'filesystem', claim: 'backup-data-x', description: 'filesystem on backup PVC db/backup-data-x' });
  });
});

describe('planChanges', () => {
  it('ignores objects the function did not render, and kpt bookkeeping annotations', () => {
    const mine = sts(['--backup-type=s3']);
    const withPath = structuredClone(mine);
    (withPath.metadata.annotations as Record<string, string>)['config.kubernetes.io/path'] = 'a.yaml';
    const other = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    const plan = planChanges([mine, other], [withPath, { ...other, data: { a: '2' } }]);
    expect(plan.shards).toEqual([]);
    expect(plan.summary.unchanged).toBe(1);
  });

  it('gives exit codes 3, 4 and 5 for rejected, data-affecting and both', () => {
    const base = sts(['--backup-type=s3', '--backup-bucket=b', '--backup-region=r']);
    const moved = sts(['--backup-type=s3', '--backup-bucket=c', '--backup-region=r']);
    const rejected = { ...base, spec: { ...base.spec, serviceName: 'other' } };
    expect(planExitCode(planChanges([base], [base]))).toBe(0);
    expect(planExitCode(planChanges([base], [moved]))).toBe(4);
    expect(planExitCode(planChanges([base], [rejected]))).toBe(3);
    expect(planExitCode(planChanges([base], [{ ...moved, spec: { ...moved.spec, serviceName: 'other' } }]))).toBe(5);
  });
});

const withSpec = <T extends { spec: object }>(o: T, spec: object): T => ({ ...o, spec: { ...o.spec, ...spec } });
const effectsOf = (plan: ReturnType<typeof planChanges>) => plan.shards.flatMap((s) => s.changes.map((c) => c.effect));

describe('planChanges compares as the API server does', () => {
  const base = sts(['--backup-type=s3', '--backup-bucket=b', '--backup-region=r']);
  const claims = (size: string | number) => withSpec(base, { volumeClaimTemplates: [{ metadata: { name: 'pgdata' }, spec: { resources: { requests: { storage: size } } } }] });

  it('takes quantities by value: 20Gi and 21474836480 are the same request', () => {
    expect(planChanges([claims('20Gi')], [claims('21474836480')]).shards).toEqual([]);
    expect(planChanges([claims('20Gi')], [claims(21474836480)]).shards).toEqual([]);
    expect(effectsOf(planChanges([claims('20Gi')], [claims('21474836481')]))).toEqual(['rejected']);
  });

  it('counts what a rejected StatefulSet would do only after its procedure', () => {
    const image = (o: typeof base, tag: string) => withSpec(o, { template: { spec: { containers: [{ name: 'postgres', image: tag, args: o.spec.template.spec.containers[0]!.args }] } } });
    const plan = planChanges([image(claims('10Gi'), 'a')], [image(claims('20Gi'), 'b')]);
    expect(plan.summary).toMatchObject({ rejected: 1, 'restarts-pods': 0, afterProcedure: 1 });
    const after = plan.shards[0]!.changes.find((c) => c.effect === 'restarts-pods')!;
    expect(after).toMatchObject({ afterProcedure: true });
    expect(after.message).toMatch(/^after the procedure: /);
  });

  it('follows the version: revisionHistoryLimit is refused before 1.33, accepted from it', () => {
    const limited = (n: number) => withSpec(base, { revisionHistoryLimit: n });
    expect(effectsOf(planChanges([limited(1)], [limited(2)], { rules: kubeRules('1.32') }))).toEqual(['rejected']);
    expect(effectsOf(planChanges([limited(1)], [limited(2)], { rules: kubeRules('1.33') }))).toEqual(['updates']);
  });

  it('describes scaling by podManagementPolicy', () => {
    const n = (r: number) => withSpec(base, { replicas: r, podManagementPolicy: 'Parallel' });
    const down = planChanges([n(4)], [n(2)]).shards[0]!.changes[0]!;
    expect(down.message).toMatch(/all at once \(podManagementPolicy: Parallel\)/);
    expect(down.message).not.toMatch(/highest ordinal first/);
  });
});

describe('planChanges: availability', () => {
  const pooled = (pool: string, cell: string, replicas: number) => {
    const o = sts(['--backup-type=s3', '--backup-bucket=b', '--backup-region=r']);
    return { ...o, metadata: { ...o.metadata, name: `x-${pool}-${cell}`, labels: { 'multigres.com/pool': pool, 'multigres.com/cell': cell } }, spec: { ...o.spec, replicas } };
  };

  it('says a pool stops serving when every cell of it is at 0, and exits 6', () => {
    const plan = planChanges([pooled('main', 'z1', 2), pooled('main', 'z2', 1)], [pooled('main', 'z1', 0), pooled('main', 'z2', 0)]);
    expect(effectsOf(plan)).toEqual(['stops-serving', 'stops-serving']);
    expect(plan.availabilityAffecting).toBe(true);
    expect(planExitCode(plan)).toBe(6);
    expect(plan.shards[0]!.changes[0]!.details.join(' ')).not.toMatch(/another replica has taken over/);
  });

  it('keeps a scale-down a scale-down while another cell of the pool runs', () => {
    const plan = planChanges([pooled('main', 'z1', 2), pooled('main', 'z2', 1)], [pooled('main', 'z1', 0), pooled('main', 'z2', 1)]);
    expect(effectsOf(plan)).toEqual(['scales']);
    expect(planExitCode(plan)).toBe(0);
  });

  it('says a Service whose new selector matches no running pod stops serving', () => {
    const pod = { ...pooled('main', 'z1', 2), spec: { ...pooled('main', 'z1', 2).spec, template: { metadata: { labels: { app: 'pg', team: 'a' } }, spec: { containers: [] } } } };
    const svc = (selector: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'db', annotations: { 'fn.multigres.com/rendered-from': 'db/s' } }, spec: { selector } });
    expect(effectsOf(planChanges([pod, svc({ app: 'pg' })], [pod, svc({ app: 'pg', team: 'b' })]))).toEqual(['stops-serving']);
    expect(effectsOf(planChanges([pod, svc({ app: 'pg' })], [pod, svc({ app: 'pg', team: 'a' })]))).toEqual(['updates']);
  });
});

describe('plan exit codes', () => {
  it.each([
    [false, false, false, 0],
    [true, false, false, 3],
    [false, true, false, 4],
    [true, true, false, 5],
    [false, false, true, 6],
    [true, false, true, 7],
    [false, true, true, 8],
    [true, true, true, 9],
  ])('rejected %s, data %s, availability %s: %i', (rejected, dataAffecting, availabilityAffecting, code) => {
    expect(planExitCode({ rejected, dataAffecting, availabilityAffecting })).toBe(code);
  });
});

describe('Markdown for a pull request', () => {
  it('stays under the limit without dropping a rejected, availability or data change', () => {
    const many = Array.from({ length: 300 }, (_, i) => {
      const o = sts(['--backup-type=s3', '--backup-bucket=b', '--backup-region=r']);
      return { ...o, metadata: { ...o.metadata, name: `x${i}`, annotations: { 'fn.multigres.com/rendered-from': `db/s${i}` } } };
    });
    const changed = many.map((o, i) => (i % 10 === 0 ? withSpec(o, { serviceName: 'other' }) : withSpec(o, { template: { spec: { containers: [{ name: 'postgres', image: 'new', args: o.spec.template.spec.containers[0]!.args }] } } })));
    const plan = planChanges(many, changed);
    const full = formatMarkdown(plan, { base: 'a', change: 'b' }, Infinity);
    const cut = formatMarkdown(plan, { base: 'a', change: 'b' }, 20_000);
    expect(full.length).toBeGreaterThan(20_000);
    expect(cut.length).toBeLessThanOrEqual(20_000);
    for (const c of plan.shards.flatMap((s) => s.changes).filter((c) => c.effect === 'rejected')) expect(cut).toContain(`db/${c.object.name}\``);
    expect(cut.indexOf('rejected')).toBeLessThan(cut.indexOf('restarts pods'));
  });
});

describe('plan arguments', () => {
  it('takes two paths, or --base with one', () => {
    expect(parseArgs(['plan', 'a', 'b'])).toEqual({ command: 'plan', base: 'a', change: 'b', output: 'text' });
    expect(parseArgs(['plan', '--base=origin/main', '-o', 'json'])).toEqual({ command: 'plan', revision: 'origin/main', change: '.', output: 'json' });
    expect(parseArgs(['plan', '--base', 'HEAD~1', 'pkg', '--config', 'c.yaml', '--output', 'markdown'])).toEqual({ command: 'plan', revision: 'HEAD~1', change: 'pkg', config: 'c.yaml', output: 'markdown' });
  });

  it('takes settings per side and a Kubernetes version', () => {
    expect(parseArgs(['plan', 'a', 'b', '--base-config', 'x.yaml', '--change-config=y.yaml', '--kube-version', 'v1.31.4'])).toEqual({ command: 'plan', base: 'a', change: 'b', baseConfig: 'x.yaml', changeConfig: 'y.yaml', kubeVersion: '1.31', output: 'text' });
    expect(parseArgs(['plan', '--help'])).toEqual({ command: 'help', topic: 'plan' });
    expect(parseArgs(['help', 'plan'])).toEqual({ command: 'help', topic: 'plan' });
  });

  it.each([[['plan', 'a', 'b', '--kube-version', '1.28']], [['plan', 'a', 'b', '--kube-version', 'latest']], [['plan']], [['plan', 'a']], [['plan', 'a', 'b', 'c']], [['plan', '--base', 'x', 'a', 'b']], [['plan', 'a', 'b', '--output', 'yaml']], [['plan', '--base']], [['plan', 'a', 'b', '--colour']], [['plan', '-', 'b']]])('refuses %j', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
