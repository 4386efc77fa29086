// The normalized Shard: what expand/ builds objects from. Every default is filled in and every
// quantity is canonical, so expand/ never decides anything about user input. Types only.

export type PvcPolicy = 'Retain' | 'Delete';

export interface Resources {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

export type S3Credentials =
  | { mode: 'secret'; secretName: string }
  | { mode: 'env' }
  | { mode: 'serviceAccount'; serviceAccountName: string }
  | { mode: 'instanceRole' };

export interface FilesystemBackup {
  type: 'filesystem';
  size: string;
  accessModes: string[];
  storageClassName?: string;
}

export interface S3Backup {
  type: 's3';
  bucket: string;
  region: string;
  endpoint?: string;
  keyPrefix?: string;
  credentials: S3Credentials;
}

export type Backup = FilesystemBackup | S3Backup;

export interface Pool {
  name: string;
  cells: string[];
  replicasPerCell: number;
  storage: { size: string; accessModes: string[]; storageClassName?: string };
  postgresResources?: Resources;
  multipoolerResources?: Resources;
  affinity?: Record<string, unknown>;
  retention: { whenDeleted: PvcPolicy; whenScaled: PvcPolicy };
  backup: Backup;
}

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface OtelVariable {
  name: string;
  value: string;
}

export interface NormalizedShard {
  name: string;
  namespace?: string;
  /** The Shard's own labels, copied onto every generated object under the operator's. */
  labels: ReadonlyMap<string, string>;
  cluster: string;
  databaseName: string;
  tableGroupName: string;
  shardName: string;
  images: { postgres: string; multipooler: string; multiorch: string };
  /** Set on every container when written; absent, Kubernetes decides from the image tag. */
  imagePullPolicy?: PullPolicy;
  /** The Secrets every pod pulls its images with, in the order written, each once. */
  imagePullSecrets: string[];
  globalTopoServer: { address: string; rootPath: string };
  otel: OtelVariable[];
  /** The custom trace sampler's file, only when OTEL variables are rendered and tracesSampler is multigres_custom. */
  otelSampling?: { configMapName: string; key: string };
  multiorch: {
    replicas: number;
    resources?: Resources;
    affinity?: Record<string, unknown>;
    /** Sorted by key; never a prometheus.io scrape annotation. */
    podAnnotations: ReadonlyMap<string, string>;
    /** Sorted by key; never one of the operator's label keys or the Shard's labels. */
    podLabels: ReadonlyMap<string, string>;
    cells: string[];
  };
  /** In the order the pools are written in the Shard. */
  pools: Pool[];
}

export interface Config {
  defaultBackupConfig?: import('./schemas.js').BackupConfig;
  defaultImages: { postgres?: string; multipooler?: string; multiorch?: string };
  /** Fills empty S3 key prefixes: `{namespace}/{cluster}/...`. */
  keyPrefixTemplate?: string;
  protectBackupVolumes: boolean;
  /** On a re-render, what an update Kubernetes would reject is: an error, or a warning (the user recreates the object). */
  rejectedUpdates: 'error' | 'procedure';
  shards: 'localConfig' | 'keep';
  migrateLegacyBackupStorage: boolean;
  /** The Kubernetes version the objects are applied to, as written (krm checks it is supported). */
  kubeVersion?: string;
}

/** Freezes a value and everything in it: configuration is read once and never written after. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const DEFAULT_CONFIG: Config = deepFreeze({
  defaultImages: {},
  protectBackupVolumes: true,
  rejectedUpdates: 'error',
  shards: 'localConfig',
  migrateLegacyBackupStorage: false,
});
