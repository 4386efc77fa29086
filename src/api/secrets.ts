// Checks of the Secrets a rendered Shard needs: `postgres-password` (key `password`), each S3
// credentials Secret (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and each image pull Secret
// (.dockerconfigjson, or the older .dockercfg). The function never renders
// them; it looks for them, or for an ExternalSecret or SealedSecret that produces them, among
// the input items. Only key names are read: no value ever reaches a result. Pure.
import { error, info, warning, type Issue } from './issue.js';
import type { NormalizedShard } from './model.js';
import { isObject } from './kube-object.js';

export interface SecretSource {
  kind: 'Secret' | 'ExternalSecret' | 'SealedSecret';
  /** The Secret it is or produces. */
  name: string;
  namespace: string;
  /** Key names it holds or produces; undefined when they cannot be known (dataFrom, templates). */
  keys?: ReadonlySet<string>;
  /** A plain Secret with values committed in `data`/`stringData`. */
  plain: boolean;
  file?: string;
}

const keysOf = (v: unknown): string[] => (isObject(v) ? Object.keys(v) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What Secret an input object is or produces, if any (only key names are read). */
export function toSecretSource(value: Record<string, unknown>, file?: string): SecretSource | undefined {
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const namespace = str(metadata.namespace);
  const apiVersion = str(value.apiVersion);
  const spec = isObject(value.spec) ? value.spec : {};
  const at = file === undefined ? {} : { file };
  if (value.kind === 'Secret' && apiVersion === 'v1') {
    const keys = new Set([...keysOf(value.data), ...keysOf(value.stringData)]);
    return { kind: 'Secret', name: str(metadata.name), namespace, keys, plain: keys.size > 0, ...at };
  }
  if (value.kind === 'ExternalSecret' && apiVersion.startsWith('external-secrets.io/')) {
    const target = isObject(spec.target) ? spec.target : {};
    const template = isObject(target.template) ? target.template : {};
    const data = Array.isArray(spec.data) ? spec.data : [];
    const known = spec.dataFrom === undefined && template.data === undefined;
    const keys = new Set(data.map((d) => (isObject(d) ? str(d.secretKey) : '')).filter(Boolean));
    return { kind: 'ExternalSecret', name: str(target.name) || str(metadata.name), namespace, ...(known ? { keys } : {}), plain: false, ...at };
  }
  if (value.kind === 'SealedSecret' && apiVersion.startsWith('bitnami.com/')) {
    const template = isObject(spec.template) ? spec.template : {};
    const templateMeta = isObject(template.metadata) ? template.metadata : {};
    const keys = new Set([...keysOf(spec.encryptedData), ...keysOf(template.data)]);
    return { kind: 'SealedSecret', name: str(templateMeta.name) || str(metadata.name), namespace: str(templateMeta.namespace) || namespace, keys, plain: false, ...at };
  }
  return undefined;
}

const POSTGRES_PASSWORD = { name: 'postgres-password', keys: ['password'] };
const S3_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
/** The kubelet reads registry credentials from either key (types dockerconfigjson and dockercfg). */
const PULL_KEYS = ['.dockerconfigjson', '.dockercfg'];

interface NeededSecret {
  name: string;
  keys: string[];
  /** Any one of `keys` is enough (a pull Secret); otherwise each is needed. */
  anyKey?: true;
  path: Array<string | number>;
}

/** Results for the Secrets one Shard's pods read. */
export function secretIssues(shard: NormalizedShard, sources: { get(key: string): SecretSource[] | undefined }): Issue[] {
  const namespace = shard.namespace ?? '';
  const needed: NeededSecret[] = [{ ...POSTGRES_PASSWORD, path: [] }];
  for (const pool of shard.pools) {
    if (pool.backup.type === 's3' && pool.backup.credentials.mode === 'secret') {
      const name = pool.backup.credentials.secretName;
      if (!needed.some((n) => n.name === name)) needed.push({ name, keys: S3_KEYS, path: ['spec', 'pools', pool.name, 'backupConfig', 's3', 'credentialsSecretName'] });
    }
  }
  shard.imagePullSecrets.forEach((name, i) => {
    if (!needed.some((n) => n.name === name)) needed.push({ name, keys: PULL_KEYS, anyKey: true, path: ['spec', 'images', 'imagePullSecrets', i, 'name'] });
  });
  const issues: Issue[] = [];
  const absent: string[] = [];
  for (const need of needed) {
    const found = sources.get(`${namespace}/${need.name}`) ?? [];
    if (found.length === 0) {
      absent.push(`${need.name} (${need.anyKey ? `key ${need.keys[0]}` : `${need.keys.length === 1 ? 'key' : 'keys'} ${need.keys.join(', ')}`})`);
      continue;
    }
    for (const source of found) {
      const where = source.file ? ` in ${source.file}` : '';
      const missing = source.keys ? need.keys.filter((k) => !source.keys!.has(k)) : [];
      if (need.anyKey && missing.length === need.keys.length) {
        issues.push(error(need.path, `${source.kind} ${need.name}${where} has neither a ${need.keys.join(' nor a ')} key; the kubelet pulls the images with the registry credentials in one of them, so a private image fails with ImagePullBackOff`));
      } else if (!need.anyKey && missing.length > 0) {
        issues.push(error(need.path, `${source.kind} ${need.name}${where} has no ${missing.join(' or ')} key; the pods read ${need.keys.join(' and ')} from Secret ${need.name} and fail to start without ${missing.length === 1 ? 'it' : 'them'}`));
      }
      if (source.plain) {
        issues.push(warning(need.path, `Secret ${need.name}${where} holds its values in plain data/stringData, so the credentials are in git; commit a SealedSecret or an ExternalSecret instead`));
      }
    }
  }
  if (absent.length > 0) {
    issues.push(info([], `Secret${absent.length === 1 ? '' : 's'} ${absent.join(' and ')} must exist in namespace ${namespace || '(none)'} before the pods start; neither ${absent.length === 1 ? 'it' : 'they'} nor an ExternalSecret or SealedSecret producing ${absent.length === 1 ? 'it' : 'them'} is in the input`));
  }
  return issues;
}

export interface ServiceAccountSource {
  name: string;
  namespace: string;
  roleArn?: string;
  file?: string;
}

/** A ServiceAccount in the input, with its IRSA role annotation if any. */
export function toServiceAccount(value: Record<string, unknown>, file?: string): ServiceAccountSource | undefined {
  if (value.kind !== 'ServiceAccount' || value.apiVersion !== 'v1') return undefined;
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const role = annotations['eks.amazonaws.com/role-arn'];
  return { name: str(metadata.name), namespace: str(metadata.namespace), ...(typeof role === 'string' ? { roleArn: role } : {}), ...(file === undefined ? {} : { file }) };
}

/** IRSA pools whose ServiceAccount is in the input without a role to assume. */
export function serviceAccountIssues(shard: NormalizedShard, accounts: { get(key: string): ServiceAccountSource | undefined }): Issue[] {
  const issues: Issue[] = [];
  for (const pool of shard.pools) {
    if (pool.backup.type !== 's3' || pool.backup.credentials.mode !== 'serviceAccount') continue;
    const account = accounts.get(`${shard.namespace ?? ''}/${pool.backup.credentials.serviceAccountName}`);
    if (account && !account.roleArn) {
      issues.push(
        warning(
          ['spec', 'pools', pool.name, 'backupConfig', 's3', 'serviceAccountName'],
          `ServiceAccount ${account.name}${account.file ? ` in ${account.file}` : ''} has no eks.amazonaws.com/role-arn annotation, so IRSA gives the pods no role and backups to S3 fail (unless an EKS Pod Identity association covers it)`,
        ),
      );
    }
  }
  return issues;
}
