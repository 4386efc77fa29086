// Shard validation in three steps: zod checks shape (schemas.ts), normalize turns what the user
// wrote into what expand/ uses (the functionConfig's defaults merged in, canonical forms), named
// rules (rules.ts) check meaning. They run part by part (the Shard's fields, then each pool, its
// backup last) so that results come in the order of the Shard; each part returns its issues.
// Every problem of a Shard is reported at once; the normalized Shard exists only when there is
// no error. Pure.
import { error, hasErrors, info, warning, type FieldPath, type Issue } from './issue.js';
import type { Backup, Config, S3Credentials, NormalizedShard, Pool, PvcPolicy, Resources } from './model.js';
import {
  canonicalSize, isInlineCredentialKey, MAX_POOLS, noDuplicateCells, noInlineCredentials, pinnedPostgresImage, poolTypeEffect,
  topoImplementationEffect, validLabels, validLabelValue, validQuantityMap, validS3, validSize, validStorage,
} from './rules.js';
import {
  BackupConfigSchema, PoolSpecSchema, SHARD_SPEC_FIELDS, ShardSchema,
  ShardSpecSchema, type BackupConfig, type PoolSpec, type PvcDeletionPolicy, type ResourceRequirements, type S3Config, type ShardSpec,
} from './schemas.js';
import { canonicalQuantity } from './quantity.js';
import { acceptedFields, describeValue, issuesFromZod, unknownFieldIssue } from './zod-issues.js';
import { fillKeyPrefix, keyPrefixProblem, type KeyPrefixContext } from './key-prefix.js';
import { LABEL } from './operator-labels.js';
import { DROPPED_POD_ANNOTATIONS, noResourceClaims, parsePullSecrets, podAnnotationIssues, podLabelIssues } from './pod-settings.js';
import { parseObservability } from './observability.js';
import { isObject } from './kube-object.js';

const DEFAULT_BACKUP_SIZE = '10Gi';
const DEFAULT_ACCESS_MODES = ['ReadWriteOnce'];

