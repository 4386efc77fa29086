// One Shard item on its own, before anything is compared across Shards: reading problems, the
// legacy backupStorage migration, the local-config mark, shape and rules, and the objects it
// renders when it has no error so far. Also the states a Shard item goes through on its way
// from the input to the output (ShardState, then CheckedShard after check-across-shards.ts).
import { hasErrors, error, warning, type Issue } from '../api/issue.js';
import { annotationsOf, isObject, keyOf, refOf } from '../api/kube-object.js';
import type { Config, NormalizedShard } from '../api/model.js';
import { parseShard } from '../api/parse-shard.js';
import { shardMarker, shardObjects, type LazyObject } from '../expand/expand-shard.js';
import { ANNOTATION } from '../expand/keys.js';
import type { KubernetesObject } from '../expand/object.js';
import { insertAnnotationText, migrateBackupStorageText } from '../text/edit.js';
import type { InputItem } from '../text/item.js';
import { MAX_DEPTH, nestingDepth, parseItem, writtenKeyOrder, type ParsedItem } from '../text/parse.js';
import { disagreements } from '../text/yaml11.js';
import type { OutputItem } from './output-item.js';
import type { FileRef, ResourceRef } from './results.js';

/** What a Shard item carries through every pass. */
interface ShardItem {
  /** Its place among the input items. */
  index: number;
  ref: ResourceRef;
  file?: FileRef;
  /** `namespace/name`, as its rendered objects are marked (expand-shard.ts's shardMarker). */
  marker: string;
  /** Its issues so far: reading, migration, shape and rules, then the checks across Shards. */
  issues: readonly Issue[];
  /** What takes its place in the output (marked local-config unless told to keep it). */
  output: OutputItem;
}

/** A Shard that does not render: it has an error. */
export interface InvalidShard extends ShardItem {
  state: 'invalid';
}

/** A Shard without an error on its own: the normalized Shard and the objects it renders. */
export interface ValidShard extends ShardItem {
  state: 'valid';
  shard: NormalizedShard;
  objects: LazyObject[];
  /** `kind/namespace/name` of each of `objects`, in order. */
  keys: string[];
}

/** A Shard that renders, after the checks across Shards found no error either. */
export interface RenderedShard extends Omit<ValidShard, 'state'> {
  state: 'rendered';
  /** Its namespace's pg_hba ConfigMap, when it is the first Shard of the namespace to render. */
  configMap?: KubernetesObject;
  /** How many objects it outputs: `objects`, and the ConfigMap when it has one. */
  count: number;
}

/** A Shard item on its own (shardLocal). */
export type ShardState = InvalidShard | ValidShard;

/** A Shard item once the checks across Shards are done (check-across-shards.ts). */
export type CheckedShard = InvalidShard | RenderedShard;

/** The Shard with more issues (after the ones it has). */
export const withIssues = <S extends ShardState>(s: S, more: readonly Issue[]): S => ({ ...s, issues: [...s.issues, ...more] });

/** The Shard as one that does not render: what it would have rendered is dropped. */
export const toInvalid = ({ index, ref, file, marker, issues, output }: ShardState): InvalidShard => ({ state: 'invalid', index, ref, ...(file ? { file } : {}), marker, issues, output });

/** `kind/namespace/name` of every object a rendered Shard outputs, its ConfigMap first. */
export const renderedKeys = (s: RenderedShard): string[] => (s.configMap ? [keyOf(refOf(s.configMap)), ...s.keys] : s.keys);

