// A Shard checked and normalized in three steps, as changesets reads its config (WrittenConfig to
// Config):
//   shape      shard-shape.ts, with the zod schemas of schemas.ts: what the user wrote, typed
//              (Shard, PoolSpec, BackupConfig), and what of it the shape accepts where it is wrong;
//   normalize  normalize.ts: what was written to what expand/ uses (NormalizedShard, Pool, Backup);
//              the functionConfig's defaults are merged in before the rules (they check what
//              applies), the built-in defaults and canonical forms come after (from values they passed);
//   rules      rules.ts, with pod-settings.ts and observability.ts: what the values mean.
// The steps run part by part, and each part returns its issues, so that results come in the order
// of the Shard: its shape, its images, each pool (its shape, its fields' rules, its backup last),
// then the rules on the Shard's own fields. Every problem of a Shard is reported at once; the
// normalized Shard exists only when there is no error. Pure.
import { hasErrors, type FieldPath, type Issue } from './issue.js';
import type { Backup, Config, NormalizedShard, Pool } from './model.js';
import {
  backupBlocksForType, noDuplicateCells, pinnedPostgresImage, poolTypeEffect, topoImplementationEffect, validLabelValue, validPoolCount, validQuantityMap, validS3, validStorage,
} from './rules.js';
import type { PoolSpec, PvcDeletionPolicy, ShardSpec } from './schemas.js';
import { backupShape, poolShape, shardShape, type BackupShape, type ShardShape } from './shard-shape.js';
import { normalizeBackupConfig, normalizeImages, toFilesystemBackup, toPool, toS3Backup, toShard } from './normalize.js';
import type { KeyPrefixContext } from './key-prefix.js';
import { LABEL } from './operator-labels.js';
import { noResourceClaims, parsePullSecrets, podAnnotationIssues, podLabelIssues } from './pod-settings.js';
import { parseObservability } from './observability.js';
import { isObject } from './kube-object.js';

export interface ParsedShard {
  shard?: NormalizedShard;
  issues: Issue[];
}

/**
 * Validates and normalizes one Shard. `poolOrder` is the order of the keys of `spec.pools` as
 * written (JavaScript objects would put integer-like pool names first).
 */
export function parseShard(raw: unknown, poolOrder: readonly string[], config: Config): ParsedShard {
  const shape = shardShape(raw);
  const { accepted, spec } = shape;
  const images = normalizeImages({ written: isObject(spec.images) ? spec.images : {}, config });
  const imageRules = images.resolved.postgres !== undefined ? pinnedPostgresImage(images.resolved.postgres, ['spec', 'images', 'postgres']) : [];
  const pools = isObject(spec.pools) ? parsePools({ rawPools: spec.pools, poolOrder, shape, config }) : { pools: [], issues: [] };
  const pullSecrets = parsePullSecrets(accepted.images?.imagePullSecrets, ['spec', 'images', 'imagePullSecrets']);
  const observability = parseObservability(accepted.observability, ['spec', 'observability']);
  const issues = [
    ...shape.issues,
    ...images.issues,
    ...imageRules,
    ...pools.issues,
    ...shardFieldRules(shape),
    ...pullSecrets.issues,
    ...topoImplementationEffect(accepted.globalTopoServer?.implementation, ['spec', 'globalTopoServer', 'implementation']),
    ...observability.issues,
  ];
  if (!shape.written || !images.images || hasErrors(issues)) return { issues };
  const parts = {
    images: images.images,
    pools: pools.pools,
    imagePullSecrets: pullSecrets.names,
    otel: observability.otel,
    ...(observability.sampling ? { otelSampling: observability.sampling } : {}),
  };
  return { shard: toShard({ written: shape.written, parts }), issues };
}

/**
 * The rules on the Shard's own fields, on what the shape accepts, whatever is wrong elsewhere:
 * names that become label values, MultiOrch's resources, cells and pod settings. (Its pull
 * Secrets, topology server and observability follow, in parseShard.)
 */
function shardFieldRules({ accepted, metadata, spec }: ShardShape): Issue[] {
  const orch: Partial<ShardSpec['multiorch']> = accepted.multiorch ?? {};
  const rawOrch = isObject(spec.multiorch) ? spec.multiorch : {};
  const at = (...path: FieldPath): FieldPath => ['spec', ...path];
  return [
    ...(typeof accepted.databaseName === 'string' ? validLabelValue(accepted.databaseName, at('databaseName'), 'databaseName') : []),
    ...(typeof accepted.tableGroupName === 'string' ? validLabelValue(accepted.tableGroupName, at('tableGroupName'), 'tableGroupName') : []),
    ...validQuantityMap(orch.resources?.limits, at('multiorch', 'resources', 'limits')),
    ...validQuantityMap(orch.resources?.requests, at('multiorch', 'resources', 'requests')),
    ...noResourceClaims(orch.resources, at('multiorch', 'resources')),
    ...(orch.cells ?? []).flatMap((cell, i) => validLabelValue(cell, at('multiorch', 'cells', i), 'cell')),
    ...noDuplicateCells(orch.cells ?? [], at('multiorch', 'cells')),
    ...podLabelIssues(rawOrch.podLabels, metadata.labels, at('multiorch', 'podLabels')),
    ...podAnnotationIssues(rawOrch.podAnnotations, at('multiorch', 'podAnnotations')),
  ];
}

