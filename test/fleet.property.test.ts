// Metamorphic guarantee: a Shard rendered alone and the same Shard rendered inside any fleet
// (other Shards before and after it, in any order, under the same functionConfig) gets the same
// objects and the same results of its own. Defaults, key-prefix templates and every credential
// mode are in the generated space; the fleet is generated without real conflicts between Shards
// (every Shard has its own database, so repositories and object names differ), so any difference
// is state leaking from one Shard to the next.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runResourceList } from '../src/krm/run.js';
import { resourceListText } from './arbitraries.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const bucket = fc.constantFrom('acme-backups', 'other-bucket');
const region = fc.constantFrom('us-east-1', 'eu-west-1');

/** A credential mode: one of the three, or none (the node's role). */
const credentials = fc.oneof(
  fc.constant({}),
  fc.record({ credentialsSecretName: fc.constantFrom('s3-creds', 'other-creds') }),
  fc.constant({ useEnvCredentials: true }),
  fc.record({ serviceAccountName: fc.constantFrom('backup-sa', 'irsa') }),
);

const defaults = fc.oneof(
  fc.constant(undefined),
  fc.record({ type: fc.constant('filesystem'), storage: fc.option(fc.record({ size: fc.constantFrom('20Gi', '50Gi') }), { nil: undefined }) }),
  fc.tuple(bucket, region, credentials).map(([b, r, c]) => ({ type: 's3', s3: { bucket: b, region: r, ...c } })),
);

const functionConfig = fc.record({
  defaults: fc.option(defaults, { nil: undefined }),
  // Each template holds {database}, which is different for every Shard of a fleet.
  template: fc.option(fc.constantFrom('{namespace}/{database}/{shard}', 'pg/{cluster}/{database}-{tablegroup}', '{database}'), { nil: undefined }),
  protectBackupVolumes: fc.option(fc.boolean(), { nil: undefined }),
});

/** A pool's backupConfig: absent (the default applies), filesystem, or s3 with any credential mode. */
const poolBackup = fc.oneof(
  fc.constant(undefined),
  fc.constant({ type: 'filesystem' }),
  fc.tuple(fc.option(bucket, { nil: undefined }), fc.option(region, { nil: undefined }), credentials, fc.boolean()).map(([b, r, c, prefix]) => ({
    type: 's3',
    s3: { ...(b ? { bucket: b } : {}), ...(r ? { region: r } : {}), ...c, ...(prefix ? { keyPrefix: 'KEY' } : {}) },
  })),
);

const shard = fc.record({
  name,
  namespace: fc.constantFrom('x', 'y'),
  cluster: fc.option(fc.constantFrom('c1', 'c2'), { nil: undefined }),
  pools: fc.uniqueArray(fc.tuple(fc.constantFrom('main', 'reports', 'ro'), fc.uniqueArray(fc.constantFrom('z1', 'z2', 'z3'), { minLength: 1, maxLength: 2 }), poolBackup), {
    minLength: 1,
    maxLength: 2,
    selector: ([p]) => p,
  }),
});

type ShardSpec = typeof shard extends fc.Arbitrary<infer T> ? T : never;

/**
 * A Shard's document. Without a key-prefix template, an S3 pool gets a keyPrefix of its own and a
 * pool that would take an S3 default without one backs up to a filesystem: two Shards at the root
 * of one bucket do conflict, and that is not what this property is about.
 */
function shardDoc(s: ShardSpec, database: string, templated = true, s3Default = false): string {
  const pools = Object.fromEntries(
    s.pools.map(([pool, cells, backup]) => {
      let own: Record<string, any> | undefined = backup;
      if (own && own.type === 's3' && ('keyPrefix' in own.s3 || !templated)) own = { ...own, s3: { ...own.s3, keyPrefix: `${database}/${pool}` } };
      if (!own && !templated && s3Default) own = { type: 'filesystem' };
      return [pool, { cells, ...(own ? { backupConfig: own } : {}) }];
    }),
  );
  const object = {
    apiVersion: 'multigres.com/v1alpha1',
    kind: 'Shard',
    metadata: { name: s.name, namespace: s.namespace, ...(s.cluster ? { labels: { 'multigres.com/cluster': s.cluster } } : {}) },
    spec: {
      databaseName: database,
      tableGroupName: 'tg',
      shardName: '0',
      images: { postgres: 'ghcr.io/multigres/pgctld:v1', multipooler: 'ghcr.io/multigres/multigres:v1', multiorch: 'ghcr.io/multigres/multigres:v1' },
      globalTopoServer: { address: 'topo:2379', rootPath: '/multigres/global', implementation: 'etcd' },
      multiorch: {},
      pools,
    },
  };
  return stringify(object, { version: '1.2', indentSeq: false });
}

