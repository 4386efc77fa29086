// The run's settings: the functionConfig read (api/function-config.ts), the Kubernetes version it
// names, and the ExpandPoolBackups objects among the items that are not the functionConfig. Each
// returns results; nothing here reads an item's text.
import { parseFunctionConfig } from '../api/function-config.js';
import { error, hasErrors, type Issue } from '../api/issue.js';
import { isObject, refOf } from '../api/kube-object.js';
import type { Config } from '../api/model.js';
import { DEFAULT_KUBE_VERSION, kubeRules, parseKubeVersion, type KubeRules } from '../plan/kube-rules.js';
import { fileOf, objectResult, toResult, type FileRef, type ResourceRef, type Result } from './results.js';

export interface Settings {
  /**
   * What the Shards are checked and rendered with; when the functionConfig has errors, the
   * settings of it that are valid, so every Shard is still checked (and nothing renders).
   */
  config: Config;
  rules: KubeRules;
  /** The functionConfig's own results. */
  results: Result[];
  /** False when the functionConfig has errors: then nothing renders and every item passes through. */
  renders: boolean;
}

export function readSettings(functionConfig: unknown): Settings {
  const parsedConfig = parseFunctionConfig(functionConfig);
  const { config, checkWith } = parsedConfig;
  const kube = kubeVersionOf(checkWith, functionConfig);
  const configIssues = [...parsedConfig.issues, ...kube.issues];
  const renders = !hasErrors(configIssues);
  const fc = isObject(functionConfig) ? functionConfig : {};
  return { config: renders ? config : checkWith, rules: kube.rules, results: configIssues.map((i) => objectResult(i, fc)), renders };
}

/** The Kubernetes version the settings name, checked against the versions the function knows. */
function kubeVersionOf(config: Config, functionConfig: unknown): { rules: KubeRules; issues: Issue[] } {
  if (config.kubeVersion === undefined) return { rules: kubeRules(DEFAULT_KUBE_VERSION), issues: [] };
  const parsed = parseKubeVersion(config.kubeVersion);
  if ('version' in parsed) return { rules: kubeRules(parsed.version), issues: [] };
  const path = isObject(functionConfig) && functionConfig.kind === 'ConfigMap' ? ['data', 'kubeVersion'] : ['spec', 'kubeVersion'];
  return { rules: kubeRules(DEFAULT_KUBE_VERSION), issues: [error(path, parsed.error)] };
}

/**
 * ExpandPoolBackups objects among the items that are not this run's functionConfig: kpt passes
 * every file of the package, so a second settings file would otherwise be ignored without a word.
 */
export function unusedConfigs(configs: ReadonlyArray<{ ref: ResourceRef; file?: FileRef }>, functionConfig: unknown): Result[] {
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
