// `plan --base REVISION [PATH]` on real git repositories: the base is PATH as the revision has it
// (read with git ls-tree and cat-file), the change is PATH in the working tree, and reading the
// base changes nothing in the working tree, the index or the repository.
import { mkdirSync, symlinkSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PlanDocument as PlanJson } from '../src/plan/format.js';
import { kptExample, otherDatabase, plan, quickstart, replaced, Repo } from './git-fixture.js';


/** The JSON plan of a run that must succeed with `code`. */
function planJson(out: SpawnSyncReturns<string>, code = 0): PlanJson {
  expect(out.stderr, out.stderr).toBe('');
  expect(out.status).toBe(code);
  const json = JSON.parse(out.stdout) as PlanJson;
  expect(json.exitCode).toBe(code);
  return json;
}

const effects = (p: PlanJson): string[] => p.shards.flatMap((s) => s.changes.map((c) => `${c.effect} ${c.object.kind} ${c.object.namespace}/${c.object.name}`));

/** Only the counts that are not 0. */
const counts = (p: PlanJson): Record<string, number> => Object.fromEntries(Object.entries(p.summary).filter(([k, n]) => n > 0 && k !== 'changedObjects'));

/** A repository whose main branch has deploy/ with the quickstart's two Shards. */
function quickstartRepo(): Repo {
  const repo = Repo.init();
  repo.write('deploy/shard.yaml', quickstart('shard.yaml'));
  repo.write('deploy/small-shard.yaml', quickstart('small-shard.yaml'));
  repo.write('README.md', 'not a manifest\n');
  repo.commit('base');
  return repo;
}

const IMAGE = ['multigres:v0.3.0', 'multigres:v0.3.1'] as const;
const IMAGE_FIELD = 'spec.template.spec.initContainers[name=multipooler].image';

