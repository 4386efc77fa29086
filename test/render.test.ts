// render mode: manifests in, what to apply out (the Argo CD plugin's generate step).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/text/parse.js';
import { renderFiles, type SourceFile } from '../src/krm/render.js';
import { readStream, yaml } from './helpers.js';

const shard = yaml`
  apiVersion: multigres.com/v1alpha1
  kind: Shard
  metadata:
    name: s1
    namespace: db
    labels: {multigres.com/cluster: c1}
  spec:
    databaseName: app
    tableGroupName: tg
    shardName: "0"
    images: {postgres: "pgctld:v1", multipooler: "multigres:v1", multiorch: "multigres:v1"}
    globalTopoServer: {address: "topo:2379", rootPath: /g, implementation: etcd}
    multiorch: {}
    pools:
      main:
        cells: [z1]
`;

const kptfile = yaml`
  apiVersion: kpt.dev/v1
  kind: Kptfile
  metadata:
    name: pkg
    annotations:
      config.kubernetes.io/local-config: "true"
`;

const configMap = yaml`
  # settings, kept byte for byte
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings   # a comment
  data: {enabled: "yes"}
`;

describe('renderFiles', () => {
  it('prints generated objects and unowned items, drops local config, Kptfile and functionConfig', () => {
    const files: SourceFile[] = [
      { path: 'Kptfile', text: kptfile },
      { path: 'fn-config.yaml', text: 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata: {name: c}\nspec: {protectBackupVolumes: false}\n' },
      { path: 'app.yaml', text: `${shard}---\n${configMap}` },
      { path: 'local.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n  annotations: {config.kubernetes.io/local-config: "true"}\n' },
    ];
    const out = renderFiles(files);
    expect(out.exitCode).toBe(0);
    const docs = readStream(out.stdout);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ConfigMap/pg-hba-template',
      'Deployment/c1-app-tg-0-multiorch-z1-09d5e123',
      'Service/c1-app-tg-0-multiorch-z1-09d5e123',
      'PersistentVolumeClaim/backup-data-c1-app-tg-0-pool-main-z1-a77fda06',
      'StatefulSet/c1-app-tg-0-pool-main-z1-dbc781cb',
      'Service/c1-app-tg-0-pool-main-z1-headless-557b7d9c',
      'ConfigMap/settings',
    ]);
    expect(out.stdout).toContain(`---\n${configMap}`);
    // protectBackupVolumes: false from the functionConfig found among the files
    expect(docs[3]!.metadata.annotations).toEqual({ 'fn.multigres.com/rendered-from': 'db/s1' });
  });

  it('strips orchestrator annotations from items it passes through', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    config.kubernetes.io/path: a.yaml\n    internal.config.kubernetes.io/index: "0"\n';
    const out = renderFiles([{ path: 'a.yaml', text: `${shard}---\n${text}` }]);
    expect(readStream(out.stdout).at(-1)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  });

  it('prints nothing and exits 1 when a Shard has errors', () => {
    const broken = shard.replace('cells: [z1]', 'cells: [z1]\n      backupConfig: {type: s3}');
    const out = renderFiles([{ path: 'a.yaml', text: broken }]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.results[0]).toMatchObject({ severity: 'error', field: { path: 'spec.pools.main.backupConfig.s3' }, file: { path: 'a.yaml' } });
  });

  it('refuses an empty render instead of printing nothing with success', () => {
    const out = renderFiles([{ path: 'Kptfile', text: kptfile }]);
    expect(out.exitCode).toBe(1);
    expect(out.results[0]!.message).toMatch(/^nothing to apply/);
  });

  it('reads CRLF files and reports the file and document index of a Shard', () => {
    const broken = shard.replace('databaseName: app', 'databaseName: ""');
    const out = renderFiles([{ path: 'dir/a.yaml', text: `${configMap}---\n${broken}`.replace(/\n/g, '\r\n') }]);
    expect(out.results[0]).toMatchObject({ field: { path: 'spec.databaseName' }, file: { path: 'dir/a.yaml', index: 1 } });
  });

  it('names the file and document of YAML it cannot read', () => {
    const text = `${configMap}---\nkind: Shard\n  bad: indent\n`;
    const out = renderFiles([{ path: 'dir/a.yaml', text }]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    // The yaml library's line, counted in the file: the line of `kind: Shard`.
    const line = text.split('\n').indexOf('kind: Shard') + 1;
    expect(out.results[0]).toMatchObject({ severity: 'error', file: { path: 'dir/a.yaml', index: 1 } });
    expect(out.results[0]!.message).toMatch(new RegExp(`^dir/a\\.yaml \\(document 1\\) looks like a Shard but cannot be read.* at line ${line},`));
  });

  it('rejects two functionConfigs', () => {
    const fc = 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata: {name: c}\n';
    expect(() => renderFiles([{ path: 'a.yaml', text: fc }, { path: 'b.yaml', text: fc }, { path: 's.yaml', text: shard }])).toThrow(InputError);
  });

  it('takes an explicit --config file', () => {
    const out = renderFiles([{ path: 's.yaml', text: shard }], { path: 'cfg.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {protectBackupVolumes: "false"}\n' });
    const pvc = readStream(out.stdout).find((d) => d.kind === 'PersistentVolumeClaim')!;
    expect(Object.keys(pvc.metadata.annotations)).toEqual(['fn.multigres.com/rendered-from']);
  });
});

