// Backup repositories: where a pool's pgBackRest repository really is, and the checks that keep
// two databases from writing into one. pgctld always uses the stanza "multigres", so two Shards
// whose S3 location (endpoint or AWS region, bucket, key prefix) is the same overwrite each
// other's backups and WAL archive. Pure.
import { error, warning, type Issue } from './issue.js';
import type { Backup, NormalizedShard, S3Backup } from './model.js';

/** What identifies an S3 repository: the store, the bucket and the key prefix. */
export type S3Location = Pick<S3Backup, 'bucket' | 'region' | 'endpoint' | 'keyPrefix'>;

/**
 * The S3 repository as pgctld resolves it, the one identity every check and `plan` compares:
 * pgctld removes one trailing slash from the key prefix (repo1-path=/<prefix>/multigres), and
 * without an endpoint it talks to s3.<region>.amazonaws.com, so an explicit endpoint that names
 * that same AWS host is the same store.
 */
export function s3RepositoryKey(backup: S3Location): string {
  return `${s3StoreKey(backup)}|${s3PlaceKey(backup)}`;
}

/** Where in a store a repository is: its bucket and key prefix, as compared. */
export const s3PlaceKey = (backup: Pick<S3Backup, 'bucket' | 'keyPrefix'>): string => `${backup.bucket}|${keyPrefixOf(backup)}`;

/** The key prefix as pgctld uses it: one trailing slash removed. */
export const keyPrefixOf = (backup: Pick<S3Backup, 'keyPrefix'>): string => (backup.keyPrefix ?? '').replace(/\/$/, '');

/** The store a location is in: `aws:<region>` for AWS S3 (with or without an explicit endpoint), else the endpoint. */
export function s3StoreKey(backup: Pick<S3Backup, 'region' | 'endpoint'>): string {
  if (!backup.endpoint) return `aws:${backup.region}`;
  return normalizeEndpoint(backup.endpoint);
}

/** AWS S3's own regional endpoints, as pgctld would write them or a user copies them from AWS's list. */
const AWS_ENDPOINT = /^s3(?:[.-]dualstack)?[.-]([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com$/;

function normalizeEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
    const host = url.hostname.toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const path = url.pathname.replace(/\/+$/, '');
    const aws = AWS_ENDPOINT.exec(host);
    if (url.protocol === 'https:' && port === '443' && path === '') {
      if (aws) return `aws:${aws[1]}`;
      if (host === 's3.amazonaws.com') return 'aws:us-east-1';
    }
    return `${url.protocol}//${host}:${port}${path}`;
  } catch {
    return endpoint;
  }
}

/** A human description of an S3 location, for messages. */
export function describeS3(backup: S3Location): string {
  const prefix = keyPrefixOf(backup);
  return `s3://${backup.bucket}/${prefix ? `${prefix}/` : ''}multigres (${backup.endpoint ?? `AWS ${backup.region}`})`;
}

/**
 * Warnings about a Shard's own repositories, one per cause: the replicas of its database back up to
 * more than one place (pools with different S3 locations, or a backup PVC per pool and cell), and
 * a ReadWriteOnce backup volume mounted by several pods of a pool.
 */
export function shardRepositoryWarnings(shard: NormalizedShard): Issue[] {
  const issues: Issue[] = [];
  // Every place a replica of this database backs up to: one per S3 location (with the pools that
  // use it), one per backup PVC (a pool's, in one cell).
  const places = new Map<string, { who: string[]; where: string }>();
  for (const pool of shard.pools) {
    if (pool.backup.type === 's3') {
      const key = s3RepositoryKey(pool.backup);
      const place = places.get(key) ?? { who: [], where: describeS3(pool.backup) };
      place.who.push(pool.name);
      places.set(key, place);
    } else for (const cell of pool.cells) places.set(`pvc:${pool.name}:${cell}`, { who: [`${pool.name} in ${cell}`], where: 'its own backup PVC' });
  }
  if (places.size > 1) {
    const s3Pool = shard.pools.find((p) => p.backup.type === 's3');
    const fix = s3Pool ? `give every pool the backupConfig of pool ${s3Pool.name}` : 'give every pool one backupConfig of type s3 (one repository for the whole database)';
    issues.push(
      warning(
        ['spec', 'pools'],
        `the replicas of this Shard's database back up to ${places.size} separate places (${[...places.values()].map((p) => `${p.who.join(', ')} → ${p.where}`).join('; ')}); a replica can restore or bootstrap only from backups it can see: ${fix}`,
      ),
    );
  }
  for (const pool of shard.pools) {
    if (pool.backup.type !== 'filesystem') continue;
    const modes = pool.backup.accessModes;
    if (pool.replicasPerCell > 1 && !modes.includes('ReadWriteMany')) {
      const path = ['spec', 'pools', pool.name, 'backupConfig', 'storage', 'accessModes'];
      issues.push(warning(path, `the backup PVC is ${modes.join(', ')} but ${pool.replicasPerCell} replicas per cell mount it: pods scheduled on another node stay Pending; use ReadWriteMany (e.g. an EFS or NFS class)`, { proposedValue: ['ReadWriteMany'] }));
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
export function repositoryCollisions<U extends RepositoryUser>(users: readonly U[]): Array<[U, U]> {
  const byKey = new Map<string, U>();
  const collisions: Array<[U, U]> = [];
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
  const prefix = keyPrefixOf(self.backup);
  const proposed = prefix ? `${prefix}/${uniquePrefix}` : uniquePrefix;
  return error(
    ['spec', 'pools', self.pool, 'backupConfig', 's3', 'keyPrefix'],
    `backs up to ${describeS3(self.backup)}, the same repository as pool ${other.pool} of Shard ${other.shard}${otherWhere}: pgctld uses one stanza ("multigres") per repository, so the two databases would overwrite each other's backups and WAL; give each its own keyPrefix (or set s3.keyPrefixTemplate in the functionConfig)`,
    { proposedValue: proposed },
  );
}
