// The functionConfig: an ExpandPoolBackups object, or a ConfigMap whose `data` holds the same
// keys flattened with dots (kpt `configMap:`, `kpt fn eval -- key=value`, Argo CD parameters).
// Pure: the written config is checked and turned into a Config with every default filled in.
import { error, hasErrors, type FieldPath, type Issue } from './issue.js';
import { deepFreeze, DEFAULT_CONFIG, type Config } from './model.js';
import { noInlineCredentials, validS3, validStorage, pinnedPostgresImage } from './rules.js';
import type { FunctionConfigSpec } from './schemas.js';
import { loadSchemas } from './load-schemas.js';
import { fieldsOf, safeParse } from './validate.js';
import { acceptedFields, describeValue, issuesFromZod, unknownFieldIssue } from './zod-issues.js';
import { checkKeyPrefixTemplate } from './key-prefix.js';
import { isObject } from './kube-object.js';

export const FUNCTION_CONFIG_API_VERSION = 'fn.multigres.com/v1alpha1';
export const FUNCTION_CONFIG_KIND = 'ExpandPoolBackups';

export interface ParsedConfig {
  config: Config;
  issues: Issue[];
  /**
   * With errors: the settings that are valid on their own, so that the Shards can still be
   * checked in the same run (nothing is rendered). Without errors: the config itself.
   */
  checkWith: Config;
}


const BOOLEAN_KEYS = new Set(['protectBackupVolumes', 'migrateLegacyBackupStorage', 'defaults.backupConfig.s3.useEnvCredentials']);
const LIST_KEYS = new Set(['defaults.backupConfig.storage.accessModes']);

/** Turns `{ "a.b": "x" }` into `{ a: { b: "x" } }`, typing the few non-string keys; a key whose value is not of its type is an issue and left out. */
function unflatten(data: Record<string, unknown>, base = 'data'): { value: Record<string, unknown>; issues: Issue[] } {
  const root: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(data)) {
    let converted: unknown = value;
    if (BOOLEAN_KEYS.has(key) && typeof value === 'string') {
      if (value === 'true' || value === 'false') converted = value === 'true';
      else {
        issues.push(error([base, key], `got ${describeValue(value)}; accepted values are true, false`));
        continue;
      }
    }
    if (LIST_KEYS.has(key) && typeof value === 'string') converted = value.split(',').map((s) => s.trim()).filter(Boolean);
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (!isObject(next)) Object.defineProperty(node, part, { value: {}, enumerable: true, writable: true, configurable: true });
      node = node[part] as Record<string, unknown>;
    }
    Object.defineProperty(node, parts.at(-1)!, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return { value: root, issues };
}

/**
 * Every flattened key the functionConfig accepts, in the order of FunctionConfigSpecSchema's
 * fields. Written out rather than read from the schema: render looks up Argo CD's PARAM_<KEY>
 * variables on every run, and a package without a Shard or a functionConfig then needs no schema
 * (function-config.test.ts checks the list against the schema).
 */
const FLATTENED_KEYS = [
  'defaults.backupConfig.type',
  'defaults.backupConfig.storage.size',
  'defaults.backupConfig.storage.class',
  'defaults.backupConfig.storage.accessModes',
  'defaults.backupConfig.s3.bucket',
  'defaults.backupConfig.s3.region',
  'defaults.backupConfig.s3.endpoint',
  'defaults.backupConfig.s3.keyPrefix',
  'defaults.backupConfig.s3.credentialsSecretName',
  'defaults.backupConfig.s3.useEnvCredentials',
  'defaults.backupConfig.s3.serviceAccountName',
  'defaults.images.postgres',
  'defaults.images.multipooler',
  'defaults.images.multiorch',
  's3.keyPrefixTemplate',
  'migrateLegacyBackupStorage',
  'protectBackupVolumes',
  'rejectedUpdates',
  'shards',
  'kubeVersion',
] as const;

/** Every flattened key the functionConfig accepts (`defaults.backupConfig.s3.bucket`, ...). */
export const flattenedKeys = (): string[] => [...FLATTENED_KEYS];

/**
 * Overrides a functionConfig with flattened key=value settings (Argo CD plugin parameters):
 * the result is an ExpandPoolBackups whose spec is the given one with the settings merged in.
 */
