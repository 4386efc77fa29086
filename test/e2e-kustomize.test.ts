// kustomize through kubectl's built-in kustomize: the container function (run by kustomize's
// own container-function code, with a `docker` shim on PATH that runs the bundle) and the legacy
// exec plugin. Both must give the objects `render` gives for the same sources.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderFiles } from '../src/krm/render.js';
import { functionOnPath, readStream, requireTool } from './helpers.js';

const repo = new URL('..', import.meta.url).pathname;
const bundle = join(repo, 'dist/expand-pool-backups.mjs');

/** A `docker` that logs its arguments and runs the bundle: no Docker engine on this machine. */
function dockerShim(): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), 'epb-docker-'));
  const log = join(bin, 'argv.log');
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$*" >> ${log}\nexec "${process.execPath}" ${bundle}\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  return { bin, log };
}

const key = (o: Record<string, any>) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byKey = (docs: Array<Record<string, any>>) => Object.fromEntries(docs.map((d) => [key(d), d]));

function renderedBase(): Record<string, Record<string, any>> {
  const base = join(repo, 'examples/kustomize/base');
  const files = ['shard.yaml', 'secrets.yaml'].map((f) => ({ path: f, text: readFileSync(join(base, f), 'utf8') }));
  const out = renderFiles(files, { path: 'backups.yaml', text: 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata: {name: backups}\nspec: {protectBackupVolumes: true}\n' });
  expect(out.exitCode).toBe(0);
  return byKey(readStream(out.stdout));
}

describe('kustomize (kubectl kustomize)', () => {
  // A missing tool fails each test with what to install, not with a confusing assertion.
  beforeEach(() => {
    requireTool('kubectl');
  });

  it('runs the container function through kustomize and matches render', () => {
    const { bin, log } = dockerShim();
    const out = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', join(repo, 'examples/kustomize/container')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    expect(out.status, out.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/^run --rm -i .*--network none --user nobody .*ghcr\.io\/multigres\/expand-pool-backups:v0\.1\.0\n$/);
    const docs = readStream(out.stdout);
    expect(docs.some((d) => d.kind === 'Shard')).toBe(false);
    expect(byKey(docs)).toEqual(renderedBase());
  });

  it('runs the legacy exec plugin from KUSTOMIZE_PLUGIN_HOME and matches render', () => {
    const out = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', join(repo, 'examples/kustomize/plugin')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${functionOnPath()}:${process.env.PATH}`, KUSTOMIZE_PLUGIN_HOME: join(repo, 'examples/kustomize/plugin-home') },
    });
    expect(out.status, out.stderr).toBe(0);
    expect(byKey(readStream(out.stdout))).toEqual(renderedBase());
  });

  it('fails the build with the error on stderr when a Shard is invalid', () => {
    const { bin } = dockerShim();
    const dir = mkdtempSync(join(tmpdir(), 'epb-kustomize-'));
    const shard = readFileSync(join(repo, 'examples/kustomize/base/shard.yaml'), 'utf8').replace('region: us-east-1', 'region: US East');
    writeFileSync(join(dir, 'shard.yaml'), shard);
    writeFileSync(join(dir, 'backups.yaml'), readFileSync(join(repo, 'examples/kustomize/container/backups.yaml'), 'utf8'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [shard.yaml]\ntransformers: [backups.yaml]\n');
    const out = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('[error] multigres.com/v1alpha1/Shard/payments/payments-main-0 spec.pools.primary.backupConfig.s3.region: "US East" is not a region name');
  });
});
