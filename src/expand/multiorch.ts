// The MultiOrch Deployment and Service of a Shard in one cell (not pool objects, but a rendered
// Shard is not complete without them). Pure.
import type { NormalizedShard } from '../api/model.js';
import { containerPort, imageOf, otelEnv, otelSamplingMounts, otelSamplingVolumes, probes, pullSecretsOf } from './containers.js';
import { multiOrchLabels, multiOrchPodLabels, selectorLabels } from './labels.js';
import { objectMeta, type KubernetesObject } from './object.js';

/**
 * `name`: multiOrchDeploymentName(shard, cell). The Shard's MultiOrch pod labels go on the pods
 * only, under the operator's (never into the selector), its pod annotations and affinity on the
 * pods, as later operators render them.
 */
export function buildMultiOrchDeployment(shard: NormalizedShard, cell: string, name: string): KubernetesObject {
  const labels = multiOrchLabels(shard, cell);
  const { podAnnotations, affinity } = shard.multiorch;
  const volumes = otelSamplingVolumes(shard);
  const mounts = otelSamplingMounts(shard);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(name, shard.namespace, labels),
    spec: {
      replicas: shard.multiorch.replicas,
      selector: { matchLabels: selectorLabels(labels) },
      template: {
        metadata: { labels: multiOrchPodLabels(shard, labels), ...(podAnnotations.size > 0 ? { annotations: podAnnotations } : {}) },
        spec: {
          ...pullSecretsOf(shard),
          containers: [
            {
              name: 'multiorch',
              ...imageOf(shard, shard.images.multiorch),
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
              ...(shard.otel.length > 0 ? { env: otelEnv(shard) } : {}),
              ...(shard.multiorch.resources ? { resources: shard.multiorch.resources } : {}),
              ...probes(15300),
              ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
            },
          ],
          ...(volumes.length > 0 ? { volumes } : {}),
          ...(affinity ? { affinity } : {}),
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