export function withParameters(raw: unknown, parameters: Readonly<Record<string, string>>): { functionConfig: unknown; issues: Issue[] } {
  if (Object.keys(parameters).length === 0) return { functionConfig: raw, issues: [] };
  const issues: Issue[] = [];
  const accepted = flattenedKeys();
  const known: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (accepted.includes(key)) known[key] = value;
    else issues.push(unknownFieldIssue(['parameters'], key, accepted));
  }
  let spec: Record<string, unknown> = {};
  let metadata: unknown = { name: 'parameters' };
  if (isObject(raw) && raw.apiVersion === FUNCTION_CONFIG_API_VERSION && raw.kind === FUNCTION_CONFIG_KIND) {
    spec = isObject(raw.spec) ? structuredClone(raw.spec) : {};
    metadata = raw.metadata ?? metadata;
  } else if (isObject(raw) && raw.apiVersion === 'v1' && raw.kind === 'ConfigMap') {
    const data = unflatten(isObject(raw.data) ? raw.data : {});
    issues.push(...data.issues);
    spec = data.value;
  } else if (raw !== undefined && raw !== null) {
    return { functionConfig: raw, issues };
  }
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      const current = Object.prototype.hasOwnProperty.call(into, k) ? into[k] : undefined;
      if (isObject(v) && isObject(current)) merge(current, v);
      else Object.defineProperty(into, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
  };
  const settings = unflatten(known, 'parameters');
  issues.push(...settings.issues);
  merge(spec, settings.value);
  return { functionConfig: { apiVersion: FUNCTION_CONFIG_API_VERSION, kind: FUNCTION_CONFIG_KIND, metadata, spec }, issues };
}

/** Maps an issue path inside the unflattened spec back to the ConfigMap's `data` key. */
function toDataPath(path: FieldPath, data: Record<string, unknown>): FieldPath {
  for (let n = path.length; n > 0; n--) {
    const key = path.slice(0, n).join('.');
    if (Object.prototype.hasOwnProperty.call(data, key)) return ['data', key];
  }
  return ['data', path.join('.')];
}

