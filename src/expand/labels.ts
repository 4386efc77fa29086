// Label sets and selectors of the generated objects, as the operator builds them. Pure.
import type { NormalizedShard } from '../api/model.js';
import { LABEL } from './keys.js';
import { sortedMap } from './object.js';

export type Labels = Map<string, string>;

const SELECTOR_KEYS: ReadonlySet<string> = new Set([
  LABEL.component, LABEL.instance, LABEL.cluster, LABEL.database, LABEL.tableGroup, LABEL.shard, LABEL.pool, LABEL.cell,
]);

/** The Shard's labels first, then the operator's, which win any clash; sorted by key. */
const withShardLabels = (shard: NormalizedShard, own: ReadonlyArray<readonly [string, string]>): Labels => sortedMap(shard.labels, own);

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

/**
 * The labels of the MultiOrch pods: the Shard's podLabels under the Deployment's own, which win any
 * clash (parseShard refuses clashes, so none is lost). The selector stays selectorLabels(labels).
 */
export const multiOrchPodLabels = (shard: NormalizedShard, labels: Labels): Labels =>
  shard.multiorch.podLabels.size === 0 ? labels : sortedMap(shard.multiorch.podLabels, [...labels]);

export const pgHbaLabels = (shard: NormalizedShard): Labels => withShardLabels(shard, standard(shard, 'pg-hba-config'));

/** The immutable selector: the label set narrowed to the keys the operator selects on. */
export function selectorLabels(labels: Labels): Labels {
  const selector: Labels = new Map();
  labels.forEach((v, k) => {
    if (SELECTOR_KEYS.has(k)) selector.set(k, v);
  });
  return selector;
}
