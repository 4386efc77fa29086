// zod schemas for what the function reads: the Shard fields the renderer uses (with the CRD's
// limits), the pool's backupConfig, and the ExpandPoolBackups functionConfig. Shape only, the first
// of the three steps (shard-shape.ts runs them on a Shard): normalize.ts turns what they accept into
// what expand/ uses, and rules.ts checks meaning (quantities, names, mutually exclusive modes).
// The types they infer are what the user wrote (Shard, PoolSpec, BackupConfig); model.ts has what
// is used. The descriptions are user documentation: the reference docs are generated from them.
//
// Built on first use: only load-schemas.ts imports this module's values (see there), so a run
// that checks no Shard and no functionConfig never evaluates zod. Other modules import its types.
//
// Written with zod/mini, zod's functional API over the same core: the classic API defines every
// method on every schema instance when it is built, which made building these schemas and loading
// zod about a sixth of the function's start-up.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// English messages for the few zod issues shown as zod words them (zod/mini loads no locale), and
// no new Function fast path: a run parses each schema only a few thousand times at most, and
// compiling it costs more at start-up than it saves.
z.config({ ...en(), jitless: true });

/** JSON Schema from these schemas (json-schema.ts), from the same zod instance as they are. */
export { toJSONSchema } from 'zod/mini';

// zod schemas never change once built, so one instance serves every place that needs the same
// schema: building these 250-odd schemas is most of the function's module start-up. Only a
// schema with its own description needs an instance of its own, and doc() checks that.
const shared = new Set<z.ZodMiniType>();
const share = <T extends z.ZodMiniType>(schema: T): T => {
  shared.add(schema);
  return schema;
};

/** Documents `schema` in zod's global registry (what toJSONSchema reads), without copying it. */
const doc = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  if (shared.has(schema)) throw new Error(`internal error: a shared schema cannot carry the description "${description}"`);
  z.globalRegistry.add(schema, { description });
  return schema;
};

const str = share(z.string());
const undescribed = new Map<z.ZodMiniType, z.ZodMiniOptional>();
const opt = <T extends z.ZodMiniType>(schema: T, description?: string): z.ZodMiniOptional<T> => {
  if (description !== undefined) return doc(z.optional(schema), description);
  let optional = undescribed.get(schema);
  if (!optional) undescribed.set(schema, (optional = share(z.optional(schema))));
  return optional as z.ZodMiniOptional<T>;
};

const texts = new Map<number, z.ZodMiniString>();
const text = (max: number): z.ZodMiniString => {
  let schema = texts.get(max);
  if (!schema) texts.set(max, (schema = share(str.check(z.minLength(1), z.maxLength(max)))));
  return schema;
};
const stringMap = share(z.record(str, str));

export const PvcPolicyValueSchema = z.enum(['Retain', 'Delete']);

export const PvcDeletionPolicySchema = doc(
  z.strictObject({
    whenDeleted: opt(PvcPolicyValueSchema, 'what happens to data PVCs when the StatefulSet is deleted (CRD default Retain)'),
    whenScaled: opt(PvcPolicyValueSchema, 'what happens to data PVCs when the StatefulSet scales down (CRD default Retain)'),
  }),
  'PVC retention of the pool StatefulSets',
);

export const StorageSpecSchema = doc(
  z.strictObject({
    size: opt(str.check(z.maxLength(63)), 'volume size as a Kubernetes quantity, e.g. 50Gi (default 10Gi)'),
    class: opt(text(63), 'StorageClass name (default: the pool data volume class, else the cluster default)'),
    accessModes: opt(z.array(str), 'PVC access modes (default [ReadWriteOnce])'),
  }),
  'a persistent volume: size, class, access modes',
);

