// zod schemas for what the function reads: the Shard fields the renderer uses (with the CRD's
// limits), the pool's backupConfig, and the ExpandPoolBackups functionConfig. Shape only: meaning
// (quantities, names, mutually exclusive modes) is checked by rules.ts after normalize.ts.
// The `.describe()` texts are user documentation: the reference docs are generated from them.
import { z } from 'zod';

// zod compiles a fast path with new Function on first use of each schema; a run parses each
// schema only a few thousand times at most, and start-up matters more.
z.config({ jitless: true });

const text = (max: number) => z.string().min(1).max(max);

export const PvcPolicyValueSchema = z.enum(['Retain', 'Delete']);

export const PvcDeletionPolicySchema = z
  .strictObject({
    whenDeleted: PvcPolicyValueSchema.optional().describe('what happens to data PVCs when the StatefulSet is deleted (CRD default Retain)'),
    whenScaled: PvcPolicyValueSchema.optional().describe('what happens to data PVCs when the StatefulSet scales down (CRD default Retain)'),
  })
  .describe('PVC retention of the pool StatefulSets');

export const StorageSpecSchema = z
  .strictObject({
    size: z.string().max(63).optional().describe('volume size as a Kubernetes quantity, e.g. 50Gi (default 10Gi)'),
    class: text(63).optional().describe('StorageClass name (default: the pool data volume class, else the cluster default)'),
    accessModes: z.array(z.string()).optional().describe('PVC access modes (default [ReadWriteOnce])'),
  })
  .describe('a persistent volume: size, class, access modes');

export const S3ConfigSchema = z
  .strictObject({
    bucket: z.string().optional().describe('S3 bucket that holds the pgBackRest repository (required)'),
    region: z.string().optional().describe('AWS region of the bucket; required unless endpoint is set, then it defaults to us-east-1'),
    endpoint: z.string().optional().describe('URL of an S3-compatible store (MinIO, Ceph); https:// only in practice, pgBackRest talks TLS'),
    keyPrefix: z.string().optional().describe('key prefix inside the bucket; pgBackRest stores the stanza "multigres" under it'),
    credentialsSecretName: z.string().optional().describe('Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (optional AWS_SESSION_TOKEN), injected as env; passes --backup-use-env-credentials'),
    useEnvCredentials: z.boolean().optional().describe('the AWS_* keys are put in the pod environment by something else; passes --backup-use-env-credentials'),
    serviceAccountName: z.string().optional().describe('ServiceAccount for IRSA / pod identity; sets the pod serviceAccountName, no static keys'),
  })
  .describe('where an s3 backup repository lives and how pgctld authenticates');

export const BackupConfigSchema = z
  .strictObject({
    type: z.enum(['s3', 'filesystem']).describe('s3: a pgBackRest repository in S3; filesystem: a backup PVC mounted at /backups'),
    storage: StorageSpecSchema.optional().describe('filesystem only: the backup PVC'),
    s3: S3ConfigSchema.optional().describe('s3 only: the bucket and credentials'),
  })
  .describe("a pool's backup repository");


const QuantityValueSchema = z.union([z.string(), z.number()]);

export const ResourceRequirementsSchema = z.strictObject({
  limits: z.record(z.string(), QuantityValueSchema).optional(),
  requests: z.record(z.string(), QuantityValueSchema).optional(),
  claims: z.array(z.strictObject({ name: z.string(), request: z.string().optional() })).optional(),
});

const ContainerConfigSchema = z.strictObject({ resources: ResourceRequirementsSchema.optional() });

const ObjectSchema = z.record(z.string(), z.unknown());

export const PoolSpecSchema = z
  .strictObject({
    type: z.enum(['readWrite', 'readOnly']).optional().describe('pool role; no effect on the rendered objects'),
    cells: z.array(text(30)).min(1).max(50).describe('cells the pool runs in: one StatefulSet per cell'),
    replicasPerCell: z.number().int().min(0).max(32).optional().describe('StatefulSet replicas per cell (default 1)'),
    storage: StorageSpecSchema.optional().describe('the data volume claim template'),
    backupStorage: StorageSpecSchema.optional().describe('legacy: replaced by backupConfig'),
    backupConfig: z.unknown().optional().describe('where this pool backs up to'),
    postgres: ContainerConfigSchema.optional(),
    multipooler: ContainerConfigSchema.optional(),
    affinity: ObjectSchema.optional(),
    pvcDeletionPolicy: PvcDeletionPolicySchema.optional(),
  })
  .describe('one pool of a Shard');

export const ImagesSchema = z.strictObject({
  postgres: text(512).optional().describe('pgctld image; must be a build with the --backup-* flags'),
  multipooler: text(512).optional(),
  multiorch: text(512).optional(),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  imagePullSecrets: z.array(z.strictObject({ name: z.string() })).optional(),
});

