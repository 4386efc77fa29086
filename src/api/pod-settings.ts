// Pod settings a Shard writes that the operator at 02495e95 did not render: the image pull policy
// and pull Secrets, and the MultiOrch pods' labels and annotations. The CRD documents them and
// later operators render them, so the function does; these rules keep them from touching what
// the operator owns (its labels and selectors) and from being dropped without a word. Also the
// container resource claims no Shard can satisfy. Pure.
import { error, warning, type FieldPath, type Issue } from './issue.js';
import { OPERATOR_LABEL_KEYS } from './operator-labels.js';
import { validDnsSubdomain, validKey, validLabels } from './rules.js';
import type { ResourceRequirements } from './schemas.js';
import { describeValue } from './zod-issues.js';
import { isObject } from './kube-object.js';

const utf8 = new TextEncoder();

/**
 * The pull Secrets as rendered: each valid name once, in the order written. A name listed twice
 * is a warning (the API server keeps both and warns); a name no Secret can have is an error.
 */
export function parsePullSecrets(secrets: ReadonlyArray<{ name: string }> | undefined, path: FieldPath): { names: string[]; issues: Issue[] } {
  const names: string[] = [];
  const issues: Issue[] = [];
  (secrets ?? []).forEach(({ name }, i) => {
    const at = [...path, i, 'name'];
    const first = names.indexOf(name);
    if (first !== -1) {
      issues.push(warning(at, `Secret ${describeValue(name)} is listed twice (also at index ${first}); it is rendered once`));
      return;
    }
    const invalid = validDnsSubdomain(name, at, 'Secret name');
    issues.push(...invalid);
    names.push(name);
  });
  return { names, issues };
}

/** The operator's label keys, grouped by prefix for messages. */
const RESERVED = ((): string => {
  const byPrefix = new Map<string, string[]>();
  for (const key of OPERATOR_LABEL_KEYS) {
    const [prefix, name] = key.split('/') as [string, string];
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), name]);
  }
  return [...byPrefix].map(([prefix, names]) => `${prefix}/{${names.join(',')}}`).join(' and ');
})();

/**
 * MultiOrch pod labels: valid labels that neither take one of the operator's keys (its selectors
 * find the Shard's pods by them, and where it sets one its value wins) nor give one of the Shard's
 * own labels another value (those are on every rendered object, these pods included, and win
 * too). Either would be a value written and then overridden or misleading, so both are errors.
 */
export function podLabelIssues(podLabels: unknown, shardLabels: unknown, path: FieldPath): Issue[] {
  if (!isObject(podLabels)) return [];
  const issues = validLabels(podLabels, path);
  const shard = isObject(shardLabels) ? shardLabels : {};
  for (const [key, value] of Object.entries(podLabels)) {
    if (OPERATOR_LABEL_KEYS.has(key)) {
      issues.push(
        error(
          [...path, key],
          `label key "${key}" is one of the operator's label keys, by which its Services and workloads find the Shard's pods: where the operator sets it, its own value wins over podLabels, and elsewhere this value would misdirect those selectors; use a key outside ${RESERVED}`,
        ),
      );
    } else if (Object.prototype.hasOwnProperty.call(shard, key) && shard[key] !== value) {
      issues.push(
        error(
          [...path, key],
          `label "${key}" is ${describeValue(value)} here but ${describeValue(shard[key])} in the Shard's metadata.labels, which the operator puts on every object it renders, these pods included, and which take precedence over podLabels; use another key, or change the value on the Shard`,
        ),
      );
    }
  }
  return issues;
}

/** Pod annotations multiorch gives no meaning to: it serves no Prometheus metrics (multigres sends them over OTLP). */
export const DROPPED_POD_ANNOTATIONS: ReadonlySet<string> = new Set(['prometheus.io/scrape', 'prometheus.io/port', 'prometheus.io/path']);

/** The API server's limit on the total size of an object's annotations (keys and values). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** MultiOrch pod annotations: valid keys, within the size limit; scrape annotations are not rendered (a warning). */
export function podAnnotationIssues(annotations: unknown, path: FieldPath): Issue[] {
  if (!isObject(annotations)) return [];
  const issues: Issue[] = [];
  let bytes = 0;
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    issues.push(...validKey(key, [...path, key], 'annotation key'));
    bytes += utf8.encode(key).length + (typeof value === 'string' ? utf8.encode(value).length : 0);
    if (DROPPED_POD_ANNOTATIONS.has(key)) dropped.push(key);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    issues.push(error(path, `the annotations add up to ${bytes} bytes; Kubernetes accepts at most ${ANNOTATIONS_MAX_BYTES} (256 KiB) per object`));
  }
  if (dropped.length > 0) {
    issues.push(
      warning(
        dropped.length === 1 ? [...path, dropped[0]!] : path,
        `${dropped.join(', ')} ${dropped.length === 1 ? 'is' : 'are'} not rendered: multiorch serves no Prometheus metrics endpoint (multigres sends its metrics over OTLP, see spec.observability), so a scraper would only find a failing target, and later operators drop ${dropped.length === 1 ? 'it' : 'them'} from MultiOrch pods too; remove ${dropped.length === 1 ? 'it' : 'them'}`,
      ),
    );
  }
  return issues;
}

/**
 * A container's resource claims name entries of the pod's resourceClaims, which a Shard cannot
 * declare: the API server refuses the pod template, or drops the field where dynamic resource
 * allocation is off (before Kubernetes 1.34 by default).
 */
export function noResourceClaims(resources: ResourceRequirements | undefined, path: FieldPath): Issue[] {
  if (!resources?.claims || resources.claims.length === 0) return [];
  return [
    error(
      [...path, 'claims'],
      `claims ${resources.claims.map((c) => describeValue(c.name)).join(', ')} cannot be satisfied: a container's claims must name entries of the pod's resourceClaims, which a Shard cannot declare, so the API server refuses the pod template ("must be one of the names in pod.spec.resourceClaims which is empty") or, where DynamicResourceAllocation is off, drops the claims; remove claims`,
    ),
  ];
}
