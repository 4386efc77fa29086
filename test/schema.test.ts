// The JSON Schemas and docs/reference.md are generated from the zod schemas and pinned here:
// a schema change shows up as a diff of these files (`npm run test:update`).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { referenceMarkdown } from '../src/api/reference.js';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, parseAllDocuments } from 'yaml';
import { SCHEMA_BASE, SCHEMA_FILES, type SchemaKind } from '../src/api/json-schema.js';
import { schemaDocument, SCHEMA_KINDS } from '../src/cli/schema-command.js';
import { minimalShard } from './helpers.js';

describe('schemas', () => {
  it('`schema` prints the JSON Schemas, pinned in schema/expand-pool-backups.schema.json', async () => {
    const text = schemaDocument();
    await expect(text).toMatchFileSnapshot('../schema/expand-pool-backups.schema.json');
    const out = spawnSync(process.execPath, [new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname, 'schema'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(text);
    const schema = JSON.parse(text);
    expect(schema.backupConfig.properties.s3.properties.credentialsSecretName.description).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(schema.backupConfig.additionalProperties).toBe(false);
  });

  it.each(SCHEMA_KINDS)('`schema %s` prints one schema whose $id is its published file in schema/', async (kind) => {
    const bin = new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname;
    const out = spawnSync(process.execPath, [bin, 'schema', kind], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toBe(schemaDocument(kind));
    await expect(out.stdout).toMatchFileSnapshot(`../schema/${SCHEMA_FILES[kind]}`);
    expect(JSON.parse(out.stdout).$id).toBe(`${SCHEMA_BASE}${SCHEMA_FILES[kind]}`);
  });
});

describe('the JSON Schemas, as an editor applies them', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const compiled = new Map<SchemaKind, ReturnType<typeof ajv.compile>>();
  const validator = (kind: SchemaKind) => {
    if (!compiled.has(kind)) compiled.set(kind, ajv.compile(JSON.parse(schemaDocument(kind))));
    return compiled.get(kind)!;
  };
  const examples = ['examples/quickstart/shard.yaml', 'examples/quickstart/small-shard.yaml', 'examples/kpt/shard.yaml', 'examples/kustomize/base/shard.yaml', 'examples/argocd/app/shard.yaml'];

  it('accepts the Shards and settings the project ships', () => {
    const shard = validator('shard');
    for (const file of examples) {
      for (const doc of parseAllDocuments(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))) {
        const value = doc.toJS();
        if (value?.kind !== 'Shard') continue;
        expect(shard(value), `${file}: ${JSON.stringify(shard.errors)}`).toBe(true);
      }
    }
    const config = validator('functionConfig');
    for (const file of ['examples/kpt/backups.yaml', 'examples/argocd/app/expand-pool-backups.yaml']) {
      expect(config(parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))), `${file}: ${JSON.stringify(config.errors)}`).toBe(true);
    }
  });

  it('flags the cross-field mistakes the function rejects: s3 without type s3, storage with type s3, two credential modes', () => {
    const backup = validator('backupConfig');
    expect(backup({ type: 's3', s3: { bucket: 'b', region: 'r', credentialsSecretName: 'c' } })).toBe(true);
    expect(backup({ type: 's3', s3: { bucket: 'b', region: 'r', useEnvCredentials: false, serviceAccountName: 'sa' } })).toBe(true);
    expect(backup({ type: 'filesystem', s3: { bucket: 'b' } })).toBe(false);
    expect(backup({ type: 's3', storage: { size: '1Gi' }, s3: { bucket: 'b' } })).toBe(false);
    expect(backup({ type: 's3', s3: { bucket: 'b', credentialsSecretName: 'c', serviceAccountName: 'sa' } })).toBe(false);
    expect(backup({ type: 's3', s3: { bucket: 'b', credentialsSecretName: 'c', useEnvCredentials: true } })).toBe(false);
    const shard = validator('shard');
    const bad = minimalShard();
    bad.spec.pools.main!.backupConfig = { type: 'filesystem', s3: { bucket: 'b' } };
    expect(shard(bad)).toBe(false);
    expect(JSON.stringify(shard.errors)).toContain('/spec/pools/main/backupConfig');
  });

  it('docs/reference.md is generated from the same descriptions', async () => {
    const md = referenceMarkdown();
    await expect(md).toMatchFileSnapshot('../docs/reference.md');
    expect(md).toContain('| `s3.keyPrefix` |');
    expect(md).toContain('| `spec.s3.keyPrefixTemplate` |');
  });
});

describe('the schema of plan --output json', () => {
  it('`schema plan` prints it, pinned in schema/plan.schema.json with its $id', async () => {
    const bin = new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname;
    const out = spawnSync(process.execPath, [bin, 'schema', 'plan'], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    await expect(out.stdout).toMatchFileSnapshot('../schema/plan.schema.json');
    expect(JSON.parse(out.stdout).$id).toBe(`${SCHEMA_BASE}plan.schema.json`);
    expect(() => new Ajv2020({ strict: true }).compile(JSON.parse(out.stdout))).not.toThrow();
  });
});
