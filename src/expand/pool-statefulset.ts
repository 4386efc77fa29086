// The StatefulSet of one pool in one cell. Pure.
import type { NormalizedShard, Pool } from '../api/model.js';
import { BACKUP_VOLUME, buildMultipoolerContainer, buildPostgresContainer } from './containers.js';
import { poolLabels, selectorLabels } from './labels.js';
import { backupPvcName, poolServiceName, poolStatefulSetName } from './names.js';
import { objectMeta, type KubernetesObject } from './object.js';

export const PG_HBA_CONFIGMAP = 'pg-hba-template';

export function buildPoolStatefulSet(shard: NormalizedShard, pool: Pool, cell: string): KubernetesObject {
  const labels = poolLabels(shard, pool.name, cell);
  const volumes = [
    ...(pool.backup.type === 'filesystem'
      ? [{ name: BACKUP_VOLUME, persistentVolumeClaim: { claimName: backupPvcName(shard, pool.name, cell) } }]
      : []),
    { name: 'socket-dir', emptyDir: {} },
    { name: 'pg-hba-template', configMap: { name: PG_HBA_CONFIGMAP } },
  ];
  const serviceAccount =
    pool.backup.type === 's3' && pool.backup.credentials.mode === 'serviceAccount'
      ? { serviceAccountName: pool.backup.credentials.serviceAccountName }
      : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(poolStatefulSetName(shard, pool.name, cell), shard.namespace, labels),
    spec: {
      serviceName: poolServiceName(shard, pool.name, cell),
      replicas: pool.replicasPerCell,
      selector: { matchLabels: selectorLabels(labels) },
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          ...serviceAccount,
          securityContext: { fsGroup: 999 },
          initContainers: [buildMultipoolerContainer(shard, pool, cell)],
          containers: [buildPostgresContainer(shard, pool)],
          volumes,
          ...(pool.affinity ? { affinity: pool.affinity } : {}),
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'pgdata' },
          spec: {
            accessModes: pool.storage.accessModes,
            ...(pool.storage.storageClassName ? { storageClassName: pool.storage.storageClassName } : {}),
            resources: { requests: { storage: pool.storage.size } },
          },
        },
      ],
      persistentVolumeClaimRetentionPolicy: { ...pool.retention },
    },
  };
}
