// The second of a Shard's three steps (parse-shard.ts): what the user wrote, as the shape step
// accepted it (the types schemas.ts infers: Shard, PoolSpec, BackupConfig), to what expand/ uses
// (model.ts: NormalizedShard, Pool, Backup). Before the rules: the functionConfig's defaults merged
// in (images, backupConfig, the S3 key prefix template), since the rules check what applies. After
// them, from values they passed: the built-in defaults and canonical forms. Pure; knows no zod.
import { error, info, type FieldPath, type Issue } from './issue.js';
import type { Backup, Config, FilesystemBackup, NormalizedShard, OtelVariable, Pool, PvcPolicy, Resources, S3Backup, S3Credentials } from './model.js';
import type { BackupConfig, PvcDeletionPolicy, ResourceRequirements, S3Config, Shard, PoolSpec } from './schemas.js';
import { canonicalQuantity, formatQuantity, parseQuantity } from './quantity.js';
import { describeValue } from './zod-issues.js';
import { fillKeyPrefix, keyPrefixProblem, type KeyPrefixContext } from './key-prefix.js';
import { LABEL } from './operator-labels.js';
import { DROPPED_POD_ANNOTATIONS } from './pod-settings.js';
import { s3Region } from './rules.js';

const DEFAULT_BACKUP_SIZE = '10Gi';
const DEFAULT_ACCESS_MODES = ['ReadWriteOnce'];

type Images = NormalizedShard['images'];

/** A size the rules accepted, in the form Kubernetes prints it (1024Mi is 1Gi). */
export const canonicalSize = (size: string): string => formatQuantity(parseQuantity(size)!);

/**
 * The three images: as written (a non-empty string), else the functionConfig's defaults. An image
 * that is neither is an error, unless the Shard wrote something else there (the shape says what).
 */
export function normalizeImages({ written, config }: { written: Record<string, unknown>; config: Config }): { resolved: Partial<Images>; images?: Images; issues: Issue[] } {
  const issues: Issue[] = [];
  const resolved: Partial<Images> = {};
  for (const name of ['postgres', 'multipooler', 'multiorch'] as const) {
    const value = typeof written[name] === 'string' && written[name] !== '' ? (written[name] as string) : config.defaultImages[name];
    if (value !== undefined) resolved[name] = value;
    else if (written[name] === undefined) {
      issues.push(error(['spec', 'images', name], `required field is missing: the ${name} image (or set spec.defaults.images.${name} in the ExpandPoolBackups functionConfig)`));
    }
  }
  const { postgres, multipooler, multiorch } = resolved;
  return postgres && multipooler && multiorch ? { resolved, images: { postgres, multipooler, multiorch }, issues } : { resolved, issues };
}

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
 * The backupConfig that applies to a pool: what it wrote (`written`, undefined when it wrote none)
 * with the functionConfig's default merged in, and an S3 key prefix filled from the template
 * where it sets none. `context` is what fills the template; a ShardTemplate's or a
 * MultigresCluster's pools have none, and get no prefix. A template that gives this pool a prefix
 * S3 cannot use is an error, and nothing applies.
 */
export function normalizeBackupConfig({ written, config, context, path }: { written: BackupConfig | undefined; config: Config; context: KeyPrefixContext | undefined; path: FieldPath }): {
  effective?: BackupConfig;
  issues: Issue[];
} {
  const effective = mergeBackupConfig(written, config.defaultBackupConfig);
  if (!context || effective.type !== 's3' || !effective.s3 || effective.s3.keyPrefix || config.keyPrefixTemplate === undefined) return { effective, issues: [] };
  const keyPrefix = fillKeyPrefix(config.keyPrefixTemplate, context);
  const problem = keyPrefixProblem(keyPrefix);
  if (problem) {
    return {
      issues: [
        error(
          [...path, 's3', 'keyPrefix'],
          `the functionConfig's s3.keyPrefixTemplate ${describeValue(config.keyPrefixTemplate)} gives ${describeValue(keyPrefix)} for this pool, which is not a usable S3 key prefix: ${problem}; set keyPrefix here or change the template`,
        ),
      ],
    };
  }
  return { effective: { ...effective, s3: { ...effective.s3, keyPrefix } }, issues: [] };
}

/**
 * A filesystem backup as rendered, with the note on the default it took when the pool wrote no
 * backupConfig (`fromDefault`). `dataClass` is the pool's data volume class, the backup PVC's
 * default. No backup when the size is not a positive quantity (the rules have said why).
 */
