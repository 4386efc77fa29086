// The image's recipe, and what it holds run the way it will run without any container runtime:
// the bundle alone in an empty directory, only `node`, uid 999, no network (a fresh network
// namespace) and no filesystem access but reading its own file and the input (Node's permission
// model). image-podman.test.ts builds the recipe itself with podman and runs the image.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url).pathname;
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
// (What the recipe builds is proved by building and running it under podman: image-podman.test.ts.)

function sandboxed(args: string[], input: string, readable: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'epb-image-'));
  chmodSync(dir, 0o755);
  const bundle = join(dir, 'expand-pool-backups.mjs');
  copyFileSync(join(repo, 'dist/expand-pool-backups.mjs'), bundle);
  chmodSync(bundle, 0o755);
  const node = ['node', '--experimental-permission', `--allow-fs-read=${bundle}`, ...readable.map((r) => `--allow-fs-read=${r}`), bundle, ...args];
  const argv = ['-n', 'setpriv', '--reuid=999', '--regid=999', '--clear-groups', ...node];
  return spawnSync('unshare', argv, { cwd: dir, input, encoding: 'utf8', maxBuffer: 64 << 20, env: { PATH: process.env.PATH } });
}

describe('the container image', () => {
  it('is multi-stage: built with npm ci and esbuild, packed and run on distroless Node 20 with only the bundle', () => {
    expect(stages).toHaveLength(3);
    // The base images are build arguments whose defaults are the published ones.
    expect(dockerfile).toMatch(/^ARG BUILD_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^ARG RUN_IMAGE=gcr\.io\/distroless\/nodejs20-debian12:nonroot$/m);
    expect(stages[0]).toMatch(/^\$\{BUILD_IMAGE\} AS build/);
    expect(stages[0]).toMatch(/^COPY tsconfig\.json tsconfig\.lib\.json \.\/$/m);
    expect(stages[0]).toMatch(/RUN npm ci/);
    expect(stages[0]).toMatch(/RUN node scripts\/build\.mjs/);
    // The code cache is made by the Node of the image that runs it.
    const pack = stages[1]!;
    const run = stages[2]!;
    expect(pack).toMatch(/^\$\{RUN_IMAGE\} AS pack/);
    expect(pack).toMatch(/^RUN \["\/nodejs\/bin\/node", "scripts\/pack\.mjs"\]$/m);
    expect(pack.split('\n')[0]!.split(' ')[0]).toBe(run.split('\n')[0]!.split(' ')[0]);
    expect(run).toMatch(/^\$\{RUN_IMAGE\}/);
    expect(run).not.toMatch(/^RUN /m); // no shell needed, none present
    expect(run.match(/^COPY .*/gm)).toEqual([
      'COPY --from=pack /pack/dist/expand-pool-backups.mjs /opt/expand-pool-backups/expand-pool-backups.mjs',
      'COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml',
    ]);
    expect(run).toMatch(/^USER 999:999$/m);
    expect(run).toMatch(/^ENTRYPOINT \["\/nodejs\/bin\/node", "\/opt\/expand-pool-backups\/expand-pool-backups\.mjs"\]$/m);
    for (const label of ['title', 'description', 'source', 'licenses', 'version']) expect(run).toContain(`org.opencontainers.image.${label}=`);
  });

  it('packs with nothing but Node, as the pack stage does, into a bundle that renders the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epb-pack-'));
    cpSync(join(repo, 'scripts'), join(dir, 'scripts'), { recursive: true });
    cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
    cpSync(join(repo, 'dist/program.js'), join(dir, 'dist/program.js'));
    const pack = spawnSync(process.execPath, ['scripts/pack.mjs'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(pack.status, pack.stderr).toBe(0);
    const input = readFileSync(join(repo, 'testdata/s3-credentials-secret/input.yaml'), 'utf8');
    const out = spawnSync(process.execPath, [join(dir, 'dist/expand-pool-backups.mjs')], { input, encoding: 'utf8' });
    expect(out.stdout).toBe(readFileSync(join(repo, 'testdata/s3-credentials-secret/expected.yaml'), 'utf8'));
  });

  it('packs a program that contains */ (a readable build keeps its comments) and runs it unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epb-pack-'));
    cpSync(join(repo, 'scripts'), join(dir, 'scripts'), { recursive: true });
    cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
    mkdirSync(join(dir, 'dist'));
    // The first stand-in (*~/) is taken by the program itself, so the packer must pick another.
    const program = "(function (require) { /** a doc comment */ const re = /\\*\\//; require('node:fs').writeSync(1, re.source + ' */ *~/ ' + require('node:fs').readFileSync(0).length); })";
    writeFileSync(join(dir, 'dist/program.js'), program);
    const pack = spawnSync(process.execPath, ['scripts/pack.mjs'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(pack.status, pack.stderr).toBe(0);
    const out = spawnSync(process.execPath, [join(dir, 'dist/expand-pool-backups.mjs')], { input: 'twelve bytes', encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('\\*\\/ */ *~/ 12');
  });

  it('plugin.yaml runs the paths the image has', () => {
    const plugin = readFileSync(join(repo, 'plugin.yaml'), 'utf8');
    expect(plugin).toContain('command: [/nodejs/bin/node, /opt/expand-pool-backups/expand-pool-backups.mjs]');
  });

  it('renders a ResourceList as uid 999 with no network and no write permission at all', () => {
    const input = readFileSync(join(repo, 'testdata/s3-credentials-secret/input.yaml'), 'utf8');
    const out = sandboxed([], input, []);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toBe(readFileSync(join(repo, 'testdata/s3-credentials-secret/expected.yaml'), 'utf8'));
  });

  it('runs render (the Argo CD generate command) the same way', () => {
    const app = mkdtempSync(join(tmpdir(), 'epb-image-app-'));
    cpSync(join(repo, 'examples/argocd/app'), app, { recursive: true });
    spawnSync('chmod', ['-R', 'a+rX', app]);
    const out = sandboxed(['render', app], '', [`${app}/`]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('kind: StatefulSet');
  });

  it('reports a path it may not read as one clear line', () => {
    const out = sandboxed(['render', '/etc/hostname'], '', []);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^expand-pool-backups: cannot read \/etc\/hostname/m);
  });
});
