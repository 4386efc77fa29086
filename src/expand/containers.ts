// The pgctld (`postgres`) and `multipooler` containers of a pool pod, with the backup wiring:
// pgctld flags, S3 env vars in both containers, /backups mounts for filesystem only; and what
// every container and pod of a Shard shares (pull settings, OTEL variables, the sampler file). Pure.
import type { Backup, NormalizedShard, Pool, Resources } from '../api/model.js';

export const BACKUP_VOLUME = 'backup-data';
export const BACKUP_PATH = '/backups';
export const POSTGRES_PASSWORD_SECRET = 'postgres-password';

const SECURITY_CONTEXT = { runAsUser: 999, runAsGroup: 999, runAsNonRoot: true };

const PGCTLD_BASE_ARGS = [
  'server',
  '--pooler-dir=/var/lib/pooler',
  '--grpc-port=15470',
  '--pg-port=5432',
  '--pg-listen-addresses=*',
  '--pg-database=postgres',
  '--pg-user=postgres',
  '--timeout=30',
  '--log-level=info',
  '--grpc-socket-file=/var/lib/pooler/pgctld.sock',
  '--pg-hba-template=/etc/pgctld/pg_hba_template.conf',
];

/**
 * pgctld backup flags. The env-credentials flag goes with the Secret mode too: pgctld copies the
 * static keys from its environment into pgbackrest.conf only when the flag is set; without it
 * pgBackRest uses the instance role / web identity and ignores the keys.
 */
export function pgctldBackupArgs(backup: Backup): string[] {
  const args = [`--backup-type=${backup.type}`, `--backup-path=${BACKUP_PATH}`];
  if (backup.type === 's3') {
    args.push(`--backup-bucket=${backup.bucket}`, `--backup-region=${backup.region}`);
    if (backup.endpoint) args.push(`--backup-endpoint=${backup.endpoint}`);
    if (backup.keyPrefix) args.push(`--backup-key-prefix=${backup.keyPrefix}`);
    if (backup.credentials.mode === 'secret' || backup.credentials.mode === 'env') args.push('--backup-use-env-credentials');
  }
  return args;
}

const secretEnv = (name: string, secret: string, key: string, optional = false) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } },
});

/** S3 env vars, the same in both containers: AWS_REGION first, then the Secret's keys. */
export function s3Env(backup: Backup): object[] {
  if (backup.type !== 's3') return [];
  const env: object[] = [{ name: 'AWS_REGION', value: backup.region }];
  if (backup.credentials.mode === 'secret') {
    const secret = backup.credentials.secretName;
    env.push(
      secretEnv('AWS_ACCESS_KEY_ID', secret, 'AWS_ACCESS_KEY_ID'),
      secretEnv('AWS_SECRET_ACCESS_KEY', secret, 'AWS_SECRET_ACCESS_KEY'),
      secretEnv('AWS_SESSION_TOKEN', secret, 'AWS_SESSION_TOKEN', true),
    );
  }
  return env;
}

const withResources = (resources: Resources | undefined) => (resources ? { resources } : {});

/** The image and, when the Shard sets one, its pull policy: the two fields sit together in every container. */
export const imageOf = (shard: NormalizedShard, image: string): { image: string; imagePullPolicy?: string } =>
  shard.imagePullPolicy ? { image, imagePullPolicy: shard.imagePullPolicy } : { image };

/** The pod spec's pull Secrets, when the Shard names any. */
export const pullSecretsOf = (shard: NormalizedShard): { imagePullSecrets?: Array<{ name: string }> } =>
  shard.imagePullSecrets.length > 0 ? { imagePullSecrets: shard.imagePullSecrets.map((name) => ({ name })) } : {};

const OTEL_SAMPLING_VOLUME = 'otel-sampling-config';
const OTEL_SAMPLING_DIR = '/etc/otel';

const otelEnvs = new WeakMap<NormalizedShard, object[]>();

/** The OTEL variables of every container, with the sampler file's path when the Shard has one. */
export function otelEnv(shard: NormalizedShard): object[] {
  let env = otelEnvs.get(shard);
  if (!env) {
    const sampling = shard.otelSampling;
    env = sampling ? [...shard.otel, { name: 'OTEL_TRACES_SAMPLER_CONFIG', value: `${OTEL_SAMPLING_DIR}/${sampling.key}` }] : shard.otel;
    otelEnvs.set(shard, env);
  }
  return env;
}

/** The sampler file's ConfigMap as a pod volume (none without one). */
export const otelSamplingVolumes = (shard: NormalizedShard): object[] =>
  shard.otelSampling ? [{ name: OTEL_SAMPLING_VOLUME, configMap: { name: shard.otelSampling.configMapName } }] : [];

