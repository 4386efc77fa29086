// Fuzzing with fast-check, seeded and reproducible: slightly broken Shards among unrelated
// items never make the function throw; planted Secret values never reach a result or stderr;
// every rendered backup PVC carries the prune protection. `npm run fuzz` runs many more cases.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runResourceList } from '../src/krm/run.js';
import { InputError } from '../src/text/parse.js';
import { formatResult } from '../src/cli/format.js';
import { resourceListText, shard, shardObject, unrelatedText } from './arbitraries.js';
import { readList } from './helpers.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

type Json = Record<string, unknown>;

/** Breaks a Shard a little: a field removed, retyped, renamed or set to a hostile value. */
const mutation = fc.record({
  path: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }),
  action: fc.constantFrom('delete', 'null', 'number', 'string', 'list', 'map', 'rename', 'bool', 'huge', 'proto'),
  text: fc.string({ maxLength: 8 }),
});

function mutate(value: Json, m: { path: number[]; action: string; text: string }): Json {
  const copy = structuredClone(value);
  let node: unknown = copy;
  for (const [depth, step] of m.path.entries()) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    const parent = node as Record<string, unknown>;
    if (depth === m.path.length - 1 || parent[key] === null || typeof parent[key] !== 'object') {
      switch (m.action) {
        case 'delete': delete parent[key]; break;
        case 'null': parent[key] = null; break;
        case 'number': parent[key] = 7; break;
        case 'string': parent[key] = m.text; break;
        case 'list': parent[key] = [m.text]; break;
        case 'map': parent[key] = { [m.text || 'x']: m.text }; break;
        case 'bool': parent[key] = true; break;
        case 'huge': parent[key] = 12345678901234567890n; break;
        case 'rename': parent[`${key}${m.text || 'x'}`] = parent[key]; delete parent[key]; break;
        case 'proto': Object.defineProperty(parent, '__proto__', { value: { polluted: m.text }, enumerable: true, configurable: true, writable: true }); break;
      }
      break;
    }
    node = parent[key];
  }
  return copy;
}

const brokenInput = fc
  .record({ shards: fc.array(fc.tuple(shard, fc.option(mutation, { nil: undefined })), { minLength: 1, maxLength: 3 }), unrelated: fc.array(unrelatedText, { maxLength: 3 }) })
  .map(({ shards, unrelated }) => {
    const docs = [...unrelated, ...shards.map(([s, m]) => stringify(m ? mutate(shardObject(s), m) : shardObject(s), { version: '1.1' }))];
    return { text: resourceListText(docs), unrelated };
  });

describe('fuzzing (property)', () => {
  it('never throws on slightly broken Shards; errors are results and exit 1', () => {
    fc.assert(
      fc.property(brokenInput, ({ text, unrelated }) => {
        let out;
        try {
          out = runResourceList(text);
        } catch (e) {
          // Only unreadable input may be refused, and then as one clear InputError.
          expect(e).toBeInstanceOf(InputError);
          return;
        }
        expect(out.exitCode).toBe(out.results.some((r) => r.severity === 'error') ? 1 : 0);
        for (const doc of unrelated) expect(out.stdout).toContain(resourceListText([doc]).split('items:\n')[1]!);
        const again = runResourceList(out.stdout);
        const items = (s: string) => s.slice(0, s.search(/^results:/m));
        expect(items(again.stdout)).toBe(items(out.stdout));
      }),
      { seed: 3, numRuns: NUM_RUNS },
    );
  });

  it('never puts a Secret value into a result or a stderr line', () => {
    const secretValue = fc.stringMatching(/^[A-Za-z0-9+/]{12,24}$/);
    fc.assert(
      fc.property(shard, secretValue, secretValue, secretValue, (s, keyId, secret, password) => {
        const object = shardObject(s);
        const pools = (object.spec as Json).pools as Record<string, Json>;
        const first = Object.values(pools)[0]!;
        first.backupConfig = { type: 's3', s3: { bucket: 'planted-bucket', region: 'us-east-1', accessKeyId: keyId, secretAccessKey: secret } };
        const docs = [
          stringify(object),
          stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'postgres-password', namespace: s.namespace }, stringData: { pasword: password } }),
          stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: s.namespace }, data: { AWS_ACCESS_KEY_ID: Buffer.from(keyId).toString('base64') } }),
        ];
        const out = runResourceList(resourceListText(docs));
        const said = JSON.stringify(readList(out.stdout).results) + out.results.map(formatResult).join('\n');
        for (const value of [keyId, secret, password, Buffer.from(keyId).toString('base64')]) expect(said).not.toContain(value);
        expect(out.exitCode).toBe(1);
      }),
      { seed: 4, numRuns: NUM_RUNS },
    );
  });

  it('puts prune protection on every rendered backup PVC unless turned off', () => {
    fc.assert(
      fc.property(fc.array(shard, { minLength: 1, maxLength: 3 }), fc.boolean(), (shards, protect) => {
        const config = `functionConfig:\n  apiVersion: fn.multigres.com/v1alpha1\n  kind: ExpandPoolBackups\n  metadata: {name: c}\n  spec: {protectBackupVolumes: ${protect}}\n`;
        const unique = shards.map((s, i) => ({ ...s, name: `${s.name}-${i}`, shardName: `${i}` }));
        const out = runResourceList(resourceListText(unique.map((s) => stringify(shardObject(s))), config));
        for (const pvc of readList(out.stdout).items.filter((i) => i.kind === 'PersistentVolumeClaim')) {
          const a = pvc.metadata.annotations;
          const protection = {
            'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
            'cli-utils.sigs.k8s.io/on-remove': 'keep',
            'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          };
          if (protect) expect(a).toMatchObject(protection);
          else for (const key of Object.keys(protection)) expect(a[key]).toBeUndefined();
        }
      }),
      { seed: 5, numRuns: Math.max(20, Math.floor(NUM_RUNS / 3)) },
    );
  });
});
