import { describe, expect, it } from 'vitest';
import { diffObjects } from './diff.js';
import { planChanges, repositoryOf } from './plan.js';
import { compareQuantities } from '../api/quantity.js';
import { planExitCode } from './format.js';
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
  it('reads an S3 location from the pgctld flags, with the endpoint in place of the region', () => {
    expect(repositoryOf(sts(['--backup-type=s3', '--backup-bucket=b', '--backup-region=r', '--backup-key-prefix=p']))?.description).toBe('s3://b/p (region r)');
    expect(repositoryOf(sts(['--backup-type=s3', '--backup-bucket=b', '--backup-region=us-east-1', '--backup-endpoint=https://minio:9000']))?.identity).toEqual({ type: 's3', bucket: 'b', keyPrefix: '', endpoint: 'https://minio:9000' });
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

describe('plan arguments', () => {
  it('takes two paths, or --base with one', () => {
    expect(parseArgs(['plan', 'a', 'b'])).toEqual({ command: 'plan', base: 'a', change: 'b', output: 'text' });
    expect(parseArgs(['plan', '--base=origin/main', '-o', 'json'])).toEqual({ command: 'plan', revision: 'origin/main', change: '.', output: 'json' });
    expect(parseArgs(['plan', '--base', 'HEAD~1', 'pkg', '--config', 'c.yaml', '--output', 'markdown'])).toEqual({ command: 'plan', revision: 'HEAD~1', change: 'pkg', config: 'c.yaml', output: 'markdown' });
  });

  it.each([[['plan']], [['plan', 'a']], [['plan', 'a', 'b', 'c']], [['plan', '--base', 'x', 'a', 'b']], [['plan', 'a', 'b', '--output', 'yaml']], [['plan', '--base']], [['plan', 'a', 'b', '--colour']], [['plan', '-', 'b']]])('refuses %j', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
