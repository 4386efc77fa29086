// Test helpers: dedented inline YAML, reading outputs back, Kubernetes schema validation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';

/** Dedents a template literal: `yaml\`...\`` in tests reads like the YAML it holds. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/\s*$/, '\n');
}

export interface ListOut {
  items: Array<Record<string, any>>;
  results?: Array<Record<string, any>>;
  functionConfig?: unknown;
}

export const readList = (text: string): ListOut => parse(text, { version: '1.1', uniqueKeys: false }) as ListOut;

export const readStream = (text: string): Array<Record<string, any>> =>
  parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as Record<string, any>).filter(Boolean);

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/ConfigMap': ConfigMap,
};

/** Validates an object against the real Kubernetes schema of its kind; throws with the reason. */
export function validateKubernetes(object: Record<string, any>): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

export const RENDERED_FROM = 'fn.multigres.com/rendered-from';
export const isGenerated = (o: Record<string, any>): boolean => typeof o?.metadata?.annotations?.[RENDERED_FROM] === 'string';

/** What each external tool the tests run is, and how to get it (README: Development). */
const TOOLS: Record<string, string> = {
  kpt: 'kpt 1.0.0-beta (https://kpt.dev/installation/)',
  kubectl: 'kubectl with its built-in kustomize v5',
  podman: 'podman (apt-get install podman runc podman-docker)',
  runc: 'runc, the runtime the image tests give podman (apt-get install runc)',
};

/** Fails with "<tool> not found on PATH" and how to get it, instead of a confusing assertion later. */
export function requireTool(name: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(`${name} not found on PATH: npm test needs ${TOOLS[name] ?? name}`);
}

/** A directory with `expand-pool-backups` (the bundle) on it, as a user who installed it has. */
export function functionOnPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'epb-bin-'));
  symlinkSync(new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname, join(bin, 'expand-pool-backups'));
  return bin;
}

/** A minimal valid Shard (one pool, one cell), for unit tests to vary. */
export const minimalShard = () => ({
  apiVersion: 'multigres.com/v1alpha1',
  kind: 'Shard',
  metadata: { name: 's', namespace: 'db', labels: { 'multigres.com/cluster': 'c' } },
  spec: {
    databaseName: 'app',
    tableGroupName: 'tg',
    shardName: '0',
    images: { postgres: 'pgctld:v1', multipooler: 'm:v1', multiorch: 'm:v1' },
    globalTopoServer: { address: 'a', rootPath: '/r', implementation: 'etcd' },
    multiorch: {},
    pools: { main: { cells: ["z1"] } } as Record<string, Record<string, unknown>>,
  },
});
