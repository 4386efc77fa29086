// examples/ci: plan-comment.sh run for real (with sh, so it must be POSIX) on a git repository with
// a pull-request branch, the built function behind PLAN_BIN and a fake `gh` that records what it
// was asked to do; and the GitHub Actions workflow, read as YAML.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUNDLE, gitEnv, quickstart, Repo, REPO_ROOT } from './git-fixture.js';

const SCRIPT = join(REPO_ROOT, 'examples/ci/plan-comment.sh');
const WORKFLOW = join(REPO_ROOT, 'examples/ci/github-actions.yaml');

/** PLAN_BIN: a wrapper that runs the built bundle with this Node. */
function planBin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'epb-ci-bin-'));
  const bin = join(dir, 'expand-pool-backups');
  writeFileSync(bin, `#!/bin/sh\nexec '${process.execPath}' '${BUNDLE}' "$@"\n`);
  chmodSync(bin, 0o755);
  return bin;
}

/**
 * A fake `gh` on PATH: each call gets a numbered directory under `calls` with its argv (one
 * argument a line) and the content of its --body-file. With FAKE_GH_NO_COMMENT set, `--edit-last`
 * fails as gh does when the user has no comment on the pull request yet.
 */
function fakeGh(): { path: string; calls: () => Array<{ argv: string[]; body: string }> } {
  const dir = mkdtempSync(join(tmpdir(), 'epb-ci-gh-'));
  const calls = join(dir, 'calls');
  writeFileSync(
    join(dir, 'gh'),
    `#!/bin/sh
n=1
while [ -e '${calls}'/$n ]; do n=$((n + 1)); done
mkdir -p '${calls}'/$n
printf '%s\\n' "$@" > '${calls}'/$n/argv
prev=
for a in "$@"; do
  if [ "$prev" = --body-file ]; then
    if [ "$a" = - ]; then cat > '${calls}'/$n/body; else cat "$a" > '${calls}'/$n/body; fi
  fi
  prev=$a
done
case " $* " in *" --edit-last "*)
  if [ -n "\${FAKE_GH_NO_COMMENT:-}" ]; then echo 'no comments found for current user' >&2; exit 1; fi ;;
esac
exit 0
`,
  );
  chmodSync(join(dir, 'gh'), 0o755);
  return {
    path: dir,
    calls: () =>
      existsSync(calls)
        ? readdirSync(calls)
            .map(Number)
            .sort((a, b) => a - b)
            .map((n) => ({ argv: readFileSync(join(calls, String(n), 'argv'), 'utf8').trimEnd().split('\n'), body: readFileSync(join(calls, String(n), 'body'), 'utf8') }))
        : [],
  };
}

/** A checkout of a pull request: origin/main has the quickstart in deploy/, the branch `change` one commit more. */
function pullRequest(change: (repo: Repo) => void): Repo {
  const repo = Repo.init('epb-ci-repo-');
  repo.write('deploy/shard.yaml', quickstart('shard.yaml'));
  repo.write('deploy/small-shard.yaml', quickstart('small-shard.yaml'));
  repo.commit('base');
  repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  repo.git('checkout', '-q', '-b', 'change');
  change(repo);
  repo.commit('the change');
  return repo;
}

const harmless = (repo: Repo) => repo.edit('deploy/shard.yaml', /multigres:v0\.3\.0/g, 'multigres:v0.3.1'); // restarts only
const rejected = (repo: Repo) => repo.edit('deploy/shard.yaml', /storage: \{size: 20Gi, class: gp3\}/g, 'storage: {size: 50Gi, class: gp3}'); // data volumes: immutable
const dataAffecting = (repo: Repo) => repo.remove('deploy/small-shard.yaml'); // deletes a database

/** The environment of a CI job, without any CI variable of the machine the tests run on. */
const baseEnv = Object.fromEntries(Object.entries(gitEnv).filter(([k]) => !/^(GITHUB_|GH_|CI_|RUNNER_)/.test(k) && !['CI', 'PR_NUMBER', 'BASE_REF', 'PACKAGE_PATH', 'PLAN_BIN', 'PLAN_CONFIG', 'FAIL_ON_DATA', 'MAX_COMMENT_BYTES'].includes(k)));

function job(repo: Repo, env: Record<string, string>, gh?: { path: string }): SpawnSyncReturns<string> {
  return spawnSync('sh', [SCRIPT], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: { ...baseEnv, PATH: `${gh ? `${gh.path}:` : ''}${process.env.PATH}`, BASE_REF: 'origin/main', PACKAGE_PATH: 'deploy', PLAN_BIN: planBin(), ...env },
  });
}

/** What `plan --output markdown` prints for the same repository. */
const markdownPlan = (repo: Repo): string => spawnSync(process.execPath, [BUNDLE, 'plan', '--base', 'origin/main', 'deploy', '--output', 'markdown'], { cwd: repo.dir, env: gitEnv, encoding: 'utf8' }).stdout;

