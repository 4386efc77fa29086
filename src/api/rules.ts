// Named rules for what a valid Shard, pool and backupConfig mean, beyond their shape: the third of
// a Shard's three steps (parse-shard.ts), also run on the functionConfig's defaults. They check
// what the user wrote, and for a backupConfig what applies once the defaults are merged in
// (normalize.ts). Each returns Issues with paths relative to the object being checked. Pure.
import { error, info, warning, type FieldPath, type Issue } from './issue.js';
import { parseQuantity } from './quantity.js';
import { describeValue } from './zod-issues.js';
import type { BackupConfig, S3Config, StorageSpec } from './schemas.js';

export const MAX_POOLS = 8;
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Field names that would put a credential into the CR (and into etcd and git). */
const INLINE_CREDENTIAL_KEYS = new Set(
  [
    'accessKeyId', 'accessKey', 'awsAccessKeyId', 'aws_access_key_id', 'AWS_ACCESS_KEY_ID',
    'secretAccessKey', 'secretKey', 'awsSecretAccessKey', 'aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY',
    'sessionToken', 'token', 'awsSessionToken', 'AWS_SESSION_TOKEN',
    'key', 'keySecret', 'password', 'secret', 'credentials',
  ].map((k) => k.toLowerCase()),
);

export const isInlineCredentialKey = (key: string): boolean => INLINE_CREDENTIAL_KEYS.has(key.toLowerCase());

/** Inline credentials anywhere in a backupConfig (top level or s3 block). The value is never echoed. */
export function noInlineCredentials(backupConfig: unknown, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  const scan = (value: unknown, at: FieldPath) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (isInlineCredentialKey(key) && key !== 'credentialsSecretName') {
        issues.push(
          error(
            [...at, key],
            'credentials must not be written into the Shard (they would end up in git and etcd): remove this field, put AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in a Secret (SealedSecret or ExternalSecret) and name it in s3.credentialsSecretName',
          ),
        );
      }
    }
  };
  scan(backupConfig, path);
  if (backupConfig !== null && typeof backupConfig === 'object' && 's3' in backupConfig) {
    scan((backupConfig as { s3: unknown }).s3, [...path, 's3']);
  }
  return issues;
}