export interface ParsedShard {
  shard?: NormalizedShard;
  issues: Issue[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Checks what the function owns in the pools of a ShardTemplate or of a MultigresCluster's shard
 * (`backupConfig`, and the legacy `backupStorage` it replaces), nothing else: those objects are
 * the operator's, their pools are partial by design (a template leaves `cells` to the Shard made
 * from it) and newer operators add fields (`tolerations`, `fsGroup`). Anything that is not a
 * mapping of pools to mappings is left to the operator's CRD as well. Notes on defaults belong to
 * rendered Shards, so only errors and warnings come back.
 */
export function validatePoolBackups(rawPools: unknown, poolOrder: readonly string[], path: FieldPath, config: Config): Issue[] {
  if (!isObject(rawPools)) return [];
  const issues: Issue[] = [];
  for (const name of poolOrder) {
    const raw = rawPools[name];
    if (!isObject(raw)) continue;
    const written = writtenBackup(raw, [...path, name]);
    issues.push(...written.issues);
    if (!written.wasWritten) continue;
    const dataClass = isObject(raw.storage) && typeof raw.storage.class === 'string' ? raw.storage.class : undefined;
    issues.push(...resolveBackup({ written, dataClass, path: [...path, name, 'backupConfig'], config }).issues);
  }
  return issues.filter((i) => i.severity !== 'info');
}

/**
 * Validates and normalizes one Shard. `poolOrder` is the order of the keys of `spec.pools` as
 * written (JavaScript objects would put integer-like pool names first).
 */
export function parseShard(raw: unknown, poolOrder: readonly string[], config: Config): ParsedShard {
  const issues: Issue[] = [];
  if (isObject(raw) && isObject(raw.metadata)) issues.push(...validLabels(raw.metadata.labels, ['metadata', 'labels']));
  const shape = ShardSchema.safeParse(raw);
  if (!shape.success) issues.push(...issuesFromZod(shape.error.issues, ShardSchema, raw, []));
  const spec = isObject(raw) && isObject(raw.spec) ? raw.spec : {};

  for (const key of Object.keys(spec)) {
    if ((SHARD_SPEC_FIELDS as readonly string[]).includes(key)) continue;
    const value = spec[key];
    if (looksLikePool(value)) {
      // A pool indented one level too shallow: rendering nothing for it would drop a database pool.
      issues.push(
        error(['spec', key], `unknown field "${key}": its value looks like a pool (${poolSigns(value).join(', ')}); did you mean spec.pools.${key}? Indent it under spec.pools`, {
          proposedValue: { pools: { [key]: value } },
        }),
      );
    } else issues.push(unknownFieldIssue(['spec'], key, SHARD_SPEC_FIELDS));
  }

  const { images, issues: imageIssues } = resolveImages(isObject(spec.images) ? spec.images : {}, config);
  issues.push(...imageIssues);

  const pools: Pool[] = [];
  const rawPools = isObject(spec.pools) ? spec.pools : undefined;
  if (rawPools) {
    if (poolOrder.length === 0) issues.push(error(['spec', 'pools'], 'no pools: a Shard needs at least one pool'));
    if (poolOrder.length > MAX_POOLS) issues.push(error(['spec', 'pools'], `${poolOrder.length} pools; at most ${MAX_POOLS} are accepted`));
    for (const name of poolOrder) {
      const context: KeyPrefixContext = {
        namespace: str(isObject(raw) && isObject(raw.metadata) ? raw.metadata.namespace : undefined),
        cluster: str(isObject(raw) && isObject(raw.metadata) && isObject(raw.metadata.labels) ? raw.metadata.labels[LABEL.cluster] : undefined),
        database: str(spec.databaseName),
        tablegroup: str(spec.tableGroupName),
        shard: str(spec.shardName),
        pool: name,
      };
      const parsed = parsePool({ name, raw: rawPools[name], path: ['spec', 'pools', name], shardPolicy: shape.success ? shape.data.spec.pvcDeletionPolicy : undefined, config, context });
      issues.push(...parsed.issues);
      if (parsed.pool) pools.push(parsed.pool);
    }
  }

  // The rules run on every field the shape accepts, whatever is wrong elsewhere in the Shard.
  const accepted = shape.success ? shape.data.spec : acceptedFields<ShardSpec>(ShardSpecSchema, spec);
  if (typeof accepted.databaseName === 'string') issues.push(...validLabelValue(accepted.databaseName, ['spec', 'databaseName'], 'databaseName'));
  if (typeof accepted.tableGroupName === 'string') issues.push(...validLabelValue(accepted.tableGroupName, ['spec', 'tableGroupName'], 'tableGroupName'));
  const orch: Partial<ShardSpec['multiorch']> = accepted.multiorch ?? {};
  issues.push(...validQuantityMap(orch.resources?.limits, ['spec', 'multiorch', 'resources', 'limits']));
  issues.push(...validQuantityMap(orch.resources?.requests, ['spec', 'multiorch', 'resources', 'requests']));
  issues.push(...noResourceClaims(orch.resources, ['spec', 'multiorch', 'resources']));
  orch.cells?.forEach((cell, i) => issues.push(...validLabelValue(cell, ['spec', 'multiorch', 'cells', i], 'cell')));
  issues.push(...noDuplicateCells(orch.cells ?? [], ['spec', 'multiorch', 'cells']));
  // Labels and annotations are checked as written: keys such as __proto__ must not vanish on the way.
  const rawOrch = isObject(spec.multiorch) ? spec.multiorch : {};
  const rawMetadata = isObject(raw) && isObject(raw.metadata) ? raw.metadata : {};
  issues.push(...podLabelIssues(rawOrch.podLabels, rawMetadata.labels, ['spec', 'multiorch', 'podLabels']));
  issues.push(...podAnnotationIssues(rawOrch.podAnnotations, ['spec', 'multiorch', 'podAnnotations']));
  const pullSecrets = parsePullSecrets(accepted.images?.imagePullSecrets, ['spec', 'images', 'imagePullSecrets']);
  issues.push(...pullSecrets.issues);
  issues.push(...topoImplementationEffect(accepted.globalTopoServer?.implementation, ['spec', 'globalTopoServer', 'implementation']));
  const observability = parseObservability(accepted.observability, ['spec', 'observability']);
  issues.push(...observability.issues);
  if (!shape.success || !images || hasErrors(issues)) return { issues };
  const { metadata, spec: s } = shape.data;
  const labels = new Map(Object.entries(metadata.labels ?? {}));
  const cluster = labels.get(LABEL.cluster) ?? '';
  const orchCells = s.multiorch.cells && s.multiorch.cells.length > 0 ? s.multiorch.cells : [...new Set(pools.flatMap((p) => p.cells))].sort();

  const shard: NormalizedShard = {
    name: metadata.name,
    ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}),
    labels,
    cluster,
    databaseName: s.databaseName,
    tableGroupName: s.tableGroupName,
    shardName: s.shardName,
    images,
    ...(s.images?.imagePullPolicy ? { imagePullPolicy: s.images.imagePullPolicy } : {}),
    imagePullSecrets: pullSecrets.names,
    globalTopoServer: { address: s.globalTopoServer.address, rootPath: s.globalTopoServer.rootPath },
    otel: observability.otel,
    ...(observability.sampling ? { otelSampling: observability.sampling } : {}),
    multiorch: {
      replicas: s.multiorch.replicas ?? 1,
      ...optionalResources(s.multiorch.resources),
      ...(s.multiorch.affinity ? { affinity: s.multiorch.affinity } : {}),
      podAnnotations: sortedEntries(s.multiorch.podAnnotations, (key) => !DROPPED_POD_ANNOTATIONS.has(key)),
      podLabels: sortedEntries(s.multiorch.podLabels, () => true),
      cells: orchCells,
    },
    pools,
  };
  return { shard, issues };
}

