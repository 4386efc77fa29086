// The function's settings are never skipped: in every mode, settings that cannot be read fail the
// run with the file named, instead of a render without them. And plan reads what it is given.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runResourceList } from '../src/krm/run.js';
import { planCommand } from '../src/cli/plan-command.js';

const shard = readFileSync(new URL('../examples/quickstart/small-shard.yaml', import.meta.url), 'utf8');
const indent = (text: string) => text.trimEnd().split('\n').map((l, i) => `${i === 0 ? '- ' : '  '}${l}`).join('\n');

describe('settings that cannot be read', () => {
  it('fail a ResourceList run when an ExpandPoolBackups item is not valid YAML (kpt passes the configPath file as an item too)', () => {
    const broken = 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata:\n  name: backups\n  annotations:\n    config.kubernetes.io/path: backups.yaml\nspec: {defaults: {backupConfig: {type: s3, s3: {bucket: acme, region: [eu-west-1}}}}\n';
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${indent(shard)}\n${indent(broken)}\n`;
    const out = runResourceList(input);
    expect(out.exitCode).toBe(1);
    const error = out.results.find((r) => r.severity === 'error')!;
    expect(error.message).toMatch(/looks like an ExpandPoolBackups but cannot be read, so its settings cannot be used/);
    expect(error.file).toEqual({ path: 'backups.yaml' });
  });
});

describe('plan reads what it is given', () => {
  it('plans a directory against a device such as /dev/null as everything deleted, without an internal error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epb-plan-null-'));
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg/shard.yaml'), shard);
    const out = planCommand({ base: join(dir, 'pkg'), change: '/dev/null', output: 'json' });
    const doc = JSON.parse(out.stdout);
    expect(doc.summary.deletes).toBeGreaterThan(0);
    expect(doc.notes.join(' ')).toMatch(/renders nothing at all/);
    expect(out.exitCode).toBe(4);
  });
});

describe('a key written twice in a Shard', () => {
  it('is the one error: what the Shard holds depends on the reader, so nothing else is checked against a guess', () => {
    const twice = shard.replace('  pools:\n', '  pools: {}\n  pools:\n');
    expect(twice).not.toBe(shard);
    const out = runResourceList(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${indent(twice)}\n`);
    const errors = out.results.filter((r) => r.severity === 'error');
    expect(errors.map((r) => r.message)).toEqual([expect.stringMatching(/^key "pools" is written twice in one mapping .*; the rest of the Shard is checked once one is left$/)]);
  });
});

describe('the plan help', () => {
  it('is what help plan and plan --help print, with every exit code and its triggers', async () => {
    const { spawnSync } = await import('node:child_process');
    const { PLAN_EXIT_CODES } = await import('../src/plan/format.js');
    const a = spawnSync(process.execPath, ['dist/expand-pool-backups.mjs', 'help', 'plan'], { encoding: 'utf8' });
    const b = spawnSync(process.execPath, ['dist/expand-pool-backups.mjs', 'plan', '--help'], { encoding: 'utf8' });
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout).toMatch(/^expand-pool-backups plan: /);
    for (const [code] of PLAN_EXIT_CODES) expect(a.stdout).toMatch(new RegExp(`\\n  ${code} +\\S`));
    expect(a.stdout).toMatch(/retention policy\s+of Delete/);
    expect(a.stdout).toMatch(/prune protection/);
  });
});
