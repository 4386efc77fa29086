// The MultiOrch Deployment and Service of a Shard in one cell (not pool objects, but a rendered
// Shard is not complete without them). Pure.
import type { NormalizedShard } from '../api/model.js';
import { containerPort, probes } from './containers.js';
import { multiOrchLabels, selectorLabels } from './labels.js';
import { objectMeta, type KubernetesObject } from './object.js';

/** `name`: multiOrchDeploymentName(shard, cell). */
export function buildMultiOrchDeployment(shard: NormalizedShard, cell: string, name: string): KubernetesObject {
  const labels = multiOrchLabels(shard, cell);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(name, shard.namespace, labels),
    spec: {
      replicas: shard.multiorch.replicas,
      selector: { matchLabels: selectorLabels(labels) },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'multiorch',
              image: shard.images.multiorch,
              args: [
                'multiorch',
                '--http-port=15300',
                '--grpc-port=15370',
                `--topo-global-server-addresses=${shard.globalTopoServer.address}`,
                `--topo-global-root=${shard.globalTopoServer.rootPath}`,
                `--cell=${cell}`,
                '--watch-targets=postgres',
                '--cluster-metadata-refresh-interval=500ms',
                '--pooler-health-check-interval=500ms',
                '--recovery-cycle-interval=500ms',
              ],
              ports: [containerPort('http', 15300), containerPort('grpc', 15370)],
              ...(shard.otel.length > 0 ? { env: shard.otel } : {}),
              ...(shard.multiorch.resources ? { resources: shard.multiorch.resources } : {}),
              ...probes(15300),
            },
          ],
        },
      },
    },
  };
}

/** `name`: multiOrchServiceName(shard, cell). */
export function buildMultiOrchService(shard: NormalizedShard, cell: string, name: string): KubernetesObject {
  const labels = multiOrchLabels(shard, cell);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(name, shard.namespace, labels),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(labels),
      ports: [
        { name: 'http', protocol: 'TCP', port: 15300, targetPort: 'http' },
        { name: 'grpc', protocol: 'TCP', port: 15370, targetPort: 'grpc' },
      ],
    },
  };
}
