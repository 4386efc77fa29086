// The bundle evaluates zod and builds the schemas (src/api/schemas.ts) only in a run that checks a
// Shard, a pool's backupConfig or a functionConfig that its compiled checks are not sure of (one
// with a mistake, mostly): scripts/build.mjs turns src/api/load-schemas.ts into a require() on
// first use, and puts the checks compiled from the schemas in the bundle. zod leaves a mark on globalThis when it is evaluated
// (__zod_globalConfig); a script preloaded into the bundle's process writes whether it is there
// when the process exits.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yaml } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'epb-schemas-'));
const bundle = join(dir, 'expand-pool-backups.mjs');
copyFileSync(new URL('../dist/expand-pool-backups.mjs', import.meta.url), bundle);
const probe = join(dir, 'zod-probe.cjs');
writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.ZOD_PROBE, String('__zod_globalConfig' in globalThis)));\n");
const testdata = (p: string) => readFileSync(new URL(`../testdata/${p}`, import.meta.url), 'utf8');

/** Runs the bundle; `zod`: whether zod was evaluated. */
function run(args: string[], input: string): { status: number | null; stdout: string; zod: boolean } {
  const mark = join(dir, 'mark');
  writeFileSync(mark, '');
  const out = spawnSync(process.execPath, ['--require', probe, bundle, ...args], { input, cwd: dir, encoding: 'utf8', env: { ...process.env, ZOD_PROBE: mark } });
  return { status: out.status, stdout: out.stdout, zod: readFileSync(mark, 'utf8') === 'true' };
}

const objects = yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings
  data:
    mode: fast
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 2
`;

/** The objects as the items of a ResourceList, with a functionConfig when given (YAML lines at the top level). */
const resourceList = (functionConfig = '') =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${objects.split('---\n').map((doc) => `- ${doc.trimEnd().replace(/\n/g, '\n  ')}\n`).join('')}${functionConfig}`;

describe('the schemas in the bundle', () => {
  it('are never built for a package without a Shard or a functionConfig, in any of the three forms', () => {
    const krm = run([], resourceList());
    expect(krm).toMatchObject({ status: 0, zod: false });
    expect(krm.stdout).toContain('name: web');
    const stream = run([], objects);
    expect(stream).toMatchObject({ status: 0, zod: false });
    expect(stream.stdout).toContain(objects);
    mkdirSync(join(dir, 'package'), { recursive: true });
    writeFileSync(join(dir, 'package', 'app.yaml'), objects);
    const render = run(['render', 'package'], '');
    expect(render).toMatchObject({ status: 0, zod: false });
    expect(render.stdout).toContain(objects);
  });

  it('are not built for a valid Shard, which renders as it did', () => {
    const out = run([], testdata('s3-credentials-secret/input.yaml'));
    expect(out).toMatchObject({ status: 0, zod: false });
    expect(out.stdout).toBe(testdata('s3-credentials-secret/expected.yaml'));
  });

  it('are built for a Shard with a mistake, which zod words', () => {
    const input = testdata('s3-credentials-secret/input.yaml').replace(/replicasPerCell: \d+/, 'replicasPerCell: three');
    expect(input).toContain('replicasPerCell: three');
    const out = run([], input);
    expect(out).toMatchObject({ status: 1, zod: true });
    expect(out.stdout).toContain('replicasPerCell');
    expect(out.stdout).toContain('expected a number, got');
  });

  it('are not built for a valid functionConfig', () => {
    const functionConfig = 'functionConfig:\n  apiVersion: fn.multigres.com/v1alpha1\n  kind: ExpandPoolBackups\n  metadata:\n    name: settings\n  spec:\n    protectBackupVolumes: false\n    defaults:\n      backupConfig:\n        type: s3\n        s3: {bucket: backups, region: eu-west-1}\n';
    expect(run([], resourceList(functionConfig))).toMatchObject({ status: 0, zod: false });
  });

  it('are built for a functionConfig with a mistake, which is checked', () => {
    const functionConfig = 'functionConfig:\n  apiVersion: fn.multigres.com/v1alpha1\n  kind: ExpandPoolBackups\n  metadata:\n    name: settings\n  spec:\n    protectBackupVolumes: maybe\n';
    const out = run([], resourceList(functionConfig));
    expect(out).toMatchObject({ status: 1, zod: true });
    expect(out.stdout).toContain('spec.protectBackupVolumes');
  });
});
