// The function itself over a list of items, in passes: read the items it needs (Shards, its own
// earlier output, Secrets and what produces them), validate each Shard, check across Shards
// (duplicates, shared backup repositories, Secrets), expand the valid ones, and decide what each
// output item is. Items it does not read stay text. Formatting is resource-list.ts's job.
import { FUNCTION_CONFIG_KIND, parseFunctionConfig } from '../api/function-config.js';
import { error, hasErrors, warning, type Issue } from '../api/issue.js';
import type { Config, NormalizedShard } from '../api/model.js';
import { parseShard, validatePoolBackups } from '../api/parse-shard.js';
import { collisionIssue, repositoryCollisions, shardRepositoryWarnings, type RepositoryUser } from '../api/repository.js';
import { secretIssues, serviceAccountIssues, toSecretSource, toServiceAccount, type SecretSource, type ServiceAccountSource } from '../api/secrets.js';
import { expandNamespace, RENDERED_KINDS, shardObjects, shardMarker, type LazyObject } from '../expand/expand-shard.js';
import { ANNOTATION, pruneProtectionOf } from '../expand/keys.js';
import { sortedMap, type KubernetesObject } from '../expand/object.js';
import type { PlanChange } from '../plan/plan.js';
import { compareWithEarlier, type RenderedNow } from '../plan/earlier-output.js';
import { DEFAULT_KUBE_VERSION, kubeRules, parseKubeVersion, type KubeRules } from '../plan/kube-rules.js';
import { planResults } from './plan-results.js';
import { itemIncludes, type InputItem } from '../text/item.js';
import { itemHead } from '../text/read.js';
import { fastParse } from '../text/fast-yaml.js';
import { yamlLib } from '../text/yaml-lib.js';
import { MAX_DEPTH, nestingDepth, parseItem, type ParsedItem } from '../text/parse.js';
import { insertAnnotationText, migrateBackupStorageText } from '../text/edit.js';
import { disagreements } from '../text/yaml11.js';
import { exitCodeOf, fileOf, fileRef, objectResult, originFile, sortResults, toResult, type FileRef, type ResourceRef, type Result } from './results.js';
import { annotationsOf, isObject, keyOf, kindOfKey, refOf } from '../api/kube-object.js';
import { plural } from '../api/words.js';

export const SHARD_API_VERSION = 'multigres.com/v1alpha1';

export type OutputItem =
  | { kind: 'source'; item: InputItem }
  /** An input item the function changed (a Shard marked local-config): its new text. */
  | { kind: 'changed'; item: InputItem; localConfig: boolean; original: InputItem }
  /** An object the function renders, built when it is written; `shape` as in LazyObject. */
  | { kind: 'generated'; build: () => KubernetesObject; shape: string };

export interface Processed {
  output: OutputItem[];
  results: Result[];
  exitCode: 0 | 1;
}

export interface ProcessOptions {
  /** Give generated objects kpt's path/index annotations (off in render mode). */
  annotatePaths: boolean;
  /**
   * Compare the function's earlier output among the items with what it renders now, and report
   * what applying it does (ResourceList mode: kpt fn render keeps its output in the package).
   */
  compareEarlier?: boolean;
}

/**
 * The kinds the function reads (a Shard in any case, to say why another spelling is not rendered):
 * any other item is only copied, decided from its head alone (text/read.ts's itemHead).
 */
const READ_KINDS = new Set(['Shard', 'Secret', 'ExternalSecret', 'SealedSecret', 'ServiceAccount', 'ShardTemplate', 'MultigresCluster', FUNCTION_CONFIG_KIND]);
const isReadKind = (kind: string | null | undefined): boolean => typeof kind === 'string' && (READ_KINDS.has(kind) || kind.toLowerCase() === 'shard');


