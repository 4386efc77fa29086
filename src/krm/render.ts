// Render mode: plain manifests in (file texts), the `---` stream of what to apply out, as the
// Argo CD plugin's generate step needs it: no local-config objects (Shards, the Kptfile, the
// functionConfig), no orchestrator annotations, and never an empty success. No IO here.
import type { YAMLMap } from 'yaml';
import { yamlLib } from '../text/yaml-lib.js';
import { FUNCTION_CONFIG_KIND, withParameters } from '../api/function-config.js';
import { ANNOTATION } from '../expand/keys.js';
import { written, type ByteSink } from '../text/byte-sink.js';
import { splitDocuments } from '../text/documents.js';
import { isOrchestratorKey, removeAnnotationsText } from '../text/edit.js';
import type { InputItem } from '../text/item.js';
import { fileText, itemHead, readFiles, type SourceFile } from '../text/read.js';
import { itemIncludes } from '../text/item.js';
import { writeManifests, type OutputEntry } from '../text/write.js';
import { errorMessage, fastRead, guarded, InputError, PARSE_OPTIONS, toPlain } from '../text/parse.js';
import { processItems } from './process.js';
import { toPlainData } from '../expand/object.js';
import { exitCodeOf, toResult, type Result } from './results.js';
import { annotationsOf, deepEqual, isLocalConfig, isObject } from '../api/kube-object.js';

export type { SourceFile };

export interface RenderOutput {
  /** The manifests as text (built when asked for; the CLI writes them with writeTo instead). */
  readonly stdout: string;
  /** Writes the manifests into a sink as they are produced, never whole in memory (nothing on errors). */
  writeTo(sink: ByteSink): void;
  exitCode: 0 | 1;
  results: Result[];
}


/**
 * The function's settings, whatever their apiVersion: one with a wrong apiVersion is still taken
 * out of the stream (it must not be applied) and its apiVersion is reported as an error.
 */
function isFunctionConfig(value: unknown): boolean {
  return isObject(value) && value.kind === FUNCTION_CONFIG_KIND;
}

/** A yaml error's line counted in the file, not in the document. */
const inFile = (message: string, firstLine: number): string => message.replace(/\bat line (\d+)/g, (_, n: string) => `at line ${Number(n) + firstLine - 1}`);

/**
 * What an unowned item becomes in the stream: dropped (local-config, Kptfile), the item as it
 * was, or a copy whose text has the orchestrator annotations removed. Only items whose text
 * mentions those are parsed.
 */
function forStream(item: InputItem): InputItem | undefined {
  const path = item.origin?.path ?? 'input';
  // A Kptfile says so in its head; every annotation looked at here (local-config, kpt's and
  // kustomize's bookkeeping) has `config.k` in its key, so `fig.k`, whose first letter is rarer
  // than a `c` (the search stops at each): one search of the item's bytes.
  const head = itemHead(item);
  const suspicious = (head ? head.kind === 'Kptfile' : itemIncludes(item, 'Kptfile')) || itemIncludes(item, 'fig.k');
  if (!suspicious) return item;
  // What it holds from the fast reader when that is sure; the yaml library for a message, and
  // for the document an edit needs.
  const fast = fastRead(item)?.value;
  if (isObject(fast)) {
    if (isDropped(fast)) return undefined;
    if (orchestratorKeys(fast).length === 0) return item;
  }
  const { text } = item;
  const doc = yamlLib().parseDocument(text, { ...PARSE_OPTIONS, uniqueKeys: false });
  const message = errorMessage(doc);
  if (message) throw new InputError(`${path} is not valid YAML: ${inFile(message, item.origin?.line ?? 1)}`);
  if (!yamlLib().isMap(doc.contents)) return item;
  const value = guarded(path, () => toPlain(doc, doc.contents));
  if (!isObject(value)) return item;
  if (isDropped(value)) return undefined;
  const strip = orchestratorKeys(value);
  if (strip.length === 0) return item;
  const edited = removeAnnotationsText(item, doc, doc.contents as YAMLMap, strip);
  if (edited === undefined) {
    throw new InputError(`${path}: the orchestrator annotations ${strip.join(', ')} cannot be removed from this document as written; remove them from the file (they must not reach a cluster)`);
  }
  return { ...item, text: edited };
}

/** An item that may be settings, as plain data: undefined when it is not valid YAML and does not declare settings. */
function settingsValue(item: InputItem): unknown {
  const fast = fastRead(item)?.value;
  if (isObject(fast)) return fast;
  const path = item.origin?.path ?? 'input';
  const parsed = yamlLib().parseDocument(item.text, PARSE_OPTIONS);
  const problem = errorMessage(parsed);
  if (problem && DECLARES_SETTINGS.test(item.text)) {
    throw new InputError(`${path} holds ${FUNCTION_CONFIG_KIND} settings that are not valid YAML: ${inFile(problem, item.origin?.line ?? 1)}; fix them: the function never renders without its settings`);
  }
  return problem ? undefined : guarded(path, () => toPlain(parsed, parsed.contents));
}

