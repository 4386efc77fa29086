// MultiOrch pod labels never reach a selector and never override the operator (property): for any
// podLabels, drawn from the operator's own keys, the Shard's label keys and keys of the user's, a
// Shard either fails with an error at spec.multiorch.podLabels.<key> for each colliding key, or
// renders objects whose selectors, object labels and pool pods are those of the same Shard without
// podLabels, and whose MultiOrch pods carry every pod label beside the operator's, unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandPoolBackups } from '../src/index.js';
import { OPERATOR_LABEL_KEYS } from '../src/api/operator-labels.js';
import { minimalShard, validateKubernetes } from './helpers.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

type Obj = Record<string, any>;

const SHARD_LABELS: Record<string, string> = { 'multigres.com/cluster': 'c', team: 'data', 'example.com/cost-center': '42' };

const key = fc.oneof(fc.constantFrom(...OPERATOR_LABEL_KEYS), fc.constantFrom(...Object.keys(SHARD_LABELS)), fc.constantFrom('tier', 'example.com/tier', 'sidecar.istio.io/inject', 'app'));
const value = fc.oneof(fc.constantFrom('data', '42', 'c', 'multiorch', 'z1'), fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/));
const podLabels = fc.dictionary(key, value, { maxKeys: 6 });

const render = (labels: Record<string, string> | undefined) => {
  const shard: Obj = minimalShard();
  shard.metadata.labels = { ...SHARD_LABELS };
  shard.spec.multiorch = { cells: ['z1', 'z2'], ...(labels ? { podLabels: labels } : {}) };
  shard.spec.pools = { main: { cells: ['z1', 'z2'] } };
  return expandPoolBackups([shard]);
};

const generated = (out: ReturnType<typeof render>): Obj[] => (out.items as Obj[]).filter((o) => typeof o.metadata?.annotations?.['fn.multigres.com/rendered-from'] === 'string');
const withoutPodTemplateLabels = (o: Obj): Obj => {
  const copy = structuredClone(o);
  if (copy.kind === 'Deployment') delete copy.spec.template.metadata.labels;
  return copy;
};

describe('MultiOrch pod labels (property)', () => {
  const plain = generated(render(undefined));

  it('collide with an error at their key, or reach the MultiOrch pods only, beside the operator labels', () => {
    fc.assert(
      fc.property(podLabels, (labels) => {
        const out = render(labels);
        const colliding = Object.keys(labels).filter((k) => OPERATOR_LABEL_KEYS.has(k) || (k in SHARD_LABELS && SHARD_LABELS[k] !== labels[k]));
        const errors = out.results.filter((r) => r.severity === 'error').map((r) => r.field?.path);
        const expected = colliding.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `spec.multiorch.podLabels.${k}` : `spec.multiorch.podLabels["${k}"]`));
        expect(errors.sort()).toEqual(expected.sort());
        if (colliding.length > 0) {
          expect(generated(out)).toEqual([]);
          return;
        }
        const objects = generated(out);
        expect(objects.map(withoutPodTemplateLabels)).toEqual(plain.map(withoutPodTemplateLabels));
        for (const [i, o] of objects.entries()) {
          validateKubernetes(o);
          if (o.kind !== 'Deployment') continue;
          const operator = plain[i]!.spec.template.metadata.labels as Record<string, string>;
          expect(o.spec.template.metadata.labels).toEqual({ ...labels, ...operator });
          expect(o.spec.selector).toEqual(plain[i]!.spec.selector);
        }
      }),
      { seed: 20, numRuns: NUM_RUNS },
    );
  });
});
