// The operator's own kinds the function does not render, ShardTemplate and MultigresCluster,
// through the three ways users run it: real kpt (`fn render`, exec), kubectl's kustomize (the
// legacy exec plugin, a plain stream) and `render`. Partial template pools (no cells),
// tolerations, fsGroup and whatever else the operator's CRDs accept pass through byte for byte
// with exit 0; a mistake in what the function owns there (backupConfig) still fails every one of
// them with its field path. test/operator-objects/ holds the six-line template of issue 22.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionOnPath, requireTool } from './helpers.js';

const repo = new URL('..', import.meta.url).pathname;
const bundle = join(repo, 'dist/expand-pool-backups.mjs');
const objects = join(repo, 'test/operator-objects');
const FILES = readdirSync(objects).filter((f) => f.endsWith('.yaml')).sort();
/** The typo of the kind: a credentials field one letter short, in a template's pool. */
const TYPO = ['credentialsSecretName: s3-creds', 'credentialsSecret: s3-creds'] as const;

const run = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(command, args, { encoding: 'utf8', ...options });

/** The fixture files in a new directory, the template's backupConfig broken when asked. */
function copy(broken = false): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'epb-operator-')), 'pkg');
  cpSync(objects, dir, { recursive: true });
  if (broken) {
    const file = join(dir, 'shard-template.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(TYPO[0]);
    writeFileSync(file, text.replace(...TYPO));
  }
  return dir;
}

const contents = (dir: string) => Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

const kptfile = (mutator: string) =>
  `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n  - exec: ${mutator}\n`;

describe('ShardTemplate and MultigresCluster pass through', () => {
  it('has the six-line template of the issue among its fixtures', () => {
    expect(readFileSync(join(objects, 'six-line-template.yaml'), 'utf8').split('\n')).toHaveLength(7);
    expect(FILES).toEqual(['cluster.yaml', 'shard-template.yaml', 'six-line-template.yaml']);
  });

  it('kpt fn render: exit 0 and every file as it was (and as a render that only copies writes it)', () => {
    requireTool('kpt');
    const dir = copy();
    const before = contents(dir);
    writeFileSync(join(dir, 'Kptfile'), kptfile(bundle));
    const out = run('kpt', ['fn', 'render', '--allow-exec', dir]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toContain('no Shard (multigres.com/v1alpha1) in the input; nothing rendered');
    expect(contents(dir)).toEqual(before);
    // kpt's own writing is not the function's doing: a mutator that copies stdin gives the same files.
    const noop = copy();
    const cat = join(mkdtempSync(join(tmpdir(), 'epb-cat-')), 'cat.sh');
    writeFileSync(cat, '#!/bin/sh\nexec cat\n', { mode: 0o755 });
    writeFileSync(join(noop, 'Kptfile'), kptfile(cat));
    expect(run('kpt', ['fn', 'render', '--allow-exec', noop]).status).toBe(0);
    expect(contents(dir)).toEqual(contents(noop));
  });

  it('kpt fn render: a bad backupConfig in a template is an error with its field path, and nothing is written', () => {
    requireTool('kpt');
    const dir = copy(true);
    const before = contents(dir);
    writeFileSync(join(dir, 'Kptfile'), kptfile(bundle));
    const out = run('kpt', ['fn', 'render', '--allow-exec', dir]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('[error] multigres.com/v1alpha1/ShardTemplate/default/standard-shard spec.pools.main-app.backupConfig.s3.credentialsSecret: unknown field "credentialsSecret", did you mean "credentialsSecretName"?');
    expect(contents(dir)).toEqual(before);
  });

  /** `kubectl kustomize` of the files, with the function as a legacy exec plugin or without it. */
  function kustomize(dir: string, withFunction: boolean) {
    writeFileSync(join(dir, 'backups.yaml'), 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata:\n  name: backups\n');
    writeFileSync(join(dir, 'kustomization.yaml'), `resources: [${FILES.join(', ')}]\n${withFunction ? 'transformers: [backups.yaml]\n' : ''}`);
    return run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], {
      env: { ...process.env, PATH: `${functionOnPath()}:${process.env.PATH}`, KUSTOMIZE_PLUGIN_HOME: join(repo, 'examples/kustomize/plugin-home') },
    });
  }

  it('kustomize exec plugin (a plain stream): exit 0 and the build kustomize gives without the function', () => {
    requireTool('kubectl');
    const out = kustomize(copy(), true);
    expect(out.status, out.stderr).toBe(0);
    const without = kustomize(copy(), false);
    expect(without.status, without.stderr).toBe(0);
    expect(out.stdout).toBe(without.stdout);
    expect(out.stdout).toContain('kind: ShardTemplate');
    expect(out.stdout).toContain('fsGroup: 999');
  });

  it('kustomize exec plugin: a bad backupConfig in a template fails the build with its field path', () => {
    requireTool('kubectl');
    const out = kustomize(copy(true), true);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('[error] multigres.com/v1alpha1/ShardTemplate/default/standard-shard spec.pools.main-app.backupConfig.s3.credentialsSecret');
  });

  it('render: exit 0, each file printed as written', () => {
    const dir = copy();
    const out = run(process.execPath, [bundle, 'render', dir]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(FILES.map((f) => `---\n${readFileSync(join(dir, f), 'utf8')}`).join(''));
  });

  it('render: a bad backupConfig in a template prints nothing and exits 1 with its field path', () => {
    const out = run(process.execPath, [bundle, 'render', copy(true)]);
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('spec.pools.main-app.backupConfig.s3.credentialsSecret: unknown field "credentialsSecret"');
  });
});