/** A package's Kptfile, or local configuration: not written to the stream. */
const isDropped = (value: Record<string, unknown>): boolean => (value.kind === 'Kptfile' && String(value.apiVersion).startsWith('kpt.dev/')) || isLocalConfig(value);

/** The orchestrators' bookkeeping annotations on an object, removed from what is written. */
const orchestratorKeys = (value: Record<string, unknown>): string[] => Object.keys(annotationsOf(value)).filter(isOrchestratorKey);

/** The one document of a functionConfig file, as plain data. */
export const parseConfigText = (config: SourceFile): unknown => parseWhole(config, 'functionConfig');

/** The function's name as kpt pipelines name it: an image's last path component, or an exec's program. */
export const FUNCTION_NAME = 'expand-pool-backups';

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');

/** A path relative to a directory, slash-separated, `.` and `..` resolved (as kpt resolves configPath). */
function joinPath(dir: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${dir}${relative}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** Whether a Kptfile mutator runs this function: its image's name or its exec's program is expand-pool-backups. */
function runsThisFunction(mutator: Record<string, unknown>): boolean {
  if (typeof mutator.image === 'string') {
    const name = mutator.image.replace(/@.*$/, '').split('/').pop()!.replace(/:.*$/, '');
    if (name === FUNCTION_NAME) return true;
  }
  if (typeof mutator.exec === 'string') {
    return mutator.exec.split(/\s+/).some((word) => word.split('/').pop()!.replace(/\.(?:mjs|cjs|js)$/, '') === FUNCTION_NAME);
  }
  return false;
}

const isKptfilePath = (path: string) => path === 'Kptfile' || path.endsWith('/Kptfile');

/** One document of a file as plain data, or an error naming the file. */
function parseWhole(file: SourceFile, what: string): unknown {
  const docs = splitDocuments(fileText(file).replace(/^\ufeff/, '')).filter((d) => d.hasContent);
  if (docs.length !== 1) throw new InputError(`${file.path} must hold exactly one ${what} document, found ${docs.length}`);
  // The fast reader when it is sure (it reads what the yaml library reads); the yaml library
  // otherwise, and for the message when the document is not valid.
  const fast = fastRead({ text: docs[0]!.text, form: 'document', indent: 0 });
  if (fast && fast.value !== null && typeof fast.value === 'object' && !Array.isArray(fast.value)) return fast.value;
  const doc = yamlLib().parseDocument(docs[0]!.text, PARSE_OPTIONS);
  const message = errorMessage(doc);
  if (message) throw new InputError(`${file.path} is not valid YAML: ${inFile(message, docs[0]!.line)}`);
  return guarded(file.path, () => toPlain(doc, doc.contents));
}

/**
 * The functionConfig the package's Kptfile gives this function, as kpt would: the file its
 * mutator's configPath names, or its inline configMap. Packages whose Kptfiles configure the
 * function differently cannot be rendered as one.
 */
function kptfileConfig(files: readonly SourceFile[]): { functionConfig: unknown; from: string; skip?: string } | undefined {
  let found: { functionConfig: unknown; from: string; skip?: string } | undefined;
  for (const kptfile of files.filter((f) => isKptfilePath(f.path))) {
    const value = parseWhole(kptfile, 'the Kptfile');
    if (!isObject(value) || value.kind !== 'Kptfile' || !String(value.apiVersion ?? '').startsWith('kpt.dev/')) continue;
    const pipeline = isObject(value.pipeline) ? value.pipeline : {};
    const mutators = Array.isArray(pipeline.mutators) ? pipeline.mutators.filter(isObject).filter(runsThisFunction) : [];
    for (const mutator of mutators) {
      let next: { functionConfig: unknown; from: string; skip?: string } | undefined;
      if (typeof mutator.configPath === 'string') {
        const path = joinPath(dirOf(kptfile.path), mutator.configPath);
        const file = files.find((f) => joinPath('', f.path) === path);
        if (!file) throw new InputError(`${kptfile.path}: the ${FUNCTION_NAME} mutator's configPath ${mutator.configPath} names no file of the package (looked for ${path}); the function never renders without the settings its Kptfile names`);
        next = { functionConfig: parseWhole(file, `the settings the Kptfile names (configPath: ${mutator.configPath})`), from: `${file.path} (configPath in ${kptfile.path})`, skip: file.path };
      } else if (isObject(mutator.configMap)) {
        next = { functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input', annotations: { [ANNOTATION.localConfig]: 'true' } }, data: mutator.configMap }, from: `the configMap of ${kptfile.path}` };
      }
      if (next === undefined) continue;
      if (found && !deepEqual(found.functionConfig, next.functionConfig)) {
        throw new InputError(`two kpt packages give ${FUNCTION_NAME} different settings (${found.from} and ${next.from}): render or plan one package at a time, or give the settings for all with --config`);
      }
      found = next;
    }
  }
  return found;
}

/** A document that declares itself the function's settings at its top level, whether it parses or not. */
const DECLARES_SETTINGS = new RegExp(`^(?:kind[ \\t]*:[ \\t]*["']?${FUNCTION_CONFIG_KIND}["']?[ \\t]*(?:#.*)?$|[{ \\t]*"kind"[ \\t]*:[ \\t]*"${FUNCTION_CONFIG_KIND}")`, 'm');

/**
 * The manifests as input items (every document with content, in order), the items the function
 * gets (all but the functionConfig), the functionConfig (`config`, else the one the Kptfile names,
 * else the one among the files) and the comment-only text after the last document. Settings that
 * cannot be read are an error, never a render without them.
 */
function sourceItems(files: readonly SourceFile[], config?: SourceFile): { all: InputItem[]; items: InputItem[]; trailer: string; functionConfig: unknown } {
  let functionConfig: unknown;
  let configFrom: string | undefined;
  const take = (value: unknown, path: string) => {
    if (configFrom !== undefined) {
      throw new InputError(`two ${FUNCTION_CONFIG_KIND} functionConfigs: ${configFrom} and ${path}; keep one, or name one with --config`);
    }
    functionConfig = value;
    configFrom = path;
  };
  const fromKptfile = kptfileConfig(files);
  if (config) take(parseConfigText(config), config.path);
  else if (fromKptfile) take(fromKptfile.functionConfig, fromKptfile.from);
  const explicit = configFrom !== undefined;
  // The Kptfiles are read for their settings only, and the file a configPath names is settings, not a manifest.
  const manifests = files.filter((f) => !isKptfilePath(f.path) && (config !== undefined || f.path !== fromKptfile?.skip));
  const { items: all, trailer } = readFiles(manifests);
  const items = all.filter((item) => {
    // Settings are an ExpandPoolBackups by their head; an item whose head does not read is
    // parsed when its text names the kind (it may be settings that are not valid YAML).
    const head = itemHead(item);
    if (head ? head.kind !== FUNCTION_CONFIG_KIND : !itemIncludes(item, FUNCTION_CONFIG_KIND)) return true;
    const value = settingsValue(item);
    if (!isFunctionConfig(value)) return true;
    // An explicit --config (or the Kptfile's settings) wins; the one among the files is then left out of the stream too.
    if (!explicit) take(value, item.origin?.path ?? 'input');
    return false;
  });
  return { all, items, trailer, functionConfig };
}

/** Renders the given manifests; `config` is an explicit functionConfig file. */
export function renderFiles(files: readonly SourceFile[], config?: SourceFile, parameters: Readonly<Record<string, string>> = {}): RenderOutput {
  const { all, items, trailer, functionConfig } = sourceItems(files, config);
  const merged = withParameters(functionConfig, parameters);
  if (merged.issues.length > 0) {
    const results = merged.issues.map((i) => toResult(i));
    return { stdout: '', writeTo: () => {}, exitCode: exitCodeOf(results), results };
  }
  const processed = processItems(items, merged.functionConfig, { annotatePaths: false });
  const results = [...processed.results];
  const entries: OutputEntry[] = [];
  let documents = 0;
  for (const out of processed.output) {
    if (out.kind === 'generated') {
      entries.push({ build: out.build, shape: out.shape });
      documents++;
    } else if (out.kind === 'changed' && out.localConfig) entries.push({ item: out.item, original: out.original, drop: true });
    else {
      const item = forStream(out.item);
      const original = out.kind === 'changed' ? out.original : out.item;
      entries.push(item === undefined ? { item: out.item, original, drop: true } : { item, original });
      if (item !== undefined) documents++;
    }
  }
  if (documents === 0 && processed.exitCode === 0) {
    results.unshift({ message: 'nothing to apply: the input holds no objects besides local configuration; refusing to print an empty manifest (a GitOps tool would prune everything)', severity: 'error' });
  }
  const exitCode = exitCodeOf(results);
  // On errors print nothing: `render | kubectl apply -f -` must not apply half a render.
  const writeTo = (sink: ByteSink): void => {
    if (exitCode === 0) writeManifests(sink, all, entries, trailer);
  };
  return {
    get stdout() {
      return written(writeTo);
    },
    writeTo,
    exitCode,
    results,
  };
}

/**
 * The objects the function renders from the given manifests, as plain data (for `plan`): no
 * text is written, and nothing else in the manifests is looked at twice.
 */
export function renderObjects(files: readonly SourceFile[], config?: SourceFile): { objects: Array<Record<string, unknown>>; exitCode: 0 | 1; results: Result[] } {
  const { items, functionConfig } = sourceItems(files, config);
  const processed = processItems(items, functionConfig, { annotatePaths: false });
  const objects = processed.output.flatMap((out) => (out.kind === 'generated' ? [toPlainData(out.build()) as Record<string, unknown>] : []));
  return { objects, exitCode: processed.exitCode, results: processed.results };
}
