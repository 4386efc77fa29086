// The hostile input corpus: each case is an input (bytes) the function must survive with either
// a correct render or a clear error (a result, or one stderr line) and exit 1. Expected outputs
// live in testdata/hostile/<case>/expected.txt.
const header = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const list = (items: string) => `${header}items:\n${items}`;

const shardBody = (spec = '', extraMeta = '', pools = '    main:\n      cells: [z1]\n') => `- apiVersion: multigres.com/v1alpha1
  kind: Shard
  metadata:
    name: s
    namespace: db
    labels: {multigres.com/cluster: c}${extraMeta}
  spec:
    databaseName: app
    tableGroupName: tg
    shardName: "0"
    images: {postgres: "pgctld:v1", multipooler: "m:v1", multiorch: "m:v1"}
    globalTopoServer: {address: "topo:2379", rootPath: /g, implementation: etcd}
    multiorch: {}${spec}
    pools:
${pools.replace(/^/gm, '  ').replace(/ +$/, '')}`;

const configMap = (name = 'cm', data = '    a: "1"\n') => `- # kept as written
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: ${name}
  data:
${data}`;

const nested = (depth: number, indent: string) => {
  let out = '';
  for (let i = 0; i < depth; i++) out += `${indent}${'  '.repeat(i)}l${i}:\n`;
  return `${out}${indent}${'  '.repeat(depth)}leaf: x\n`;
};

const laughs = () => {
  let out = '      a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 10; i++) out += `      a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  return out;
};

