// Everything the objects of one pool in one cell share: their labels, selector and names,
// computed once and used by the StatefulSet, the headless Service and the backup PVC. Pure.
import type { NormalizedShard, Pool } from '../api/model.js';
import { poolLabels, selectorLabels, type Labels } from './labels.js';
import { backupPvcName, poolServiceName, poolStatefulSetName } from './names.js';

export interface PoolCell {
  shard: NormalizedShard;
  pool: Pool;
  cell: string;
  labels: Labels;
  selector: Labels;
  statefulSetName: string;
  serviceName: string;
  backupPvcName: string;
}

export function poolCell(shard: NormalizedShard, pool: Pool, cell: string): PoolCell {
  const labels = poolLabels(shard, pool.name, cell);
  return {
    shard,
    pool,
    cell,
    labels,
    selector: selectorLabels(labels),
    statefulSetName: poolStatefulSetName(shard, pool.name, cell),
    serviceName: poolServiceName(shard, pool.name, cell),
    backupPvcName: backupPvcName(shard, pool.name, cell),
  };
}
