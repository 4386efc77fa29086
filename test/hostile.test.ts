// Runs the shipped bundle on every hostile input: the output (or its digest when large), stderr
// and exit code are pinned in testdata/hostile/<case>/expected.txt, and every case must end in a
// render (exit 0, a ResourceList) or an error (exit 1) with no stack trace and no empty success.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HOSTILE } from './hostile-cases.js';

const bundle = new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname;

function summarize(stdout: string): string {
  if (stdout.length <= 64 * 1024) return stdout;
  return `(${stdout.length} characters, sha256 ${createHash('sha256').update(stdout).digest('hex')})\n`;
}

describe('hostile input corpus', () => {
  it('has at least 40 cases', () => {
    expect(Object.keys(HOSTILE).length).toBeGreaterThanOrEqual(40);
  });

  describe.each(Object.entries(HOSTILE))('%s', (name, make) => {
    it('renders or fails clearly, as pinned', async () => {
      const out = spawnSync(process.execPath, [bundle], { input: make(), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      expect(out.stderr).not.toMatch(/\n\s+at |internal error/);
      expect([0, 1]).toContain(out.status);
      // A ResourceList comes back as one, with its results; a plain stream of objects as a stream.
      const list = /^apiVersion: (["']?)config\.kubernetes\.io\/v1(beta1)?\1\r?\nkind: (["']?)ResourceList\3\r?\n/.test(out.stdout);
      if (out.status === 0) expect(list || out.stdout.startsWith('---')).toBe(true);
      if (out.stdout === '') expect(out.stderr.trim().split('\n')).toHaveLength(1);
      else if (list) expect(out.stdout).toMatch(/^results:$/m);
      await expect(`exit: ${out.status}\n--- stderr\n${out.stderr}--- stdout\n${summarize(out.stdout)}`).toMatchFileSnapshot(`../testdata/hostile/${name}/expected.txt`);
    });
  });
});
