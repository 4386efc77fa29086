// A validated Shard in, its objects out, in a stated order: MultiOrch Deployment and Service per
// MultiOrch cell, then per pool (as written) per cell (as listed): [backup PVC], StatefulSet,
// headless Service. The namespace's pg-hba ConfigMap comes separately. Pure and deterministic.
import type { Config, NormalizedShard } from '../api/model.js';
import { buildBackupPvc } from './backup-pvc.js';
import { ANNOTATION } from './keys.js';
import { buildMultiOrchDeployment, buildMultiOrchService } from './multiorch.js';
import { sortedMap, withShape, type KubernetesObject } from './object.js';
import { buildPgHbaConfigMap } from './pg-hba-configmap.js';
import { buildPoolService } from './pool-service.js';
import { buildPoolStatefulSet } from './pool-statefulset.js';
import { poolCell } from './pool-cell.js';

/** The value of the ownership marker on the objects rendered from a Shard. */
export const shardMarker = (shard: { namespace?: string; name: string }): string => `${shard.namespace ?? ''}/${shard.name}`;

const mark = (object: KubernetesObject, marker: string): KubernetesObject => {
  object.metadata.annotations = sortedMap(object.metadata.annotations, [[ANNOTATION.renderedFrom, marker]]);
  return object;
};

/** The namespace's pg-hba ConfigMap, rendered once per namespace from its first valid Shard. */
export const expandNamespace = (shard: NormalizedShard): KubernetesObject => mark(buildPgHbaConfigMap(shard), shard.namespace ?? '');

/** The Shard's own objects (without the namespace ConfigMap). */
export function expandShard(shard: NormalizedShard, config: Config): KubernetesObject[] {
  const marker = shardMarker(shard);
  const objects: KubernetesObject[] = [];
  for (const cell of shard.multiorch.cells) {
    objects.push(withShape(mark(buildMultiOrchDeployment(shard, cell), marker), 'multiorch'), withShape(mark(buildMultiOrchService(shard, cell), marker), 'multiorch'));
  }
  for (const pool of shard.pools) {
    // Shape names (a hint for the writer): pools with the same backup wiring render StatefulSets alike.
    const backup = pool.backup.type === 's3' ? `s3 ${pool.backup.credentials.mode}` : pool.backup.type;
    for (const cell of pool.cells) {
      const at = poolCell(shard, pool, cell);
      if (pool.backup.type === 'filesystem') objects.push(withShape(mark(buildBackupPvc(at, pool.backup, config.protectBackupVolumes), marker), 'backup'));
      objects.push(withShape(mark(buildPoolStatefulSet(at), marker), `pool ${backup}`), withShape(mark(buildPoolService(at), marker), 'pool'));
    }
  }
  return objects;
}
