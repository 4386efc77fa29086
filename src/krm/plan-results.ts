// A re-render's plan as KRM results: when the package holds the function's earlier output, what
// applying the new output over it does is reported in the run itself (kpt fn render shows it).
// plan/earlier-output.ts compares; this is the krm side of it: which file each change points at,
// and which earlier items go out as they were. Rejected updates are errors unless the
// functionConfig says the user takes the procedure; what deletes or moves data is a warning;
// restarts, scaling, creations and updates are info.
import { keyOf } from '../api/kube-object.js';
import type { Config } from '../api/model.js';
import { compareWithEarlier, type EarlierItem } from '../plan/earlier-output.js';
import type { KubeRules } from '../plan/kube-rules.js';
import { poolAndCell, type Plan, type PlanChange } from '../plan/plan.js';
import { isLeafValue } from '../plan/diff.js';
import type { InputItem } from '../text/item.js';
import type { Generated } from './assemble-output.js';
import { fileOf, type FileRef, type Result } from './results.js';
import type { RenderedShard } from './shard-item.js';

const PROCEDURE_SETTING = 'spec.rejectedUpdates: procedure';

function text(c: PlanChange, config: Config): string {
  const parts = [`${c.message}.`];
  if (c.dependsOn) parts.push(`It depends on ${c.dependsOn}.`);
  if (c.details.length > 0) parts.push(c.details.join(' '));
  if (c.procedure) {
    const p = c.procedure;
    parts.push(`What works: ${p.summary} kubectl: ${p.kubectl.join('; ')}. Argo CD: ${p.argocd.join('; ')}. kpt: ${p.kpt.join('; ')}.`);
    if (config.rejectedUpdates === 'error') parts.push(`Once you take this procedure, set ${PROCEDURE_SETTING} in the functionConfig to render anyway.`);
  }
  const where = c.pool !== undefined ? poolAndCell(c) : '';
  return `applying this render over the earlier one${where}: ${parts.join(' ')}`;
}

function severity(c: PlanChange, config: Config): Result['severity'] | undefined {
  if (c.effect === 'rejected' && !c.afterProcedure) return config.rejectedUpdates === 'error' ? 'error' : 'warning';
  if (c.dataAffecting || c.effect === 'stops-serving') return 'warning';
  if (c.effect === 'no-effect') return undefined;
  return 'info';
}

/** Results for each change of the plan; `fileOf` gives the file that holds an object (or its Shard). */
export function planResults(plan: Plan, config: Config, fileOf: (change: PlanChange | undefined, shard: string) => FileRef | undefined): Result[] {
  const out: Result[] = [];
  for (const shard of plan.shards) {
    for (const c of shard.changes) {
      const file = fileOf(c, shard.shard);
      const level = severity(c, config);
      if (level === undefined) continue;
      const result: Result = { message: text(c, config), severity: level, resourceRef: { ...c.object } };
      const field = c.fields[0];
      if (field) {
        result.field = { path: field.path };
        // Values only for a single value: a whole list or object would bury the message.
        if (isLeafValue(field.before) && isLeafValue(field.after)) {
          if (field.before !== undefined) result.field.currentValue = field.before;
          if (field.after !== undefined) result.field.proposedValue = field.after;
        }
      }
      if (file) result.file = file;
      out.push(result);
    }
    const file = fileOf(undefined, shard.shard);
    for (const note of shard.notes) out.push({ message: note, severity: 'warning', ...(file ? { file } : {}) });
  }
  return out;
}

export interface ComparedWithEarlier {
  results: Result[];
  /** An earlier item whose text is exactly what this run writes at `at`: it goes out there instead. */
  replacements: Array<{ at: number; item: InputItem }>;
}

/**
 * A re-render's plan as results: an earlier object whose text is exactly what this run writes
 * goes out as that text, and every change points at the file that holds its object, a creation
 * at its Shard's file.
 */
export function comparedWithEarlier(replaced: readonly EarlierItem[], generated: ReadonlyMap<string, Generated>, rendered: readonly RenderedShard[], config: Config, rules: KubeRules): ComparedWithEarlier {
  const compared = compareWithEarlier(replaced, generated, rules);
  const replacements: ComparedWithEarlier['replacements'] = [];
  for (const [key, item] of compared.earlierItems) {
    const now = generated.get(key);
    if (now) replacements.push({ at: now.at, item });
  }
  const objectFiles = new Map<string, FileRef | undefined>();
  const files = new Map<string, FileRef | undefined>();
  for (const e of compared.read) {
    objectFiles.set(e.key, fileOf(e.value, e.item));
    if (!files.has(e.marker)) files.set(e.marker, fileOf(e.value, e.item));
  }
  for (const s of rendered) {
    files.set(s.marker, s.file);
    if (s.configMap && !files.has(s.ref.namespace ?? '')) files.set(s.ref.namespace ?? '', s.file);
  }
  const fileFor = (change: PlanChange | undefined, marker: string) =>
    (change && objectFiles.get(keyOf(change.object))) ?? files.get(marker);
  return { results: planResults(compared.plan, config, fileFor), replacements };
}
