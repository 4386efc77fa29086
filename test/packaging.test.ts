// The library as a user gets it: `npm pack` of a clean clone (the prepack step builds dist/), and
// `npm install` straight from git (the prepare step builds it), each installed into an empty
// project, imported and run. The clone is of the committed tree (HEAD).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url).pathname;
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** An empty project with `spec` installed; checks the library import and the executable. */
function consumer(spec: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'epb-consumer-'));
  writeFileSync(join(dir, 'package.json'), '{"name": "consumer", "version": "1.0.0", "type": "module"}\n');
  npm(['install', spec], dir);
  const use = spawnSync(process.execPath, ['--input-type=module', '-e', "import { expandPoolBackups } from 'expand-pool-backups'; console.log(typeof expandPoolBackups);"], { cwd: dir, encoding: 'utf8' });
  expect(use.stdout.trim(), use.stderr).toBe('function');
  const bin = spawnSync(join(dir, 'node_modules/.bin/expand-pool-backups'), ['--version'], { encoding: 'utf8' });
  expect(bin.status, bin.stderr).toBe(0);
  expect(bin.stdout).toMatch(/^expand-pool-backups \d+\.\d+\.\d+\n/);
}

describe('packaging', () => {
  it('installs from npm pack of a clean clone', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'epb-clone-')), 'repo');
    execFileSync('git', ['clone', '-q', repo, clone]);
    npm(['ci'], clone);
    npm(['pack', '--silent'], clone);
    const tarball = readdirSync(clone).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    consumer(join(clone, tarball!));
  }, 300_000);

  it('installs from git, built by the prepare step', () => {
    consumer(`git+file://${repo}`);
  }, 300_000);
});
