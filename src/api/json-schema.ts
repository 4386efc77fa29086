// JSON Schemas generated from the zod schemas, so editors, CRD authors and the kpt function
// definition see exactly what the function accepts, with the same field descriptions. Pure.
// The schemas, and zod with them, are loaded when a JSON Schema is first asked for.
import type * as z from 'zod/mini';
import { loadSchemas } from './load-schemas.js';

/** Where the schemas are published: the files in schema/ of the tagged release. */
export const SCHEMA_BASE = 'https://raw.githubusercontent.com/multigres/expand-pool-backups/v0.1.0/schema/';

/** The document kinds `schema` prints, and the file each is published as. */
export const SCHEMA_FILES = { shard: 'shard.schema.json', functionConfig: 'function-config.schema.json', backupConfig: 'backup-config.schema.json' } as const;
export type SchemaKind = keyof typeof SCHEMA_FILES;

type Json = Record<string, unknown>;

/** A set credential mode, as the function counts it (an empty name or useEnvCredentials: false is none). */
const MODE: Record<string, Json> = {
  credentialsSecretName: { required: ['credentialsSecretName'], properties: { credentialsSecretName: { minLength: 1 } } },
  useEnvCredentials: { required: ['useEnvCredentials'], properties: { useEnvCredentials: { const: true } } },
  serviceAccountName: { required: ['serviceAccountName'], properties: { serviceAccountName: { minLength: 1 } } },
};

/**
 * The rules between fields that JSON Schema can say, so an editor flags them as you type: s3 only
 * with type s3, storage only with type filesystem, at most one S3 credential mode.
 */
function withCrossFieldRules(backup: Json): Json {
  const names = Object.keys(MODE);
  const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => ({ allOf: [MODE[a], MODE[b]] })));
  const s3 = (backup.properties as Record<string, Json>).s3!;
  return {
    ...backup,
    properties: { ...(backup.properties as Json), s3: { ...s3, not: { anyOf: pairs }, description: `${String(s3.description ?? '')}; at most one of credentialsSecretName, useEnvCredentials: true, serviceAccountName` } },
    allOf: [
      { if: { required: ['type'], properties: { type: { const: 'filesystem' } } }, then: { not: { required: ['s3'] } } },
      { if: { required: ['type'], properties: { type: { const: 's3' } } }, then: { not: { required: ['storage'] } } },
    ],
  };
}

const draft = (schema: z.ZodMiniType): Json => loadSchemas().toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Json;

/** A schema as a published document: its $id first. */
const published = (kind: SchemaKind, schema: Json): Json => {
  const { $schema, ...rest } = schema;
  return { $schema, $id: `${SCHEMA_BASE}${SCHEMA_FILES[kind]}`, ...rest };
};

/** The backupConfig schema with its cross-field rules, without the document header. */
function backupConfigBody(): Json {
  const { $schema: _, ...body } = withCrossFieldRules(draft(loadSchemas().BackupConfigSchema));
  return body;
}

/** JSON Schema of a Shard whose pools carry backupConfig (the fields this function reads; others are allowed). */
export function shardJsonSchema(): Json {
  const { ShardSchema, PoolSpecSchema } = loadSchemas();
  const shard = draft(ShardSchema);
  const { $schema: _, ...pool } = draft(PoolSpecSchema);
  const poolProperties = { ...(pool.properties as Json), backupConfig: { ...backupConfigBody(), description: 'where this pool backs up to (absent: a 10Gi backup PVC)' } };
  const spec = (shard.properties as Record<string, Json>).spec!;
  const specProperties = spec.properties as Record<string, Json>;
  return published('shard', {
    ...shard,
    description: 'a Multigres Shard (multigres.com/v1alpha1) as expand-pool-backups renders it: pools with backupConfig',
    properties: {
      ...(shard.properties as Json),
      spec: { ...spec, properties: { ...specProperties, pools: { type: 'object', description: 'pool name -> pool, at most 8', maxProperties: 8, additionalProperties: { ...pool, properties: poolProperties } } } },
    },
  });
}

/** OpenAPI v3 (the dialect of CRDs and KRMFunctionDefinitions) for the whole functionConfig. */
export function functionConfigOpenApiSchema(): Record<string, unknown> {
  const { toJSONSchema, FunctionConfigSchema } = loadSchemas();
  return toJSONSchema(FunctionConfigSchema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;
}

/** JSON Schema (draft 2020-12) of a pool's backupConfig. */
export const backupConfigJsonSchema = (): Json => published('backupConfig', withCrossFieldRules(draft(loadSchemas().BackupConfigSchema)));

/** JSON Schema (draft 2020-12) of the ExpandPoolBackups functionConfig (its default backupConfig with the same rules). */
export function functionConfigJsonSchema(): Json {
  const config = draft(loadSchemas().FunctionConfigSchema);
  const spec = (config.properties as Record<string, Json>).spec!;
  const defaults = (spec.properties as Record<string, Json>).defaults!;
  const backup = (defaults.properties as Record<string, Json>).backupConfig!;
  const rules = withCrossFieldRules(backup);
  return published('functionConfig', {
    ...config,
    properties: {
      ...(config.properties as Json),
      spec: { ...spec, properties: { ...(spec.properties as Json), defaults: { ...defaults, properties: { ...(defaults.properties as Json), backupConfig: rules } } } },
    },
  });
}

/** The schema of one document kind. */
export const jsonSchemaOf = (kind: SchemaKind): Json => ({ shard: shardJsonSchema, functionConfig: functionConfigJsonSchema, backupConfig: backupConfigJsonSchema })[kind]();
