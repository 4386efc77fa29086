// A validated Shard in, its objects out, in a stated order: MultiOrch Deployment and Service per
// MultiOrch cell, then per pool (as written) per cell (as listed): [backup PVC], StatefulSet,
// headless Service. The namespace's pg-hba ConfigMap comes separately. Pure and deterministic.
import type { Config, NormalizedShard } from '../api/model.js';
import { buildBackupPvc } from './backup-pvc.js';
import { ANNOTATION } from './keys.js';
import { buildMultiOrchDeployment, buildMultiOrchService } from './multiorch.js';
import { multiOrchDeploymentName, multiOrchServiceName } from './names.js';
import { sortedMap, type KubernetesObject } from './object.js';
import { buildPgHbaConfigMap } from './pg-hba-configmap.js';
import { buildPoolService } from './pool-service.js';
import { buildPoolStatefulSet } from './pool-statefulset.js';
import { poolCell } from './pool-cell.js';

/**
 * Every kind of object the function renders (the pg-hba ConfigMap included): an input item of
 * another kind is never its earlier output, whatever annotations it carries.
 */
export const RENDERED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'Service', 'StatefulSet', 'PersistentVolumeClaim', 'ConfigMap']);

/** The value of the ownership marker on the objects rendered from a Shard. */
export const shardMarker = (shard: { namespace?: string; name: string }): string => `${shard.namespace ?? ''}/${shard.name}`;

/** Sets the ownership marker, and any `more` annotations, keeping annotations sorted. */
const mark = (object: KubernetesObject, marker: string, more: ReadonlyArray<readonly [string, string]> = []): KubernetesObject => {
  object.metadata.annotations = sortedMap(object.metadata.annotations, [[ANNOTATION.renderedFrom, marker], ...more]);
  return object;
};

/**
 * One object a Shard renders: what identifies it, known as soon as the Shard is read, and the
 * object itself, built when it is needed. Building late keeps a big render's objects short-lived.
 */
export interface LazyObject {
  kind: string;
  namespace?: string;
  name: string;
  /**
   * A name for the object's layout: objects with the same shape have mostly the same keys (a hint
   * for the writer, which reuses the text they share).
   */
  shape: string;
  /** A new copy of the object on each call, with `annotations` added to its own. */
  build(annotations?: ReadonlyArray<readonly [string, string]>): KubernetesObject;
}

/** The namespace's pg-hba ConfigMap, rendered once per namespace from its first valid Shard. */
export const expandNamespace = (shard: NormalizedShard): KubernetesObject => mark(buildPgHbaConfigMap(shard), shard.namespace ?? '');

/** The Shard's own objects (without the namespace ConfigMap), each built when it is needed. */
export function shardObjects(shard: NormalizedShard, config: Config): LazyObject[] {
  const marker = shardMarker(shard);
  const objects: LazyObject[] = [];
  const add = (kind: string, name: string, shape: string, build: () => KubernetesObject) => {
    objects.push({
      kind,
      ...(shard.namespace !== undefined ? { namespace: shard.namespace } : {}),
      name,
      shape,
      build: (annotations) => {
        const object = build();
        if (object.kind !== kind || object.metadata.name !== name) throw new Error(`internal error: announced ${kind} ${name}, built ${object.kind} ${object.metadata.name}`);
        return mark(object, marker, annotations);
      },
    });
  };
  for (const cell of shard.multiorch.cells) {
    const deployment = multiOrchDeploymentName(shard, cell);
    const service = multiOrchServiceName(shard, cell);
    add('Deployment', deployment, 'multiorch', () => buildMultiOrchDeployment(shard, cell, deployment));
    add('Service', service, 'multiorch', () => buildMultiOrchService(shard, cell, service));
  }
  for (const pool of shard.pools) {
    // Pools with the same backup wiring render StatefulSets of the same shape.
    const backup = pool.backup.type === 's3' ? `s3 ${pool.backup.credentials.mode}` : pool.backup.type;
    for (const cell of pool.cells) {
      const at = poolCell(shard, pool, cell);
      const fs = pool.backup.type === 'filesystem' ? pool.backup : undefined;
      if (fs) add('PersistentVolumeClaim', at.backupPvcName, 'backup', () => buildBackupPvc(at, fs, config.protectBackupVolumes));
      add('StatefulSet', at.statefulSetName, `pool ${backup}`, () => buildPoolStatefulSet(at));
      add('Service', at.serviceName, 'pool', () => buildPoolService(at));
    }
  }
  return objects;
}

/** The Shard's own objects (without the namespace ConfigMap). */
export const expandShard = (shard: NormalizedShard, config: Config): KubernetesObject[] => shardObjects(shard, config).map((o) => o.build());
