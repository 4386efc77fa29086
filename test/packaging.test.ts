// The library and the executable as a user gets them: `npm pack` straight after `git clone` (no
// `npm ci` first: the prepack step installs and builds), and `npm install` straight from git (the
// prepare step builds), each installed into an empty project, imported and run. The clone is of
// the committed tree (HEAD).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url).pathname;
const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** An empty project with `spec` installed; checks the library import, the executable and a render. */
function consumer(spec: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'epb-consumer-'));
  writeFileSync(join(dir, 'package.json'), '{"name": "consumer", "version": "1.0.0", "type": "module"}\n');
  const install = npm(['install', spec], dir);
  expect(install.status, install.stderr).toBe(0);
  const use = spawnSync(process.execPath, ['--input-type=module', '-e', "import { expandPoolBackups } from 'expand-pool-backups'; console.log(typeof expandPoolBackups);"], { cwd: dir, encoding: 'utf8' });
  expect(use.stdout.trim(), use.stderr).toBe('function');
  const version = spawnSync('npx', ['--no-install', 'expand-pool-backups', '--version'], { cwd: dir, encoding: 'utf8' });
  expect(version.status, version.stderr).toBe(0);
  expect(version.stdout).toMatch(/^expand-pool-backups \d+\.\d+\.\d+\n/);
  const render = spawnSync('npx', ['--no-install', 'expand-pool-backups', 'render', join(repo, 'examples/quickstart')], { cwd: dir, encoding: 'utf8' });
  expect(render.status, render.stderr).toBe(0);
  expect(render.stdout).toBe(spawnSync(process.execPath, [join(repo, 'dist/expand-pool-backups.mjs'), 'render', join(repo, 'examples/quickstart')], { encoding: 'utf8' }).stdout);
  expect(render.stdout).toContain('kind: StatefulSet');
}

describe('packaging', () => {
  it('git clone, then npm pack and nothing else, gives a tarball that installs and runs', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'epb-clone-')), 'repo');
    execFileSync('git', ['clone', '-q', repo, clone]);
    // NODE_ENV=production makes npm omit devDependencies, as `omit=dev` in an npmrc does: the
    // build must still get esbuild and typescript (this crashed with a stack trace before).
    const pack = npm(['pack', '--silent'], clone, { ...process.env, NODE_ENV: 'production' });
    expect(pack.status, pack.stderr).toBe(0);
    expect(pack.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const tarball = readdirSync(clone).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    expect(pack.stdout.trim()).toBe(tarball);
    consumer(join(clone, tarball!));
  }, 300_000);

  it('a failed install says so in one line, not with a stack trace', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'epb-clone-')), 'repo');
    execFileSync('git', ['clone', '-q', repo, clone]);
    // A lockfile npm cannot install from: ensure-deps's npm ci fails.
    const lock = join(clone, 'package-lock.json');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace('"lockfileVersion": 3', '"lockfileVersion": 3, "packages": {}, "x"'));
    const out = spawnSync(process.execPath, ['scripts/ensure-deps.mjs'], { cwd: clone, encoding: 'utf8' });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^expand-pool-backups: npm ci --no-audit --no-fund --include=dev --ignore-scripts failed \(exit \d+\)/m);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('installs from git, built by the prepare step', () => {
    consumer(`git+file://${repo}`);
  }, 300_000);
});
