// End to end through the real kpt binary, with the bundle as an exec function.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readList, requireTool } from './helpers.js';

const bundle = new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname;
const quickstart = new URL('../examples/quickstart', import.meta.url).pathname;

function packageCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'epb-kpt-')), 'pkg');
  cpSync(quickstart, dir, { recursive: true });
  writeFileSync(
    join(dir, 'Kptfile'),
    `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n  - exec: ${bundle}\n`,
  );
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'package');
  return dir;
}

const kpt = (args: string[], cwd: string) => spawnSync('kpt', args, { cwd, encoding: 'utf8' });

describe('kpt', () => {
  // A missing tool fails each test with what to install, not with a confusing assertion.
  beforeEach(() => {
    requireTool('kpt');
  });

  it('fn eval --exec renders the quickstart, and its output fed back in changes nothing', () => {
    const dir = packageCopy();
    const out = kpt(['fn', 'eval', '.', '--exec', bundle, '-o', 'stdout'], dir);
    expect(out.status, out.stderr).toBe(0);
    const list = readList(out.stdout);
    expect(list.items.filter((i) => i.kind === 'StatefulSet')).toHaveLength(4);
    const again = spawnSync(process.execPath, [bundle], { input: out.stdout, encoding: 'utf8' });
    expect(again.status).toBe(0);
    const items = (s: string) => (s.search(/^results:/m) === -1 ? s : s.slice(0, s.search(/^results:/m)));
    expect(items(again.stdout)).toBe(items(out.stdout));
  });

  it('fn render writes the rendered objects beside the Shard, keeps comments, and a second render changes nothing', () => {
    const dir = packageCopy();
    const first = kpt(['fn', 'render', '--allow-exec', '.'], dir);
    expect(first.status, first.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toContain('prod-app-tg1-0.rendered.yaml');
    const shard = readFileSync(join(dir, 'shard.yaml'), 'utf8');
    expect(shard).toContain('config.kubernetes.io/local-config: "true"');
    expect(shard).toContain('# a pgctld build with the --backup-* flags');
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const second = kpt(['fn', 'render', '--allow-exec', '.'], dir);
    expect(second.status, second.stderr).toBe(0);
    expect(execFileSync('git', ['diff', '--stat'], { cwd: dir, encoding: 'utf8' })).toBe('');
    // The only change kpt writes to the Shard's file is the local-config annotation.
    const diff = execFileSync('git', ['diff', '--cached', '--numstat', 'HEAD', '--', 'shard.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(diff).toBe('2\t0\tshard.yaml\n');
  });

  it('fn render fails on an invalid Shard, shows the error with its field path, and writes nothing', () => {
    const dir = packageCopy();
    const path = join(dir, 'shard.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('region: eu-west-1', 'regoin: eu-west-1'));
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const out = kpt(['fn', 'render', '--allow-exec', '--truncate-output=false', '.'], dir);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/\[error\] multigres\.com\/v1alpha1\/Shard\/db\/prod-app-tg1-0 spec\.pools\.main\.backupConfig\.s3\.regoin: unknown field "regoin", did you mean "region"\?/);
    expect(execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })).toBe('M  shard.yaml\n');
    expect(execFileSync('git', ['diff', '--stat'], { cwd: dir, encoding: 'utf8' })).toBe('');
  });

  it('a re-render after a data size change fails with the rejected update and its procedure, and with rejectedUpdates: procedure writes it and warns', () => {
    const dir = packageCopy();
    expect(kpt(['fn', 'render', '--allow-exec', '.'], dir).status).toBe(0);
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const shardPath = join(dir, 'shard.yaml');
    writeFileSync(shardPath, readFileSync(shardPath, 'utf8').replace('storage: {size: 20Gi, class: gp3}', 'storage: {size: 40Gi, class: gp3}'));
    const rendered = readFileSync(join(dir, 'prod-app-tg1-0.rendered.yaml'), 'utf8');

    const refused = kpt(['fn', 'render', '--allow-exec', '--truncate-output=false', '.'], dir);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/\[error\] apps\/v1\/StatefulSet\/db\/prod-app-tg1-0-pool-main-z1-dabe3ae3 spec\.volumeClaimTemplates\[metadata\.name=pgdata\]\.spec\.resources\.requests\.storage: applying this render over the earlier one \(pool main, cell z1\): Kubernetes rejects this update/);
    expect(refused.stderr).toContain('kubectl delete statefulset prod-app-tg1-0-pool-main-z1-dabe3ae3 -n db --cascade=orphan');
    expect(refused.stderr).toContain('set spec.rejectedUpdates: procedure');
    // Nothing written: the package still holds the earlier output.
    expect(readFileSync(join(dir, 'prod-app-tg1-0.rendered.yaml'), 'utf8')).toBe(rendered);

    writeFileSync(
      join(dir, 'Kptfile'),
      readFileSync(join(dir, 'Kptfile'), 'utf8').replace(/- exec: (.*)\n/, '- exec: $1\n    configMap:\n      rejectedUpdates: procedure\n'),
    );
    const accepted = kpt(['fn', 'render', '--allow-exec', '--truncate-output=false', '.'], dir);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(/\[warning\] apps\/v1\/StatefulSet\/db\/prod-app-tg1-0-pool-main-z1-dabe3ae3 .*Kubernetes rejects this update/);
    expect(readFileSync(join(dir, 'prod-app-tg1-0.rendered.yaml'), 'utf8')).toContain('storage: 40Gi');
    // Rendered again over its own output: nothing left to plan, nothing changes.
    execFileSync('git', ['add', '-A'], { cwd: dir });
    const again = kpt(['fn', 'render', '--allow-exec', '--truncate-output=false', '.'], dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('applying this render');
    expect(execFileSync('git', ['diff', '--stat'], { cwd: dir, encoding: 'utf8' })).toBe('');
  });
});
