// kpt packages in the kpt-functions-catalog test layout, run with the real kpt binary:
// `.expected/config.yaml` (testType, exitCode, stdErr, eval args), `diff.patch` (the git diff the
// run makes) and `results.yaml` (kpt's results file). Every package runs twice; the diff must be
// the same after the second run. KPT_E2E_UPDATE_EXPECTED=true rewrites diff.patch and results.yaml.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { functionOnPath, requireTool } from './helpers.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = new URL('..', import.meta.url).pathname;
const update = process.env.KPT_E2E_UPDATE_EXPECTED === 'true';

const packages = [
  join(repo, 'examples/kpt'),
  ...readdirSync(join(repo, 'test/kpt')).map((d) => join(repo, 'test/kpt', d)),
].filter((d) => existsSync(join(d, '.expected/config.yaml')));

interface Expected {
  testType?: 'render' | 'eval';
  exitCode?: number;
  stdErr?: string;
  allowExec?: boolean;
  execPath?: string;
  args?: Record<string, string>;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd, encoding: 'utf8' });
}

describe('kpt packages (catalog test layout)', () => {
  // A missing tool fails each test with what to install, not with a confusing assertion.
  beforeEach(() => {
    requireTool('kpt');
  });

  it('finds the packages', () => {
    expect(packages.length).toBeGreaterThanOrEqual(5);
  });

  const bin = functionOnPath();
  describe.each(packages.map((p) => [p.slice(repo.length), p]))('%s', (_name, source) => {
    it('runs twice with the expected exit code, stderr, results and diff', () => {
      const expectedDir = join(source, '.expected');
      const config = (parse(readFileSync(join(expectedDir, 'config.yaml'), 'utf8')) ?? {}) as Expected;
      const dir = join(mkdtempSync(join(tmpdir(), 'epb-e2e-')), 'pkg');
      cpSync(source, dir, { recursive: true });
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'package');
      for (const run of [1, 2]) {
        const results = mkdtempSync(join(tmpdir(), 'epb-results-'));
        const args =
          config.testType === 'eval'
            ? ['fn', 'eval', '.', '--exec', config.execPath ?? 'expand-pool-backups', '--results-dir', results, '--truncate-output=false', '--', ...Object.entries(config.args ?? {}).map(([k, v]) => `${k}=${v}`)]
            : ['fn', 'render', '.', '--results-dir', results, '--truncate-output=false', ...(config.allowExec ? ['--allow-exec'] : [])];
        const out = spawnSync('kpt', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
        expect(out.status, out.stderr).toBe(config.exitCode ?? 0);
        git(dir, 'add', '-A');
        const diff = git(dir, 'diff', '--cached', 'HEAD').trim();
        if (run === 1) {
          if (config.stdErr) expect(out.stderr).toContain(config.stdErr);
          const resultsText = readFileSync(join(results, 'results.yaml'), 'utf8');
          if (update) {
            mkdirSync(expectedDir, { recursive: true });
            writeFileSync(join(expectedDir, 'results.yaml'), resultsText);
            writeFileSync(join(expectedDir, 'diff.patch'), diff === '' ? '' : `${diff}\n`);
          }
          expect(resultsText).toBe(readFileSync(join(expectedDir, 'results.yaml'), 'utf8'));
        }
        expect(diff, `run ${run}`).toBe(readFileSync(join(expectedDir, 'diff.patch'), 'utf8').trim());
      }
    });
  });
});