describe('renderFiles and text outside documents', () => {
  const sourceStub = (name: string) => `---\n# Source: chart/templates/${name}\n`;

  it('keeps a comment-only document (a Helm `# Source:` stub) a document of its own, in place, also before a Shard it drops', () => {
    const out = renderFiles([
      { path: 'chart.yaml', text: `${sourceStub('empty.yaml')}${sourceStub('shard.yaml')}---\n${shard}${sourceStub('notes.txt')}--- # Source: chart/templates/settings.yaml\n${configMap}` },
    ]);
    expect(out.exitCode).toBe(0);
    const stubs = `${sourceStub('empty.yaml')}${sourceStub('shard.yaml')}`;
    expect(out.stdout.startsWith(`${stubs}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pg-hba-template\n`)).toBe(true);
    expect(out.stdout.endsWith(`${sourceStub('notes.txt')}--- # Source: chart/templates/settings.yaml\n${configMap}`)).toBe(true);
    expect(readStream(out.stdout).map((d) => d.kind)).toEqual(['ConfigMap', 'Deployment', 'Service', 'PersistentVolumeClaim', 'StatefulSet', 'Service', 'ConfigMap']);
  });

  it('keeps the comments before an earlier rendered object it leaves out, and before the functionConfig', () => {
    const first = renderFiles([{ path: 'shard.yaml', text: shard }]).stdout;
    const pvc = first.slice(first.indexOf('---\napiVersion: v1\nkind: PersistentVolumeClaim'), first.indexOf('---\napiVersion: apps/v1\nkind: StatefulSet'));
    const fc = '---\n# the settings\n---\napiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata: {name: c}\n';
    const out = renderFiles([{ path: 'a.yaml', text: `${shard}---\n# about the old volume\n${pvc}${fc}---\n# the end\n` }]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout.endsWith('---\n# about the old volume\n---\n# the settings\n---\n# the end\n')).toBe(true);
    expect(out.stdout.match(/kind: PersistentVolumeClaim/g)).toHaveLength(1);
  });

  it('drops every byte-order mark: a second file\'s would sit in the middle of the one stream', () => {
    const out = renderFiles([
      { path: 'a.yaml', text: `\ufeff${configMap}` },
      { path: 'b.yaml', text: `\ufeff${configMap.replace('settings ', 'more ')}` },
    ]);
    expect(out.stdout).toBe(`---\n${configMap}---\n${configMap.replace('settings ', 'more ')}`);
  });

  it('starts a CRLF document with a CRLF `---` line', () => {
    const crlf = configMap.replace(/\n/g, '\r\n');
    expect(renderFiles([{ path: 'a.yaml', text: crlf }]).stdout).toBe(`---\r\n${crlf}`);
  });
});

describe('renderFiles and ExpandPoolBackups settings', () => {
  it('takes an ExpandPoolBackups with a wrong apiVersion out of the stream and reports it', () => {
    const shardText = readFileSync(new URL('../examples/quickstart/shard.yaml', import.meta.url), 'utf8');
    const wrong = 'apiVersion: fn.multigres.com/v1\nkind: ExpandPoolBackups\nmetadata: {name: backups}\nspec: {protectBackupVolumes: false}\n';
    const out = renderFiles([{ path: 'shard.yaml', text: shardText }, { path: 'backups.yaml', text: wrong }]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.results.find((r) => r.severity === 'error')!.message).toMatch(/functionConfig is "fn\.multigres\.com\/v1" "ExpandPoolBackups"; accepted are fn\.multigres\.com\/v1alpha1 ExpandPoolBackups/);
  });
});

