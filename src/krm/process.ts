// The function itself over a list of items: picks out Shards and the function's own earlier
// output, validates, expands, and decides what each output item is. Items it does not own stay
// text and are never parsed. Formatting the list back to text is resource-list.ts's job.
import { hasErrors, type Issue } from '../api/issue.js';
import type { Config } from '../api/model.js';
import { parseFunctionConfig } from '../api/function-config.js';
import { parseShard } from '../api/parse-shard.js';
import { expandNamespace, expandShard, shardMarker } from '../expand/expand-shard.js';
import { ANNOTATION } from '../expand/keys.js';
import type { KubernetesObject } from '../expand/object.js';
import type { InputItem } from './item.js';
import { InputError, insertAnnotationText, parseItem, setAnnotation, STRINGIFY_OPTIONS, type ParsedItem } from './parse.js';
import { sortResults, toResult, type FileRef, type ResourceRef, type Result } from './results.js';
import { isMap, isScalar } from 'yaml';

export const SHARD_API_VERSION = 'multigres.com/v1alpha1';

export type OutputItem =
  | { kind: 'source'; item: InputItem }
  /** An input item the function changed (a Shard marked local-config): its new text. */
  | { kind: 'changed'; item: InputItem; localConfig: boolean }
  | { kind: 'generated'; object: KubernetesObject };

export interface Processed {
  output: OutputItem[];
  results: Result[];
  exitCode: 0 | 1;
}

export interface ProcessOptions {
  /** Give generated objects kpt's path/index annotations (off in render mode). */
  annotatePaths: boolean;
}

/** Thrown when a block-style item the scanner cut out does not parse: the caller re-reads in full. */
export class NeedsFullParse extends Error {
  override name = 'NeedsFullParse';
}

/**
 * Items whose text could be a Shard or the function's earlier output. Exact for block YAML: a
 * `Shard` kind or our annotation key can only hide from a substring search behind a
 * double-quoted escape, and items with escapes are checked too.
 */
const mayBeOwned = (text: string): boolean =>
  text.includes('Shard') || text.includes('rendered-from') || (text.includes('\\') && text.includes('"'));

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function annotationsOf(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = isObject(value.metadata) ? value.metadata : {};
  return isObject(metadata.annotations) ? metadata.annotations : {};
}

/** The file an item came from, from kpt's annotations (or the render-mode origin). */
export function fileOf(value: Record<string, unknown>, item: InputItem): FileRef | undefined {
  if (item.origin) return item.origin.index ? { path: item.origin.path, index: item.origin.index } : { path: item.origin.path };
  const a = annotationsOf(value);
  const path = a[ANNOTATION.internalPath] ?? a[ANNOTATION.path];
  if (typeof path !== 'string' || path === '') return undefined;
  const index = Number(a[ANNOTATION.internalIndex] ?? a[ANNOTATION.index] ?? 0);
  return Number.isInteger(index) && index > 0 ? { path, index } : { path };
}

function refOf(value: Record<string, unknown>): ResourceRef {
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const ref: ResourceRef = {
    apiVersion: String(value.apiVersion ?? ''),
    kind: String(value.kind ?? ''),
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '') ref.namespace = metadata.namespace;
  return ref;
}

function poolOrder(parsed: ParsedItem): string[] {
  const spec = parsed.node.get('spec', true);
  const pools = isMap(spec) ? spec.get('pools', true) : undefined;
  if (!isMap(pools)) return [];
  return pools.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
}

interface ShardEntry {
  index: number;
  parsed: ParsedItem;
  ref: ResourceRef;
  file?: FileRef;
  marker: string;
  objects?: KubernetesObject[];
}

