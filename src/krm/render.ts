// Render mode: plain manifests in (file texts), the `---` stream of what to apply out, as the
// Argo CD plugin's generate step needs it: no local-config objects (Shards, the Kptfile, the
// functionConfig), no orchestrator annotations, and never an empty success. No IO here.
import type { YAMLMap } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import { FUNCTION_CONFIG_API_VERSION, FUNCTION_CONFIG_KIND, withParameters } from '../api/function-config.js';
import { ANNOTATION } from '../expand/keys.js';
import { written } from './byte-sink.js';
import { Templates } from './template.js';
import type { InputItem } from './item.js';
import { errorMessage, InputError, nodeToDocumentText, PARSE_OPTIONS, STRINGIFY_OPTIONS, toPlain } from './parse.js';
import { processItems } from './process.js';
import { toResult, type Result } from './results.js';

export interface SourceFile {
  /** Slash-separated path, as shown in results. */
  path: string;
  text: string;
}

export interface RenderOutput {
  stdout: string;
  exitCode: 0 | 1;
  results: Result[];
}

const DOC_MARKER = /^(---|\.\.\.)(?=[ \t]|$)/;

/** Splits a file into document texts; bare `---` lines only, else the yaml parser decides. */
export function splitDocuments(file: SourceFile): string[] {
  const text = file.text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const simple = lines.every((l) => !l.startsWith('%') && (!DOC_MARKER.test(l) || /^(---|\.\.\.)[ \t]*(#.*)?$/.test(l)));
  if (!simple) {
    const docs = yamlLib().parseAllDocuments(text, PARSE_OPTIONS);
    const list = Array.isArray(docs) ? docs : [docs];
    return list.map((doc) => {
      const message = errorMessage(doc);
      if (message) throw new InputError(`${file.path} is not valid YAML: ${message}`);
      return doc.contents === null ? '' : nodeToDocumentText(doc, doc.contents);
    });
  }
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (DOC_MARKER.test(line)) {
      docs.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  docs.push(current.join('\n'));
  return docs;
}

const isContent = (doc: string): boolean => doc.split('\n').some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isFunctionConfig(value: unknown): boolean {
  return isObject(value) && value.apiVersion === FUNCTION_CONFIG_API_VERSION && value.kind === FUNCTION_CONFIG_KIND;
}

const ORCHESTRATOR_KEY = /^(internal\.config\.kubernetes\.io\/|config\.kubernetes\.io\/(path|index)$|config\.k8s\.io\/id$|kustomize\.config\.k8s\.io\/)/;

/**
 * What an unowned item becomes in the stream: dropped (local-config, Kptfile), as it was, or
 * with orchestrator annotations removed. Only items whose text mentions those are parsed.
 */
function forStream(text: string, path: string): string | undefined {
  const suspicious = text.includes('local-config') || text.includes('Kptfile') || text.includes('config.kubernetes.io/') || text.includes('config.k8s.io/');
  if (!suspicious) return text;
  const doc = yamlLib().parseDocument(text, PARSE_OPTIONS);
  const message = errorMessage(doc);
  if (message) throw new InputError(`${path} is not valid YAML: ${message}`);
  if (!yamlLib().isMap(doc.contents)) return text;
  const value = toPlain(doc, doc.contents);
  if (!isObject(value)) return text;
  if (value.kind === 'Kptfile' && String(value.apiVersion).startsWith('kpt.dev/')) return undefined;
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const local = annotations[ANNOTATION.localConfig];
  if (local !== undefined && local !== 'false' && local !== false) return undefined;
  const strip = Object.keys(annotations).filter((k) => ORCHESTRATOR_KEY.test(k));
  if (strip.length === 0) return text;
  const node = (doc.contents as YAMLMap).getIn(['metadata', 'annotations'], true) as YAMLMap;
  for (const key of strip) node.delete(key);
  if (node.items.length === 0) (doc.contents as YAMLMap).deleteIn(['metadata', 'annotations']);
  return doc.toString(STRINGIFY_OPTIONS);
}

/** The one document of a functionConfig file, as plain data. */
export function parseConfigText(config: SourceFile): unknown {
  const docs = splitDocuments(config).filter(isContent);
  if (docs.length !== 1) throw new InputError(`${config.path} must hold exactly one functionConfig document, found ${docs.length}`);
  const doc = yamlLib().parseDocument(docs[0]!, PARSE_OPTIONS);
  const message = errorMessage(doc);
  if (message) throw new InputError(`${config.path} is not valid YAML: ${message}`);
  return toPlain(doc, doc.contents);
}

/** Renders the given manifests; `config` is an explicit functionConfig file. */
export function renderFiles(files: readonly SourceFile[], config?: SourceFile, parameters: Readonly<Record<string, string>> = {}): RenderOutput {
  const items: InputItem[] = [];
  let functionConfig: unknown;
  let configFrom: string | undefined;
  const take = (value: unknown, path: string) => {
    if (configFrom !== undefined) {
      throw new InputError(`two ${FUNCTION_CONFIG_KIND} functionConfigs: ${configFrom} and ${path}; keep one, or name one with --config`);
    }
    functionConfig = value;
    configFrom = path;
  };
  if (config) take(parseConfigText(config), config.path);
  for (const file of files) {
    splitDocuments(file).forEach((text, index) => {
      if (!isContent(text)) return;
      const body = text.endsWith('\n') ? text : `${text}\n`;
      if (body.includes(FUNCTION_CONFIG_KIND)) {
        const doc = yamlLib().parseDocument(body, PARSE_OPTIONS);
        const value = errorMessage(doc) ? undefined : toPlain(doc, doc.contents);
        if (isFunctionConfig(value)) {
          if (!config) take(value, file.path);
          return;
        }
      }
      items.push({ text: body, form: 'document', indent: 0, origin: { path: file.path, index } });
    });
  }

  const merged = withParameters(functionConfig, parameters);
  if (merged.issues.length > 0) {
    return { stdout: '', exitCode: 1, results: merged.issues.map((i) => toResult(i)) };
  }
  const processed = processItems(items, merged.functionConfig, { annotatePaths: false });
  const results = [...processed.results];
  const docs: string[] = [];
  const templates = new Templates();
  for (const out of processed.output) {
    if (out.kind === 'generated') docs.push(written((o) => templates.writeDocument(o, out.build(), out.shape)));
    else if (out.kind === 'changed' && out.localConfig) continue;
    else {
      const text = forStream(out.item.text, out.item.origin?.path ?? 'input');
      if (text !== undefined) docs.push(text);
    }
  }
  let exitCode = processed.exitCode;
  if (docs.length === 0 && exitCode === 0) {
    results.unshift({ message: 'nothing to apply: the input holds no objects besides local configuration; refusing to print an empty manifest (a GitOps tool would prune everything)', severity: 'error' });
    exitCode = 1;
  }
  // On errors print nothing: `render | kubectl apply -f -` must not apply half a render.
  return { stdout: exitCode === 0 ? docs.map((d) => `---\n${d}`).join('') : '', exitCode, results };
}
