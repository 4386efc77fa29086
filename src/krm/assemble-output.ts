// Lays out the output: every input item in its place (a Shard as shard-item.ts marked it), each
// rendered Shard's objects right after it, with kpt's path annotations naming the file they are
// written to. The function's earlier output is left out where this run renders again, and kept
// as it was for Shards that are invalid now. Pure: items and Shard states in, output items out.
import { warning } from '../api/issue.js';
import { annotationsOf, keyOf, refOf } from '../api/kube-object.js';
import { ANNOTATION, pruneProtectionOf } from '../expand/keys.js';
import { sortedMap, type KubernetesObject } from '../expand/object.js';
import type { EarlierItem, RenderedNow } from '../plan/earlier-output.js';
import type { InputItem } from '../text/item.js';
import type { OutputItem } from './output-item.js';
import type { EarlierObject } from './read-items.js';
import { toResult, type FileRef, type Result } from './results.js';
import { renderedKeys, type CheckedShard } from './shard-item.js';

/** An object this run renders: where it is in the output, its Shard's marker, how to build and write it. */
export interface Generated extends RenderedNow {
  at: number;
}

export interface Assembled {
  output: OutputItem[];
  /** The objects this run renders, by `kind/namespace/name` (only when comparing with earlier output). */
  generated: Map<string, Generated>;
  /** The earlier output this run renders again, left out of `output` (only when comparing with it). */
  replaced: EarlierItem[];
  /** About backup PVCs rendered earlier that this run no longer renders (when not comparing). */
  results: Result[];
}

/** Every item as it came: what a run that renders nothing outputs. */
export const passThrough = (items: readonly InputItem[]): OutputItem[] => items.map((item) => ({ kind: 'source', item }));

export function assembleOutput(items: readonly InputItem[], shards: readonly CheckedShard[], earlier: ReadonlyMap<number, EarlierObject>, options: { annotatePaths: boolean; compareEarlier?: boolean }): Assembled {
  const keepEarlier = earlierKept(shards);
  const renderedNow = new Set(shards.flatMap((s) => (s.state === 'rendered' ? renderedKeys(s) : [])));
  const results: Result[] = [];
  const fileIndexes = new Map<string, number>();
  const output: OutputItem[] = [];
  const byIndex = new Map(shards.map((s) => [s.index, s]));
  const replaced: EarlierItem[] = [];
  const generated = new Map<string, Generated>();
  items.forEach((item, index) => {
    const previous = earlier.get(index);
    if (previous !== undefined) {
      if (keepEarlier(previous.marker)) output.push({ kind: 'source', item });
      else if (options.compareEarlier) replaced.push({ item, marker: previous.marker, key: keyOf(previous.ref) });
      else if (previous.ref.kind === 'PersistentVolumeClaim' && !renderedNow.has(keyOf(previous.ref))) {
        results.push(orphanedPvc(previous));
      }
      return;
    }
    const shard = byIndex.get(index);
    if (!shard) {
      output.push({ kind: 'source', item });
      return;
    }
    output.push(shard.output);
    if (shard.state !== 'rendered') return;
    const file = options.annotatePaths ? renderedFileFor(shard.file, shard.ref.name) : undefined;
    let next = file === undefined ? 0 : (fileIndexes.get(file) ?? 0);
    if (file !== undefined) fileIndexes.set(file, next + shard.count);
    const { configMap } = shard;
    const add = (key: string, marker: string, build: () => KubernetesObject, shape: string) => {
      if (options.compareEarlier) generated.set(key, { at: output.length, marker, build, shape });
      output.push({ kind: 'generated', build, shape });
    };
    if (configMap) {
      if (file !== undefined) configMap.metadata.annotations = sortedMap(configMap.metadata.annotations, pathAnnotations(file, next++));
      add(keyOf(refOf(configMap)), shard.ref.namespace ?? '', () => configMap, 'pg-hba');
    }
    for (const lazy of shard.objects) {
      const index = next++;
      const build = file === undefined ? () => lazy.build() : () => lazy.build(pathAnnotations(file, index));
      add(keyOf(lazy), shard.marker, build, lazy.shape);
    }
  });
  return { output, generated, replaced, results };
}

/**
 * Earlier output is replaced, except for Shards that are invalid now: theirs stays as it was. A
 * marker with a `/` is a Shard's; without, a namespace's (its ConfigMap), kept while no Shard of
 * the namespace renders and one is invalid.
 */
function earlierKept(shards: readonly CheckedShard[]): (marker: string) => boolean {
  const validMarkers = new Set(shards.filter((s) => s.state === 'rendered').map((s) => s.marker));
  const invalidMarkers = new Set(shards.filter((s) => s.state === 'invalid' && !validMarkers.has(s.marker)).map((s) => s.marker));
  const invalidNamespaces = new Set(shards.filter((s) => s.state === 'invalid').map((s) => s.ref.namespace ?? ''));
  const renderedNamespaces = new Set(shards.filter((s) => s.state === 'rendered').map((s) => s.ref.namespace ?? ''));
  return (marker) => (marker.includes('/') ? invalidMarkers.has(marker) : !renderedNamespaces.has(marker) && invalidNamespaces.has(marker));
}

/** kpt's path and index annotations (both families) for an object written to `path` at `index`. */
function pathAnnotations(path: string, index: number): Array<[string, string]> {
  const i = String(index);
  return [
    [ANNOTATION.path, path],
    [ANNOTATION.index, i],
    [ANNOTATION.internalPath, path],
    [ANNOTATION.internalIndex, i],
  ];
}

const renderedFileFor = (file: FileRef | undefined, shardName: string): string | undefined => {
  if (!file) return undefined;
  const slash = file.path.lastIndexOf('/');
  return `${slash === -1 ? '' : file.path.slice(0, slash + 1)}${shardName.replace(/[^A-Za-z0-9._-]/g, '-')}.rendered.yaml`;
};

/** A backup PVC rendered earlier that this run no longer renders: it leaves the output. */
function orphanedPvc(previous: EarlierObject): Result {
  const protectedBy = pruneProtectionOf(annotationsOf(previous.value)).map(([k, v]) => `${k}: ${v}`);
  const name = `${previous.ref.namespace ? `${previous.ref.namespace}/` : ''}${previous.ref.name}`;
  const why = `backup PVC ${name} (rendered from ${previous.marker}) is no longer rendered: its pool was removed or renamed, switched to s3, or its Shard is gone`;
  const issue =
    protectedBy.length > 0
      ? warning([], `${why}; it stays in the cluster with its backups because it carries ${protectedBy.join(', ')}; delete it by hand once those backups are no longer needed`)
      : warning([], `${why}; it carries no prune protection, so a pruning sync (Argo CD, kpt live apply, Flux) DELETES it and the backups on it: copy them first, or keep the PVC by adding argocd.argoproj.io/sync-options: Prune=false,Delete=false to it in the cluster`);
  return toResult(issue, previous.ref, previous.file);
}