export const S3ConfigSchema = doc(
  z.strictObject({
    bucket: opt(str, 'S3 bucket that holds the pgBackRest repository (required)'),
    region: opt(str, 'AWS region of the bucket; required unless endpoint is set, then it defaults to us-east-1'),
    endpoint: opt(str, 'URL of an S3-compatible store (MinIO, Ceph); https:// only in practice, pgBackRest talks TLS'),
    keyPrefix: opt(str, 'key prefix inside the bucket; pgBackRest stores the stanza "multigres" under it'),
    credentialsSecretName: opt(str, 'Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (optional AWS_SESSION_TOKEN), injected as env; passes --backup-use-env-credentials'),
    useEnvCredentials: opt(z.boolean(), 'the AWS_* keys are put in the pod environment by something else; passes --backup-use-env-credentials'),
    serviceAccountName: opt(str, 'ServiceAccount for IRSA / pod identity; sets the pod serviceAccountName, no static keys'),
  }),
  'where an s3 backup repository lives and how pgctld authenticates',
);

export const BackupConfigSchema = doc(
  z.strictObject({
    type: doc(z.enum(['s3', 'filesystem']), 's3: a pgBackRest repository in S3; filesystem: a backup PVC mounted at /backups'),
    storage: opt(StorageSpecSchema, 'filesystem only: the backup PVC'),
    s3: opt(S3ConfigSchema, 's3 only: the bucket and credentials'),
  }),
  "a pool's backup repository",
);

const QuantityValueSchema = z.union([str, z.number()]);

export const ResourceRequirementsSchema = z.strictObject({
  limits: opt(z.record(str, QuantityValueSchema)),
  requests: opt(z.record(str, QuantityValueSchema)),
  claims: opt(
    z.array(z.strictObject({ name: str, request: opt(str) })),
    "refused: a claim must name one of the pod's resourceClaims, which a Shard cannot declare",
  ),
});

const ContainerConfigSchema = z.strictObject({ resources: opt(ResourceRequirementsSchema) });

const ObjectSchema = z.record(str, z.unknown());

export const PoolSpecSchema = doc(
  z.strictObject({
    type: opt(z.enum(['readWrite', 'readOnly']), 'pool role; readOnly renders exactly like readWrite (a warning says so): the operator never implemented it'),
    cells: doc(z.array(text(30)).check(z.minLength(1), z.maxLength(50)), 'cells the pool runs in: one StatefulSet per cell'),
    replicasPerCell: opt(z.number().check(z.int(), z.minimum(0), z.maximum(32)), 'StatefulSet replicas per cell (default 1)'),
    storage: opt(StorageSpecSchema, 'the data volume claim template'),
    backupStorage: opt(StorageSpecSchema, 'legacy: replaced by backupConfig'),
    backupConfig: opt(z.unknown(), 'where this pool backs up to'),
    postgres: opt(ContainerConfigSchema),
    multipooler: opt(ContainerConfigSchema),
    affinity: opt(ObjectSchema),
    pvcDeletionPolicy: opt(PvcDeletionPolicySchema),
  }),
  'one pool of a Shard',
);

export const ImagesSchema = z.strictObject({
  postgres: opt(text(512), 'pgctld image; must be a build with the --backup-* flags'),
  multipooler: opt(text(512)),
  multiorch: opt(text(512)),
  imagePullPolicy: opt(z.enum(['Always', 'IfNotPresent', 'Never']), 'imagePullPolicy of every container (postgres, multipooler, multiorch); unset: Kubernetes decides from the tag'),
  imagePullSecrets: opt(
    z.array(z.strictObject({ name: str })),
    'Secrets (type kubernetes.io/dockerconfigjson) in the Shard namespace that every pool and MultiOrch pod pulls its images with',
  ),
});

export const ObservabilitySchema = z.strictObject({
  otlpEndpoint: opt(str),
  otlpProtocol: opt(str),
  tracesExporter: opt(str),
  metricsExporter: opt(str),
  logsExporter: opt(str),
  metricExportInterval: opt(str),
  metricsTemporality: opt(str),
  histogramAggregation: opt(str),
  tracesSampler: opt(str),
  samplingConfigRef: opt(
    z.strictObject({
      name: doc(z.string(), 'ConfigMap name, in the Shard namespace'),
      key: opt(str, 'key of the sampler file in the ConfigMap (default sampling-config.yaml)'),
    }),
    'ConfigMap with the sampler file for tracesSampler multigres_custom: mounted at /etc/otel in every container, its path in OTEL_TRACES_SAMPLER_CONFIG',
  ),
});

