// Every independent mistake in one run: random sets of mistakes planted in different fields of a
// valid Shard (and of the functionConfig) are each reported, with their field paths, in a single
// run. A wrong type in one field never hides a problem in another.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runResourceList } from '../src/krm/run.js';
import { resourceListText } from './arbitraries.js';
import { minimalShard } from './helpers.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

type Obj = Record<string, any>;

/** A valid Shard with two pools (S3 and filesystem), each field a place to plant a mistake. */
const validShard = (): Obj => {
  const shard: Obj = minimalShard();
  shard.spec.pools = {
    main: { cells: ['z1'], storage: { size: '10Gi' }, backupConfig: { type: 's3', s3: { bucket: 'acme-backups', region: 'us-east-1', keyPrefix: 'db/main' } } },
    reports: { type: 'readOnly', cells: ['z2'], backupConfig: { type: 'filesystem', storage: { size: '20Gi' } } },
  };
  return shard;
};

/** A mistake: what it changes, and the field path its error must carry. */
interface Mistake {
  id: string;
  plant: (shard: Obj) => void;
  path: string;
}

const MISTAKES: Mistake[] = [
  { id: 'replicas as a string', plant: (s) => (s.spec.pools.main.replicasPerCell = '2'), path: 'spec.pools.main.replicasPerCell' },
  { id: 'bad bucket name', plant: (s) => (s.spec.pools.main.backupConfig.s3.bucket = 'Bad_Bucket'), path: 'spec.pools.main.backupConfig.s3.bucket' },
  { id: 'bad region', plant: (s) => (s.spec.pools.main.backupConfig.s3.region = 'US East'), path: 'spec.pools.main.backupConfig.s3.region' },
  { id: 'bad data size', plant: (s) => (s.spec.pools.main.storage.size = 'ten gigs'), path: 'spec.pools.main.storage.size' },
  { id: 'unknown pool field', plant: (s) => (s.spec.pools.main.replicas = 3), path: 'spec.pools.main.replicas' },
  { id: 'duplicate cells', plant: (s) => (s.spec.pools.reports.cells = ['z2', 'z2']), path: 'spec.pools.reports.cells' },
  { id: 'bad backup size', plant: (s) => (s.spec.pools.reports.backupConfig.storage.size = '-1Gi'), path: 'spec.pools.reports.backupConfig.storage.size' },
  { id: 'pool type typo', plant: (s) => (s.spec.pools.reports.type = 'readonly'), path: 'spec.pools.reports.type' },
  { id: 'database name not a label value', plant: (s) => (s.spec.databaseName = 'Bad Name!'), path: 'spec.databaseName' },
  { id: 'table group as a number', plant: (s) => (s.spec.tableGroupName = 7), path: 'spec.tableGroupName' },
  { id: 'multiorch replicas as a string', plant: (s) => (s.spec.multiorch.replicas = 'x'), path: 'spec.multiorch.replicas' },
  { id: 'image as a number', plant: (s) => (s.spec.images.multipooler = 5), path: 'spec.images.multipooler' },
  { id: 'topo address missing', plant: (s) => delete s.spec.globalTopoServer.address, path: 'spec.globalTopoServer.address' },
  { id: 'cluster label not a label value', plant: (s) => (s.metadata.labels['multigres.com/cluster'] = 'not ok!'), path: 'metadata.labels["multigres.com/cluster"]' },
];

const CONFIG_MISTAKES: Array<{ id: string; plant: (spec: Obj) => void; path: string }> = [
  { id: 'protect as a word', plant: (c) => (c.protectBackupVolumes = 'maybe'), path: 'spec.protectBackupVolumes' },
  { id: 'unknown placeholder', plant: (c) => (c.s3 = { keyPrefixTemplate: '{namespace}/{region}' }), path: 'spec.s3.keyPrefixTemplate' },
  { id: 'unknown config field', plant: (c) => (c.protect = true), path: 'spec.protect' },
  { id: 'bad default bucket', plant: (c) => (c.defaults = { backupConfig: { type: 's3', s3: { bucket: 'x', region: 'us-east-1' } } }), path: 'spec.defaults.backupConfig.s3.bucket' },
];

const pathOf = (r: { field?: { path?: string } }) => r.field?.path ?? '';
/** The error is at the path, or at an element of it (`cells[1]`). */
const at = (r: { field?: { path?: string } }, path: string) => pathOf(r) === path || pathOf(r).startsWith(`${path}[`);

describe('every mistake in one run (property)', () => {
  it('reports each independent mistake of a Shard and of the functionConfig with its field path', () => {
    fc.assert(
      fc.property(
        fc.subarray(MISTAKES, { minLength: 1 }),
        fc.subarray(CONFIG_MISTAKES.filter((m) => m.id !== 'unknown placeholder' ), { maxLength: 2 }),
        fc.boolean(),
        (mistakes, configMistakes, placeholder) => {
          const shard = validShard();
          for (const m of mistakes) m.plant(shard);
          const spec: Obj = {};
          const planted = [...configMistakes, ...(placeholder ? CONFIG_MISTAKES.filter((m) => m.id === 'unknown placeholder') : [])];
          for (const m of planted) m.plant(spec);
          const config = `functionConfig:\n${stringify({ apiVersion: 'fn.multigres.com/v1alpha1', kind: 'ExpandPoolBackups', metadata: { name: 'backups' }, spec }, { version: '1.2' }).replace(/^(?=.)/gm, '  ')}`;
          const out = runResourceList(resourceListText([stringify(shard, { version: '1.2' })], config));
          expect(out.exitCode).toBe(1);
          const errors = out.results.filter((r) => r.severity === 'error');
          for (const m of mistakes) {
            expect(
              errors.some((r) => r.resourceRef?.kind === 'Shard' && at(r, m.path)),
              `no error at ${m.path} (${m.id}); errors: ${JSON.stringify(errors.map((r) => `${pathOf(r)}: ${r.message}`))}`,
            ).toBe(true);
          }
          for (const m of planted) {
            expect(
              errors.some((r) => r.resourceRef?.kind === 'ExpandPoolBackups' && at(r, m.path)),
              `no functionConfig error at ${m.path} (${m.id}); errors: ${JSON.stringify(errors.map((r) => `${pathOf(r)}: ${r.message}`))}`,
            ).toBe(true);
          }
        },
      ),
      { seed: 15, numRuns: NUM_RUNS },
    );
  });
});