const COUNTED_KINDS: ReadonlyArray<[string, string, string]> = [
  ['StatefulSet', 'StatefulSet', 'StatefulSets'],
  ['Service', 'Service', 'Services'],
  ['PersistentVolumeClaim', 'PVC', 'PVCs'],
  ['Deployment', 'Deployment', 'Deployments'],
  ['ConfigMap', 'ConfigMap', 'ConfigMaps'],
];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function summary(rendered: number, invalid: number, objects: KubernetesObject[]): string {
  if (rendered === 0 && invalid === 0) return `no Shard (${SHARD_API_VERSION}) in the input; nothing rendered`;
  const kept = '(objects rendered for them earlier are kept as they were)';
  if (rendered === 0) return `nothing rendered: ${plural(invalid, 'Shard has', 'Shards have')} errors ${kept}`;
  const counts = COUNTED_KINDS.map(([kind, one, many]) => plural(objects.filter((o) => o.kind === kind).length, one, many));
  let text = `rendered ${plural(rendered, 'Shard', 'Shards')}: ${counts.join(', ')}`;
  if (invalid > 0) text += `; ${plural(invalid, 'Shard was', 'Shards were')} not rendered because of errors ${kept}`;
  return text;
}

function withPathAnnotations(object: KubernetesObject, path: string, index: number): KubernetesObject {
  const annotations = new Map(object.metadata.annotations ?? []);
  annotations.set(ANNOTATION.path, path);
  annotations.set(ANNOTATION.index, String(index));
  annotations.set(ANNOTATION.internalPath, path);
  annotations.set(ANNOTATION.internalIndex, String(index));
  object.metadata.annotations = new Map([...annotations].sort(([a], [b]) => (a < b ? -1 : 1)));
  return object;
}

const renderedFileFor = (file: FileRef | undefined, shardName: string): string | undefined => {
  if (!file) return undefined;
  const slash = file.path.lastIndexOf('/');
  return `${slash === -1 ? '' : file.path.slice(0, slash + 1)}${shardName.replace(/[^A-Za-z0-9._-]/g, '-')}.rendered.yaml`;
};

