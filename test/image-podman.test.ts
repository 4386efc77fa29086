// The image, built from the real Dockerfile with podman and run the three ways users run it:
// kpt (`fn eval --image`, and `fn render` with `image:` in the Kptfile), kustomize's `container:`
// transformer (kustomize calls `docker`; a `docker` that is podman is put first on PATH), and the
// Argo CD sidecar contract (plugin.yaml at its path, `render` as uid 999, read-only root
// filesystem, no network). The public base images cannot be pulled here, so the build uses local
// ones in the same layout, made from this machine's Node by scripts/test-base-images.sh; the
// Dockerfile's own stages are what gets built. Every run must give exactly what the bundle gives.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionOnPath, requireTool } from './helpers.js';

const repo = new URL('..', import.meta.url).pathname;
const bundle = join(repo, 'dist/expand-pool-backups.mjs');
const IMAGE = 'localhost/expand-pool-backups:test';
/** The image name the kustomize example names. */
const PUBLISHED = 'ghcr.io/multigres/expand-pool-backups:v0.1.0';
const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: join(repo, 'test/podman/containers.conf') };


function run(command: string, args: string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: options.env ?? env, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.input !== undefined ? { input: options.input } : {}) });
}

const copy = (source: string): string => {
  const dir = join(mkdtempSync(join(tmpdir(), 'epb-podman-')), 'pkg');
  cpSync(source, dir, { recursive: true });
  return dir;
};

/** Every file below `dir`, path → content. */
function files(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, files(path, base));
    else out[path.slice(base.length + 1)] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('the image under podman', () => {
  // A setup failure fails every test with its reason (a throwing hook would only skip them).
  let setup: Error | undefined;
  beforeAll(() => {
    try {
      for (const tool of ['podman', 'runc', 'kpt', 'kubectl']) requireTool(tool);
      execFileSync(join(repo, 'scripts/test-base-images.sh'), { env, stdio: 'pipe' });
      const build = run('podman', ['build', '--network', 'host', '--build-arg', 'BUILD_IMAGE=localhost/epb-node-build:test', '--build-arg', 'RUN_IMAGE=localhost/epb-distroless:test', '-t', IMAGE, '.'], { cwd: repo });
      if (build.status !== 0) throw new Error(`podman build failed:\n${build.stderr.slice(-3000)}`);
      const tag = run('podman', ['tag', IMAGE, PUBLISHED]);
      if (tag.status !== 0) throw new Error(`podman tag failed: ${tag.stderr}`);
    } catch (e) {
      setup = e as Error;
    }
  }, 600_000);
  const ready = () => {
    if (setup) throw setup;
  };

  it('kpt fn eval --image renders a package exactly as the executable does', () => {
    ready();
    const byImage = copy(join(repo, 'examples/quickstart'));
    const byExec = copy(join(repo, 'examples/quickstart'));
    const image = run('kpt', ['fn', 'eval', byImage, '--image', IMAGE, '--image-pull-policy', 'never'], { env: { ...env, KPT_FN_RUNTIME: 'podman' } });
    expect(image.status, image.stderr).toBe(0);
    const exec = run('kpt', ['fn', 'eval', byExec, '--exec', bundle]);
    expect(exec.status, exec.stderr).toBe(0);
    const rendered = files(byImage);
    expect(Object.keys(rendered).filter((f) => f.endsWith('.rendered.yaml')).sort()).toEqual(['dev-notes-0.rendered.yaml', 'prod-app-tg1-0.rendered.yaml']);
    expect(rendered).toEqual(files(byExec));
  });

  it('kpt fn render with image: in the Kptfile leaves the rendered example package as committed', () => {
    ready();
    const dir = copy(join(repo, 'examples/kpt'));
    const kptfile = join(dir, 'Kptfile');
    writeFileSync(kptfile, readFileSync(kptfile, 'utf8').replace(/^(\s*-\s*)exec: expand-pool-backups$/m, `$1image: ${IMAGE}`));
    expect(readFileSync(kptfile, 'utf8')).toContain(`image: ${IMAGE}`);
    const out = run('kpt', ['fn', 'render', dir, '--image-pull-policy', 'never'], { env: { ...env, KPT_FN_RUNTIME: 'podman' } });
    expect(out.status, out.stderr).toBe(0);
    const after = files(dir);
    const committed = files(join(repo, 'examples/kpt'));
    for (const name of ['shard.yaml', 'backups.yaml', 'secrets.yaml', 'orders-main-0.rendered.yaml']) expect(after[name], name).toBe(committed[name]);
  });

  it('kustomize runs the container: transformer through a docker that is podman, as the executable renders', () => {
    ready();
    const bin = mkdtempSync(join(tmpdir(), 'epb-docker-'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim(), join(bin, 'docker'));
    const out = run('kubectl', ['kustomize', '--enable-alpha-plugins', join(repo, 'examples/kustomize/container')], { env: { ...env, PATH: `${bin}:${env.PATH}` } });
    expect(out.status, out.stderr).toBe(0);
    // The legacy exec plugin runs the bundle itself: the two builds must be the same.
    const plugin = run('kubectl', ['kustomize', '--enable-alpha-plugins', join(repo, 'examples/kustomize/plugin')], {
      env: { ...env, PATH: `${functionOnPath()}:${env.PATH}`, KUSTOMIZE_PLUGIN_HOME: join(repo, 'examples/kustomize/plugin-home') },
    });
    expect(plugin.status, plugin.stderr).toBe(0);
    expect(out.stdout).toContain('kind: StatefulSet');
    expect(out.stdout).toBe(plugin.stdout);
  });

  it('meets the Argo CD sidecar contract: plugin.yaml in place, render as uid 999 with a read-only root and no network', () => {
    ready();
    const inImage = run('podman', ['run', '--rm', '--entrypoint', '/nodejs/bin/node', IMAGE, '-e', 'process.stdout.write(require("fs").readFileSync("/home/argocd/cmp-server/config/plugin.yaml", "utf8"))']);
    expect(inImage.status, inImage.stderr).toBe(0);
    expect(inImage.stdout).toBe(readFileSync(join(repo, 'plugin.yaml'), 'utf8'));
    const generate = /command: \[([^\]]*)\]\s*\n\s*args: \[([^\]]*)\]/.exec(inImage.stdout)!;
    const command = generate[1]!.split(',').map((s) => s.trim());
    const args = generate[2]!.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    const app = join(repo, 'examples/argocd/app');
    const out = run('podman', ['run', '--rm', '--user', '999:999', '--read-only', '--network', 'none', '-v', `${app}:/src:ro`, '-w', '/src', '--entrypoint', command[0]!, IMAGE, ...command.slice(1), ...args]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toBe('');
    const local = run(process.execPath, [bundle, ...args], { cwd: app });
    expect(local.status, local.stderr).toBe(0);
    expect(out.stdout).toBe(local.stdout);
    expect(out.stdout).toContain('kind: StatefulSet');
  });
});
