// What Argo CD's cmp-server does with plugin.yaml, step by step: copy the application with file
// modes reset, run discovery, run generate with the environment, cwd and stdin Argo CD gives it,
// then split and parse stdout the way the repo-server does (YAML 1.1 documents, kind required,
// Lists expanded). Only the binaries are mapped: the image's node and bundle to this checkout's.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = new URL('..', import.meta.url).pathname;
const plugin = parse(readFileSync(join(repo, 'plugin.yaml'), 'utf8'));
const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;

/** The image's paths, mapped to what runs them here. */
const IMAGE_PATHS: Record<string, string> = {
  '/nodejs/bin/node': process.execPath,
  '/opt/expand-pool-backups/expand-pool-backups.mjs': join(repo, 'dist/expand-pool-backups.mjs'),
};

/** The cmp-server unpacks the checkout's tarball: regular files 0644, directories 0755. */
function unpack(source: string, appPath = '.'): string {
  const root = mkdtempSync(join(tmpdir(), '_cmp_server-'));
  cpSync(source, join(root, appPath), { recursive: true });
  const reset = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const full = join(p, e.name);
      if (e.isDirectory()) {
        chmodSync(full, 0o755);
        reset(full);
      } else chmodSync(full, 0o644);
    }
  };
  reset(root);
  return root;
}