describe('plan --base REVISION: the base from git, the change from the working tree', () => {
  it('plans an uncommitted change against HEAD and leaves the working tree, the index and .git as they were', () => {
    const repo = quickstartRepo();
    // Staged: v0.3.1. In the working tree, on top of that: v0.3.2. An untracked file too.
    repo.edit('deploy/shard.yaml', /multigres:v0\.3\.0/g, 'multigres:v0.3.1');
    repo.git('add', 'deploy/shard.yaml');
    repo.edit('deploy/shard.yaml', /multigres:v0\.3\.1/g, 'multigres:v0.3.2');
    repo.write('notes.txt', 'untracked\n');
    const status = repo.git('status', '--porcelain');
    expect(status).toBe('MM deploy/shard.yaml\n?? notes.txt\n');
    const before = repo.snapshot();

    const text = plan(['--base', 'HEAD', 'deploy'], repo.dir);
    const json = planJson(plan(['--base', 'HEAD', 'deploy', '--output', 'json'], repo.dir));
    const markdown = plan(['--base', 'HEAD', 'deploy', '--output', 'markdown'], repo.dir);

    expect(repo.snapshot()).toEqual(before);
    expect(repo.git('status', '--porcelain')).toBe(status);

    // HEAD against the working tree (not the index): v0.3.0 -> v0.3.2.
    expect(text.status).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/^Plan: HEAD:deploy -> deploy \(Kubernetes 1\.\d+\)\n/);
    expect(text.stdout).toContain(`${IMAGE_FIELD}: ghcr.io/multigres/multigres:v0.3.0 -> ghcr.io/multigres/multigres:v0.3.2`);
    expect(json).toMatchObject({ base: 'HEAD:deploy', change: 'deploy', rejected: false, dataAffecting: false });
    expect(counts(json)).toEqual({ 'restarts-pods': 4, unchanged: 11 });
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toMatch(/^## expand-pool-backups plan\n\n`HEAD:deploy` → `deploy` \(Kubernetes 1\.\d+\)\n/);
  });

  it('says there is nothing to do when the working tree is the revision', () => {
    const repo = quickstartRepo();
    const out = plan(['--base', 'HEAD', 'deploy'], repo.dir);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('No changes: every object the function renders is the same in both.');
    expect(counts(planJson(plan(['--base', 'HEAD', 'deploy', '-o', 'json'], repo.dir)))).toEqual({ unchanged: 15 });
  });

  it('plans a branch against main after the change is committed on the branch', () => {
    const repo = quickstartRepo();
    repo.git('checkout', '-q', '-b', 'more-replicas');
    repo.edit('deploy/shard.yaml', 'replicasPerCell: 2', 'replicasPerCell: 3');
    repo.commit('three replicas');
    expect(repo.git('status', '--porcelain')).toBe('');

    const json = planJson(plan(['--base', 'main', 'deploy', '--output', 'json'], repo.dir));
    expect(json.base).toBe('main:deploy');
    expect(effects(json)).toEqual(['scales StatefulSet db/prod-app-tg1-0-pool-main-z1-dabe3ae3']);
    expect(json.shards[0]!.changes[0]!.message).toBe('scales up from 2 to 3: starts prod-app-tg1-0-pool-main-z1-dabe3ae3-2');
    // The branch itself, and a commit named by hash, as revisions.
    expect(counts(planJson(plan(['--base', 'HEAD', 'deploy', '-o', 'json'], repo.dir)))).toEqual({ unchanged: 15 });
    const main = repo.git('rev-parse', 'main').trim();
    expect(effects(planJson(plan(['--base', main, 'deploy', '-o', 'json'], repo.dir)))).toEqual(effects(json));
    expect(effects(planJson(plan(['--base', 'HEAD~1', 'deploy', '-o', 'json'], repo.dir)))).toEqual(effects(json));
  });

  it('reads the same PATH however it is given: from the repository top, from the package, relative from elsewhere, absolute from outside', () => {
    const repo = Repo.init();
    repo.write('envs/prod/db/shard.yaml', quickstart('shard.yaml'));
    repo.write('envs/dev/db/small-shard.yaml', quickstart('small-shard.yaml'));
    repo.commit('base');
    repo.edit('envs/prod/db/shard.yaml', /multigres:v0\.3\.0/g, 'multigres:v0.3.1');
    repo.edit('envs/dev/db/small-shard.yaml', 'storage: {size: 10Gi}', 'storage: {size: 15Gi}'); // data volume: rejected
    mkdirSync(repo.path('tools/ci'), { recursive: true });

    const runs: Array<[string, string]> = [
      [repo.dir, 'envs/prod/db'],
      [repo.dir, './envs/prod/db/'],
      [repo.path('envs/prod/db'), '.'],
      [repo.path('envs/prod'), 'db'],
      [repo.path('tools/ci'), '../../envs/prod/db'],
      [repo.path('envs/dev'), '../prod/db'],
      [tmpdir(), repo.path('envs/prod/db')],
      [tmpdir(), relative(tmpdir(), repo.path('envs/prod/db'))],
    ];
    for (const [cwd, path] of runs) {
      const json = planJson(plan(['--base', 'HEAD', path, '--output', 'json'], cwd));
      // Both sides are named by the path inside the repository, however it was given.
      expect(json.change, `${cwd} ${path}`).toBe('envs/prod/db');
      expect(json.base, `${cwd} ${path}`).toBe('HEAD:envs/prod/db');
      // Only the prod package: the dev Shard's change is not in it.
      expect(counts(json), `${cwd} ${path}`).toEqual({ 'restarts-pods': 4, unchanged: 5 });
    }
    // PATH left out is the current directory.
    expect(counts(planJson(plan(['--base', 'HEAD', '--output', 'json'], repo.path('envs/prod/db'))))).toEqual({ 'restarts-pods': 4, unchanged: 5 });
    // The top of the repository holds both packages.
    expect(counts(planJson(plan(['--base', 'HEAD', '--output', 'json'], repo.dir), 3))).toEqual({ rejected: 1, 'restarts-pods': 4, unchanged: 10 });
    expect(counts(planJson(plan(['--base', 'HEAD', 'envs/dev', '--output', 'json'], repo.dir), 3))).toEqual({ rejected: 1, unchanged: 5 });
  });

  it('plans a file PATH: only that file, at the revision and in the working tree', () => {
    const repo = quickstartRepo();
    repo.edit('deploy/shard.yaml', /multigres:v0\.3\.0/g, 'multigres:v0.3.1');
    repo.edit('deploy/small-shard.yaml', 'cells: [z1]\n      storage', 'cells: [z1]\n      replicasPerCell: 2\n      storage');
    for (const [cwd, path] of [
      [repo.dir, 'deploy/shard.yaml'],
      [repo.path('deploy'), 'shard.yaml'],
      [tmpdir(), repo.path('deploy/shard.yaml')],
    ] as const) {
      const json = planJson(plan(['--base', 'HEAD', path, '--output', 'json'], cwd));
      expect(counts(json), path).toEqual({ 'restarts-pods': 4, unchanged: 5 });
      expect(json.shards.map((s) => s.shard)).toEqual(['db/prod-app-tg1-0']);
    }
    const small = planJson(plan(['--base', 'HEAD', 'deploy/small-shard.yaml', '--output', 'json'], repo.dir));
    expect(effects(small)).toEqual(['scales StatefulSet dev/dev-notes-main-0-pool-main-z1-84c72002']);
  });

  it('skips .git, node_modules, .expected and kustomization files at the revision as render does in the working tree', () => {
    const repo = quickstartRepo();
    const skipped = ['deploy/node_modules/some-package/shard.yaml', 'deploy/kustomization.yaml', 'deploy/kustomization.yml', 'deploy/.expected/config.yaml'];
    skipped.forEach((p, i) => repo.write(p, otherDatabase(`skipped-${i}`)));
    repo.commit('files that are not the package');
    expect(repo.git('ls-tree', '-r', '--name-only', 'HEAD', 'deploy').trim().split('\n')).toEqual(expect.arrayContaining(skipped));

    // Gone from the working tree: had the base read them, their objects would be deletes.
    for (const p of skipped) repo.remove(p);
    let json = planJson(plan(['--base', 'HEAD', 'deploy', '--output', 'json'], repo.dir));
    expect(counts(json)).toEqual({ unchanged: 15 });

    // Back, plus a .git directory in the package and at the top (git never tracks those): had
    // the change read them, their objects would be creates.
    repo.git('checkout', '-q', '--', 'deploy');
    repo.write('deploy/vendored/.git/shard.yaml', otherDatabase('in-a-dot-git'));
    repo.write('.git/shard.yaml', otherDatabase('in-the-dot-git'));
    json = planJson(plan(['--base', 'HEAD', 'deploy', '--output', 'json'], repo.dir));
    expect(counts(json)).toEqual({ unchanged: 15 });
    json = planJson(plan(['--base', 'HEAD', '.', '--output', 'json'], repo.dir));
    expect(counts(json)).toEqual({ unchanged: 15 });

    // The control: the same Shard as an ordinary file is read.
    repo.write('deploy/extra.yaml', otherDatabase('skipped-0'));
    json = planJson(plan(['--base', 'HEAD', 'deploy', '--output', 'json'], repo.dir));
    expect(json.summary.creates).toBe(5);
  });

  it('plans a manifest added only in the working tree as creates, and one deleted as deletes', () => {
    const repo = quickstartRepo();
    repo.write('deploy/new-db.yaml', otherDatabase('new-db-0'));
    expect(repo.git('status', '--porcelain')).toBe('?? deploy/new-db.yaml\n');
    const added = planJson(plan(['--base', 'HEAD', 'deploy', '--output', 'json'], repo.dir));
    expect(counts(added)).toEqual({ creates: 5, unchanged: 15 });
    expect(added.shards.map((s) => s.shard)).toEqual(['dev/new-db-0']);
    expect(added.dataAffecting).toBe(false);

    repo.remove('deploy/new-db.yaml');
    repo.remove('deploy/small-shard.yaml');
    const deleted = planJson(plan(['--base', 'HEAD', 'deploy', '--output', 'json'], repo.dir), 4);
    expect(counts(deleted)).toEqual({ deletes: 6, unchanged: 9 });
    expect(deleted.dataAffecting).toBe(true);
    const messages = deleted.shards.flatMap((s) => s.changes.map((c) => `${c.object.kind}: ${c.message}`));
    expect(messages).toContain('PersistentVolumeClaim: leaves the render; prune protection keeps the backup PVC in the cluster, with backups that nothing uses any more');
    expect(messages).toContain('StatefulSet: deletes the StatefulSet and stops its 1 pod (dev-notes-main-0-pool-main-z1-84c72002-0)');
    expect(messages).toContain('ConfigMap: deletes the ConfigMap');
  });

  it('plans a directory that does not exist at the revision as all creates', () => {
    const repo = quickstartRepo();
    repo.write('new-package/db.yaml', quickstart('small-shard.yaml'));
    const json = planJson(plan(['--base', 'HEAD', 'new-package', '--output', 'json'], repo.dir));
    expect(json.base).toBe('HEAD:new-package');
    expect(counts(json)).toEqual({ creates: 6 });
    // A file likewise.
    expect(counts(planJson(plan(['--base', 'HEAD', 'new-package/db.yaml', '--output', 'json'], repo.dir)))).toEqual({ creates: 6 });
  });

  it('refuses a revision the repository does not have, naming it, with exit 1', () => {
    const repo = quickstartRepo();
    for (const revision of ['origin/main', 'no-such-branch', 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef', '--help-me']) {
      const out = plan(['--base', revision, 'deploy'], repo.dir);
      expect(out.status, revision).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toBe(`expand-pool-backups: ${JSON.stringify(revision)} is not a commit of the git repository at ${repo.dir} (in CI, fetch it first: git fetch origin <branch>, or a checkout with full history)\n`);
    }
    // A revision that names a tree or a blob is not a commit either.
    const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
    expect(plan(['--base', tree, 'deploy'], repo.dir).status).toBe(1);
  });

  it('follows a symbolic link to a manifest at the revision as render follows it in the working tree', () => {
    const repo = Repo.init();
    repo.write('shared/small-shard.yaml', quickstart('small-shard.yaml'));
    mkdirSync(repo.path('pkg'));
    symlinkSync('../shared/small-shard.yaml', repo.path('pkg/small-shard.yaml'));
    repo.commit('a package whose Shard is a link');
    expect(counts(planJson(plan(['--base', 'HEAD', 'pkg', '-o', 'json'], repo.dir)))).toEqual({ unchanged: 6 });
    expect(counts(planJson(plan(['--base', 'HEAD', 'pkg/small-shard.yaml', '-o', 'json'], repo.dir)))).toEqual({ unchanged: 6 });
    // A change to the linked file shows through the link on both sides.
    repo.edit('shared/small-shard.yaml', /multigres:v0\.3\.0/g, 'multigres:v0.3.1');
    expect(counts(planJson(plan(['--base', 'HEAD', 'pkg', '-o', 'json'], repo.dir)))).toEqual({ 'restarts-pods': 2, unchanged: 4 });
  });

  it('plans a package the change deletes as deletes of everything it rendered', () => {
    const repo = quickstartRepo();
    repo.git('rm', '-rq', 'deploy');
    const json = planJson(plan(['--base', 'HEAD', 'deploy', '-o', 'json'], repo.dir), 4);
    expect(counts(json)).toEqual({ deletes: 15 });
    expect(json.change).toBe('deploy');
  });

  it('refuses a path outside any git repository with exit 1 and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epb-plan-nogit-'));
    writeFileSync(join(dir, 'shard.yaml'), quickstart('shard.yaml'));
    for (const [cwd, path] of [
      [dir, '.'],
      [tmpdir(), join(dir, 'shard.yaml')],
    ] as const) {
      const out = plan(['--base', 'HEAD', path], cwd);
      expect(out.status).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toContain(dir);
      expect(out.stderr).toMatch(/is not in a git repository: --base reads the base from git/);
    }
    // And a path that does not exist anywhere.
    const repo = quickstartRepo();
    const out = plan(['--base', 'HEAD', 'no-such-dir'], repo.dir);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe('expand-pool-backups: no-such-dir does not exist, neither in the working tree nor at HEAD\n');
  });

  it('refuses a non-UTF-8 file at the revision with exit 1, naming it', () => {
    const repo = quickstartRepo();
    repo.write('deploy/latin1.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  city: "'), Buffer.from([0x4d, 0xfc, 0x6e]), Buffer.from('chen"\n')]));
    repo.commit('a Latin-1 file');
    repo.remove('deploy/latin1.yaml'); // the working tree is fine: only the base is unreadable
    const out = plan(['--base', 'HEAD', 'deploy'], repo.dir);
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe('expand-pool-backups: deploy/latin1.yaml at HEAD is not valid UTF-8\n');
  });
});

