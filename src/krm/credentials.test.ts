import { describe, expect, it } from 'vitest';
import { emitDocument } from '../text/emit.js';
import { readInput } from '../text/read.js';
import { minimalShard } from '../../test/helpers.js';
import { processItems } from './process.js';

/** A Shard whose pool backs up to S3 with the credentials Secret `pgbackrest-s3`. */
function shard() {
  const s = minimalShard();
  s.spec.pools = { main: { cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: 'acme-backups', region: 'eu-west-1', credentialsSecretName: 'pgbackrest-s3' } } } };
  return emitDocument(s);
}

/** The messages of a run on a stream of documents, read from bytes as stdin is. */
const messages = (...documents: string[]) => {
  const input = readInput(Buffer.from(documents.map((d) => `---\n${d}`).join('')));
  return processItems(input.items, undefined, { annotatePaths: true }).results.map((r) => r.message);
};

const SECRET_WITHOUT_KEYS = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pgbackrest-s3\n  namespace: db\ndata:\n  other: eA==\n';

describe('Secrets and ServiceAccounts, read when a Shard looks them up', () => {
  it('finds the Secret a Shard names, however its name is written', () => {
    const missingKeys = /Secret pgbackrest-s3 has no AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY key/;
    expect(messages(shard(), SECRET_WITHOUT_KEYS).some((m) => missingKeys.test(m))).toBe(true);
    // Spelled with an escape, so the name's text is not in the item: still read (it has a backslash).
    const escaped = SECRET_WITHOUT_KEYS.replace('name: pgbackrest-s3', 'name: "pgbackrest\\x2ds3"');
    expect(messages(shard(), escaped).some((m) => missingKeys.test(m))).toBe(true);
    // In JSON, as kpt passes a .json file.
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pgbackrest-s3', namespace: 'db' }, data: { other: 'eA==' } });
    expect(messages(shard(), `${json}\n`).some((m) => missingKeys.test(m))).toBe(true);
  });

  it('reports a Secret that cannot be read only when a Shard needs it', () => {
    const broken = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pgbackrest-s3\n  namespace: db\ndata: {a: [\n';
    const unread = /looks like a Secret but cannot be read/;
    expect(messages(shard(), broken).some((m) => unread.test(m))).toBe(true);
    // The same Secret under a name no Shard uses is not the function's business.
    expect(messages(shard(), broken.replace('pgbackrest-s3', 'grafana-admin')).some((m) => unread.test(m))).toBe(false);
  });

  it('reads every Secret once a fleet names more than a few', () => {
    const shards = Array.from({ length: 12 }, (_, i) => {
      const s = minimalShard();
      s.metadata.name = `s${i}`;
      s.spec.shardName = `${i}`;
      s.spec.pools = { main: { cells: ['z1'], backupConfig: { type: 's3', s3: { bucket: `bucket-${i}`, region: 'eu-west-1', credentialsSecretName: `creds-${i}` } } } };
      return emitDocument(s);
    });
    const secret = (i: number) => SECRET_WITHOUT_KEYS.replace('pgbackrest-s3', `creds-${i}`);
    const found = messages(...shards, ...Array.from({ length: 12 }, (_, i) => secret(i))).filter((m) => /Secret creds-\d+ has no AWS_ACCESS_KEY_ID/.test(m));
    expect(found).toHaveLength(12);
  });
});
