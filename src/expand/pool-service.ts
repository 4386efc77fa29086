// The headless Service of one pool in one cell. Pure.
import type { NormalizedShard, Pool } from '../api/model.js';
import { poolLabels, selectorLabels } from './labels.js';
import { poolServiceName } from './names.js';
import { objectMeta, type KubernetesObject } from './object.js';

const port = (name: string, number: number) => ({ name, protocol: 'TCP', port: number, targetPort: name });

export function buildPoolService(shard: NormalizedShard, pool: Pool, cell: string): KubernetesObject {
  const labels = poolLabels(shard, pool.name, cell);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(poolServiceName(shard, pool.name, cell), shard.namespace, labels),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: selectorLabels(labels),
      ports: [port('http', 15200), port('grpc', 15270), port('postgres', 5432)],
    },
  };
}