describe('renderFiles: the settings the package gives, never rendered without', () => {
  const pipeline = (mutator: string) => `${kptfile}pipeline:\n  mutators:\n${mutator}`;
  const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: backup-settings\ndata:\n  defaults.backupConfig.type: s3\n  defaults.backupConfig.s3.bucket: acme-backups\n  defaults.backupConfig.s3.region: eu-west-1\n';
  const args = (out: ReturnType<typeof renderFiles>) => readStream(out.stdout).find((d) => d.kind === 'StatefulSet')!.spec.template.spec.containers[0].args as string[];

  it("takes the ConfigMap the Kptfile's configPath names, even when it is not marked local-config, and does not apply it", () => {
    for (const image of ['- image: ghcr.io/multigres/expand-pool-backups:v0.1.0@sha256:abc', '- exec: ./node_modules/.bin/expand-pool-backups', '- exec: node dist/expand-pool-backups.mjs']) {
      const out = renderFiles([
        { path: 'pkg/Kptfile', text: pipeline(`  ${image}\n    configPath: ../pkg/settings.yaml\n`) },
        { path: 'pkg/settings.yaml', text: settings },
        { path: 'pkg/shard.yaml', text: shard },
      ]);
      expect(out.exitCode, image).toBe(0);
      expect(args(out)).toContain('--backup-type=s3');
      expect(readStream(out.stdout).map((d) => d.metadata.name)).not.toContain('backup-settings');
    }
  });

  it('takes an inline configMap from the Kptfile, and ignores mutators of other functions', () => {
    const out = renderFiles([
      { path: 'Kptfile', text: pipeline('  - image: gcr.io/kpt-fn/set-labels:v0.2.0\n    configMap: {app: x}\n  - image: expand-pool-backups\n    configMap:\n      defaults.backupConfig.type: s3\n      defaults.backupConfig.s3.bucket: acme-backups\n      defaults.backupConfig.s3.region: us-east-1\n') },
      { path: 'shard.yaml', text: shard },
    ]);
    expect(out.exitCode).toBe(0);
    expect(args(out)).toContain('--backup-region=us-east-1');
  });

  it('fails, naming the file, when the settings cannot be read: broken YAML, a configPath that names nothing, two packages that disagree', () => {
    const broken = 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata: {name: b}\nspec:\n  defaults:\n    backupConfig:\n      type: s3\n      s3: {bucket: b, region: [eu-west-1}\n';
    expect(() => renderFiles([{ path: 'backups.yaml', text: broken }, { path: 'shard.yaml', text: shard }])).toThrow(/backups\.yaml holds ExpandPoolBackups settings that are not valid YAML/);
    expect(() => renderFiles([{ path: 'Kptfile', text: pipeline('  - exec: expand-pool-backups\n    configPath: gone.yaml\n') }, { path: 'shard.yaml', text: shard }])).toThrow(/configPath gone\.yaml names no file of the package/);
    expect(() =>
      renderFiles([
        { path: 'a/Kptfile', text: pipeline('  - exec: expand-pool-backups\n    configMap: {protectBackupVolumes: "false"}\n') },
        { path: 'b/Kptfile', text: pipeline('  - exec: expand-pool-backups\n    configMap: {protectBackupVolumes: "true"}\n') },
        { path: 'a/shard.yaml', text: shard },
      ]),
    ).toThrow(/two kpt packages give expand-pool-backups different settings/);
  });

  it('refuses a Kubernetes version below 1.29, with the field path, and renders for one it knows', () => {
    const config = (v: string) => ({ path: 'c.yaml', text: `apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata: {name: c}\nspec: {kubeVersion: "${v}"}\n` });
    const old = renderFiles([{ path: 's.yaml', text: shard }], config('1.28'));
    expect(old.exitCode).toBe(1);
    expect(old.results[0]).toMatchObject({ severity: 'error', field: { path: 'spec.kubeVersion' } });
    expect(old.results[0]!.message).toMatch(/1\.29/);
    expect(renderFiles([{ path: 's.yaml', text: shard }], config('v1.31.2')).exitCode).toBe(0);
  });
});

describe('renderFiles and hostile YAML', () => {
  const bomb = (kind: string, apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: lol\n  annotations: {config.kubernetes.io/path: x.yaml}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
  it.each([
    ['an object it must strip annotations from', bomb('ConfigMap', 'v1')],
    ['an ExpandPoolBackups', bomb('ExpandPoolBackups', 'fn.multigres.com/v1alpha1')],
  ])('refuses alias bombs in %s with an input error naming the file', (_, text) => {
    expect(() => renderFiles([{ path: 'x.yaml', text }])).toThrow(/^x\.yaml uses YAML aliases that expand beyond the limit of 100/);
  });
});