const inPullRequest = { PR_NUMBER: '42', GH_TOKEN: 'not-a-real-token' };

describe('examples/ci/plan-comment.sh', () => {
  it('comments the Markdown plan by editing the last comment, logs the text plan, and passes a change that only restarts pods', () => {
    const repo = pullRequest(harmless);
    const gh = fakeGh();
    const out = job(repo, inPullRequest, gh);
    expect(out.status, out.stderr).toBe(0);
    const calls = gh.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.argv).toEqual(['pr', 'comment', '42', '--body-file', expect.stringMatching(/comment\.md$/), '--edit-last']);
    expect(calls[0]!.body).toMatch(/^## expand-pool-backups plan\n\n`origin\/main:deploy` → `deploy` \(Kubernetes 1\.\d+\)\n/);
    expect(calls[0]!.body).toBe(markdownPlan(repo));
    expect(calls[0]!.body).toContain('4 restarts pods');
    // The log: the text plan; the Markdown went to the comment only.
    expect(out.stdout).toMatch(/^Plan: origin\/main:deploy -> deploy \(Kubernetes 1\.\d+\)\n0 rejected, 0 stops serving, 0 moves backups, 0 deletes, 0 scales, 4 restarts pods/);
    expect(out.stdout).not.toContain('## expand-pool-backups plan');
    expect(out.stderr).toBe('');
  });

  it('creates the comment when --edit-last finds none', () => {
    const repo = pullRequest(harmless);
    const gh = fakeGh();
    const out = job(repo, { ...inPullRequest, FAKE_GH_NO_COMMENT: '1' }, gh);
    expect(out.status, out.stderr).toBe(0);
    const calls = gh.calls();
    expect(calls.map((c) => c.argv.filter((a) => !a.endsWith('comment.md')))).toEqual([
      ['pr', 'comment', '42', '--body-file', '--edit-last'],
      ['pr', 'comment', '42', '--body-file'],
    ]);
    expect(calls[1]!.body).toBe(markdownPlan(repo));
  });

  it('fails the job when a pool stops serving (plan exit 6)', () => {
    const repo = pullRequest((r) => r.edit('deploy/shard.yaml', /replicasPerCell: \d+/g, 'replicasPerCell: 0'));
    const out = job(repo, { ...inPullRequest, GITHUB_ACTIONS: 'true' }, fakeGh());
    expect(out.status).toBe(6);
    expect(out.stdout).toContain('::error::part of the database stops serving (plan exit 6)');
  });

  it('fails the job when Kubernetes would reject the change (plan exit 3), with the plan in the comment and the job summary', () => {
    const repo = pullRequest(rejected);
    const gh = fakeGh();
    const summary = join(mkdtempSync(join(tmpdir(), 'epb-ci-summary-')), 'summary.md');
    writeFileSync(summary, '# earlier steps\n');
    const out = job(repo, { ...inPullRequest, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' }, gh);
    expect(out.status).toBe(3);
    const body = gh.calls()[0]!.body;
    expect(body).toMatch(/^## expand-pool-backups plan\n/);
    expect(body).toContain('**3 rejected**');
    expect(body).toContain('> [!CAUTION]');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier steps\n${body}`);
    expect(out.stdout).toContain('::error::Kubernetes will reject part of this change (plan exit 3)');
  });

  it('passes a data-affecting change (plan exit 4) with a warning, and fails it with FAIL_ON_DATA=true', () => {
    const repo = pullRequest(dataAffecting);
    const gh = fakeGh();
    const passed = job(repo, { ...inPullRequest, GITHUB_ACTIONS: 'true' }, gh);
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain('::warning::the change affects data (plan exit 4)');
    expect(gh.calls()[0]!.body).toContain('**6 deletes**');
    const failed = job(repo, { ...inPullRequest, FAIL_ON_DATA: 'true' }, gh);
    expect(failed.status).toBe(4);
    expect(failed.stderr).toContain('plan-comment: error: the change affects data (plan exit 4) and FAIL_ON_DATA=true');
  });

  it('outside a pull request writes the Markdown to the job summary, or to stdout, and never calls gh', () => {
    const repo = pullRequest(rejected);
    const gh = fakeGh();
    const summary = join(mkdtempSync(join(tmpdir(), 'epb-ci-summary-')), 'summary.md');
    const withSummary = job(repo, { GITHUB_STEP_SUMMARY: summary, GH_TOKEN: 'not-a-real-token' }, gh); // no PR_NUMBER
    expect(withSummary.status).toBe(3);
    expect(readFileSync(summary, 'utf8')).toBe(markdownPlan(repo));
    expect(withSummary.stdout).not.toContain('## expand-pool-backups plan');

    const plain = job(repo, { PR_NUMBER: '42' }, gh); // no token
    expect(plain.status).toBe(3);
    const [text, markdown] = plain.stdout.split('\n## expand-pool-backups plan\n');
    expect(text).toMatch(/^Plan: origin\/main:deploy -> deploy \(Kubernetes 1\.\d+\)\n/);
    expect(`## expand-pool-backups plan\n${markdown}`).toBe(markdownPlan(repo));
    expect(gh.calls()).toEqual([]);
  });

  it('fails the job when there is no plan (exit 1), and says why where the plan would be', () => {
    const repo = pullRequest(harmless);
    const gh = fakeGh();
    const out = job(repo, { ...inPullRequest, BASE_REF: 'origin/release' }, gh);
    expect(out.status).toBe(1);
    const body = gh.calls()[0]!.body;
    expect(body).toMatch(/^## expand-pool-backups plan\n\nThe plan of `deploy` against `origin\/release` could not be made \(exit 1\):\n/);
    expect(body).toContain('"origin/release" is not a commit of the git repository');
    expect(out.stderr).toContain('"origin/release" is not a commit of the git repository');
    expect(out.stderr.match(/is not a commit/g)).toHaveLength(1); // said once in the log

    const missing = job(repo, { ...inPullRequest, PLAN_BIN: '/nonexistent/expand-pool-backups' }, gh);
    expect(missing.status).toBe(127);
    expect(gh.calls()[1]!.body).toMatch(/could not be made \(exit 127\):\n\n```\n.*not found/);
  });

  it('cuts a plan too long for a comment at a line and says where the rest is', () => {
    const repo = pullRequest(rejected);
    const gh = fakeGh();
    const out = job(repo, { ...inPullRequest, MAX_COMMENT_BYTES: '3000' }, gh);
    expect(out.status).toBe(3);
    const body = gh.calls()[0]!.body;
    const full = markdownPlan(repo);
    expect(full.length).toBeGreaterThan(3000);
    const note = '\n---\n_The plan is longer than a comment can hold: the whole plan is in the job log._\n';
    expect(body.endsWith(note)).toBe(true);
    const kept = body.slice(0, -note.length);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(3000);
    expect(full.startsWith(kept)).toBe(true);
    expect(kept.endsWith('\n')).toBe(true);
  });

  it('is a POSIX sh script that documents its policy at the top', () => {
    const text = readFileSync(SCRIPT, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    const header = text.split('\nset -u\n')[0]!;
    for (const word of ['BASE_REF', 'PACKAGE_PATH', 'PLAN_BIN', 'FAIL_ON_DATA', 'Policy', '3 ', '4 ', '5 ', '1 ']) expect(header).toContain(word);
    expect(spawnSync('sh', ['-n', SCRIPT]).status).toBe(0);
  });
});

describe('examples/ci/github-actions.yaml', () => {
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Record<string, any>;
  const steps = Object.values(workflow.jobs as Record<string, { steps: Array<Record<string, any>> }>).flatMap((j) => j.steps);

  it('runs on pull requests that touch the package, and may write pull-request comments', () => {
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining([`${workflow.env.PACKAGE_PATH}/**`]));
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  it('checks out the whole history and runs the script against the base branch, with the token and the PR number', () => {
    const checkout = steps.find((s) => String(s.uses).startsWith('actions/checkout@'));
    expect(checkout?.with['fetch-depth']).toBe(0);
    expect(steps.find((s) => String(s.uses).startsWith('actions/setup-node@'))?.with['node-version']).toBe(20);
    const plan = steps.find((s) => String(s.run).includes('examples/ci/plan-comment.sh'));
    expect(plan).toBeDefined();
    expect(plan!.env).toMatchObject({
      BASE_REF: 'origin/${{ github.base_ref }}',
      PR_NUMBER: '${{ github.event.pull_request.number }}',
      GH_TOKEN: expect.stringMatching(/^\$\{\{ (github\.token|secrets\.GITHUB_TOKEN) \}\}$/),
    });
    // The checkout comes first, the plan last.
    expect(steps.indexOf(checkout!)).toBe(0);
    expect(steps.at(-1)).toBe(plan);
  });

  it('installs the function as the README does: a clone, npm start, a link on PATH', () => {
    const install = steps.find((s) => String(s.run).includes('expand-pool-backups.mjs'))!;
    expect(install.run).toContain('https://github.com/multigres/expand-pool-backups');
    expect(install.run).toContain('npm start >/dev/null');
    expect(install.run).toContain('ln -sf "$PWD/dist/expand-pool-backups.mjs"');
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('ln -sf "$PWD/dist/expand-pool-backups.mjs" ~/.local/bin/expand-pool-backups');
  });
});
