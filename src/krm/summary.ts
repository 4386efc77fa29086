// The run's one info result that says what it did: how many Shards rendered into how many
// objects of each kind, how many did not, or that nothing rendered and why.
import { kindOfKey } from '../api/kube-object.js';
import { plural } from '../api/words.js';
import { SHARD_API_VERSION } from './read-items.js';
import type { Result } from './results.js';
import { renderedKeys, type CheckedShard } from './shard-item.js';

const COUNTED_KINDS: ReadonlyArray<[string, string, string]> = [
  ['StatefulSet', 'StatefulSet', 'StatefulSets'],
  ['Service', 'Service', 'Services'],
  ['PersistentVolumeClaim', 'PVC', 'PVCs'],
  ['Deployment', 'Deployment', 'Deployments'],
  ['ConfigMap', 'ConfigMap', 'ConfigMaps'],
];

/** What a run that renders says it rendered. */
export function summaryResult(shards: readonly CheckedShard[]): Result {
  const kinds = new Map<string, number>();
  let rendered = 0;
  for (const s of shards) {
    if (s.state !== 'rendered') continue;
    rendered++;
    for (const key of renderedKeys(s)) kinds.set(kindOfKey(key), (kinds.get(kindOfKey(key)) ?? 0) + 1);
  }
  return { message: summary(rendered, shards.length - rendered, kinds), severity: 'info' };
}

/** What a run says when its functionConfig has errors. */
export const configErrorsSummary = (): Result => ({ message: 'nothing rendered: the functionConfig has errors; every item is passed through unchanged', severity: 'info' });

function summary(rendered: number, invalid: number, kinds: ReadonlyMap<string, number>): string {
  if (rendered === 0 && invalid === 0) return `no Shard (${SHARD_API_VERSION}) in the input; nothing rendered`;
  const kept = '(objects rendered for them earlier are kept as they were)';
  if (rendered === 0) return `nothing rendered: ${plural(invalid, 'Shard has', 'Shards have')} errors ${kept}`;
  const counts = COUNTED_KINDS.map(([kind, one, many]) => plural(kinds.get(kind) ?? 0, one, many));
  let text = `rendered ${plural(rendered, 'Shard', 'Shards')}: ${counts.join(', ')}`;
  if (invalid > 0) text += `; ${plural(invalid, 'Shard was', 'Shards were')} not rendered because of errors ${kept}`;
  return text;
}
