// The backup PVC of one filesystem pool in one cell. Pure.
// It holds the only copy of the backups, so unless told otherwise it carries annotations that
// stop Argo CD, kpt live and Flux from deleting it when it leaves the rendered output.
import type { FilesystemBackup } from '../api/model.js';
import { PRUNE_PROTECTION } from './keys.js';
import { objectMeta, type KubernetesObject } from './object.js';
import type { PoolCell } from './pool-cell.js';

export function buildBackupPvc(at: PoolCell, backup: FilesystemBackup, protect: boolean): KubernetesObject {
  const metadata = objectMeta(at.backupPvcName, at.shard.namespace, at.labels);
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
