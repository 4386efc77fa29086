import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../api/model.js';
import { parseShard } from '../api/parse-shard.js';
import { minimalShard, validateKubernetes } from '../../test/helpers.js';
import { toPlainData } from './object.js';
import { poolCell } from './pool-cell.js';
import { buildPoolStatefulSet } from './pool-statefulset.js';

type Obj = Record<string, any>;

const render = (edit: (s: Obj) => void = () => {}): Obj => {
  const raw: Obj = minimalShard();
  edit(raw);
  const { shard, issues } = parseShard(raw, Object.keys(raw.spec.pools), DEFAULT_CONFIG);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const statefulSet = toPlainData(buildPoolStatefulSet(poolCell(shard!, shard!.pools[0]!, 'z1'))) as Obj;
  validateKubernetes(statefulSet);
  return statefulSet;
};

const containers = (sts: Obj): Obj[] => [...sts.spec.template.spec.initContainers, ...sts.spec.template.spec.containers];

describe('buildPoolStatefulSet', () => {
  it('renders no pull settings when the Shard sets none (as the operator at 02495e95)', () => {
    const sts = render();
    expect(sts.spec.template.spec).not.toHaveProperty('imagePullSecrets');
    for (const c of containers(sts)) expect(c).not.toHaveProperty('imagePullPolicy');
  });

  it('puts the pull Secrets on the pod and the pull policy on both containers, next to the image', () => {
    const sts = render((s) => {
      s.spec.images.imagePullPolicy = 'IfNotPresent';
      s.spec.images.imagePullSecrets = [{ name: 'regcred' }];
    });
    expect(sts.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    for (const c of containers(sts)) {
      expect(c.imagePullPolicy).toBe('IfNotPresent');
      expect(Object.keys(c).indexOf('imagePullPolicy')).toBe(Object.keys(c).indexOf('image') + 1);
    }
  });

  it('never puts the MultiOrch pod labels or annotations on pool pods', () => {
    const plain = render();
    const sts = render((s) => {
      s.spec.multiorch.podLabels = { team: 'orch' };
      s.spec.multiorch.podAnnotations = { 'example.com/owner': 'db' };
    });
    expect(sts).toEqual(plain);
  });

  it('mounts the custom sampler file in both containers and names it in their environment', () => {
    const sts = render((s) => {
      s.spec.observability = { otlpEndpoint: 'http://collector:4317', tracesSampler: 'multigres_custom', samplingConfigRef: { name: 'sampler' } };
    });
    expect(sts.spec.template.spec.volumes.at(-1)).toEqual({ name: 'otel-sampling-config', configMap: { name: 'sampler' } });
    for (const c of containers(sts)) {
      expect(c.volumeMounts.at(-1)).toEqual({ name: 'otel-sampling-config', mountPath: '/etc/otel', readOnly: true });
      expect(c.env.at(-1)).toEqual({ name: 'OTEL_TRACES_SAMPLER_CONFIG', value: '/etc/otel/sampling-config.yaml' });
    }
  });
});