describe('plan --base REVISION --config FILE: a functionConfig in the repository is read at the revision too', () => {
  /** The kpt example with its functionConfig outside the package, at config/backups.yaml. */
  function kptRepo(): Repo {
    const repo = Repo.init();
    repo.write('pkg/shard.yaml', kptExample('shard.yaml'));
    repo.write('pkg/secrets.yaml', kptExample('secrets.yaml'));
    repo.write('config/backups.yaml', kptExample('backups.yaml'));
    repo.commit('base');
    return repo;
  }

  const TEMPLATE = '"{namespace}/{cluster}/{database}/{tablegroup}/{shard}"';
  const MOVED = '"v2/{namespace}/{cluster}/{database}/{tablegroup}/{shard}"';

  it('reports the backups that a new keyPrefixTemplate moves, committed on a branch', () => {
    const repo = kptRepo();
    expect(counts(planJson(plan(['--base', 'HEAD', 'pkg', '--config', 'config/backups.yaml', '-o', 'json'], repo.dir)))).toEqual({ unchanged: 11 });
    repo.git('checkout', '-q', '-b', 'new-prefix');
    repo.edit('config/backups.yaml', TEMPLATE, MOVED);
    repo.commit('new key prefix');

    const json = planJson(plan(['--base', 'main', 'pkg', '--config', 'config/backups.yaml', '--output', 'json'], repo.dir), 4);
    expect(counts(json)).toEqual({ 'moves-backups': 3, 'restarts-pods': 3, unchanged: 8 });
    const moves = json.shards.flatMap((s) => s.changes).filter((c) => c.effect === 'moves-backups');
    expect(moves.map((c) => c.object.name)).toEqual([
      'prod-orders-main-0-pool-primary-eu-west-1a-416d989b',
      'prod-orders-main-0-pool-primary-eu-west-1b-cf662960',
      'prod-orders-main-0-pool-reporting-eu-west---18523333',
    ]);
    for (const c of moves) {
      expect(c.dataAffecting).toBe(true);
      expect(c.message).toBe("moves this pool's backups from s3://acme-orders-pgbackrest/orders/prod/orders/main/0/multigres (AWS eu-west-1) to s3://acme-orders-pgbackrest/v2/orders/prod/orders/main/0/multigres (AWS eu-west-1)");
      expect(c.fields).toMatchObject([{ path: 'spec.template.spec.containers[name=postgres].args', removed: ['--backup-key-prefix=orders/prod/orders/main/0'], added: ['--backup-key-prefix=v2/orders/prod/orders/main/0'] }]);
    }
    // The same from the package directory, with the config given relative to it.
    const fromPackage = planJson(plan(['--base', 'main', '--config', '../config/backups.yaml', '--output', 'json'], repo.path('pkg')), 4);
    expect(effects(fromPackage)).toEqual(effects(json));
  });

  it('reads the config at the revision, not from the working tree, for an uncommitted change', () => {
    const repo = kptRepo();
    repo.edit('config/backups.yaml', TEMPLATE, MOVED);
    const before = repo.snapshot();
    const out = plan(['--base', 'HEAD', 'pkg', '--config', 'config/backups.yaml'], repo.dir);
    expect(out.status).toBe(4);
    expect(out.stdout).toContain('0 rejected, 0 stops serving, 3 moves backups, 0 deletes, 0 scales, 3 restarts pods');
    expect(repo.snapshot()).toEqual(before);
  });

  it('leaves the config file out of the manifests at the revision when it lies inside the package', () => {
    const repo = Repo.init();
    repo.write('pkg/shard.yaml', kptExample('shard.yaml'));
    repo.write('pkg/secrets.yaml', kptExample('secrets.yaml'));
    repo.write('pkg/settings/backups.yaml', kptExample('backups.yaml'));
    repo.commit('base');
    repo.edit('pkg/settings/backups.yaml', TEMPLATE, MOVED);
    const json = planJson(plan(['--base', 'HEAD', 'pkg', '--config', 'pkg/settings/backups.yaml', '--output', 'json'], repo.dir), 4);
    expect(counts(json)).toEqual({ 'moves-backups': 3, 'restarts-pods': 3, unchanged: 8 });
  });

  it('reads a config outside the repository from the file system for both sides', () => {
    const repo = kptRepo();
    const outside = join(mkdtempSync(join(tmpdir(), 'epb-plan-config-')), 'backups.yaml');
    writeFileSync(outside, replaced(kptExample('backups.yaml'), TEMPLATE, MOVED));
    expect(counts(planJson(plan(['--base', 'HEAD', 'pkg', '--config', outside, '-o', 'json'], repo.dir)))).toEqual({ unchanged: 11 });
  });

  it('renders the base without a config the revision does not have: the base as it was', () => {
    const repo = kptRepo();
    repo.write('config/new.yaml', kptExample('backups.yaml'));
    // This package needs its config (its pools take the bucket from the defaults), so the base
    // really did not render: the plan says so instead of inventing one.
    const out = plan(['--base', 'HEAD', 'pkg', '--config', 'config/new.yaml'], repo.dir);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('the base (HEAD:pkg) does not render: type s3 needs an s3 block');
    expect(out.stderr).not.toContain('the change');
  });
});
