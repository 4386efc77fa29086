// The library entry: `import { expandPoolBackups } from 'expand-pool-backups'`. Pure: items and
// a functionConfig in, items and results out; the same function kpt and Argo CD run, without
// the YAML text around it. Items the function does not own come back as the same objects.
import { ANNOTATION } from './expand/keys.js';
import { toPlainData, type KubernetesObject } from './expand/object.js';
import { emitDocument } from './text/emit.js';
import type { InputItem } from './text/item.js';
import { processItems } from './krm/process.js';
import type { Result } from './krm/results.js';

export type { FileRef, ResourceRef, Result } from './krm/results.js';
export type { BackupConfig, FunctionConfigSpec, PoolSpec, S3Config, StorageSpec } from './api/schemas.js';

/** A Kubernetes object as plain data. */
export type KubernetesItem = Record<string, unknown>;

export interface ExpandOutput {
  /** The input items in order (Shards marked local-config), with each Shard's objects after it. */
  items: KubernetesItem[];
  results: Result[];
  /** True when a result is an error: erroneous Shards were not rendered. */
  failed: boolean;
}


function withLocalConfig(item: KubernetesItem): KubernetesItem {
  const copy = structuredClone(item) as { metadata?: { annotations?: Record<string, string> } };
  copy.metadata = { ...copy.metadata, annotations: { ...copy.metadata?.annotations, [ANNOTATION.localConfig]: 'true' } };
  return copy as KubernetesItem;
}

/**
 * Renders every Shard among `items` into the objects the Multigres operator would create, with
 * each pool's backupConfig wired in, exactly as the KRM function does.
 */
export function expandPoolBackups(items: readonly KubernetesItem[], functionConfig?: KubernetesItem): ExpandOutput {
  const inputs: InputItem[] = items.map((item) => ({ text: emitDocument(item), form: 'document', indent: 0 }));
  const index = new Map(inputs.map((input, i) => [input, i]));
  const processed = processItems(inputs, functionConfig, { annotatePaths: true });
  const out: KubernetesItem[] = processed.output.map((o) => {
    if (o.kind === 'generated') return toPlainData(o.build()) as KubernetesItem;
    const original = items[index.get(o.kind === 'changed' ? o.original : o.item) ?? -1];
    if (original === undefined) throw new Error('internal error: an output item has no input');
    return o.kind === 'changed' && o.localConfig ? withLocalConfig(original) : original;
  });
  return { items: out, results: processed.results, failed: processed.exitCode === 1 };
}