/** A label value as Kubernetes accepts it; `what` names the source in the message. */
export function validLabelValue(value: string, path: FieldPath, what: string): Issue[] {
  if (value.length <= 63 && LABEL_VALUE.test(value)) return [];
  return [
    error(
      path,
      `${what} ${describeValue(value)} becomes a label value: at most 63 characters, letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
    ),
  ];
}

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label or annotation key as the API server accepts it; `what` names it in the message. */
export function validKey(key: string, path: FieldPath, what: 'label key' | 'annotation key'): Issue[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? '' : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefixOk = slash === -1 || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name)) return [];
  return [error(path, `${what} ${describeValue(key)} is not valid: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`)];
}

/** Label keys and values as the API server accepts them; the Shard's labels go on every object. */
export function validLabels(labels: unknown, path: FieldPath): Issue[] {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return [];
  const issues: Issue[] = [];
  for (const key of Object.keys(labels)) {
    const keyIssues = validKey(key, [...path, key], 'label key');
    issues.push(...keyIssues);
    const value = (labels as Record<string, unknown>)[key];
    if (keyIssues.length === 0 && typeof value === 'string') issues.push(...validLabelValue(value, [...path, key], 'label value'));
  }
  return issues;
}

export function validDnsSubdomain(value: string, path: FieldPath, what: string, max = 253): Issue[] {
  if (value.length <= max && DNS_SUBDOMAIN.test(value)) return [];
  return [
    error(
      path,
      `${what} ${describeValue(value)} is not a valid name: at most ${max} lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`,
    ),
  ];
}

const SIZE_TYPO = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B$/i;

/** A size that must be a positive Kubernetes quantity; proposes the fix for `10GB`-style typos. */
export function validSize(size: string, path: FieldPath): Issue[] {
  const q = parseQuantity(size);
  if (q === undefined) {
    const typo = SIZE_TYPO.exec(size);
    if (typo) {
      const proposed = `${typo[1]}${typo[2]!.toUpperCase()}i`;
      return [error(path, `${describeValue(size)} is not a Kubernetes quantity; write ${proposed} (binary, 2^30 for Gi) or ${typo[1]}${typo[2]!.toUpperCase()} (decimal)`, { proposedValue: proposed })];
    }
    return [error(path, `${describeValue(size)} is not a Kubernetes quantity; accepted forms are like 10Gi, 500Mi or 1T`)];
  }
  if (q.mantissa <= 0n) return [error(path, `${describeValue(size)} must be greater than zero`)];
  return [];
}

export function validStorage(storage: StorageSpec | undefined, path: FieldPath): Issue[] {
  if (!storage) return [];
  const issues: Issue[] = [];
  if (storage.size !== undefined) issues.push(...validSize(storage.size, [...path, 'size']));
  if (storage.class !== undefined) issues.push(...validDnsSubdomain(storage.class, [...path, 'class'], 'storage class', 63));
  storage.accessModes?.forEach((mode, i) => {
    if (!(ACCESS_MODES as readonly string[]).includes(mode)) {
      issues.push(error([...path, 'accessModes', i], `got ${describeValue(mode)}; accepted values are ${ACCESS_MODES.join(', ')}`));
    }
  });
  return issues;
}

export function noDuplicateCells(cells: readonly string[], path: FieldPath): Issue[] {
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  cells.forEach((cell, i) => {
    const first = seen.get(cell);
    if (first !== undefined) issues.push(error([...path, i], `cell ${describeValue(cell)} is listed twice (also at index ${first}); each cell gets one StatefulSet`));
    else seen.set(cell, i);
  });
  return issues;
}

export function validQuantityMap(map: Record<string, string | number> | undefined, path: FieldPath): Issue[] {
  if (!map) return [];
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(map)) {
    const text = String(value);
    if (parseQuantity(text) === undefined) {
      issues.push(error([...path, name], `${describeValue(value)} is not a Kubernetes quantity; accepted forms are like 500m, 2, 1Gi`));
    }
  }
  return issues;
}

/** What the rendered objects reproduce, and which pgctld builds accept the backup flags. */
export const COMPATIBILITY = {
  operator: 'multigres-operator 02495e95 (2026-02-19)',
  pgctld: 'pgctld built from multigres 8e6985442 up to, not including, 87c617dbf (2026-02-18..20)',
} as const;

/** A floating pgctld tag: the --backup-* flags exist only in specific pgctld builds. */
export function pinnedPostgresImage(image: string, path: FieldPath): Issue[] {
  if (image.includes('@sha256:')) return [];
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon === -1 ? '' : image.slice(colon + 1);
  if (tag !== '' && tag !== 'main' && tag !== 'latest') return [];
  return [
    warning(
      path,
      `pgctld image ${describeValue(image)} ${tag ? `uses the floating tag "${tag}"` : 'has no tag'}; the --backup-* flags exist only in ${COMPATIBILITY.pgctld}, and a later build exits at start on them, so the pods crash-loop: pin an image from that window, by digest (image@sha256:...)`,
    ),
  ];
}

/** The region an s3 block uses: as written, else us-east-1 for an S3-compatible endpoint (pgBackRest needs one, such stores take any). */
export function s3Region(s3: S3Config): string | undefined {
  const written = s3.region === '' ? undefined : s3.region;
  return written ?? (s3.endpoint !== undefined && s3.endpoint !== '' ? 'us-east-1' : undefined);
}

/** Checks of an s3 block after defaults are merged in, with a note on the region it takes when it writes none. */
export function validS3(s3: S3Config, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  if (s3.bucket === undefined || s3.bucket === '') {
    issues.push(error([...path, 'bucket'], 'required field is missing: the S3 bucket that holds the pgBackRest repository'));
  } else if (!BUCKET.test(s3.bucket) || s3.bucket.includes('..')) {
    issues.push(error([...path, 'bucket'], `${describeValue(s3.bucket)} is not a valid bucket name: 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit`));
  }
  const region = s3Region(s3);
  if (s3.endpoint !== undefined && s3.endpoint !== '') {
    let url: URL | undefined;
    try {
      url = new URL(s3.endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
      issues.push(error([...path, 'endpoint'], `${describeValue(s3.endpoint)} is not a URL; write it like https://minio.example.svc:9000`));
    } else if (url.protocol === 'http:') {
      issues.push(warning([...path, 'endpoint'], `${describeValue(s3.endpoint)} uses http://, but pgBackRest connects to S3 over TLS only; use the https:// address of the store`));
    }
    if (s3.region === undefined || s3.region === '') {
      issues.push(info([...path, 'region'], 'no region given for the S3-compatible endpoint; using us-east-1 (pgBackRest needs a region and most S3-compatible stores accept any)', { proposedValue: 'us-east-1' }));
    }
  } else if (region === undefined) {
    issues.push(error([...path, 'region'], 'required field is missing: the AWS region of the bucket (e.g. us-east-1); it may only be left out when endpoint is set'));
  }
  if (region !== undefined && !REGION.test(region)) {
    issues.push(error([...path, 'region'], `${describeValue(region)} is not a region name; write it like us-east-1`));
  }
  if (s3.keyPrefix !== undefined && s3.keyPrefix.startsWith('/')) {
    issues.push(warning([...path, 'keyPrefix'], `${describeValue(s3.keyPrefix)} starts with "/": pgctld keeps it and the repository path becomes "/${s3.keyPrefix}/multigres" with a double slash; drop the leading "/"`, { proposedValue: s3.keyPrefix.replace(/^\/+/, '') }));
  }
  const modes = [
    s3.credentialsSecretName !== undefined && s3.credentialsSecretName !== '' ? 'credentialsSecretName' : undefined,
    s3.useEnvCredentials === true ? 'useEnvCredentials' : undefined,
    s3.serviceAccountName !== undefined && s3.serviceAccountName !== '' ? 'serviceAccountName' : undefined,
  ].filter((m): m is string => m !== undefined);
  if (modes.length > 1) {
    issues.push(error(path, `more than one credential mode is set (${modes.join(', ')}); choose exactly one: a credentials Secret, keys already in the environment, or a ServiceAccount for IRSA`));
  }
  if (s3.credentialsSecretName) issues.push(...validDnsSubdomain(s3.credentialsSecretName, [...path, 'credentialsSecretName'], 'Secret name'));
  if (s3.serviceAccountName) issues.push(...validDnsSubdomain(s3.serviceAccountName, [...path, 'serviceAccountName'], 'ServiceAccount name'));
  return issues;
}