/** Go filepath.Glob for a pattern relative to the app directory (no ** in fileName rules). */
function globMatches(appDir: string, pattern: string): boolean {
  const parts = pattern.replace(/^\.\//, '').split('/');
  const toRegex = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  let dirs = [appDir];
  for (const [i, part] of parts.entries()) {
    const next: string[] = [];
    for (const d of dirs) {
      if (!existsSync(d) || !statSync(d).isDirectory()) continue;
      for (const name of readdirSync(d)) if (toRegex(part).test(name)) next.push(join(d, name));
    }
    dirs = i === parts.length - 1 ? next : next.filter((n) => statSync(n).isDirectory());
  }
  return dirs.length > 0;
}

/** Go's json.Marshal of the parameters: keys sorted, <>& escaped. */
const goJson = (params: Array<{ name: string; string: string }>) =>
  JSON.stringify(params.map((p) => ({ name: p.name, string: p.string }))).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const paramEnv = (name: string) => `PARAM_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;

interface Generated {
  status: number | null;
  stdout: string;
  stderr: string;
  objects: Array<Record<string, any>>;
  error?: string;
}

function generate(appSource: string, parameters: Array<{ name: string; string: string }> | undefined): Generated {
  // The application lives in a subdirectory of the checkout; init and generate run there.
  const appPath = 'apps/db';
  const cwd = join(unpack(appSource, appPath), appPath);
  expect(globMatches(cwd, plugin.spec.discover.fileName), 'discovery').toBe(true);
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/',
    ARGOCD_APP_NAME: 'analytics-database',
    ARGOCD_APP_NAMESPACE: 'analytics',
    ARGOCD_APP_PROJECT_NAME: 'default',
    ARGOCD_APP_REVISION: '0123456789abcdef0123456789abcdef01234567',
    ARGOCD_APP_REVISION_SHORT: '0123456',
    ARGOCD_APP_REVISION_SHORT_8: '01234567',
    ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/acme/platform.git',
    ARGOCD_APP_SOURCE_PATH: appPath,
    ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
    KUBE_VERSION: '1.32.4',
    KUBE_API_VERSIONS: 'apps/v1,apps/v1/Deployment,apps/v1/StatefulSet,v1,v1/ConfigMap,v1/PersistentVolumeClaim,v1/Service',
  };
  if (parameters !== undefined) {
    env.ARGOCD_APP_PARAMETERS = parameters.length === 0 ? 'null' : goJson(parameters);
    for (const p of parameters) env[paramEnv(p.name)] = p.string;
  }
  const [command, ...commandArgs] = [...plugin.spec.generate.command, ...(plugin.spec.generate.args ?? [])] as string[];
  const mapped = [IMAGE_PATHS[command!] ?? command!, ...commandArgs.map((a) => IMAGE_PATHS[a] ?? a)];
  const out = spawnSync(mapped[0]!, mapped.slice(1), { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const result: Generated = { status: out.status, stdout: out.stdout, stderr: out.stderr, objects: [] };
  if (out.status !== 0) {
    result.error = `\`${[command, ...commandArgs].join(' ')}\` failed exit status ${out.status}: ${out.stderr}`;
    return result;
  }
  // apimachinery's YAML decoder: documents separated by lines starting with ---
  const text = out.stdout.replace(/\n$/, '');
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('---')) {
      if (!/^---\s*(#.*)?$/.test(line)) throw new Error(`invalid Yaml document separator: ${line}`);
      docs.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  docs.push(current.join('\n'));
  for (const doc of docs) {
    if (/:\s*[-+]?\.(inf|nan)\s*$/im.test(doc)) throw new Error('.inf/.nan in output');
    const v11 = parse(doc, { version: '1.1' });
    if (v11 === null || v11 === undefined) continue;
    // What go-yaml v2 (YAML 1.1) reads must be what a YAML 1.2 reader reads: no surprises.
    expect(parse(doc, { version: '1.2' })).toEqual(v11);
    if (typeof v11?.kind !== 'string' || v11.kind === '') throw new Error(`Object 'Kind' is missing in '${doc.slice(0, 80)}'`);
    if (Array.isArray(v11.items)) result.objects.push(...v11.items);
    else result.objects.push(v11);
  }
  return result;
}

describe('Argo CD config management plugin', () => {
  it('plugin.yaml is a ConfigManagementPlugin with a quoted version matching the package', () => {
    expect(plugin.kind).toBe('ConfigManagementPlugin');
    expect(plugin.spec.version).toBe(`v${version}`);
    expect(readFileSync(join(repo, 'plugin.yaml'), 'utf8')).toMatch(/version: "v\d+\.\d+\.\d+"/);
    const app = parse(readFileSync(join(repo, 'examples/argocd/application.yaml'), 'utf8'));
    expect(app.spec.source.plugin.name).toBe(`${plugin.metadata.name}-${plugin.spec.version}`);
    for (const p of plugin.spec.parameters.static) expect(p.collectionType).toBe('string');
  });

  it('generates what Argo CD applies, without local config or orchestrator annotations', () => {
    const out = generate(join(repo, 'examples/argocd/app'), undefined);
    expect(out.status, out.stderr).toBe(0);
    expect(out.objects.map((o) => o.kind).sort()).toEqual([
      'ConfigMap', 'Deployment', 'Deployment', 'ExternalSecret', 'Service', 'Service', 'Service', 'Service', 'ServiceAccount', 'StatefulSet', 'StatefulSet',
    ]);
    for (const o of out.objects) {
      expect(o.apiVersion).toBeTruthy();
      expect(o.metadata.name).toBeTruthy();
      const annotations = Object.keys(o.metadata.annotations ?? {});
      expect(annotations.filter((a) => /config\.kubernetes\.io|config\.k8s\.io/.test(a))).toEqual([]);
    }
    const sts = out.objects.find((o) => o.kind === 'StatefulSet')!;
    expect(sts.spec.template.spec.serviceAccountName).toBe('pgbackrest');
    expect(sts.spec.template.spec.containers[0].args).toContain('--backup-key-prefix=analytics/prod/analytics');
  });

  it('applies plugin parameters from the Application', () => {
    const out = generate(join(repo, 'examples/argocd/app'), [
      { name: 's3.keyPrefixTemplate', string: '{namespace}/{database}/{tablegroup}/{shard}/{pool}' },
      { name: 'protectBackupVolumes', string: 'false' },
    ]);
    expect(out.status, out.stderr).toBe(0);
    const sts = out.objects.find((o) => o.kind === 'StatefulSet')!;
    expect(sts.spec.template.spec.containers[0].args).toContain('--backup-key-prefix=analytics/analytics/main/0-inf/primary');
  });

  it('reads PARAM_ variables when ARGOCD_APP_PARAMETERS is absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epb-argo-app-'));
    cpSync(join(repo, 'examples/argocd/app'), dir, { recursive: true });
    const root = unpack(dir);
    const env = { PATH: process.env.PATH!, PARAM_S3_KEYPREFIXTEMPLATE: '{namespace}/{pool}' };
    const out = spawnSync(process.execPath, [join(repo, 'dist/expand-pool-backups.mjs'), 'render', '.'], { cwd: root, env, encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('--backup-key-prefix=analytics/primary');
  });

  it('fails generation with the error on stderr for an invalid Shard, and for a bad parameter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epb-argo-bad-'));
    cpSync(join(repo, 'examples/argocd/app'), dir, { recursive: true });
    const shard = join(dir, 'shard.yaml');
    writeFileSync(shard, readFileSync(shard, 'utf8').replace('cells: [us-west-2a, us-west-2b]', 'cells: [us-west-2a, us-west-2a]'));
    const bad = generate(dir, undefined);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.error).toContain('render .` failed exit status 1: [error] multigres.com/v1alpha1/Shard/analytics/analytics-main-0 spec.pools.primary.cells[1]: cell "us-west-2a" is listed twice');
    const param = generate(join(repo, 'examples/argocd/app'), [{ name: 'protectBackupVolumes', string: 'maybe' }]);
    expect(param.status).toBe(1);
    expect(param.stderr).toContain('parameters.protectBackupVolumes: got "maybe"');
  });

  it('does not match directories without the marker file', () => {
    expect(globMatches(join(repo, 'examples/kustomize/base'), plugin.spec.discover.fileName)).toBe(false);
    expect(relative(repo, join(repo, 'examples/argocd/app'))).toBe('examples/argocd/app');
  });
});
