// The plan shown in the README is real: the README's edit of the quickstart's small Shard, made in
// the working tree of a repository that has examples/quickstart committed, planned with the
// command the README shows, gives exactly that text and the exit code the README names.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { applyReadmeEdit, readmeBlock } from './readme.js';

const root = new URL('..', import.meta.url).pathname;

it('the README shows the plan the documented edit really gives', () => {
  const repo = mkdtempSync(join(tmpdir(), 'epb-readme-plan-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  cpSync(join(root, 'examples/quickstart'), join(repo, 'examples/quickstart'), { recursive: true });
  git('add', '-A');
  git('commit', '-qm', 'base');
  applyReadmeEdit(join(repo, 'examples/quickstart/small-shard.yaml'));

  const output = readmeBlock('plan-output');
  const command = output.split('\n')[0]!;
  expect(command).toMatch(/^\$ expand-pool-backups plan /);
  const args = command.split(' ').slice(2);
  const out = spawnSync(process.execPath, [join(root, 'dist/expand-pool-backups.mjs'), ...args], { cwd: repo, encoding: 'utf8' });
  expect(out.stderr).toBe('');
  expect(out.status).toBe(4);
  expect(output).toContain(`(exit ${out.status})`);
  expect(`${command}\n${out.stdout}`).toBe(output);
});