function configText(c: { defaults?: unknown; template?: string; protectBackupVolumes?: boolean }): string {
  const spec: Record<string, unknown> = {};
  if (c.defaults) spec.defaults = { backupConfig: c.defaults };
  if (c.template) spec.s3 = { keyPrefixTemplate: c.template };
  if (c.protectBackupVolumes !== undefined) spec.protectBackupVolumes = c.protectBackupVolumes;
  const body = stringify({ apiVersion: 'fn.multigres.com/v1alpha1', kind: 'ExpandPoolBackups', metadata: { name: 'backups' }, spec }, { version: '1.2', indentSeq: false });
  return `functionConfig:\n${body.replace(/^(?=.)/gm, '  ')}`;
}

/** What a run gives the Shard `ns/name`: its rendered objects and its own results. */
function own(text: string, ns: string, shardName: string) {
  const out = runResourceList(text);
  const list = parse(out.stdout, { version: '1.2', uniqueKeys: false }) as { items: Array<Record<string, any>> };
  const marker = `${ns}/${shardName}`;
  const objects = list.items.filter((o) => o?.metadata?.annotations?.['fn.multigres.com/rendered-from'] === marker);
  const results = out.results.filter((r) => r.resourceRef?.kind === 'Shard' && r.resourceRef.name === shardName && r.resourceRef.namespace === ns);
  return { objects, results };
}

const fleet = fc
  .record({
    config: functionConfig,
    target: shard,
    others: fc.array(shard, { maxLength: 4 }),
    position: fc.nat(),
  })
  .map(({ config, target, others, position }) => {
    const seen = new Set([`${target.namespace}/${target.name}`]);
    const rest = others.filter((o) => !seen.has(`${o.namespace}/${o.name}`) && seen.add(`${o.namespace}/${o.name}`));
    const at = position % (rest.length + 1);
    const templated = config.template !== undefined;
    const s3Default = config.defaults?.type === 's3';
    const docs = rest.map((o, i) => shardDoc(o, `db${i + 1}`, templated, s3Default));
    const mine = shardDoc(target, 'db0', templated, s3Default);
    docs.splice(at, 0, mine);
    return { config, target, alone: resourceListText([mine], configText(config)), inFleet: resourceListText(docs, configText(config)) };
  });

describe('a Shard alone and in a fleet (property)', () => {
  it('gets the same objects and the same own results wherever it stands among other Shards', () => {
    fc.assert(
      fc.property(fleet, ({ target, alone, inFleet }) => {
        const a = own(alone, target.namespace, target.name);
        const b = own(inFleet, target.namespace, target.name);
        expect(b.results).toEqual(a.results);
        expect(b.objects).toEqual(a.objects);
      }),
      { seed: 14, numRuns: NUM_RUNS },
    );
  });

  it('gives two Shards of one namespace their own key prefixes from defaults and a template (the fleet the README recommends)', () => {
    const config = configText({ defaults: { type: 's3', s3: { bucket: 'bkt', region: 'us-east-1', credentialsSecretName: 'c' } }, template: '{namespace}/{shard}' });
    const two = (n: string, shardName: string) =>
      shardDoc({ name: n, namespace: 'x', cluster: undefined, pools: [['main', ['z1'], undefined]] }, `db-${n}`).replace("shardName: \"0\"", `shardName: "${shardName}"`);
    const out = runResourceList(resourceListText([two('a', '0'), two('b', '1')], config));
    expect(out.exitCode, JSON.stringify(out.results.filter((r) => r.severity === 'error'))).toBe(0);
    const prefixes = out.stdout.match(/--backup-key-prefix=\S+/g) ?? [];
    expect(new Set(prefixes)).toEqual(new Set(['--backup-key-prefix=x/0', '--backup-key-prefix=x/1']));
  });
});
