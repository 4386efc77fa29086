// The plan shown in the README is real: the same edit of the quickstart's small Shard, committed
// on main and changed in the working tree, planned with --base main, gives exactly that text.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** The fenced block after a marker comment in README.md. */
function block(marker: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- ${marker} -->`);
  expect(at, `README.md has no <!-- ${marker} --> block`).toBeGreaterThan(-1);
  const start = readme.indexOf('\n', readme.indexOf('```', at)) + 1;
  return readme.slice(start, readme.indexOf('```', start));
}

it('the README shows the plan the documented edit really gives', () => {
  const repo = mkdtempSync(join(tmpdir(), 'epb-readme-plan-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'deploy'));
  const shard = join(repo, 'deploy/small-shard.yaml');
  copyFileSync(join(root, 'examples/quickstart/small-shard.yaml'), shard);
  git('add', '-A');
  git('commit', '-qm', 'base');
  // The edit the README shows as a diff.
  const diff = block('plan-edit');
  const removed = diff.split('\n').filter((l) => l.startsWith('-')).map((l) => l.slice(1)).join('\n');
  const added = diff.split('\n').filter((l) => l.startsWith('+')).map((l) => l.slice(1)).join('\n');
  const before = readFileSync(shard, 'utf8');
  expect(before).toContain(removed);
  writeFileSync(shard, before.replace(removed, added));

  const out = spawnSync(process.execPath, [join(root, 'dist/expand-pool-backups.mjs'), 'plan', '--base', 'main', 'deploy'], { cwd: repo, encoding: 'utf8' });
  expect(out.stderr).toBe('');
  expect(out.status).toBe(4);
  expect(`$ expand-pool-backups plan --base main deploy\n${out.stdout}`).toBe(block('plan-output'));
});
