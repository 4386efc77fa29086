// The headless Service of one pool in one cell. Pure.
import { objectMeta, type KubernetesObject } from './object.js';
import type { PoolCell } from './pool-cell.js';

const port = (name: string, number: number) => ({ name, protocol: 'TCP', port: number, targetPort: name });

export function buildPoolService(at: PoolCell): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(at.serviceName, at.shard.namespace, at.labels),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: at.selector,
      ports: [port('http', 15200), port('grpc', 15270), port('postgres', 5432)],
    },
  };
}
