// Guarantees over generated input: determinism, idempotency, untouched passthrough, the
// s3/filesystem invariant, names within limits and unique.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runResourceList } from '../src/krm/run.js';
import { resourceListText, shard, shardObject, unrelatedText } from './arbitraries.js';
import { isGenerated, readList, validateKubernetes } from './helpers.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const input = fc
  .record({
    shards: fc.uniqueArray(shard, { minLength: 1, maxLength: 3, selector: (s) => `${s.namespace}/${s.name}` }),
    unrelated: fc.array(unrelatedText, { maxLength: 4 }),
    order: fc.array(fc.nat(), { maxLength: 8 }),
  })
  .map(({ shards, unrelated, order }) => {
    const docs = [...unrelated];
    for (const [i, s] of shards.entries()) {
      const at = (order[i] ?? 0) % (docs.length + 1);
      docs.splice(at, 0, stringify(shardObject(s), { version: '1.1', indentSeq: false }));
    }
    return { text: resourceListText(docs), shards, unrelated };
  });

const itemsPart = (s: string) => s.slice(0, s.search(/^results:/m));

describe('guarantees (property)', () => {
  it('is deterministic and idempotent, and copies unrelated items byte for byte', () => {
    fc.assert(
      fc.property(input, ({ text, unrelated }) => {
        const first = runResourceList(text);
        expect(runResourceList(text).stdout).toBe(first.stdout);
        const again = runResourceList(first.stdout);
        expect(itemsPart(again.stdout)).toBe(itemsPart(first.stdout));
        let from = 0;
        for (const doc of unrelated) {
          const entry = resourceListText([doc]).split('items:\n')[1]!;
          const at = first.stdout.indexOf(entry, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + entry.length;
        }
      }),
      { seed: 1, numRuns: NUM_RUNS },
    );
  });

  it('renders valid objects: the s3/filesystem invariant, unique names within limits', () => {
    fc.assert(
      fc.property(input, ({ text }) => {
        const out = runResourceList(text);
        const generated = readList(out.stdout).items.filter(isGenerated);
        const names = new Set<string>();
        const pvcs = new Set(generated.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name));
        for (const o of generated) {
          validateKubernetes(o);
          const key = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
          if (o.kind !== 'ConfigMap') expect(names.has(key)).toBe(false);
          names.add(key);
          const limit = o.kind === 'StatefulSet' ? 52 : o.kind === 'Deployment' ? 253 : 63;
          expect(o.metadata.name.length).toBeLessThanOrEqual(limit);
          if (o.kind !== 'StatefulSet') continue;
          const pod = o.spec.template.spec;
          const args: string[] = pod.containers[0].args;
          const filesystem = args.includes('--backup-type=filesystem');
          expect(filesystem || args.includes('--backup-type=s3')).toBe(true);
          const volume = pod.volumes.find((v: any) => v.name === 'backup-data');
          expect(Boolean(volume)).toBe(filesystem);
          for (const c of [...pod.containers, ...pod.initContainers]) {
            expect(c.volumeMounts.some((m: any) => m.mountPath === '/backups')).toBe(filesystem);
          }
          if (volume) expect(pvcs.has(volume.persistentVolumeClaim.claimName)).toBe(true);
        }
        const claimed = new Set(generated.filter((o) => o.kind === 'StatefulSet').flatMap((o) => o.spec.template.spec.volumes.filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName)));
        expect([...pvcs].every((p) => claimed.has(p))).toBe(true);
      }),
      { seed: 2, numRuns: NUM_RUNS },
    );
  });
});
