// Label sets and selectors of the generated objects, as the operator builds them. Pure.
import type { NormalizedShard } from '../api/model.js';
import { LABEL } from './keys.js';

export type Labels = Map<string, string>;

const SELECTOR_KEYS = [
  LABEL.component, LABEL.instance, LABEL.cluster, LABEL.database, LABEL.tableGroup, LABEL.shard, LABEL.pool, LABEL.cell,
];

/** Sorted by key, as the operator's Go maps serialize: stable diffs whatever the input order. */
const sorted = (labels: Labels): Labels => new Map([...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The Shard's labels first, then the operator's, which win any clash. */
function withShardLabels(shard: NormalizedShard, own: ReadonlyArray<readonly [string, string]>): Labels {
  const labels = new Map(shard.labels);
  for (const [k, v] of own) labels.set(k, v);
  return sorted(labels);
}

const standard = (shard: NormalizedShard, component: string): Array<[string, string]> => [
  [LABEL.name, 'multigres'],
  [LABEL.instance, shard.cluster],
  [LABEL.component, component],
  [LABEL.partOf, 'multigres'],
  [LABEL.managedBy, 'multigres-operator'],
];

export const poolLabels = (shard: NormalizedShard, pool: string, cell: string): Labels =>
  withShardLabels(shard, [
    ...standard(shard, 'shard-pool'),
    [LABEL.cell, cell],
    [LABEL.pool, pool],
    [LABEL.database, shard.databaseName],
    [LABEL.tableGroup, shard.tableGroupName],
  ]);

export const multiOrchLabels = (shard: NormalizedShard, cell: string): Labels =>
  withShardLabels(shard, [
    ...standard(shard, 'multiorch'),
    [LABEL.cell, cell],
    [LABEL.database, shard.databaseName],
    [LABEL.tableGroup, shard.tableGroupName],
  ]);

export const pgHbaLabels = (shard: NormalizedShard): Labels => withShardLabels(shard, standard(shard, 'pg-hba-config'));

/** The immutable selector: the label set narrowed to the keys the operator selects on. */
export const selectorLabels = (labels: Labels): Labels =>
  new Map([...labels].filter(([k]) => SELECTOR_KEYS.includes(k as (typeof SELECTOR_KEYS)[number])));
