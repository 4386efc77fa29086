// The backup PVC of one filesystem pool in one cell. Pure.
// It holds the only copy of the backups, so unless told otherwise it carries annotations that
// stop Argo CD, kpt live and Flux from deleting it when it leaves the rendered output.
import type { FilesystemBackup, NormalizedShard, Pool } from '../api/model.js';
import { PRUNE_PROTECTION } from './keys.js';
import { poolLabels } from './labels.js';
import { backupPvcName } from './names.js';
import { objectMeta, type KubernetesObject } from './object.js';

export function buildBackupPvc(shard: NormalizedShard, pool: Pool, backup: FilesystemBackup, cell: string, protect: boolean): KubernetesObject {
  const metadata = objectMeta(backupPvcName(shard, pool.name, cell), shard.namespace, poolLabels(shard, pool.name, cell));
  if (protect) metadata.annotations = new Map(PRUNE_PROTECTION);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata,
    spec: {
      accessModes: backup.accessModes,
      ...(backup.storageClassName ? { storageClassName: backup.storageClassName } : {}),
      resources: { requests: { storage: backup.size } },
    },
  };
}