/** A written string map as a Map sorted by key (as Go writes maps), without the entries `keep` refuses. */
function sortedEntries(map: Record<string, string> | undefined, keep: (key: string) => boolean): Map<string, string> {
  return new Map(Object.entries(map ?? {}).filter(([key]) => keep(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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

/** The three images: as written, else the functionConfig's defaults. */
function resolveImages(written: Record<string, unknown>, config: Config): { images?: NormalizedShard['images']; issues: Issue[] } {
  const issues: Issue[] = [];
  const resolved: Partial<NormalizedShard['images']> = {};
  for (const name of ['postgres', 'multipooler', 'multiorch'] as const) {
    const value = typeof written[name] === 'string' && written[name] !== '' ? (written[name] as string) : config.defaultImages[name];
    if (value === undefined) {
      if (written[name] === undefined) {
        issues.push(error(['spec', 'images', name], `required field is missing: the ${name} image (or set spec.defaults.images.${name} in the ExpandPoolBackups functionConfig)`));
      }
      continue;
    }
    resolved[name] = value;
  }
  if (resolved.postgres !== undefined) issues.push(...pinnedPostgresImage(resolved.postgres, ['spec', 'images', 'postgres']));
  return resolved.postgres && resolved.multipooler && resolved.multiorch ? { images: resolved as NormalizedShard['images'], issues } : { issues };
}

/** One pool of a Shard, what it wrote and where (`shardPolicy`: the Shard's pvcDeletionPolicy, `context`: what fills the key prefix template). */
interface PoolInput {
  name: string;
  raw: unknown;
  path: FieldPath;
  shardPolicy: PvcDeletionPolicy | undefined;
  config: Config;
  context: KeyPrefixContext;
}

/** A pool's shape, rules and normalized form; the pool only when it has no error. */
function parsePool({ name, raw, path, shardPolicy, config, context }: PoolInput): { pool?: Pool; issues: Issue[] } {
  const issues: Issue[] = [...validLabelValue(name, path, 'pool name')];
  const parsed = PoolSpecSchema.safeParse(raw);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error.issues, PoolSpecSchema, raw, path));
  const written = writtenBackup(raw, path);
  issues.push(...written.issues);

  // The rules run on every field the shape accepts, whatever is wrong elsewhere in the pool.
  const spec: PoolSpec = parsed.success ? parsed.data : ({ cells: [], ...acceptedFields<PoolSpec>(PoolSpecSchema, raw) } as PoolSpec);

  issues.push(...noDuplicateCells(spec.cells, [...path, 'cells']));
  spec.cells.forEach((cell, i) => issues.push(...validLabelValue(cell, [...path, 'cells', i], 'cell')));
  issues.push(...validStorage(spec.storage, [...path, 'storage']));
  issues.push(...poolTypeEffect(spec.type, [...path, 'type']));
  for (const container of ['postgres', 'multipooler'] as const) {
    const r = spec[container]?.resources;
    issues.push(...validQuantityMap(r?.limits, [...path, container, 'resources', 'limits']));
    issues.push(...validQuantityMap(r?.requests, [...path, container, 'resources', 'requests']));
    issues.push(...noResourceClaims(r, [...path, container, 'resources']));
  }

  const resolved = resolveBackup({ written, dataClass: spec.storage?.class, path: [...path, 'backupConfig'], config, context });
  issues.push(...resolved.issues);
  const { backup } = resolved;
  if (!parsed.success || hasErrors(issues) || !backup) return { issues };

  const pool: Pool = {
    name,
    cells: spec.cells,
    replicasPerCell: spec.replicasPerCell ?? 1,
    storage: {
      size: canonicalSize(spec.storage?.size ?? DEFAULT_BACKUP_SIZE),
      accessModes: spec.storage?.accessModes?.length ? spec.storage.accessModes : DEFAULT_ACCESS_MODES,
      ...(spec.storage?.class ? { storageClassName: spec.storage.class } : {}),
    },
    ...prefixed('postgresResources', spec.postgres?.resources),
    ...prefixed('multipoolerResources', spec.multipooler?.resources),
    ...(spec.affinity ? { affinity: spec.affinity } : {}),
    retention: retentionPolicy(spec.pvcDeletionPolicy, shardPolicy),
    backup,
  };
  return { pool, issues };
}

/** What a pool wrote for its backup, after its shape is checked (`written` is undefined when it is wrong). */
interface WrittenBackup {
  wasWritten: boolean;
  written?: BackupConfig;
}

/**
 * A pool's backup fields as written, wherever the pool is: the legacy `backupStorage` (an error
 * that shows the backupConfig to write) and `backupConfig` (inline credentials and shape).
 */
function writtenBackup(raw: unknown, path: FieldPath): WrittenBackup & { issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isObject(raw)) return { wasWritten: false, issues };
  if (raw.backupStorage !== undefined) {
    const proposed = { type: 'filesystem', ...(isObject(raw.backupStorage) && Object.keys(raw.backupStorage).length > 0 ? { storage: raw.backupStorage } : {}) };
    issues.push(
      raw.backupConfig !== undefined
        ? error([...path, 'backupStorage'], 'both backupStorage (legacy) and backupConfig are set; remove backupStorage, backupConfig replaces it')
        : error([...path, 'backupStorage'], 'backupStorage is replaced by backupConfig; write backupConfig with type filesystem and the same storage', { proposedValue: proposed }),
    );
  }
  const rawBackup = raw.backupConfig;
  if (rawBackup === undefined) return { wasWritten: false, issues };
  const backupPath = [...path, 'backupConfig'];
  issues.push(...noInlineCredentials(rawBackup, backupPath));
  const b = BackupConfigSchema.safeParse(rawBackup);
  if (b.success) return { wasWritten: true, written: b.data, issues };
  issues.push(...issuesFromZod(b.error.issues, BackupConfigSchema, rawBackup, backupPath, new Set(inlineKeys(rawBackup))));
  return { wasWritten: true, issues };
}

const inlineKeys = (value: unknown): string[] => {
  const keys = isObject(value) ? Object.keys(value) : [];
  const s3 = isObject(value) && isObject(value.s3) ? Object.keys(value.s3) : [];
  return [...keys, ...s3].filter((k) => isInlineCredentialKey(k) && k !== 'credentialsSecretName');
};

/**
 * The merge rule of operator-level defaults and per-pool settings: no backupConfig takes the
 * default; the same type takes the default's fields where the pool sets none (credential modes
 * count as one field: a pool that names any mode does not inherit another); another type uses
 * only its own fields.
 */
export function mergeBackupConfig(pool: BackupConfig | undefined, defaults: BackupConfig | undefined): BackupConfig {
  // Never the defaults object itself: a caller that fills in a pool's fields must not reach the
  // next Shard through it (the Config is frozen, so a write would fail loudly).
  if (!pool) return defaults ? structuredClone(defaults) : { type: 'filesystem' };
  if (!defaults || defaults.type !== pool.type) return pool;
  const merged: BackupConfig = { ...pool };
  if (defaults.storage || pool.storage) merged.storage = { ...defaults.storage, ...pool.storage };
  if (defaults.s3 || pool.s3) {
    const own: S3Config = pool.s3 ?? {};
    const hasMode = own.credentialsSecretName !== undefined || own.useEnvCredentials !== undefined || own.serviceAccountName !== undefined;
    const inherited: S3Config = { ...defaults.s3 };
    if (hasMode) {
      delete inherited.credentialsSecretName;
      delete inherited.useEnvCredentials;
      delete inherited.serviceAccountName;
    }
    merged.s3 = { ...inherited, ...own };
  }
  return merged;
}

/**
 * A pool's backup to render. `written`: what the pool wrote; `dataClass`: its data volume's
 * storage class (a filesystem backup's default); `context`: what fills the functionConfig's key
 * prefix template (a template's pools have none: the template is not filled for them).
 */
interface BackupInput {
  written: WrittenBackup;
  dataClass: string | undefined;
  path: FieldPath;
  config: Config;
  context?: KeyPrefixContext;
}

/** What a pool's backup comes to with the functionConfig's defaults, checked; the backup only when it can be rendered. */
function resolveBackup({ written: { written, wasWritten }, dataClass, path, config, context }: BackupInput): { backup?: Backup; issues: Issue[] } {
  const issues: Issue[] = [];
  if (wasWritten && !written) return { issues };
  let effective = mergeBackupConfig(written, config.defaultBackupConfig);
  if (context && effective.type === 's3' && effective.s3 && !effective.s3.keyPrefix && config.keyPrefixTemplate !== undefined) {
    const keyPrefix = fillKeyPrefix(config.keyPrefixTemplate, context);
    const problem = keyPrefixProblem(keyPrefix);
    if (problem) {
      issues.push(error([...path, 's3', 'keyPrefix'], `the functionConfig's s3.keyPrefixTemplate ${describeValue(config.keyPrefixTemplate)} gives ${describeValue(keyPrefix)} for this pool, which is not a usable S3 key prefix: ${problem}; set keyPrefix here or change the template`));
      return { issues };
    }
    effective = { ...effective, s3: { ...effective.s3, keyPrefix } };
  }
  if (effective.type === 'filesystem') {
    if (effective.s3) issues.push(error([...path, 's3'], 'an s3 block is only read with type s3; remove it or set type: s3'));
    issues.push(...validStorage(written?.storage, [...path, 'storage']));
    const storage = effective.storage ?? {};
    const storageClassName = storage.class ?? dataClass;
    if (!written) {
      const source = config.defaultBackupConfig ? 'the functionConfig default' : 'the built-in default';
      issues.push(info(path, `no backupConfig: using ${source}, a filesystem backup PVC of ${canonicalSize(storage.size ?? DEFAULT_BACKUP_SIZE)}${storageClassName ? ` in storage class ${storageClassName}` : ''}, mounted at /backups`));
    }
    if (storage.size !== undefined && validSize(storage.size, []).length > 0) return { issues };
    const backup: Backup = {
      type: 'filesystem',
      size: canonicalSize(storage.size ?? DEFAULT_BACKUP_SIZE),
      accessModes: storage.accessModes?.length ? storage.accessModes : DEFAULT_ACCESS_MODES,
      ...(storageClassName ? { storageClassName } : {}),
    };
    return { backup, issues };
  }
  if (effective.storage) issues.push(error([...path, 'storage'], 'storage is only read with type filesystem; an s3 pool needs no backup volume'));
  if (!effective.s3) {
    issues.push(error([...path, 's3'], 'type s3 needs an s3 block with at least bucket and region', { proposedValue: { bucket: '', region: '' } }));
    return { issues };
  }
  const s3 = effective.s3;
  const checked = validS3(s3, [...path, 's3']);
  issues.push(...checked.issues);
  if (checked.issues.some((i) => i.severity === 'error') || checked.region === undefined || !s3.bucket) return { issues };
  const credentials = s3.credentialsSecretName
    ? ({ mode: 'secret', secretName: s3.credentialsSecretName } as const)
    : s3.useEnvCredentials
      ? ({ mode: 'env' } as const)
      : s3.serviceAccountName
        ? ({ mode: 'serviceAccount', serviceAccountName: s3.serviceAccountName } as const)
        : ({ mode: 'instanceRole' } as const);
  issues.push(credentialInfo(credentials, [...path, 's3']));
  const backup: Backup = {
    type: 's3',
    bucket: s3.bucket,
    region: checked.region,
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    ...(s3.keyPrefix ? { keyPrefix: s3.keyPrefix } : {}),
    credentials,
  };
  return { backup, issues };
}

function credentialInfo(credentials: S3Credentials, path: FieldPath): Issue {
  switch (credentials.mode) {
    case 'secret':
      return info([...path, 'credentialsSecretName'], `S3 keys come from Secret ${credentials.secretName} (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional AWS_SESSION_TOKEN) and pgctld runs with --backup-use-env-credentials`);
    case 'env':
      return info([...path, 'useEnvCredentials'], 'pgctld runs with --backup-use-env-credentials and reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from its environment; something else (an admission webhook, a mutating policy) must put them there or the pod fails to start');
    case 'serviceAccount':
      return info([...path, 'serviceAccountName'], `pods run as ServiceAccount ${credentials.serviceAccountName} (IRSA / pod identity); the pgctld image's pgBackRest must support web identity credentials`);
    case 'instanceRole':
      return info(path, "no credential mode set: pgBackRest uses the node's instance role (key type auto)");
  }
}

function retentionPolicy(pool: PvcDeletionPolicy | undefined, shard: PvcDeletionPolicy | undefined): Pool['retention'] {
  // The CRD defaults each field of a present policy to Retain, so a present pool policy replaces
  // the Shard's entirely; applying that here makes raw YAML render as the operator sees it.
  const withDefaults = (p: PvcDeletionPolicy | undefined) => p && { whenDeleted: p.whenDeleted ?? 'Retain', whenScaled: p.whenScaled ?? 'Retain' };
  const merged = withDefaults(pool) ?? withDefaults(shard);
  const pick = (v: PvcPolicy | undefined): PvcPolicy => (v === 'Delete' ? 'Delete' : 'Retain');
  return { whenDeleted: pick(merged?.whenDeleted), whenScaled: pick(merged?.whenScaled) };
}

function toResources(r: ResourceRequirements | undefined): Resources | undefined {
  if (!r) return undefined;
  const canonical = (m: Record<string, string | number> | undefined) =>
    m && Object.keys(m).length > 0 ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, canonicalQuantity(String(v))!])) : undefined;
  const limits = canonical(r.limits);
  const requests = canonical(r.requests);
  const out: Resources = {};
  if (limits) out.limits = limits;
  if (requests) out.requests = requests;
  return Object.keys(out).length > 0 ? out : undefined;
}

function optionalResources(r: ResourceRequirements | undefined): { resources?: Resources } {
  const resources = toResources(r);
  return resources ? { resources } : {};
}

function prefixed<K extends string>(key: K, r: ResourceRequirements | undefined): Partial<Record<K, Resources>> {
  const resources = toResources(r);
  return resources ? ({ [key]: resources } as Record<K, Resources>) : {};
}