export function toFilesystemBackup({ effective, dataClass, fromDefault, config, path }: { effective: BackupConfig; dataClass: string | undefined; fromDefault: boolean; config: Config; path: FieldPath }): {
  backup?: FilesystemBackup;
  notes: Issue[];
} {
  const storage = effective.storage ?? {};
  const storageClassName = storage.class ?? dataClass;
  const notes: Issue[] = [];
  if (fromDefault) {
    const source = config.defaultBackupConfig ? 'the functionConfig default' : 'the built-in default';
    notes.push(info(path, `no backupConfig: using ${source}, a filesystem backup PVC of ${canonicalSize(storage.size ?? DEFAULT_BACKUP_SIZE)}${storageClassName ? ` in storage class ${storageClassName}` : ''}, mounted at /backups`));
  }
  const size = parseQuantity(storage.size ?? DEFAULT_BACKUP_SIZE);
  if (size === undefined || size.mantissa <= 0n) return { notes };
  const backup: FilesystemBackup = {
    type: 'filesystem',
    size: formatQuantity(size),
    accessModes: storage.accessModes?.length ? storage.accessModes : DEFAULT_ACCESS_MODES,
    ...(storageClassName ? { storageClassName } : {}),
  };
  return { backup, notes };
}

/** An S3 backup as rendered from an s3 block the rules passed, with the note on how pgctld authenticates. */
export function toS3Backup({ s3, path }: { s3: S3Config; path: FieldPath }): { backup: S3Backup; notes: Issue[] } {
  const credentials = s3.credentialsSecretName
    ? ({ mode: 'secret', secretName: s3.credentialsSecretName } as const)
    : s3.useEnvCredentials
      ? ({ mode: 'env' } as const)
      : s3.serviceAccountName
        ? ({ mode: 'serviceAccount', serviceAccountName: s3.serviceAccountName } as const)
        : ({ mode: 'instanceRole' } as const);
  const backup: S3Backup = {
    type: 's3',
    bucket: s3.bucket!,
    region: s3Region(s3)!,
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    ...(s3.keyPrefix ? { keyPrefix: s3.keyPrefix } : {}),
    credentials,
  };
  return { backup, notes: [credentialNote(credentials, path)] };
}

function credentialNote(credentials: S3Credentials, path: FieldPath): Issue {
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

/** A pool as rendered, from its written spec and its backup (`shardPolicy`: the Shard's pvcDeletionPolicy). */
export function toPool({ name, written, backup, shardPolicy }: { name: string; written: PoolSpec; backup: Backup; shardPolicy: PvcDeletionPolicy | undefined }): Pool {
  return {
    name,
    cells: written.cells,
    replicasPerCell: written.replicasPerCell ?? 1,
    storage: {
      size: canonicalSize(written.storage?.size ?? DEFAULT_BACKUP_SIZE),
      accessModes: written.storage?.accessModes?.length ? written.storage.accessModes : DEFAULT_ACCESS_MODES,
      ...(written.storage?.class ? { storageClassName: written.storage.class } : {}),
    },
    ...prefixed('postgresResources', written.postgres?.resources),
    ...prefixed('multipoolerResources', written.multipooler?.resources),
    ...(written.affinity ? { affinity: written.affinity } : {}),
    retention: retentionPolicy(written.pvcDeletionPolicy, shardPolicy),
    backup,
  };
}

/** What the Shard's own fields (pull Secrets, observability) came to, beside its images and pools. */
export interface ShardParts {
  images: Images;
  pools: Pool[];
  imagePullSecrets: string[];
  otel: OtelVariable[];
  otelSampling?: { configMapName: string; key: string };
}

/** The Shard as rendered, from what it wrote and its parts normalized. */
export function toShard({ written, parts }: { written: Shard; parts: ShardParts }): NormalizedShard {
  const { metadata, spec } = written;
  const labels = new Map(Object.entries(metadata.labels ?? {}));
  const cells = spec.multiorch.cells && spec.multiorch.cells.length > 0 ? spec.multiorch.cells : [...new Set(parts.pools.flatMap((p) => p.cells))].sort();
  return {
    name: metadata.name,
    ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}),
    labels,
    cluster: labels.get(LABEL.cluster) ?? '',
    databaseName: spec.databaseName,
    tableGroupName: spec.tableGroupName,
    shardName: spec.shardName,
    images: parts.images,
    ...(spec.images?.imagePullPolicy ? { imagePullPolicy: spec.images.imagePullPolicy } : {}),
    imagePullSecrets: parts.imagePullSecrets,
    globalTopoServer: { address: spec.globalTopoServer.address, rootPath: spec.globalTopoServer.rootPath },
    otel: parts.otel,
    ...(parts.otelSampling ? { otelSampling: parts.otelSampling } : {}),
    multiorch: {
      replicas: spec.multiorch.replicas ?? 1,
      ...optionalResources(spec.multiorch.resources),
      ...(spec.multiorch.affinity ? { affinity: spec.multiorch.affinity } : {}),
      podAnnotations: sortedEntries(spec.multiorch.podAnnotations, (key) => !DROPPED_POD_ANNOTATIONS.has(key)),
      podLabels: sortedEntries(spec.multiorch.podLabels, () => true),
      cells,
    },
    pools: parts.pools,
  };
}

/** A written string map as a Map sorted by key (as Go writes maps), without the entries `keep` refuses. */
function sortedEntries(map: Record<string, string> | undefined, keep: (key: string) => boolean): Map<string, string> {
  return new Map(Object.entries(map ?? {}).filter(([key]) => keep(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
