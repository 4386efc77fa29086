// Backup repositories: where a pool's pgBackRest repository really is, and the checks that keep
// two databases from writing into one. pgctld always uses the stanza "multigres", so two Shards
// whose S3 location (endpoint or AWS region, bucket, key prefix) is the same overwrite each
// other's backups and WAL archive. Pure.
import { error, warning, type Issue } from './issue.js';
import type { Backup, NormalizedShard, S3Backup } from './model.js';

/** The S3 location as pgctld resolves it: key prefix with one trailing slash trimmed. */
export function s3RepositoryKey(backup: S3Backup): string {
  const where = backup.endpoint ? normalizeEndpoint(backup.endpoint) : `aws:${backup.region}`;
  const prefix = (backup.keyPrefix ?? '').replace(/\/$/, '');
  return `${where}|${backup.bucket}|${prefix}`;
}

function normalizeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//${url.hostname.toLowerCase()}:${port}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return endpoint;
  }
}

/** A human description of an S3 location, for messages. */
export function describeS3(backup: S3Backup): string {
  const prefix = (backup.keyPrefix ?? '').replace(/\/$/, '');
  return `s3://${backup.bucket}/${prefix ? `${prefix}/` : ''}multigres (${backup.endpoint ?? `AWS ${backup.region}`})`;
}

/** Where a pool keeps backups: its S3 location, or backup PVCs of its own. */
const repositoryOf = (pool: { name: string; backup: Backup }): string => (pool.backup.type === 's3' ? s3RepositoryKey(pool.backup) : `pvc:${pool.name}`);

/**
 * Warnings about a Shard's own repositories: replicas that back up to different places cannot
 * restore from each other's backups, and a ReadWriteOnce backup volume shared by several pods.
 */
export function shardRepositoryWarnings(shard: NormalizedShard): Issue[] {
  const issues: Issue[] = [];
  const all = new Set(shard.pools.map(repositoryOf));
  if (all.size > 1) {
    const parts = shard.pools.map((p) => `${p.name} → ${p.backup.type === 's3' ? describeS3(p.backup) : 'its own backup PVCs'}`);
    issues.push(
      warning(
        ['spec', 'pools'],
        `the pools of this Shard back up to ${all.size} different repositories (${parts.join('; ')}); they are replicas of one database, and a replica cannot restore or bootstrap from backups it cannot see: give all pools the same s3 location`,
      ),
    );
  }
  for (const pool of shard.pools) {
    if (pool.backup.type !== 'filesystem') continue;
    const path = ['spec', 'pools', pool.name, 'backupConfig', 'storage', 'accessModes'];
    const modes = pool.backup.accessModes;
    if (pool.replicasPerCell > 1 && !modes.includes('ReadWriteMany')) {
      issues.push(warning(path, `the backup PVC is ${modes.join(', ')} but ${pool.replicasPerCell} replicas per cell mount it: pods scheduled on another node stay Pending; use ReadWriteMany (e.g. an EFS or NFS class)`, { proposedValue: ['ReadWriteMany'] }));
    }
    if (pool.cells.length > 1) {
      issues.push(warning(['spec', 'pools', pool.name, 'cells'], `pool ${pool.name} gets a separate backup PVC in each of its ${pool.cells.length} cells, so a replica sees only its own cell's backups; S3 gives the pool one repository`));
    }
  }
  return issues;
}

export interface RepositoryUser {
  /** An id for the Shard (its namespace/name). */
  shard: string;
  /** The logical database the Shard is (cluster, database, tablegroup, shard). */
  identity: string;
  pool: string;
  backup: S3Backup;
}

/** Pairs of pools of different databases that share an S3 repository. */
export function repositoryCollisions(users: readonly RepositoryUser[]): Array<[RepositoryUser, RepositoryUser]> {
  const byKey = new Map<string, RepositoryUser>();
  const collisions: Array<[RepositoryUser, RepositoryUser]> = [];
  for (const user of users) {
    const key = s3RepositoryKey(user.backup);
    const first = byKey.get(key);
    if (!first) byKey.set(key, user);
    else if (first.identity !== user.identity) collisions.push([first, user]);
  }
  return collisions;
}

/** The error a colliding pool gets, proposing a key prefix unique to its database. */
export function collisionIssue(self: RepositoryUser, other: RepositoryUser, otherWhere: string, uniquePrefix: string): Issue {
  const prefix = (self.backup.keyPrefix ?? '').replace(/\/$/, '');
  const proposed = prefix ? `${prefix}/${uniquePrefix}` : uniquePrefix;
  return error(
    ['spec', 'pools', self.pool, 'backupConfig', 's3', 'keyPrefix'],
    `backs up to ${describeS3(self.backup)}, the same repository as pool ${other.pool} of Shard ${other.shard}${otherWhere}: pgctld uses one stanza ("multigres") per repository, so the two databases would overwrite each other's backups and WAL; give each its own keyPrefix (or set s3.keyPrefixTemplate in the functionConfig)`,
    { proposedValue: proposed },
  );
}
