import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../api/model.js';
import { parseShard } from '../api/parse-shard.js';
import { minimalShard, validateKubernetes } from '../../test/helpers.js';
import { buildMultiOrchDeployment, buildMultiOrchService } from './multiorch.js';
import { toPlainData } from './object.js';

type Obj = Record<string, any>;

const render = (edit: (s: Obj) => void = () => {}): { deployment: Obj; service: Obj } => {
  const raw: Obj = minimalShard();
  edit(raw);
  const { shard, issues } = parseShard(raw, Object.keys(raw.spec.pools), DEFAULT_CONFIG);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const deployment = toPlainData(buildMultiOrchDeployment(shard!, 'z1', 'orch')) as Obj;
  const service = toPlainData(buildMultiOrchService(shard!, 'z1', 'orch')) as Obj;
  validateKubernetes(deployment);
  validateKubernetes(service);
  return { deployment, service };
};

describe('buildMultiOrchDeployment', () => {
  it('renders no pull settings, pod annotations or affinity when the Shard sets none (as the operator at 02495e95)', () => {
    const { deployment } = render();
    const pod = deployment.spec.template;
    expect(pod.metadata).toEqual({ labels: deployment.metadata.labels });
    expect(Object.keys(pod.spec)).toEqual(['containers']);
    expect(pod.spec.containers[0]).not.toHaveProperty('imagePullPolicy');
  });

  it('puts the pull Secrets on the pod and the pull policy on the container', () => {
    const { deployment } = render((s) => {
      s.spec.images.imagePullPolicy = 'Always';
      s.spec.images.imagePullSecrets = [{ name: 'regcred' }, { name: 'mirror' }];
    });
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror' }]);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'multiorch', image: 'm:v1', imagePullPolicy: 'Always' });
  });

  it('adds the pod labels to the pods only: the selector, the Deployment and the Service keep the operator labels', () => {
    const plain = render();
    const { deployment, service } = render((s) => {
      s.spec.multiorch.podLabels = { team: 'data', 'example.com/tier': 'orchestration' };
    });
    expect(deployment.spec.template.metadata.labels).toEqual({ ...plain.deployment.spec.template.metadata.labels, team: 'data', 'example.com/tier': 'orchestration' });
    expect(Object.keys(deployment.spec.template.metadata.labels)).toEqual(Object.keys(deployment.spec.template.metadata.labels).sort());
    expect(deployment.spec.selector).toEqual(plain.deployment.spec.selector);
    expect(deployment.metadata.labels).toEqual(plain.deployment.metadata.labels);
    expect(service).toEqual(plain.service);
  });

  it('puts the pod annotations and affinity on the pods, without the Prometheus scrape annotations', () => {
    const affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } };
    const { deployment } = render((s) => {
      s.spec.multiorch.podAnnotations = { 'sidecar.istio.io/inject': 'false', 'prometheus.io/scrape': 'true', 'example.com/owner': 'db' };
      s.spec.multiorch.affinity = affinity;
    });
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'example.com/owner': 'db', 'sidecar.istio.io/inject': 'false' });
    expect(deployment.spec.template.spec.affinity).toEqual(affinity);
  });

  it('mounts the custom sampler file and names it in OTEL_TRACES_SAMPLER_CONFIG', () => {
    const { deployment } = render((s) => {
      s.spec.observability = { otlpEndpoint: 'http://collector:4317', tracesSampler: 'multigres_custom', samplingConfigRef: { name: 'sampler', key: 'sampling.yaml' } };
    });
    const spec = deployment.spec.template.spec;
    expect(spec.volumes).toEqual([{ name: 'otel-sampling-config', configMap: { name: 'sampler' } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'otel-sampling-config', mountPath: '/etc/otel', readOnly: true }]);
    expect(spec.containers[0].env.at(-1)).toEqual({ name: 'OTEL_TRACES_SAMPLER_CONFIG', value: '/etc/otel/sampling.yaml' });
  });
});