export function parseFunctionConfig(raw: unknown): ParsedConfig {
  if (raw === undefined || raw === null || (isObject(raw) && Object.keys(raw).length === 0)) {
    return { config: DEFAULT_CONFIG, issues: [], checkWith: DEFAULT_CONFIG };
  }
  if (!isObject(raw)) return { config: DEFAULT_CONFIG, issues: [error([], `functionConfig must be a mapping, got ${describeValue(raw)}`)], checkWith: DEFAULT_CONFIG };
  const { apiVersion, kind } = raw;
  let spec: unknown;
  let mapPath: (p: FieldPath) => FieldPath;
  const issues: Issue[] = [];
  if (apiVersion === FUNCTION_CONFIG_API_VERSION && kind === FUNCTION_CONFIG_KIND) {
    spec = raw.spec ?? {};
    mapPath = (p) => ['spec', ...p];
    // Settings written beside spec instead of in it would be ignored without a word.
    const specFields = fieldsOf('FunctionConfigSpecSchema');
    for (const key of Object.keys(raw)) {
      if (['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) continue;
      if (specFields.includes(key)) {
        issues.push(error([key], `${key} sits beside spec, where nothing is read; settings go under spec: move it to spec.${key}`, { proposedValue: { spec: { ...(isObject(raw.spec) ? raw.spec : {}), [key]: raw[key] } } }));
      } else issues.push(unknownFieldIssue([], key, ['apiVersion', 'kind', 'metadata', 'spec']));
    }
  } else if (apiVersion === 'v1' && kind === 'ConfigMap') {
    const data = raw.data ?? {};
    if (!isObject(data)) return { config: DEFAULT_CONFIG, issues: [error(['data'], `expected a mapping of string values, got ${describeValue(data)}`)], checkWith: DEFAULT_CONFIG };
    const unflattened = unflatten(data);
    issues.push(...unflattened.issues);
    spec = unflattened.value;
    mapPath = (p) => toDataPath(p, data);
  } else {
    return {
      config: DEFAULT_CONFIG,
      issues: [error(['kind'], `functionConfig is ${describeValue(apiVersion)} ${describeValue(kind)}; accepted are ${FUNCTION_CONFIG_API_VERSION} ${FUNCTION_CONFIG_KIND}, or a v1 ConfigMap with the same keys flattened in data (e.g. defaults.backupConfig.type: s3)`)],
      checkWith: DEFAULT_CONFIG,
    };
  }
  const parsed = safeParse('FunctionConfigSpecSchema', spec);
  const specIssues: Issue[] = [];
  const rawBackup = isObject(spec) && isObject(spec.defaults) ? spec.defaults.backupConfig : undefined;
  specIssues.push(...noInlineCredentials(rawBackup, ['defaults', 'backupConfig']));
  if (!parsed.success) {
    const inline = new Set(specIssues.map((i) => String(i.path.at(-1))));
    specIssues.push(...issuesFromZod(parsed.error.issues, loadSchemas().FunctionConfigSpecSchema, spec, [], inline));
  }
  // The rules run on what the shape accepts, field by field: a wrong type elsewhere hides nothing.
  const accepted: FunctionConfigSpec = parsed.success ? parsed.data : acceptedFields<FunctionConfigSpec>(loadSchemas().FunctionConfigSpecSchema, spec);
  const ruleIssues = checkDefaults(accepted);
  specIssues.push(...ruleIssues);
  issues.push(...specIssues.map((i) => ({ ...i, path: mapPath(i.path) })));
  if (!parsed.success || hasErrors(issues)) {
    // Settings whose own rules failed are left out of what the Shards are checked with.
    const failed = (prefix: string) => ruleIssues.some((i) => i.severity === 'error' && i.path.join('.').startsWith(prefix));
    const usable = structuredClone(accepted);
    if (usable.defaults?.backupConfig && (failed('defaults.backupConfig') || !safeParse('BackupConfigSchema', usable.defaults.backupConfig).success)) delete usable.defaults.backupConfig;
    if (usable.defaults && failed('defaults.images')) delete usable.defaults.images;
    if (usable.s3 && failed('s3.keyPrefixTemplate')) delete usable.s3.keyPrefixTemplate;
    return { config: DEFAULT_CONFIG, issues, checkWith: toConfig(usable) };
  }
  const config = toConfig(structuredClone(parsed.data));
  return { config, issues, checkWith: config };
}

/** The Config a valid spec gives. Frozen: one Config serves every Shard of the run, and no Shard may change what the next sees. */
function toConfig(s: FunctionConfigSpec): Config {
  return deepFreeze({
    ...(s.defaults?.backupConfig ? { defaultBackupConfig: s.defaults.backupConfig } : {}),
    defaultImages: s.defaults?.images ?? {},
    ...(s.s3?.keyPrefixTemplate !== undefined ? { keyPrefixTemplate: s.s3.keyPrefixTemplate } : {}),
    protectBackupVolumes: s.protectBackupVolumes ?? true,
    rejectedUpdates: s.rejectedUpdates ?? 'error',
    migrateLegacyBackupStorage: s.migrateLegacyBackupStorage ?? false,
    shards: s.shards ?? 'localConfig',
    ...(s.kubeVersion !== undefined ? { kubeVersion: s.kubeVersion } : {}),
  });
}

/** Checks the fields a default sets; required fields may still come from each pool. */
function checkDefaults(spec: FunctionConfigSpec): Issue[] {
  const b = spec.defaults?.backupConfig;
  const issues: Issue[] = [];
  const path = ['defaults', 'backupConfig'];
  if (b) {
    issues.push(...validStorage(b.storage, [...path, 'storage']));
    if (b.type === 'filesystem' && b.s3) issues.push(error([...path, 's3'], 'an s3 block is only read with type s3; remove it or set type: s3'));
    if (b.type === 's3' && b.storage) issues.push(error([...path, 'storage'], 'storage is only read with type filesystem'));
    if (b.s3) {
      const withPlaceholders = { ...b.s3, bucket: b.s3.bucket ?? 'placeholder', region: b.s3.region ?? (b.s3.endpoint ? undefined : 'us-east-1') };
      issues.push(...validS3(withPlaceholders, [...path, 's3']).filter((i) => i.severity !== 'info'));
    }
  }
  if (spec.s3?.keyPrefixTemplate !== undefined) issues.push(...checkKeyPrefixTemplate(spec.s3.keyPrefixTemplate, ['s3', 'keyPrefixTemplate']));
  const image = spec.defaults?.images?.postgres;
  if (image) issues.push(...pinnedPostgresImage(image, ['defaults', 'images', 'postgres']));
  return issues;
}
