// The second pass over Shards: what no Shard can tell on its own. Two Shards with one name,
// Secrets and ServiceAccounts the pools refer to, two databases backing up to one S3 repository,
// two Shards rendering an object of one name; then which Shards render, and which one renders
// its namespace's pg_hba ConfigMap. Pure: Shard states in, new Shard states out.
import { error, hasErrors, type Issue } from '../api/issue.js';
import type { NormalizedShard } from '../api/model.js';
import { collisionIssue, repositoryCollisions, shardRepositoryWarnings } from '../api/repository.js';
import { secretIssues, serviceAccountIssues } from '../api/secrets.js';
import type { Credentials } from './credentials.js';
import { expandNamespace } from '../expand/expand-shard.js';
import type { FileRef } from './results.js';
import { toInvalid, withIssues, type CheckedShard, type ShardState, type ValidShard } from './shard-item.js';

const fileSuffix = (file: FileRef | undefined) => (file ? ` (${file.path})` : '');

/** A Shard the checks across Shards look into: valid on its own, and no error from them so far. */
const isCheckable = (s: ShardState): s is ValidShard => s.state === 'valid' && !hasErrors(s.issues);

/** Checks across Shards (names, Secrets, shared repositories, object names), then settles what renders. */
export function checkAcrossShards(shards: readonly ShardState[], credentials: Pick<Credentials, 'secrets' | 'accounts'>): CheckedShard[] {
  const named = uniqueNames(shards);
  // A Shard with no error so far is checked against what it refers to and against the S3
  // repositories of the others, each Shard's issues in that order.
  const collisions = repositoryCollisionIssues(named.filter(isCheckable));
  const referenced = named.map((s) =>
    isCheckable(s) ? withIssues(s, [...shardRepositoryWarnings(s.shard), ...secretIssues(s.shard, credentials.secrets), ...serviceAccountIssues(s.shard, credentials.accounts), ...(collisions.get(s) ?? [])]) : s,
  );
  return settleRendered(referenced);
}

/** A second Shard of one namespace and name gets an error (the first renders as it would alone). */
function uniqueNames(shards: readonly ShardState[]): ShardState[] {
  const seen = new Map<string, ShardState>();
  return shards.map((entry) => {
    const first = seen.get(entry.marker);
    if (!first) {
      seen.set(entry.marker, entry);
      return entry;
    }
    return withIssues(entry, [error(['metadata', 'name'], `another Shard with this namespace and name comes earlier in the input${fileSuffix(first.file)}; Shard names must be unique per namespace`)]);
  });
}

/** The errors of pools of different databases that back up to one S3 repository, by Shard. */
function repositoryCollisionIssues(shards: readonly ValidShard[]): Map<ValidShard, Issue[]> {
  const users = shards.flatMap((entry) => {
    const identity = [entry.shard.cluster, entry.shard.databaseName, entry.shard.tableGroupName, entry.shard.shardName].join('\u0000');
    return entry.shard.pools.flatMap((pool) => (pool.backup.type === 's3' ? [{ shard: entry.marker, identity, pool: pool.name, backup: pool.backup, entry }] : []));
  });
  const issues = new Map<ValidShard, Issue[]>();
  const add = (entry: ValidShard, issue: Issue) => issues.set(entry, [...(issues.get(entry) ?? []), issue]);
  const unique = (s: NormalizedShard) => [s.namespace ?? '', s.cluster || 'no-cluster', s.databaseName, s.tableGroupName, s.shardName].join('/');
  for (const [first, second] of repositoryCollisions(users)) {
    add(first.entry, collisionIssue(first, second, fileSuffix(second.entry.file), unique(first.entry.shard)));
    add(second.entry, collisionIssue(second, first, fileSuffix(first.entry.file), unique(second.entry.shard)));
  }
  return issues;
}

/**
 * Which Shards render: those without an error whose objects no earlier Shard renders too. The
 * first of them in a namespace renders the namespace's pg_hba ConfigMap.
 */
function settleRendered(shards: readonly ShardState[]): CheckedShard[] {
  const claimed = new Map<string, ShardState>();
  const namespacesWithConfigMap = new Set<string>();
  return shards.map((entry): CheckedShard => {
    if (!isCheckable(entry)) return toInvalid(entry);
    for (const key of entry.keys) {
      const owner = claimed.get(key);
      if (owner === undefined) continue;
      const [kind, , name] = key.split('/');
      return toInvalid(withIssues(entry, [error(['spec'], `renders ${kind} ${name}, which Shard ${owner.ref.name}${fileSuffix(owner.file)} renders too: two Shards need a different cluster label, databaseName, tableGroupName or shardName`)]));
    }
    for (const key of entry.keys) claimed.set(key, entry);
    const namespace = entry.shard.namespace ?? '';
    const configMap = namespacesWithConfigMap.has(namespace) ? undefined : expandNamespace(entry.shard);
    namespacesWithConfigMap.add(namespace);
    return { ...entry, state: 'rendered', ...(configMap ? { configMap } : {}), count: entry.keys.length + (configMap ? 1 : 0) };
  });
}
