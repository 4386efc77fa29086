// fast-check generators for Shards and the unrelated items around them.
import fc from 'fast-check';
import { stringify } from 'yaml';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const cell = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/);

const backupConfig = fc.oneof(
  fc.constant(undefined),
  fc.record({
    type: fc.constant('filesystem'),
    storage: fc.option(fc.record({ size: fc.constantFrom('10Gi', '1.5Ti', '500Mi'), accessModes: fc.constantFrom(['ReadWriteOnce'], ['ReadWriteMany']) }), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('s3'),
    s3: fc.record({
      bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}[a-z0-9]$/),
      region: fc.constantFrom('us-east-1', 'eu-west-1'),
      keyPrefix: fc.option(fc.stringMatching(/^[a-z0-9/-]{1,20}$/).filter((p) => !p.startsWith('/')), { nil: undefined }),
      credentialsSecretName: fc.option(name, { nil: undefined }),
    }),
  }),
);

export const pool = fc.record({
  cells: fc.uniqueArray(cell, { minLength: 1, maxLength: 3 }),
  replicasPerCell: fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }),
  storage: fc.option(fc.record({ size: fc.constantFrom('20Gi', '100Gi'), class: fc.constantFrom('gp3', 'io2') }), { nil: undefined }),
  backupConfig,
});

export const shard = fc.record({
  name,
  namespace: fc.constantFrom('db', 'prod', 'team-a'),
  cluster: fc.option(name, { nil: undefined }),
  databaseName: name,
  tableGroupName: name,
  shardName: fc.constantFrom<string>("0", "0-inf", "80-", "x"),
  pools: fc.dictionary(fc.oneof(name, fc.constantFrom('0', '1', 'readOnly')), pool, { minKeys: 1, maxKeys: 3 }),
});

export type ShardSpec = typeof shard extends fc.Arbitrary<infer T> ? T : never;

export function shardObject(s: ShardSpec): Record<string, unknown> {
  const pools: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.pools)) {
    pools[k] = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
  }
  return {
    apiVersion: 'multigres.com/v1alpha1',
    kind: 'Shard',
    metadata: { name: s.name, namespace: s.namespace, ...(s.cluster ? { labels: { 'multigres.com/cluster': s.cluster } } : {}) },
    spec: {
      databaseName: s.databaseName,
      tableGroupName: s.tableGroupName,
      shardName: s.shardName,
      images: { postgres: 'ghcr.io/multigres/pgctld:v1', multipooler: 'ghcr.io/multigres/multigres:v1', multiorch: 'ghcr.io/multigres/multigres:v1' },
      globalTopoServer: { address: 'topo:2379', rootPath: '/multigres/global', implementation: 'etcd' },
      multiorch: {},
      pools,
    },
  };
}

/** An unrelated item in block YAML with comments, quoting and block scalars, as text. */
export const unrelatedText = fc
  .record({
    name,
    comment: fc.stringMatching(/^[ -~]{0,30}$/),
    data: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('yes', '0755', 'multi\nline\n', 'Shard')), { maxKeys: 4 }),
    quoted: fc.boolean(),
  })
  .map(({ name: n, comment, data, quoted }) => {
    const body = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n }, data }, { version: '1.1', indentSeq: false });
    const line = `name: ${quoted ? `"${n}"` : n} # ${comment}`.trimEnd();
    const text = body.replace(`name: ${n}`, () => line);
    return `# unrelated ${n}\n${text}`;
  });

/** Items (as document texts) in a kpt-style ResourceList with compact entries. */
export function resourceListText(docs: string[], functionConfig?: string): string {
  const entries = docs.map((d) => {
    const lines = d.replace(/\n$/, '').split('\n');
    // kpt writes an item's leading comment right after the dash.
    return `${lines.map((l, i) => (i === 0 ? `- ${l}` : l === '' ? '' : `  ${l}`)).join('\n')}\n`;
  });
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entries.join('')}${functionConfig ?? ''}`;
}
