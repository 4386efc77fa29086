// ShardTemplates and MultigresClusters are not rendered: only what the function owns in their
// pools (backupConfig, backupStorage) is checked, so a typo in a template's backups still fails
// the render, and everything else in them is the operator's CRD's to judge (DESIGN §4). They
// pass through untouched.
import type { Issue } from '../api/issue.js';
import { isObject } from '../api/kube-object.js';
import type { Config } from '../api/model.js';
import { validatePoolBackups } from '../api/parse-shard.js';
import { writtenKeyOrder, type ParsedItem } from '../text/parse.js';

/**
 * The issues of the backups a ShardTemplate or MultigresCluster holds. The pools are a
 * ShardTemplate's `spec.pools`, and in a MultigresCluster each inline shard's `spec.pools` and
 * `overrides.pools` (merged by the operator into the pools of the Shard it makes).
 */
export function templateIssues(parsed: ParsedItem, config: Config): Issue[] {
  const value = parsed.value;
  const spec = isObject(value.spec) ? value.spec : {};
  const check = (pools: unknown, path: Array<string | number>) => (isObject(pools) ? validatePoolBackups(pools, writtenKeyOrder(parsed, pools, path), path, config) : []);
  if (value.kind === 'ShardTemplate') return check(spec.pools, ['spec', 'pools']);
  const issues: Issue[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  list(spec.databases).forEach((db, d) =>
    list(isObject(db) ? db.tablegroups : undefined).forEach((tg, t) =>
      list(isObject(tg) ? tg.shards : undefined).forEach((sh, k) => {
        if (!isObject(sh)) return;
        const at = ['spec', 'databases', d, 'tablegroups', t, 'shards', k];
        for (const part of ['spec', 'overrides']) {
          const holder = sh[part];
          if (isObject(holder)) issues.push(...check(holder.pools, [...at, part, 'pools']));
        }
      }),
    ),
  );
  return issues;
}