export const HOSTILE: Record<string, () => string | Buffer> = {
  'empty-stdin': () => '',
  'whitespace-only': () => ' \n\n\t\n  ',
  'comments-only': () => '# nothing here\n# at all\n',
  'bare-object': () => 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lonely # a comment\ndata: {a: b}\n',
  'multi-document-stream': () => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n${shardBody().replace(/^- /, '').replace(/^  /gm, '')}`,
  'json-resource-list': () => JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' }, data: { on: 'yes' } }] }),
  'resource-list-v1beta1': () => list(configMap()).replace('config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'),
  'resource-list-wrong-api-version': () => list(configMap()).replace('config.kubernetes.io/v1', 'config.kubernetes.io/v2'),
  'items-missing': () => `${header}functionConfig: {}\n`,
  'items-null': () => `${header}items:\n`,
  'items-scalar': () => `${header}items: 3\n`,
  'items-mapping': () => `${header}items: {a: 1}\n`,
  'item-scalar': () => list(`${configMap()}- just a string\n`),
  'item-list': () => list(`- [1, 2]\n`),
  'item-null': () => list(`-\n${configMap()}`),
  'not-yaml': () => 'items: [{{{\n',
  'invalid-utf8': () => Buffer.concat([Buffer.from(list(configMap('bad', '    a: "'))), Buffer.from([0xff, 0xfe, 0x22, 0x0a])]),
  'byte-order-mark': () => `\ufeff${list(`${configMap()}${shardBody()}`)}`,
  'tab-indentation': () => list(configMap()).replace('  kind: ConfigMap', '\tkind: ConfigMap'),
  'tabs-in-values': () => list(`${configMap('tabs', '    a: "x\\ty"\n    b: |\n      col1\tcol2\n')}${shardBody()}`),
  'windows-line-endings': () => list(`${configMap()}${shardBody()}`).replace(/\n/g, '\r\n'),
  'document-end-marker': () => `${list(configMap())}...\n`,
  'duplicate-keys-in-unrelated-item': () => list(configMap('dup', '    a: "1"\n    a: "2"\n')),
  'duplicate-keys-in-shard': () => list(shardBody('\n    databaseName: again')),
  'duplicate-top-level-items': () => `${list(configMap())}items: []\n`,
  'billion-laughs-in-shard': () => list(shardBody('', '', `    main:\n      cells: [z1]\n      affinity:\n${laughs()}`)),
  'billion-laughs-in-function-config': () => `${list(configMap())}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: cfg}\n  data:\n${laughs().replace(/^ {6}/gm, '    ')}`,
  'billion-laughs-in-unrelated-item': () => list(`${configMap('lol', laughs().replace(/^ {6}/gm, '    '))}`),
  'merge-keys-in-shard': () => list(shardBody('', '', '    main0: &base\n      cells: [z0]\n      replicasPerCell: 2\n    main:\n      <<: *base\n      cells: [z1]\n')),
  'merge-key-from-null': () => list(shardBody('', '', '    main0: &base\n    main:\n      <<: *base\n      cells: [z1]\n')),
  'anchor-across-items': () => list(`${configMap('anchors', '    cells: &cells [z1, z2]\n')}${shardBody('', '', '    main:\n      cells: *cells\n')}`),
  'nesting-100-levels-in-shard': () => list(shardBody('', '', `    main:\n      cells: [z1]\n      affinity:\n${nested(100, '        ')}`)),
  'nesting-100-levels-in-unrelated-item': () => list(configMap('deep', nested(100, '    '))),
  'flow-nesting-100000-levels-in-shard': () => list(shardBody('', '', `    main:\n      cells: [z1]\n      affinity: ${'['.repeat(100000)}${']'.repeat(100000)}\n`)),
  'input-50-mb': () => list(configMap('big', `    blob: "${'x'.repeat(50 * 1024 * 1024)}"\n`)),
  'input-over-the-limit': () => list(configMap('huge', `    blob: "${'x'.repeat(65 * 1024 * 1024)}"\n`)),
  'proto-keys-in-shard': () => list(shardBody('\n    __proto__: {polluted: true}', '\n    annotations: {__proto__: x}', '    __proto__:\n      cells: [z1]\n    main:\n      cells: [z1]\n      __proto__: {replicasPerCell: 3}\n')),
  'constructor-keys-in-shard': () => list(shardBody('', '', '    constructor:\n      cells: [z1]\n      prototype: 1\n')),
  'proto-label-key': () => list(shardBody().replace('labels: {multigres.com/cluster: c}', 'labels: {multigres.com/cluster: c, __proto__: x}')),
  'numbers-beyond-2-53': () => list(`${configMap('big', '    n: 12345678901234567890\n')}${shardBody('', '', '    main:\n      cells: [z1]\n      replicasPerCell: 12345678901234567890\n')}`),
  'yaml11-booleans-as-values': () => list(shardBody().replace('shardName: "0"', 'shardName: yes').replace('databaseName: app', 'databaseName: on')),
  'yaml11-booleans-as-keys': () => list(shardBody('', '', '    main:\n      cells: [z1]\n      y: 1\n      on: true\n')),
  'yaml11-booleans-in-unrelated-item': () => list(`${configMap('bools', '    a: yes\n    b: off\n    on: "on"\n    n: 0777\n')}${shardBody()}`),
  'function-config-wrong-kind': () => `${list(shardBody())}functionConfig:\n  apiVersion: v1\n  kind: Secret\n  metadata: {name: oops}\n`,
  'function-config-scalar': () => `${list(shardBody())}functionConfig: hello\n`,
  'shard-other-api-version': () => list(shardBody().replace('multigres.com/v1alpha1', 'multigres.com/v1beta1')),
  'shard-spec-null': () => list(`- apiVersion: multigres.com/v1alpha1\n  kind: Shard\n  metadata: {name: s, namespace: db}\n  spec:\n`),
  'shard-wrong-types-everywhere': () =>
    list(`- apiVersion: multigres.com/v1alpha1\n  kind: Shard\n  metadata: {name: [s], namespace: 3, labels: [a]}\n  spec:\n    databaseName: 7\n    tableGroupName: {}\n    shardName: [0]\n    images: "all"\n    globalTopoServer: []\n    multiorch: 1\n    pools: [main]\n`),
  'backup-config-wrong-types-everywhere': () =>
    list(
      shardBody(
        '',
        '',
        '    a:\n      cells: [z1]\n      backupConfig: s3\n    b:\n      cells: [z1]\n      backupConfig: {type: s3, s3: [bucket]}\n    c:\n      cells: [z1]\n      backupConfig: {type: s3, s3: {bucket: 5, region: [us], useEnvCredentials: "yes", endpoint: {}}}\n    d:\n      cells: [z1]\n      backupConfig: {type: filesystem, storage: {size: 10, class: 3, accessModes: ReadWriteOnce}}\n    e:\n      cells: z1\n      replicasPerCell: "2"\n      storage: []\n',
      ),
    ),
  'nul-byte-in-shard': () => list(shardBody().replace('databaseName: app', 'databaseName: "a\u0000pp"')),
  'control-characters-in-unrelated-item': () => list(configMap('ctl', '    a: "bell\\a and escape\\e"\n')),
};