export const ObservabilitySchema = z.strictObject({
  otlpEndpoint: z.string().optional(),
  otlpProtocol: z.string().optional(),
  tracesExporter: z.string().optional(),
  metricsExporter: z.string().optional(),
  logsExporter: z.string().optional(),
  metricExportInterval: z.string().optional(),
  metricsTemporality: z.string().optional(),
  histogramAggregation: z.string().optional(),
  tracesSampler: z.string().optional(),
  samplingConfigRef: ObjectSchema.optional(),
});

export const MultiOrchSchema = z.strictObject({
  replicas: z.number().int().min(0).optional(),
  resources: ResourceRequirementsSchema.optional(),
  affinity: ObjectSchema.optional(),
  podAnnotations: z.record(z.string(), z.string()).optional(),
  podLabels: z.record(z.string(), z.string()).optional(),
  cells: z.array(text(30)).optional(),
});

export const GlobalTopoServerSchema = z.strictObject({
  address: text(512),
  rootPath: text(512),
  implementation: text(512),
});

/** The spec fields of a Shard at the targeted operator version; pools are checked one by one. */
export const ShardSpecSchema = z.object({
  databaseName: text(30),
  tableGroupName: text(25),
  shardName: text(25),
  images: ImagesSchema.optional(),
  globalTopoServer: GlobalTopoServerSchema,
  pvcDeletionPolicy: PvcDeletionPolicySchema.optional(),
  observability: ObservabilitySchema.optional(),
  multiorch: MultiOrchSchema,
  pools: ObjectSchema,
});

export const SHARD_SPEC_FIELDS = [
  'databaseName', 'tableGroupName', 'shardName', 'images', 'globalTopoServer',
  'pvcDeletionPolicy', 'observability', 'multiorch', 'pools',
] as const;

export const ShardSchema = z.object({
  apiVersion: z.literal('multigres.com/v1alpha1'),
  kind: z.literal('Shard'),
  metadata: z.object({
    name: text(253),
    namespace: text(63).optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: ShardSpecSchema,
});

export const FunctionConfigSpecSchema = z
  .strictObject({
    defaults: z
      .strictObject({
        backupConfig: BackupConfigSchema.optional().describe(
          'replaces the built-in default (filesystem, 10Gi); pools of the same type take its fields where they set none',
        ),
        images: z
          .strictObject({
            postgres: text(512).optional(),
            multipooler: text(512).optional(),
            multiorch: text(512).optional(),
          })
          .optional()
          .describe('images for Shards that leave spec.images fields empty'),
      })
      .optional()
      .describe('operator-level defaults, overridden per pool'),
    s3: z
      .strictObject({
        keyPrefixTemplate: z
          .string()
          .optional()
          .describe('key prefix for S3 pools that set none, from {namespace}, {cluster}, {database}, {tablegroup}, {shard}, {pool}; e.g. "{namespace}/{cluster}/{database}/{tablegroup}/{shard}"'),
      })
      .optional()
      .describe('S3 settings for every Shard'),
    migrateLegacyBackupStorage: z
      .boolean()
      .optional()
      .describe("rewrite each pool's legacy backupStorage into backupConfig (type filesystem, same storage) in the Shard itself, comments kept"),
    protectBackupVolumes: z
      .boolean()
      .optional()
      .describe('annotate backup PVCs so Argo CD, kpt and Flux never prune them (default true)'),
    shards: z
      .enum(['localConfig', 'keep'])
      .optional()
      .describe('localConfig (default): mark each Shard config.kubernetes.io/local-config so it is not applied; keep: leave it unmarked'),
  })
  .describe('ExpandPoolBackups settings');

export const FunctionConfigSchema = z.object({
  apiVersion: z.literal('fn.multigres.com/v1alpha1'),
  kind: z.literal('ExpandPoolBackups'),
  metadata: z.object({ name: z.string().optional() }).loose().optional(),
  spec: FunctionConfigSpecSchema.optional(),
});

export type StorageSpec = z.infer<typeof StorageSpecSchema>;
export type S3Config = z.infer<typeof S3ConfigSchema>;
export type BackupConfig = z.infer<typeof BackupConfigSchema>;
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;
export type PoolSpec = z.infer<typeof PoolSpecSchema>;
export type ShardSpec = z.infer<typeof ShardSpecSchema>;
export type Shard = z.infer<typeof ShardSchema>;
export type Observability = z.infer<typeof ObservabilitySchema>;
export type FunctionConfigSpec = z.infer<typeof FunctionConfigSpecSchema>;
export type PvcDeletionPolicy = z.infer<typeof PvcDeletionPolicySchema>;