/** A Shard's own work: migration, shape and rules, and its objects when it has no error so far. */
export function shardLocal(original: InputItem, index: number, originalParsed: ParsedItem, file: FileRef | undefined, config: Config): ShardState {
  const ref = refOf(originalParsed.value);
  const issues: Issue[] = originalParsed.duplicateKey ? [error([], `${originalParsed.duplicateKey}; the rest of the Shard is checked once one is left`)] : [];
  if (nestingDepth(originalParsed.value) > MAX_DEPTH) issues.push(error([], `the Shard nests more than ${MAX_DEPTH} levels deep, the limit for objects this function reads`));
  for (const d of disagreements(original, originalParsed)) issues.push(warning(d.path, d.message));
  let item = original;
  let parsed = originalParsed;
  if (config.migrateLegacyBackupStorage) {
    const migrated = migrate(item, parsed);
    if (migrated) {
      ({ item, parsed } = migrated);
      issues.push(...migrated.issues);
    }
  }
  const marked = markLocalConfig(item, parsed, config, original);
  issues.push(...marked.issues);
  const local = { index, ref, ...(file ? { file } : {}), marker: shardMarker({ name: ref.name, namespace: ref.namespace }), output: marked.output };
  // With a key written twice, which value the Shard holds depends on the reader: checking one of
  // them would report mistakes of a Shard nobody wrote. The rest is checked once one is left.
  if (originalParsed.duplicateKey) return { state: 'invalid', ...local, issues };
  const checked = parseShard(parsed.value, poolOrderOf(parsed), config);
  issues.push(...checked.issues);
  if (!checked.shard || hasErrors(issues)) return { state: 'invalid', ...local, issues };
  const objects = shardObjects(checked.shard, config);
  return { state: 'valid', ...local, issues, shard: checked.shard, objects, keys: objects.map(keyOf) };
}

/** The Shard's pool names as written. */
function poolOrderOf(parsed: ParsedItem): string[] {
  const spec = parsed.value.spec;
  const pools = isObject(spec) ? spec.pools : undefined;
  return isObject(pools) ? writtenKeyOrder(parsed, pools, ['spec', 'pools']) : [];
}

/** migrateLegacyBackupStorage: the Shard's text with backupStorage rewritten, read again. */
function migrate(original: InputItem, parsed: ParsedItem): { item: InputItem; parsed: ParsedItem; issues: Issue[] } | undefined {
  const spec = isObject(parsed.value.spec) ? parsed.value.spec : {};
  const pools = isObject(spec.pools) ? Object.values(spec.pools) : [];
  if (!pools.some((p) => isObject(p) && p.backupStorage !== undefined && p.backupConfig === undefined)) return undefined;
  const migrated = migrateBackupStorageText(original);
  if (!migrated) return undefined;
  if ('refused' in migrated) {
    const issues = migrated.refused.map((pool) =>
      warning(['spec', 'pools', pool, 'backupStorage'], 'migrateLegacyBackupStorage left this pool as written: its backupStorage uses anchors, aliases or tags that an exact text edit cannot carry over; replace it by hand with backupConfig (type filesystem, storage as it is)'),
    );
    return { item: original, parsed, issues };
  }
  // A text edit: the item keeps its form, column and every other byte.
  const item: InputItem = { ...original, text: migrated.text };
  const reparsed = parseItem(item);
  if ('error' in reparsed) return undefined;
  const issues: Issue[] = migrated.pools.map((pool) => ({
    severity: 'info',
    path: ['spec', 'pools', pool, 'backupConfig'],
    message: 'migrated the legacy backupStorage of this pool to backupConfig with type filesystem and the same storage (migrateLegacyBackupStorage)',
  }));
  return { item, parsed: reparsed, issues };
}

/** The Shard, marked local-config so it is never applied, unless told to keep it as it is. */
function markLocalConfig(item: InputItem, parsed: ParsedItem, config: Config, original: InputItem): { output: OutputItem; issues: Issue[] } {
  const migrated = item !== original;
  if (config.shards === 'keep') return { output: migrated ? { kind: 'changed', item, localConfig: false, original } : { kind: 'source', item }, issues: [] };
  const current = annotationsOf(parsed.value)[ANNOTATION.localConfig];
  if (current === 'true') return { output: { kind: 'changed', item, localConfig: true, original }, issues: [] };
  // A Shard with duplicate keys is not edited: it has an error result already.
  const inserted = parsed.duplicateKey ? undefined : insertAnnotationText(item, parsed, ANNOTATION.localConfig, 'true');
  if (inserted !== undefined) return { output: { kind: 'changed', item: { ...item, text: inserted }, localConfig: true, original }, issues: [] };
  const issues = parsed.duplicateKey
    ? []
    : [
        error(['metadata'], `the ${ANNOTATION.localConfig} annotation cannot be added to this Shard's metadata as written (an alias, a tag or a layout no single insertion extends), so it would be applied to the cluster; add ${ANNOTATION.localConfig}: "true" under metadata.annotations yourself`),
      ];
  return { output: { kind: 'source', item: original }, issues };
}
