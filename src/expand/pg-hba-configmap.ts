// The per-namespace `pg-hba-template` ConfigMap every pool pod mounts. Pure.
import type { NormalizedShard } from '../api/model.js';
import { pgHbaLabels } from './labels.js';
import { objectMeta, type KubernetesObject } from './object.js';
import { PG_HBA_TEMPLATE } from './pg-hba-template.js';
import { PG_HBA_CONFIGMAP } from './pool-statefulset.js';

/** Built from the first Shard of the namespace; its labels go on the ConfigMap. */
export function buildPgHbaConfigMap(shard: NormalizedShard): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(PG_HBA_CONFIGMAP, shard.namespace, pgHbaLabels(shard)),
    data: { 'pg_hba_template.conf': PG_HBA_TEMPLATE },
  };
}