export const MultiOrchSchema = z.strictObject({
  replicas: opt(z.number().check(z.int(), z.minimum(0))),
  resources: opt(ResourceRequirementsSchema),
  affinity: opt(ObjectSchema, 'affinity of the MultiOrch pods'),
  podAnnotations: opt(stringMap, 'annotations of the MultiOrch pods (not prometheus.io/scrape, port or path: multiorch has no metrics endpoint)'),
  podLabels: opt(stringMap, "labels of the MultiOrch pods, added to the operator's; never in a selector, never one of the operator's keys or the Shard's labels"),
  cells: opt(z.array(text(30))),
});

export const GlobalTopoServerSchema = z.strictObject({
  address: text(512),
  rootPath: text(512),
  implementation: doc(str.check(z.minLength(1), z.maxLength(512)), 'topology server kind; the pods always use etcd, so anything else is a warning'),
});

/** The spec fields of a Shard at the targeted operator version; pools are checked one by one. */
export const ShardSpecSchema = z.object({
  databaseName: text(30),
  tableGroupName: text(25),
  shardName: text(25),
  images: opt(ImagesSchema),
  globalTopoServer: GlobalTopoServerSchema,
  pvcDeletionPolicy: opt(PvcDeletionPolicySchema),
  observability: opt(ObservabilitySchema),
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
    namespace: opt(text(63)),
    labels: opt(stringMap),
  }),
  spec: ShardSpecSchema,
});

export const FunctionConfigSpecSchema = doc(
  z.strictObject({
    defaults: opt(
      z.strictObject({
        backupConfig: opt(BackupConfigSchema, 'replaces the built-in default (filesystem, 10Gi); pools of the same type take its fields where they set none'),
        images: opt(
          z.strictObject({
            postgres: opt(text(512)),
            multipooler: opt(text(512)),
            multiorch: opt(text(512)),
          }),
          'images for Shards that leave spec.images fields empty',
        ),
      }),
      'operator-level defaults, overridden per pool',
    ),
    s3: opt(
      z.strictObject({
        keyPrefixTemplate: opt(
          str,
          'key prefix for S3 pools that set none, from {namespace}, {cluster}, {database}, {tablegroup}, {shard}, {pool}; e.g. "{namespace}/{cluster}/{database}/{tablegroup}/{shard}"',
        ),
      }),
      'S3 settings for every Shard',
    ),
    migrateLegacyBackupStorage: opt(
      z.boolean(),
      "rewrite each pool's legacy backupStorage into backupConfig (type filesystem, same storage) in the Shard itself, comments kept",
    ),
    protectBackupVolumes: opt(z.boolean(), 'annotate backup PVCs so Argo CD, kpt and Flux never prune them (default true)'),
    rejectedUpdates: opt(
      z.enum(['error', 'procedure']),
      'on a re-render, an update of an earlier rendered object that Kubernetes would reject (a data volume size or class, a backup PVC shrink...) is an error (default); procedure: a warning, because you recreate the object as the message describes',
    ),
    shards: opt(
      z.enum(['localConfig', 'keep']),
      'localConfig (default): mark each Shard config.kubernetes.io/local-config so it is not applied; keep: leave it unmarked',
    ),
    kubeVersion: opt(
      z.string().check(z.maxLength(63), z.regex(/^v?\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?$/, 'a Kubernetes version such as 1.32 or v1.32.4')),
      'the Kubernetes version the rendered objects are applied to, 1.29 or later (native sidecars): a kpt re-render reports updates as that version\'s API server treats them, with its messages; default the newest supported',
    ),
  }),
  'ExpandPoolBackups settings',
);

export const FunctionConfigSchema = z.object({
  apiVersion: z.literal('fn.multigres.com/v1alpha1'),
  kind: z.literal('ExpandPoolBackups'),
  metadata: opt(z.looseObject({ name: opt(str) })),
  spec: opt(FunctionConfigSpecSchema),
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
