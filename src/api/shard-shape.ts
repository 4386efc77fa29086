// The first of a Shard's three steps (parse-shard.ts): its shape, as the API server and the CRD
// check it, with the zod schemas of schemas.ts (validate.ts: zod itself only for a value that is not plainly valid). What comes out is what the user wrote, typed
// (Shard, PoolSpec, BackupConfig) when its shape is right, and in any case the fields the shape
// accepts, so that the rules can check them whatever is wrong elsewhere. Pure.
import { error, type FieldPath, type Issue } from './issue.js';
import { isInlineCredentialKey, noInlineCredentials, validLabels, validLabelValue } from './rules.js';
import type { BackupConfig, PoolSpec, Shard, ShardSpec } from './schemas.js';
import { loadSchemas } from './load-schemas.js';
import { fieldsOf, safeParse } from './validate.js';
import { acceptedFields, issuesFromZod, unknownFieldIssue } from './zod-issues.js';
import { isObject } from './kube-object.js';

export interface ShardShape {
  /** The Shard as written, when its shape is right. */
  written?: Shard;
  /** The spec fields the shape accepts: all of them when it is right. */
  accepted: Partial<ShardSpec>;
  /** metadata and spec as written (mappings, else empty): labels and annotations are checked as written, so keys such as __proto__ cannot vanish on the way. */
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  issues: Issue[];
}

/**
 * A Shard's shape: its labels as the API server takes them, the CRD's schema, and no spec field
 * the CRD does not have (a pool written beside spec.pools says so). Its pools are checked one by
 * one (poolShape).
 */
export function shardShape(raw: unknown): ShardShape {
  const specFields = fieldsOf('ShardSpecSchema');
  const metadata = isObject(raw) && isObject(raw.metadata) ? raw.metadata : {};
  const spec = isObject(raw) && isObject(raw.spec) ? raw.spec : {};
  const issues = validLabels(metadata.labels, ['metadata', 'labels']);
  const parsed = safeParse('ShardSchema', raw);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error.issues, loadSchemas().ShardSchema, raw, []));
  for (const key of Object.keys(spec)) {
    if (specFields.includes(key)) continue;
    const value = spec[key];
    if (looksLikePool(value)) {
      // A pool indented one level too shallow: rendering nothing for it would drop a database pool.
      issues.push(
        error(['spec', key], `unknown field "${key}": its value looks like a pool (${poolSigns(value).join(', ')}); did you mean spec.pools.${key}? Indent it under spec.pools`, {
          proposedValue: { pools: { [key]: value } },
        }),
      );
    } else issues.push(unknownFieldIssue(['spec'], key, specFields));
  }
  const accepted = parsed.success ? parsed.data.spec : acceptedFields<ShardSpec>(loadSchemas().ShardSpecSchema, spec);
  return { ...(parsed.success ? { written: parsed.data } : {}), accepted, metadata, spec, issues };
}

const POOL_FIELDS = ['cells', 'replicasPerCell', 'storage', 'backupConfig', 'backupStorage'];

/** What makes a value look like a PoolSpec: its pool-only fields, and a pool `type`. */
function poolSigns(value: unknown): string[] {
  if (!isObject(value)) return [];
  const signs = POOL_FIELDS.filter((f) => f in value);
  if (value.type === 'readWrite' || value.type === 'readOnly') signs.push(`type: ${value.type}`);
  return signs;
}

const looksLikePool = (value: unknown): boolean => poolSigns(value).length > 0;

export interface PoolShape {
  /** The pool as written, when its shape is right. */
  written?: PoolSpec;
  /** The fields the shape accepts (no cells when they are wrong). */
  accepted: PoolSpec;
  backup: BackupShape;
  issues: Issue[];
}

/**
 * A pool's shape: its name (a key of spec.pools, which becomes a label value), the CRD's schema
 * for a pool, and its backup fields (backupShape).
 */
export function poolShape({ name, raw, path }: { name: string; raw: unknown; path: FieldPath }): PoolShape {
  const issues = validLabelValue(name, path, 'pool name');
  const parsed = safeParse('PoolSpecSchema', raw);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error.issues, loadSchemas().PoolSpecSchema, raw, path));
  const backup = backupShape({ pool: raw, path });
  issues.push(...backup.issues);
  const accepted = parsed.success ? parsed.data : ({ cells: [], ...acceptedFields<PoolSpec>(loadSchemas().PoolSpecSchema, raw) } as PoolSpec);
  return { ...(parsed.success ? { written: parsed.data } : {}), accepted, backup, issues };
}

export interface BackupShape {
  /** Whether the pool writes a backupConfig at all. */
  wasWritten: boolean;
  /** The backupConfig as written, when its shape is right. */
  written?: BackupConfig;
  issues: Issue[];
}

/**
 * A pool's backup fields as written, wherever the pool is (a Shard, a ShardTemplate, a
 * MultigresCluster): the legacy `backupStorage` (an error that shows the backupConfig to write),
 * then `backupConfig`: no inline credentials (their own error, not an unknown field), and its schema.
 */
export function backupShape({ pool, path }: { pool: unknown; path: FieldPath }): BackupShape {
  const issues: Issue[] = [];
  if (!isObject(pool)) return { wasWritten: false, issues };
  if (pool.backupStorage !== undefined) {
    const proposed = { type: 'filesystem', ...(isObject(pool.backupStorage) && Object.keys(pool.backupStorage).length > 0 ? { storage: pool.backupStorage } : {}) };
    issues.push(
      pool.backupConfig !== undefined
        ? error([...path, 'backupStorage'], 'both backupStorage (legacy) and backupConfig are set; remove backupStorage, backupConfig replaces it')
        : error([...path, 'backupStorage'], 'backupStorage is replaced by backupConfig; write backupConfig with type filesystem and the same storage', { proposedValue: proposed }),
    );
  }
  const raw = pool.backupConfig;
  if (raw === undefined) return { wasWritten: false, issues };
  const backupPath = [...path, 'backupConfig'];
  issues.push(...noInlineCredentials(raw, backupPath));
  const parsed = safeParse('BackupConfigSchema', raw);
  if (parsed.success) return { wasWritten: true, written: parsed.data, issues };
  issues.push(...issuesFromZod(parsed.error.issues, loadSchemas().BackupConfigSchema, raw, backupPath, new Set(inlineKeys(raw))));
  return { wasWritten: true, issues };
}

const inlineKeys = (value: unknown): string[] => {
  const keys = isObject(value) ? Object.keys(value) : [];
  const s3 = isObject(value) && isObject(value.s3) ? Object.keys(value.s3) : [];
  return [...keys, ...s3].filter((k) => isInlineCredentialKey(k) && k !== 'credentialsSecretName');
};