/** The kind an item declares, in any quoting, when it is one the function reads (read from the text alone). */
const DECLARED_KIND = /(?:^|[\s{,-])["']?kind["']?\s*:\s*["']?(Shard|Secret|ExternalSecret|SealedSecret|ServiceAccount|ShardTemplate|MultigresCluster|ExpandPoolBackups)["']?\s*(?:[,}#]|$)/m;

const PATH_IN_TEXT = /(?:internal\.)?config\.kubernetes\.io\/path["']?\s*:\s*["']?([^"'\n,}]+)/;
const INDEX_IN_TEXT = /(?:internal\.)?config\.kubernetes\.io\/index["']?\s*:\s*["']?([0-9]+)/;

/** The file an item that does not parse came from: its origin, or kpt's path annotation found in its text. */
function fileFromText(item: InputItem): FileRef | undefined {
  return item.origin ? originFile(item.origin) : fileRef(PATH_IN_TEXT.exec(item.text)?.[1]?.trim(), INDEX_IN_TEXT.exec(item.text)?.[1]);
}

const fileSuffix = (file: FileRef | undefined) => (file ? ` (${file.path})` : '');

function poolOrder(parsed: ParsedItem): string[] {
  const spec = parsed.value.spec;
  const pools = isObject(spec) ? spec.pools : undefined;
  if (!isObject(pools)) return [];
  if (parsed.maps) return parsed.maps.get(pools)?.keys ?? Object.keys(pools);
  const { isMap, isScalar } = yamlLib();
  const specNode = parsed.yaml?.node.get('spec', true);
  const poolsNode = isMap(specNode) ? specNode.get('pools', true) : undefined;
  if (!isMap(poolsNode)) return Object.keys(pools);
  return poolsNode.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
}

/**
 * What one Shard item comes to on its own, before anything is compared across Shards: its
 * reference, its local issues (reading, migration, shape and rules), the normalized Shard and the
 * objects it renders when it has no error so far, and its own output item (marked local-config).
 */
interface ShardLocal {
  index: number;
  ref: ResourceRef;
  file?: FileRef;
  marker: string;
  issues: Issue[];
  shard?: NormalizedShard;
  /** The objects it renders (when `shard` is set). */
  objects?: LazyObject[];
  /** `kind/namespace/name` of each rendered object, in order. */
  keys?: string[];
  output: OutputItem;
}

interface ShardEntry extends ShardLocal {
  /** The objects this run outputs for the Shard (its namespace ConfigMap first when it has one). */
  final?: { configMap?: KubernetesObject; count: number };
}

interface EarlierObject {
  marker: string;
  value: Record<string, unknown>;
  ref: ResourceRef;
  file?: FileRef;
}

/** What reading one item found. */
type Classified =
  | { kind: 'skip' }
  /** An item that does not parse; a result only when it looks like a Shard (nothing else is ours to judge). */
  | { kind: 'unreadable'; result?: Result }
  | { kind: 'shard'; local: ShardLocal }
  | { kind: 'earlier'; earlier: EarlierObject }
  | { kind: 'template'; template: { parsed: ParsedItem; ref: ResourceRef; file?: FileRef } }
  | { kind: 'other'; account?: ServiceAccountSource; source?: SecretSource }
  /** An ExpandPoolBackups among the items (kpt passes the configPath file too), or an object that is almost a Shard. */
  | { kind: 'config'; ref: ResourceRef; file?: FileRef }
  | { kind: 'notice'; result: Result };

const COUNTED_KINDS: ReadonlyArray<[string, string, string]> = [
  ['StatefulSet', 'StatefulSet', 'StatefulSets'],
  ['Service', 'Service', 'Services'],
  ['PersistentVolumeClaim', 'PVC', 'PVCs'],
  ['Deployment', 'Deployment', 'Deployments'],
  ['ConfigMap', 'ConfigMap', 'ConfigMaps'],
];

function summary(rendered: number, invalid: number, kinds: ReadonlyMap<string, number>): string {
  if (rendered === 0 && invalid === 0) return `no Shard (${SHARD_API_VERSION}) in the input; nothing rendered`;
  const kept = '(objects rendered for them earlier are kept as they were)';
  if (rendered === 0) return `nothing rendered: ${plural(invalid, 'Shard has', 'Shards have')} errors ${kept}`;
  const counts = COUNTED_KINDS.map(([kind, one, many]) => plural(kinds.get(kind) ?? 0, one, many));
  let text = `rendered ${plural(rendered, 'Shard', 'Shards')}: ${counts.join(', ')}`;
  if (invalid > 0) text += `; ${plural(invalid, 'Shard was', 'Shards were')} not rendered because of errors ${kept}`;
  return text;
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

/** The Kubernetes version the settings name, checked against the versions the function knows. */
function kubeVersionOf(config: Config, functionConfig: unknown): { rules: KubeRules; issues: Issue[] } {
  if (config.kubeVersion === undefined) return { rules: kubeRules(DEFAULT_KUBE_VERSION), issues: [] };
  const parsed = parseKubeVersion(config.kubeVersion);
  if ('version' in parsed) return { rules: kubeRules(parsed.version), issues: [] };
  const path = isObject(functionConfig) && functionConfig.kind === 'ConfigMap' ? ['data', 'kubeVersion'] : ['spec', 'kubeVersion'];
  return { rules: kubeRules(DEFAULT_KUBE_VERSION), issues: [error(path, parsed.error)] };
}

export function processItems(items: readonly InputItem[], functionConfig: unknown, options: ProcessOptions): Processed {
  const results: Result[] = [];
  const parsedConfig = parseFunctionConfig(functionConfig);
  const { config, checkWith } = parsedConfig;
  const kube = kubeVersionOf(checkWith, functionConfig);
  const configIssues = [...parsedConfig.issues, ...kube.issues];
  if (configIssues.length > 0) {
    const fc = isObject(functionConfig) ? functionConfig : {};
    results.push(...configIssues.map((i) => objectResult(i, fc)));
  }
  if (hasErrors(configIssues)) {
    // Nothing renders, but every Shard is still checked with the settings that are valid, so the
    // user meets all the mistakes of the package in this run, not one file at a time.
    const checked = readItems(items, checkWith, results);
    results.push(...unusedConfigs(checked.configs, functionConfig));
    validateShards(checked.shards, checkWith, checked.secrets, checked.accounts);
    for (const t of checked.templates) results.push(...templateIssues(t.parsed, checkWith).filter((i) => i.severity !== 'info').map((i) => toResult(i, t.ref, t.file)));
    for (const s of checked.shards) results.push(...s.issues.filter((i) => i.severity !== 'info').map((i) => toResult(i, s.ref, s.file)));
    results.push({ message: 'nothing rendered: the functionConfig has errors; every item is passed through unchanged', severity: 'info' });
    return { output: items.map((item) => ({ kind: 'source', item })), results: sortResults(results), exitCode: exitCodeOf(results) };
  }

  const { shards, earlier, secrets, accounts, templates, configs } = readItems(items, config, results);
  results.push(...unusedConfigs(configs, functionConfig));
  validateShards(shards, config, secrets, accounts);
  for (const t of templates) results.push(...templateIssues(t.parsed, config).map((i) => toResult(i, t.ref, t.file)));
  const valid = shards.filter((s) => s.final !== undefined);
  const validMarkers = new Set(valid.map((s) => s.marker));
  const invalidMarkers = new Set(shards.filter((s) => s.final === undefined && !validMarkers.has(s.marker)).map((s) => s.marker));
  const invalidNamespaces = new Set(shards.filter((s) => s.final === undefined).map((s) => s.ref.namespace ?? ''));
  const renderedNamespaces = new Set(valid.map((s) => s.ref.namespace ?? ''));
  for (const s of shards) {
    // A Shard that does not render gets its errors and warnings, not notes on what it would render.
    const reported = s.final ? s.issues : s.issues.filter((i) => i.severity !== 'info');
    results.push(...reported.map((i) => toResult(i, s.ref, s.file)));
  }

  // Earlier output is replaced, except for Shards that are invalid now: theirs stays as it was.
  const keepEarlier = (marker: string): boolean =>
    marker.includes('/') ? invalidMarkers.has(marker) : !renderedNamespaces.has(marker) && invalidNamespaces.has(marker);
  const renderedNow = new Set<string>();
  const kinds = new Map<string, number>();
  for (const s of valid) {
    const keys = s.final!.configMap ? [keyOf(refOf(s.final!.configMap)), ...s.keys!] : s.keys!;
    for (const key of keys) {
      renderedNow.add(key);
      kinds.set(kindOfKey(key), (kinds.get(kindOfKey(key)) ?? 0) + 1);
    }
  }

  const fileIndexes = new Map<string, number>();
  const output: OutputItem[] = [];
  const byIndex = new Map(shards.map((s) => [s.index, s]));
  const replaced: Array<{ item: InputItem; previous: EarlierObject }> = [];
  const generated = new Map<string, Generated>();
  items.forEach((item, index) => {
    const previous = earlier.get(index);
    if (previous !== undefined) {
      if (keepEarlier(previous.marker)) output.push({ kind: 'source', item });
      else if (options.compareEarlier) replaced.push({ item, previous });
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
    if (!shard.final) return;
    const file = options.annotatePaths ? renderedFileFor(shard.file, shard.ref.name) : undefined;
    let next = file === undefined ? 0 : (fileIndexes.get(file) ?? 0);
    if (file !== undefined) fileIndexes.set(file, next + shard.final.count);
    const { configMap } = shard.final;
    const add = (key: string, marker: string, build: () => KubernetesObject, shape: string) => {
      if (options.compareEarlier) generated.set(key, { at: output.length, marker, build, shape });
      output.push({ kind: 'generated', build, shape });
    };
    if (configMap) {
      if (file !== undefined) configMap.metadata.annotations = sortedMap(configMap.metadata.annotations, pathAnnotations(file, next++));
      add(keyOf(refOf(configMap)), shard.ref.namespace ?? '', () => configMap, 'pg-hba');
    }
    for (const lazy of shard.objects!) {
      const index = next++;
      const build = file === undefined ? () => lazy.build() : () => lazy.build(pathAnnotations(file, index));
      add(keyOf(lazy), shard.marker, build, lazy.shape);
    }
  });

  if (replaced.length > 0) results.push(...comparedWithEarlier(replaced, generated, output, valid, config, kube.rules));
  results.push({ message: summary(valid.length, shards.length - valid.length, kinds), severity: 'info' });
  return { output, results: sortResults(results), exitCode: exitCodeOf(results) };
}

/**
 * ExpandPoolBackups objects among the items that are not this run's functionConfig: kpt passes
 * every file of the package, so a second settings file would otherwise be ignored without a word.
 */
function unusedConfigs(configs: ReadonlyArray<{ ref: ResourceRef; file?: FileRef }>, functionConfig: unknown): Result[] {
  const fc = isObject(functionConfig) ? functionConfig : undefined;
  const used = fc ? { ref: refOf(fc), file: fileOf(fc) } : undefined;
  const describe = (c: { ref: ResourceRef; file?: FileRef }) => `${c.ref.kind} ${c.ref.name || '(no name)'}${c.file ? ` in ${c.file.path}` : ''}`;
  const out: Result[] = [];
  for (const c of configs) {
    if (used && used.ref.kind === c.ref.kind && used.ref.name === c.ref.name && (used.file?.path === c.file?.path || !used.file || !c.file)) continue;
    const message = used
      ? `this ${describe(c)} is not the functionConfig of this run, so none of its settings apply: the function uses ${describe(used)}; merge its spec into that one and delete this file, or point the Kptfile's configPath at this one`
      : `this ${describe(c)} is not used: the function was given no functionConfig, so its settings do not apply; name it in the Kptfile (configPath: ${c.file?.path ?? 'its file'}) or pass it with --config`;
    out.push(toResult(error([], message), c.ref, c.file));
  }
  return out;
}

/** Reads one item: parses it when the function could need it, and does a Shard's own work. */
function classify(item: InputItem, index: number, config: Config): Classified {
  const head = itemHead(item);
  // Not ours to read: copied as text. Earlier output is of a kind the function renders, with its annotation.
  if (head && !isReadKind(head.kind) && !(typeof head.kind === 'string' && RENDERED_KINDS.has(head.kind) && itemIncludes(item, ANNOTATION.renderedFrom))) return { kind: 'skip' };
  const earlierOutput = readEarlierOutput(item);
  if (earlierOutput) return earlierOutput;
  const parsed = (head?.kind === 'Secret' && readParts(item, SECRET_PARTS, SECRET_DATA)) || (head?.kind === 'ServiceAccount' && readParts(item, HEAD)) || parseItem(item);
  if ('error' in parsed) {
    const kind = DECLARED_KIND.exec(item.text)?.[1];
    if (kind === undefined) return { kind: 'unreadable' };
    const file = fileFromText(item);
    const where = file ? `${file.path}${file.index ? ` (document ${file.index})` : ''}` : `item ${index} of the input`;
    const alias = /Unresolved alias/.test(parsed.error) ? '; an alias must refer to an anchor in the same object (kpt reads every file by itself), so repeat the value instead' : '';
    const lines = !item.origin && /\bline \d+/.test(parsed.error) ? ' (line numbers count from the start of the object)' : '';
    // In render mode the item's first line in its file is known: count lines in the file.
    const firstLine = item.origin?.line;
    const problem = firstLine ? parsed.error.replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) + firstLine - 1}`) : parsed.error;
    // A Shard that cannot be read is not rendered: an error. Anything else it reads is only looked
    // at (a Secret's key names...): a warning that it was not.
    // Settings that cannot be read are never rendered without: the run fails.
    const fatal = kind === 'Shard' || kind === FUNCTION_CONFIG_KIND;
    const consequence =
      kind === 'Shard' ? 'so it was not rendered' : kind === FUNCTION_CONFIG_KIND ? 'so its settings cannot be used; fix it: the function does not render without the settings the package holds' : 'so this function did not look at it (a Shard that needs it is checked as if it were absent)';
    const message = `${where} looks like a${kind === FUNCTION_CONFIG_KIND ? 'n' : ''} ${kind} but cannot be read, ${consequence}: ${problem}${lines}${alias}`;
    return { kind: 'unreadable', result: { message, severity: fatal ? 'error' : 'warning', ...(file ? { file } : {}) } };
  }
  const { value } = parsed;
  const file = fileOf(value, item);
  if (value.kind === 'Shard' && value.apiVersion === SHARD_API_VERSION) return { kind: 'shard', local: shardLocal(item, index, parsed, file, config) };
  const marker = annotationsOf(value)[ANNOTATION.renderedFrom];
  if (typeof marker === 'string') return { kind: 'earlier', earlier: { marker, value, ref: refOf(value), ...(file ? { file } : {}) } };
  if ((value.kind === 'ShardTemplate' || value.kind === 'MultigresCluster') && value.apiVersion === SHARD_API_VERSION) {
    return { kind: 'template', template: { parsed, ref: refOf(value), ...(file ? { file } : {}) } };
  }
  if (value.kind === FUNCTION_CONFIG_KIND) return { kind: 'config', ref: refOf(value), ...(file ? { file } : {}) };
  const nearMiss = nearShard(value);
  if (nearMiss) return { kind: 'notice', result: toResult(warning([], nearMiss), refOf(value), file) };
  const account = toServiceAccount(value, file?.path);
  const source = toSecretSource(value, file?.path);
  return { kind: 'other', ...(account ? { account } : {}), ...(source ? { source } : {}) };
}

/** Why an object that is nearly a Shard (another spelling of the kind, another version) is not rendered. */
function nearShard(value: Record<string, unknown>): string | undefined {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  // The exact kind and apiVersion were taken before: here the kind in another case, or Shard with another Multigres apiVersion.
  const otherCase = kind !== 'Shard' && kind.toLowerCase() === 'shard';
  const otherVersion = kind === 'Shard' && apiVersion.includes('multigres');
  if (!otherCase && !otherVersion) return undefined;
  return `kind ${JSON.stringify(kind)}, apiVersion ${JSON.stringify(apiVersion)} is not rendered: this function renders kind Shard with apiVersion ${SHARD_API_VERSION}; fix the kind or apiVersion if this is meant to be a Shard, or it passes through as it is`;
}

const HEAD = new Set(['apiVersion', 'kind', 'metadata']);
const SECRET_PARTS = new Set(['apiVersion', 'kind', 'metadata', 'data', 'stringData']);
const SECRET_DATA = new Set(['data', 'stringData']);

/**
 * Only the parts of an item the checks need: a Secret's head and the names of its keys (never
 * their values, `namesOnly`), a ServiceAccount's head (its name and annotations).
 */
function readParts(item: InputItem, parts: ReadonlySet<string>, namesOnly?: ReadonlySet<string>): ParsedItem | undefined {
  if (item.text.includes('\r')) return undefined;
  const fast = fastParse(item.text, item.form, item.indent, parts, namesOnly);
  return isObject(fast?.value) ? { value: fast.value, maps: fast.maps, ambiguous: fast.ambiguous } : undefined;
}

/**
 * The function's own earlier output, read from its head only: what it needs of such an item is
 * its marker, name and annotations, and the rest is replaced or copied as text. On a re-render
 * these are most of the input. Undefined for anything else, which is read in full.
 */
function readEarlierOutput(item: InputItem): Classified | undefined {
  if (!itemIncludes(item, ANNOTATION.renderedFrom)) return undefined;
  const head = fastParse(item.text, item.form, item.indent, HEAD)?.value;
  if (!isObject(head) || (head.kind === 'Shard' && head.apiVersion === SHARD_API_VERSION)) return undefined;
  const marker = annotationsOf(head)[ANNOTATION.renderedFrom];
  if (typeof marker !== 'string') return undefined;
  const file = fileOf(head, item);
  return { kind: 'earlier', earlier: { marker, value: head, ref: refOf(head), ...(file ? { file } : {}) } };
}

/** A Shard's own work: migration, shape and rules, and its objects when it has no error so far. */
function shardLocal(original: InputItem, index: number, originalParsed: ParsedItem, file: FileRef | undefined, config: Config): ShardLocal {
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
  const local: ShardLocal = { index, ref, ...(file ? { file } : {}), marker: shardMarker({ name: ref.name, namespace: ref.namespace }), issues, output: markLocalConfig(item, parsed, config, original, issues) };
  // With a key written twice, which value the Shard holds depends on the reader: checking one of
  // them would report mistakes of a Shard nobody wrote. The rest is checked once one is left.
  if (originalParsed.duplicateKey) return local;
  const checked = parseShard(parsed.value, poolOrder(parsed), config);
  issues.push(...checked.issues);
  if (checked.shard && !hasErrors(issues)) {
    local.shard = checked.shard;
    local.objects = shardObjects(checked.shard, config);
    local.keys = local.objects.map(keyOf);
  }
  return local;
}

/** Reads the items the function needs; one that cannot be read never stops the others. */
function readItems(items: readonly InputItem[], config: Config, results: Result[]) {
  const shards: ShardEntry[] = [];
  const earlier = new Map<number, EarlierObject>();
  const secrets = new Map<string, SecretSource[]>();
  const accounts = new Map<string, ServiceAccountSource>();
  const templates: Array<{ parsed: ParsedItem; ref: ResourceRef; file?: FileRef }> = [];
  const configs: Array<{ ref: ResourceRef; file?: FileRef }> = [];
  items.forEach((item, index) => {
    const c = classify(item, index, config);
    switch (c.kind) {
      case 'unreadable':
        if (c.result) results.push(c.result);
        break;
      case 'notice':
        results.push(c.result);
        break;
      case 'config':
        configs.push(c);
        break;
      case 'shard':
        shards.push(c.local);
        break;
      case 'earlier':
        earlier.set(index, c.earlier);
        break;
      case 'template':
        templates.push(c.template);
        break;
      case 'other':
        if (c.account) accounts.set(`${c.account.namespace}/${c.account.name}`, c.account);
        if (c.source) {
          const key = `${c.source.namespace}/${c.source.name}`;
          secrets.set(key, [...(secrets.get(key) ?? []), c.source]);
        }
        break;
    }
  });
  return { shards, earlier, secrets, accounts, templates, configs };
}

/** Checks across Shards (names, shared repositories, Secrets, object names), then settles what renders. */
function validateShards(shards: ShardEntry[], config: Config, secrets: ReadonlyMap<string, SecretSource[]>, accounts: ReadonlyMap<string, ServiceAccountSource>): void {
  const seen = new Map<string, ShardEntry>();
  const users: Array<RepositoryUser & { entry: ShardEntry }> = [];
  for (const entry of shards) {
    const first = seen.get(entry.marker);
    if (first) {
      entry.issues.push(error(['metadata', 'name'], `another Shard with this namespace and name comes earlier in the input${fileSuffix(first.file)}; Shard names must be unique per namespace`));
    } else seen.set(entry.marker, entry);
    if (!entry.shard || hasErrors(entry.issues)) continue;
    const shard = entry.shard;
    entry.issues.push(...shardRepositoryWarnings(shard), ...secretIssues(shard, secrets), ...serviceAccountIssues(shard, accounts));
    const identity = [shard.cluster, shard.databaseName, shard.tableGroupName, shard.shardName].join('\u0000');
    for (const pool of shard.pools) {
      if (pool.backup.type === 's3') users.push({ shard: entry.marker, identity, pool: pool.name, backup: pool.backup, entry });
    }
  }

  for (const [a, b] of repositoryCollisions(users)) {
    const first = users.find((u) => u === a)!;
    const second = users.find((u) => u === b)!;
    const unique = (s: NormalizedShard) => [s.namespace ?? '', s.cluster || 'no-cluster', s.databaseName, s.tableGroupName, s.shardName].join('/');
    first.entry.issues.push(collisionIssue(a, b, fileSuffix(second.entry.file), unique(first.entry.shard!)));
    second.entry.issues.push(collisionIssue(b, a, fileSuffix(first.entry.file), unique(second.entry.shard!)));
  }

  const claimed = new Map<string, ShardEntry>();
  const namespacesWithConfigMap = new Set<string>();
  for (const entry of shards) {
    if (!entry.shard || !entry.keys || hasErrors(entry.issues)) continue;
    const key = entry.keys.find((k) => claimed.has(k));
    if (key !== undefined) {
      const owner = claimed.get(key)!;
      const [kind, , name] = key.split('/');
      entry.issues.push(error(['spec'], `renders ${kind} ${name}, which Shard ${owner.ref.name}${fileSuffix(owner.file)} renders too: two Shards need a different cluster label, databaseName, tableGroupName or shardName`));
      continue;
    }
    for (const key of entry.keys) claimed.set(key, entry);
    const namespace = entry.shard.namespace ?? '';
    const configMap = namespacesWithConfigMap.has(namespace) ? undefined : expandNamespace(entry.shard);
    entry.final = { ...(configMap ? { configMap } : {}), count: entry.keys.length + (configMap ? 1 : 0) };
    namespacesWithConfigMap.add(namespace);
  }
}

/** Key order of a mapping the item holds (written order, from the fast reader or the yaml node). */
function keyOrder(parsed: ParsedItem, object: Record<string, unknown>, path: ReadonlyArray<string | number>): string[] {
  if (parsed.maps) return parsed.maps.get(object)?.keys ?? Object.keys(object);
  const node: unknown = parsed.yaml?.node.getIn(path, true);
  const { isMap, isScalar } = yamlLib();
  return isMap(node) ? node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))) : Object.keys(object);
}

/**
 * ShardTemplates and MultigresClusters are not rendered: only what the function owns in their
 * pools (backupConfig, backupStorage) is checked, so a typo in a template's backups still fails
 * the render, and everything else in them is the operator's CRD's to judge (DESIGN §4). The
 * pools are a ShardTemplate's `spec.pools`, and in a MultigresCluster each inline shard's
 * `spec.pools` and `overrides.pools` (merged by the operator into the pools of the Shard it makes).
 * They pass through untouched.
 */
function templateIssues(parsed: ParsedItem, config: Config): Issue[] {
  const value = parsed.value;
  const spec = isObject(value.spec) ? value.spec : {};
  const check = (pools: unknown, path: Array<string | number>) => (isObject(pools) ? validatePoolBackups(pools, keyOrder(parsed, pools, path), path, config) : []);
  if (value.kind === 'ShardTemplate') return check(spec.pools, ['spec', 'pools']);
  const issues: Issue[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  list(spec.databases).forEach((db, d) =>
    list(isObject(db) ? db.tablegroups : undefined).forEach((tg, t) =>
      list(isObject(tg) ? tg.shards : undefined).forEach((sh, k) => {
        if (!isObject(sh)) return;
        const at = ['spec', 'databases', d, 'tablegroups', t, 'shards', k];
        for (const part of ['spec', 'overrides']) {
          const holder = sh[part];
          if (isObject(holder)) issues.push(...check(holder.pools, [...at, part, 'pools']));
        }
      }),
    ),
  );
  return issues;
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

/** An object this run renders: where it is in the output, its Shard's marker, how to build and write it. */
interface Generated extends RenderedNow {
  at: number;
}

/**
 * A re-render's plan as results (src/plan/earlier-output.ts compares): an earlier object whose
 * text is exactly what this run writes goes out as that text, and every change points at the file
 * that holds its object, a creation at its Shard's file.
 */
function comparedWithEarlier(replaced: ReadonlyArray<{ item: InputItem; previous: EarlierObject }>, generated: ReadonlyMap<string, Generated>, output: OutputItem[], valid: readonly ShardEntry[], config: Config, rules: KubeRules): Result[] {
  const compared = compareWithEarlier(
    replaced.map(({ item, previous }) => ({ item, marker: previous.marker, key: keyOf(previous.ref) })),
    generated,
    rules,
  );
  for (const key of compared.unchanged) {
    const now = generated.get(key)!;
    output[now.at] = { kind: 'source', item: compared.earlierItems.get(key)! };
  }
  const objectFiles = new Map<string, FileRef | undefined>();
  const files = new Map<string, FileRef | undefined>();
  for (const e of compared.read) {
    objectFiles.set(e.key, fileOf(e.value, e.item));
    if (!files.has(e.marker)) files.set(e.marker, fileOf(e.value, e.item));
  }
  for (const s of valid) {
    files.set(s.marker, s.file);
    if (s.final!.configMap && !files.has(s.ref.namespace ?? '')) files.set(s.ref.namespace ?? '', s.file);
  }
  const fileFor = (change: PlanChange | undefined, marker: string) =>
    (change && objectFiles.get(keyOf(change.object))) ?? files.get(marker);
  return planResults(compared.plan, config, fileFor);
}

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

/** The Shard, marked local-config so it is never applied, unless told to keep it as it is. */
function markLocalConfig(item: InputItem, parsed: ParsedItem, config: Config, original: InputItem, issues: Issue[]): OutputItem {
  const migrated = item !== original;
  if (config.shards === 'keep') return migrated ? { kind: 'changed', item, localConfig: false, original } : { kind: 'source', item };
  const current = annotationsOf(parsed.value)[ANNOTATION.localConfig];
  if (current === 'true') return { kind: 'changed', item, localConfig: true, original };
  // A Shard with duplicate keys is not edited: it has an error result already.
  const inserted = parsed.duplicateKey ? undefined : insertAnnotationText(item, parsed, ANNOTATION.localConfig, 'true');
  if (inserted !== undefined) return { kind: 'changed', item: { ...item, text: inserted }, localConfig: true, original };
  if (!parsed.duplicateKey) {
    issues.push(
      error(['metadata'], `the ${ANNOTATION.localConfig} annotation cannot be added to this Shard's metadata as written (an alias, a tag or a layout no single insertion extends), so it would be applied to the cluster; add ${ANNOTATION.localConfig}: "true" under metadata.annotations yourself`),
    );
  }
  return { kind: 'source', item: original };
}