export function processItems(items: readonly InputItem[], functionConfig: unknown, options: ProcessOptions): Processed {
  const results: Result[] = [];
  const { config, issues: configIssues } = parseFunctionConfig(functionConfig);
  if (configIssues.length > 0) {
    const fc = isObject(functionConfig) ? functionConfig : {};
    const ref = refOf(fc);
    const file = fileOf(fc, { text: '', form: 'document', indent: 0 });
    results.push(...configIssues.map((i) => toResult(i, ref.kind ? ref : undefined, file)));
  }
  if (hasErrors(configIssues)) {
    results.push({ message: 'nothing rendered: the functionConfig has errors; every item is passed through unchanged', severity: 'info' });
    return { output: items.map((item) => ({ kind: 'source', item })), results: sortResults(results), exitCode: 1 };
  }

  // Classify: only items that may be ours are parsed.
  const shards: ShardEntry[] = [];
  const earlier = new Map<number, string>();
  items.forEach((item, index) => {
    if (!mayBeOwned(item.text)) return;
    const parsed = parseItem(item);
    if ('error' in parsed) {
      if (item.form === 'entry') throw new NeedsFullParse(parsed.error);
      const where = item.origin ? `${item.origin.path} (document ${item.origin.index})` : `item ${index}`;
      throw new InputError(`${where} is not valid YAML: ${parsed.error}`);
    }
    const { value } = parsed;
    if (value.kind === 'Shard' && value.apiVersion === SHARD_API_VERSION) {
      const ref = refOf(value);
      shards.push({ index, parsed, ref, file: fileOf(value, item), marker: shardMarker({ name: ref.name, namespace: ref.namespace }) });
      return;
    }
    const marker = annotationsOf(value)[ANNOTATION.renderedFrom];
    if (typeof marker === 'string') earlier.set(index, marker);
  });

  // Validate and expand each Shard; then checks across Shards.
  const seenMarkers = new Map<string, ShardEntry>();
  const claimedNames = new Map<string, ShardEntry>();
  const valid = new Map<string, ShardEntry>();
  let invalid = 0;
  const invalidMarkers = new Set<string>();
  const invalidNamespaces = new Set<string>();
  const renderedNamespaces = new Set<string>();
  for (const entry of shards) {
    const parsed = parseShard(entry.parsed.value, poolOrder(entry.parsed), config);
    const issues: Issue[] = [...parsed.issues];
    const first = seenMarkers.get(entry.marker);
    if (first) {
      issues.push({ severity: 'error', path: ['metadata', 'name'], message: `another Shard with this namespace and name comes earlier in the input${first.file ? ` (${first.file.path})` : ''}; Shard names must be unique per namespace` });
    } else seenMarkers.set(entry.marker, entry);
    let objects: KubernetesObject[] | undefined;
    if (parsed.shard && !hasErrors(issues)) {
      objects = expandShard(parsed.shard, config);
      for (const o of objects) {
        const key = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
        const owner = claimedNames.get(key);
        if (owner && owner !== entry) {
          issues.push({ severity: 'error', path: ['spec'], message: `renders ${o.kind} ${o.metadata.name}, which Shard ${owner.ref.name}${owner.file ? ` (${owner.file.path})` : ''} renders too: two Shards need a different cluster label, databaseName, tableGroupName or shardName` });
          objects = undefined;
          break;
        }
      }
      if (objects) for (const o of objects) claimedNames.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, entry);
    }
    // A Shard that does not render gets its errors and warnings, not notes on what it would render.
    const reported = objects ? issues : issues.filter((i) => i.severity !== 'info');
    results.push(...reported.map((i) => toResult(i, entry.ref, entry.file)));
    if (objects && parsed.shard) {
      entry.objects = objects;
      const ns = parsed.shard.namespace ?? '';
      if (!renderedNamespaces.has(ns)) entry.objects = [expandNamespace(parsed.shard), ...objects];
      renderedNamespaces.add(ns);
      valid.set(entry.marker, entry);
    } else {
      invalid++;
      if (!first) invalidMarkers.add(entry.marker);
      invalidNamespaces.add(entry.ref.namespace ?? '');
    }
  }

  // Earlier output is replaced, except for Shards that are invalid now: theirs stays as it was.
  const keepEarlier = (marker: string): boolean =>
    marker.includes('/') ? invalidMarkers.has(marker) : !renderedNamespaces.has(marker) && invalidNamespaces.has(marker);

  const fileIndexes = new Map<string, number>();
  const output: OutputItem[] = [];
  const byIndex = new Map(shards.map((s) => [s.index, s]));
  const allObjects: KubernetesObject[] = [];
  items.forEach((item, index) => {
    const marker = earlier.get(index);
    if (marker !== undefined) {
      if (keepEarlier(marker)) output.push({ kind: 'source', item });
      return;
    }
    const shard = byIndex.get(index);
    if (!shard) {
      output.push({ kind: 'source', item });
      return;
    }
    output.push(markLocalConfig(item, shard.parsed, config));
    if (!shard.objects) return;
    const file = options.annotatePaths ? renderedFileFor(shard.file, shard.ref.name) : undefined;
    for (const object of shard.objects) {
      if (file !== undefined) {
        const next = fileIndexes.get(file) ?? 0;
        fileIndexes.set(file, next + 1);
        withPathAnnotations(object, file, next);
      }
      allObjects.push(object);
      output.push({ kind: 'generated', object });
    }
  });

  results.push({ message: summary(valid.size, invalid, allObjects), severity: 'info' });
  return { output, results: sortResults(results), exitCode: results.some((r) => r.severity === 'error') ? 1 : 0 };
}

/** The Shard, marked local-config so it is never applied, unless told to keep it as it is. */
function markLocalConfig(item: InputItem, parsed: ParsedItem, config: Config): OutputItem {
  if (config.shards === 'keep') return { kind: 'source', item };
  const current = annotationsOf(parsed.value)[ANNOTATION.localConfig];
  if (current === 'true') return { kind: 'changed', item, localConfig: true };
  const inserted = insertAnnotationText(item, parsed, ANNOTATION.localConfig, 'true');
  if (inserted !== undefined) return { kind: 'changed', item: { ...item, text: inserted }, localConfig: true };
  // Flow-style or unusual metadata: let the yaml library write the item (comments are kept).
  setAnnotation(parsed.node, ANNOTATION.localConfig, 'true');
  const text = parsed.doc.toString(STRINGIFY_OPTIONS);
  return { kind: 'changed', item: { ...item, text, indent: 0 }, localConfig: true };
}