/** The pools in the order written: how many there are, then each pool's own steps. */
function parsePools({ rawPools, poolOrder, shape, config }: { rawPools: Record<string, unknown>; poolOrder: readonly string[]; shape: ShardShape; config: Config }): {
  pools: Pool[];
  issues: Issue[];
} {
  const { metadata, spec } = shape;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  // What fills the functionConfig's key prefix template, as written: a Shard with errors still gets its pools checked.
  const where = {
    namespace: str(metadata.namespace),
    cluster: str(isObject(metadata.labels) ? metadata.labels[LABEL.cluster] : undefined),
    database: str(spec.databaseName),
    tablegroup: str(spec.tableGroupName),
    shard: str(spec.shardName),
  };
  const shardPolicy = shape.written?.spec.pvcDeletionPolicy;
  const parsed = poolOrder.map((name) =>
    parsePool({ name, raw: rawPools[name], path: ['spec', 'pools', name], shardPolicy, config, context: { ...where, pool: name } }),
  );
  return {
    pools: parsed.flatMap((p) => (p.pool ? [p.pool] : [])),
    issues: [...validPoolCount(poolOrder.length, ['spec', 'pools']), ...parsed.flatMap((p) => p.issues)],
  };
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

/** A pool's shape, the rules on its fields, its backup, and the pool to render when none of them has an error. */
function parsePool({ name, raw, path, shardPolicy, config, context }: PoolInput): { pool?: Pool; issues: Issue[] } {
  const shape = poolShape({ name, raw, path });
  const backup = parseBackup({ shape: shape.backup, dataClass: shape.accepted.storage?.class, path: [...path, 'backupConfig'], config, context });
  const issues = [...shape.issues, ...poolFieldRules(shape.accepted, path), ...backup.issues];
  if (!shape.written || !backup.backup || hasErrors(issues)) return { issues };
  return { pool: toPool({ name, written: shape.written, backup: backup.backup, shardPolicy }), issues };
}

/** The rules on a pool's fields, on what the shape accepts, whatever is wrong elsewhere in the pool. */
function poolFieldRules(pool: PoolSpec, path: FieldPath): Issue[] {
  const containers = (['postgres', 'multipooler'] as const).flatMap((container) => {
    const resources = pool[container]?.resources;
    const at = [...path, container, 'resources'];
    return [...validQuantityMap(resources?.limits, [...at, 'limits']), ...validQuantityMap(resources?.requests, [...at, 'requests']), ...noResourceClaims(resources, at)];
  });
  return [
    ...noDuplicateCells(pool.cells, [...path, 'cells']),
    ...pool.cells.flatMap((cell, i) => validLabelValue(cell, [...path, 'cells', i], 'cell')),
    ...validStorage(pool.storage, [...path, 'storage']),
    ...poolTypeEffect(pool.type, [...path, 'type']),
    ...containers,
  ];
}

/**
 * A pool's backup to render, from its shape (reported with the pool's). `dataClass`: its data
 * volume's storage class (a filesystem backup's default); `context`: what fills the
 * functionConfig's key prefix template (a template's pools have none: the template is not filled
 * for them).
 */
interface BackupInput {
  shape: BackupShape;
  dataClass: string | undefined;
  path: FieldPath;
  config: Config;
  context?: KeyPrefixContext;
}

/** What applies to a pool's backup (its backupConfig with the functionConfig's defaults), its rules, and the backup when it can be rendered. */
function parseBackup({ shape, dataClass, path, config, context }: BackupInput): { backup?: Backup; issues: Issue[] } {
  if (shape.wasWritten && !shape.written) return { issues: [] };
  const { effective, issues } = normalizeBackupConfig({ written: shape.written, config, context, path });
  if (!effective) return { issues };
  const blocks = backupBlocksForType(effective, path);
  if (effective.type === 'filesystem') {
    const rules = [...blocks, ...validStorage(shape.written?.storage, [...path, 'storage'])];
    const { backup, notes } = toFilesystemBackup({ effective, dataClass, fromDefault: !shape.written, config, path });
    return { ...(backup ? { backup } : {}), issues: [...rules, ...notes] };
  }
  if (!effective.s3) return { issues: blocks };
  const s3Rules = validS3(effective.s3, [...path, 's3']);
  // A storage block beside s3 is an error, but the s3 block alone says whether there is a repository to render.
  if (hasErrors(s3Rules)) return { issues: [...blocks, ...s3Rules] };
  const { backup, notes } = toS3Backup({ s3: effective.s3, path: [...path, 's3'] });
  return { backup, issues: [...blocks, ...s3Rules, ...notes] };
}

/**
 * Checks what a ShardTemplate's or a MultigresCluster's pools own for the function (`backupConfig`,
 * and the legacy `backupStorage` it replaces), nothing else: those objects are the operator's,
 * their pools are partial by design (a template leaves `cells` to the Shard made from it) and
 * newer operators add fields (`tolerations`, `fsGroup`). Anything that is not a mapping of pools
 * to mappings is left to the operator's CRD as well. Notes on defaults belong to rendered Shards,
 * so only errors and warnings come back.
 */
export function validatePoolBackups(rawPools: unknown, poolOrder: readonly string[], path: FieldPath, config: Config): Issue[] {
  if (!isObject(rawPools)) return [];
  const issues = poolOrder.flatMap((name) => {
    const raw = rawPools[name];
    if (!isObject(raw)) return [];
    const shape = backupShape({ pool: raw, path: [...path, name] });
    if (!shape.wasWritten) return shape.issues;
    const dataClass = isObject(raw.storage) && typeof raw.storage.class === 'string' ? raw.storage.class : undefined;
    return [...shape.issues, ...parseBackup({ shape, dataClass, path: [...path, name, 'backupConfig'], config }).issues];
  });
  return issues.filter((i) => i.severity !== 'info');
}