/** The blocks a pool's backupConfig may hold for its type, once the defaults are merged in. */
export function backupBlocksForType(backup: BackupConfig, path: FieldPath): Issue[] {
  if (backup.type === 'filesystem') return backup.s3 ? [error([...path, 's3'], 'an s3 block is only read with type s3; remove it or set type: s3')] : [];
  const issues: Issue[] = [];
  if (backup.storage) issues.push(error([...path, 'storage'], 'storage is only read with type filesystem; an s3 pool needs no backup volume'));
  if (!backup.s3) issues.push(error([...path, 's3'], 'type s3 needs an s3 block with at least bucket and region', { proposedValue: { bucket: '', region: '' } }));
  return issues;
}

/** How many pools a Shard has: at least one, at most MAX_POOLS. */
export function validPoolCount(count: number, path: FieldPath): Issue[] {
  if (count === 0) return [error(path, 'no pools: a Shard needs at least one pool')];
  if (count > MAX_POOLS) return [error(path, `${count} pools; at most ${MAX_POOLS} are accepted`)];
  return [];
}

/**
 * A readOnly pool renders exactly like a readWrite one: neither the operator (which later dropped
 * the value, c5b8503d) nor multigres ever gave it a meaning, so nothing keeps its pods from
 * taking writes or becoming the primary.
 */
export function poolTypeEffect(type: string | undefined, path: FieldPath): Issue[] {
  if (type !== 'readOnly') return [];
  return [
    warning(
      path,
      'type readOnly has no effect: the operator and multigres never implemented read-only pools (later operators accept only readWrite), so this pool renders exactly like a readWrite pool and its pods can become the primary; write readWrite or leave type out',
      { proposedValue: 'readWrite' },
    ),
  ];
}

/** multipooler and multiorch get no implementation flag: they always open the topology with etcd. */
export function topoImplementationEffect(implementation: string | undefined, path: FieldPath): Issue[] {
  if (implementation === undefined || implementation === 'etcd') return [];
  return [
    warning(
      path,
      `implementation ${describeValue(implementation)} has no effect on the rendered pods: multipooler and multiorch take only the topology's addresses and root, and always talk to it as etcd; write etcd, the only implementation they have`,
      { proposedValue: 'etcd' },
    ),
  ];
}