/** Where every container reads the sampler file (nothing without one). */
export const otelSamplingMounts = (shard: NormalizedShard): object[] =>
  shard.otelSampling ? [{ name: OTEL_SAMPLING_VOLUME, mountPath: OTEL_SAMPLING_DIR, readOnly: true }] : [];

const mounts = (shard: NormalizedShard, pool: Pool, extra: object[]) => [
  { name: 'pgdata', mountPath: '/var/lib/pooler' },
  ...(pool.backup.type === 'filesystem' ? [{ name: BACKUP_VOLUME, mountPath: BACKUP_PATH }] : []),
  { name: 'socket-dir', mountPath: '/var/run/postgresql' },
  ...extra,
  ...otelSamplingMounts(shard),
];

const postgresContainers = new WeakMap<Pool, object>();

/** The pgctld container; the same for every cell of a pool, so it is built once per pool. */
export function buildPostgresContainer(shard: NormalizedShard, pool: Pool): object {
  const known = postgresContainers.get(pool);
  if (known) return known;
  const container = {
    name: 'postgres',
    ...imageOf(shard, shard.images.postgres),
    command: ['/usr/local/bin/pgctld'],
    args: [...PGCTLD_BASE_ARGS, ...pgctldBackupArgs(pool.backup)],
    env: [
      { name: 'PGDATA', value: '/var/lib/pooler/pg_data' },
      secretEnv('PGPASSWORD', POSTGRES_PASSWORD_SECRET, 'password'),
      ...s3Env(pool.backup),
      ...otelEnv(shard),
    ],
    ...withResources(pool.postgresResources),
    securityContext: SECURITY_CONTEXT,
    volumeMounts: mounts(shard, pool, [{ name: 'pg-hba-template', mountPath: '/etc/pgctld', readOnly: true }]),
  };
  postgresContainers.set(pool, container);
  return container;
}

const httpProbe = (path: string, port: number, periodSeconds: number, failureThreshold?: number) => ({
  httpGet: { path, port },
  periodSeconds,
  ...(failureThreshold !== undefined ? { failureThreshold } : {}),
});

/** A named TCP container port. */
export const containerPort = (name: string, port: number) => ({ name, containerPort: port, protocol: 'TCP' });

const probeSets = new Map<number, object>();

/** Startup, liveness and readiness probes on a component's HTTP port (one shared object per port). */
export const probes = (port: number): object => {
  let set = probeSets.get(port);
  if (!set) {
    set = { startupProbe: httpProbe('/ready', port, 5, 30), livenessProbe: httpProbe('/live', port, 10), readinessProbe: httpProbe('/ready', port, 5) };
    probeSets.set(port, set);
  }
  return set;
};

const MULTIPOOLER_PORTS = [containerPort('http', 15200), containerPort('grpc', 15270), containerPort('postgres', 5432)];
const multipoolerParts = new WeakMap<Pool, { env: object[]; volumeMounts: object[] }>();

/** The parts of the multipooler container that are the same in every cell of a pool. */
function multipoolerShared(shard: NormalizedShard, pool: Pool): { env: object[]; volumeMounts: object[] } {
  let parts = multipoolerParts.get(pool);
  if (!parts) {
    parts = {
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        secretEnv('CONNPOOL_ADMIN_PASSWORD', POSTGRES_PASSWORD_SECRET, 'password'),
        ...s3Env(pool.backup),
        ...otelEnv(shard),
      ],
      volumeMounts: mounts(shard, pool, []),
    };
    multipoolerParts.set(pool, parts);
  }
  return parts;
}

/** multipooler runs as a native sidecar (an init container with restartPolicy Always). */
export function buildMultipoolerContainer(shard: NormalizedShard, pool: Pool, cell: string): object {
  const shared = multipoolerShared(shard, pool);
  return {
    name: 'multipooler',
    ...imageOf(shard, shard.images.multipooler),
    args: [
      'multipooler',
      '--http-port=15200',
      '--grpc-port=15270',
      '--pooler-dir=/var/lib/pooler',
      '--socket-file=/var/lib/pooler/pg_sockets/.s.PGSQL.5432',
      '--service-map=grpc-pooler',
      `--topo-global-server-addresses=${shard.globalTopoServer.address}`,
      `--topo-global-root=${shard.globalTopoServer.rootPath}`,
      `--cell=${cell}`,
      `--database=${shard.databaseName}`,
      `--table-group=${shard.tableGroupName}`,
      `--shard=${shard.shardName}`,
      '--service-id=$(POD_NAME)',
      '--pgctld-addr=localhost:15470',
      '--pg-port=5432',
      '--connpool-admin-password=$(CONNPOOL_ADMIN_PASSWORD)',
    ],
    ports: MULTIPOOLER_PORTS,
    env: shared.env,
    ...withResources(pool.multipoolerResources),
    restartPolicy: 'Always',
    securityContext: SECURITY_CONTEXT,
    ...probes(15200),
    volumeMounts: shared.volumeMounts,
  };
}
