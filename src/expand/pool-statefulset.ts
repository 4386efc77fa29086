// The StatefulSet of one pool in one cell. Pure.
import { BACKUP_VOLUME, buildMultipoolerContainer, buildPostgresContainer, otelSamplingVolumes, pullSecretsOf } from './containers.js';
import { objectMeta, type KubernetesObject } from './object.js';
import type { PoolCell } from './pool-cell.js';

export const PG_HBA_CONFIGMAP = 'pg-hba-template';

export function buildPoolStatefulSet(at: PoolCell): KubernetesObject {
  const { shard, pool, cell, labels } = at;
  const volumes = [
    ...(pool.backup.type === 'filesystem' ? [{ name: BACKUP_VOLUME, persistentVolumeClaim: { claimName: at.backupPvcName } }] : []),
    { name: 'socket-dir', emptyDir: {} },
    { name: 'pg-hba-template', configMap: { name: PG_HBA_CONFIGMAP } },
    ...otelSamplingVolumes(shard),
  ];
  const serviceAccount =
    pool.backup.type === 's3' && pool.backup.credentials.mode === 'serviceAccount'
      ? { serviceAccountName: pool.backup.credentials.serviceAccountName }
      : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(at.statefulSetName, shard.namespace, labels),
    spec: {
      serviceName: at.serviceName,
      replicas: pool.replicasPerCell,
      selector: { matchLabels: at.selector },
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          ...serviceAccount,
          ...pullSecretsOf(shard),
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
