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
});
