// What the Kubernetes API server lets an update change, and the exact words it refuses one with,
// for each Kubernetes minor version `plan` supports. Pure data and string formatting: imports
// nothing, reads no environment, knows nothing of the project's objects.
//
// Every rule and message here was read from the Kubernetes source of that version, as
// openshift/microshift's release branches vendor it (openshift/kubernetes: upstream plus
// OpenShift's carry patches; the files read here name OpenShift only in a Secret check, and the
// gates OpenShift registers are its own). KUBE_RULE_SOURCES names branch, commit and
// path per version; docs/kubernetes-versions.md lists the facts and where each comes from.
// Paths below are relative to that Kubernetes root:
//   apps:   pkg/apis/apps/validation/validation.go
//   core:   pkg/apis/core/validation/validation.go
//   gates:  pkg/features/kube_features.go (1.32: versioned_kube_features.go)
//   field:  staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
//   status: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go (NewInvalid, NewForbidden)

export const KUBE_VERSIONS = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'] as const;
export type KubeVersion = (typeof KUBE_VERSIONS)[number];

/**
 * Every rendered StatefulSet runs multipooler as a native sidecar (an init container with
 * `restartPolicy: Always`). Up to 1.27 core/v1 Container has no `restartPolicy`; in 1.28 it
 * exists but SidecarContainers is alpha and off, and pkg/api/pod/util.go drops the field on
 * write; from 1.29 the gate is beta and on.
 */
export const MIN_KUBE_VERSION: KubeVersion = '1.29';
export const DEFAULT_KUBE_VERSION: KubeVersion = KUBE_VERSIONS[KUBE_VERSIONS.length - 1]!;

/** The path of multipooler's `restartPolicy` in a rendered StatefulSet (it is the only init container). */
export const SIDECAR_FIELD = 'spec.template.spec.initContainers[0].restartPolicy';

/**
 * What an API server up to 1.27 answers a create of a rendered StatefulSet under strict field
 * validation (kubectl's default `--validate=strict`): a 400 BadRequest built by
 * apiserver/pkg/endpoints/handlers/rest.go transformDecodeError around the decoder's strict error
 * (sigs.k8s.io/json strictError quotes the path). Read in Kubernetes 1.26 (openshift/microshift
 * release-4.13). Under `Warn` (the server's default when a client names none) the same text is a
 * warning and the field is dropped.
 */
export const SIDECAR_UNKNOWN_FIELD_MESSAGE = `StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "${SIDECAR_FIELD}"`;

// ---- where each version's facts were read ----

export interface KubeRuleSource {
  /** The k8s.io/kubernetes version the branch's go.mod requires. */
  kubernetes: string;
  repository: 'openshift/microshift';
  branch: string;
  commit: string;
  /** Where the Kubernetes tree is inside that commit. */
  root: string;
}

const VENDOR = 'vendor/k8s.io/kubernetes';
const DEPS = 'deps/github.com/openshift/kubernetes';
const source = (kubernetes: string, branch: string, commit: string, root: string): KubeRuleSource => Object.freeze({ kubernetes, repository: 'openshift/microshift', branch, commit, root });

export const KUBE_RULE_SOURCES: Readonly<Record<KubeVersion, KubeRuleSource>> = Object.freeze({
  // 1.29 and 1.30: go.mod replaces k8s.io/kubernetes with an openshift/kubernetes commit
  // (41c4e9ba94f4 and 4e295fa517e1) and vendors it; apimachinery is vendor/k8s.io/apimachinery.
  '1.29': source('v1.29.1', 'release-4.16', '91309aca13eedda2fca02ebf173b5d27ac4dbe33', VENDOR),
  '1.30': source('v1.30.1', 'release-4.17', '3a1aed37575a247e214425942d7da81495c1877e', VENDOR),
  '1.31': source('v1.31.14', 'release-4.18', '8eb6c2962b3a2c6a8545e6726b3213a0dcff81a0', DEPS),
  '1.32': source('v1.32.13', 'release-4.19', 'd4b43f374a5bc0e0f44c07ff773061e27c7f2a08', DEPS),
  '1.33': source('v1.33.13', 'release-4.20', '78a395343031f8800b7139df070665e03b42f934', DEPS),
  '1.34': source('v1.34.9', 'release-4.21', '473c3de15d9aeeb399aa95250672c07655554015', DEPS),
  '1.35': source('v1.35.6', 'release-4.22', '5019821e0eb2f9a74e00e2aab215144336c4b981', DEPS),
  '1.36': source('v1.36.3', 'release-4.23', 'ab25d11482f8984db7b860ed44c6955f231cf18f', DEPS),
});

// ---- parsing --kube-version ----

const RANGE = `supported: ${MIN_KUBE_VERSION} to ${DEFAULT_KUBE_VERSION}`;
const VERSION_PATTERN = /^v?(\d{1,4})\.(\d{1,4})(?:\.\d{1,6})?(?:[-+][0-9A-Za-z.+-]*)?$/;

const minorOf = (v: string): number => Number(v.split('.')[1]);

/**
 * Accepts `1.30`, `v1.30`, `1.30.4`, `v1.30.4-eks-abc` (any `-` or `+` suffix, as managed
 * clusters print their server version). A version below the minimum, above the newest known, or
 * not a version at all is an error message that says which and what is accepted.
 */
export function parseKubeVersion(text: string): { version: KubeVersion } | { error: string } {
  const trimmed = text.trim();
  const match = VERSION_PATTERN.exec(trimmed);
  if (!match) {
    return { error: `kube version ${JSON.stringify(text)} is not a Kubernetes version: expected 1.MINOR with an optional "v" prefix, patch and suffix (1.30, v1.30.4, v1.30.4-eks-abc); ${RANGE}` };
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const given = JSON.stringify(text);
  if (major !== 1) {
    return { error: `kube version ${given} is not a Kubernetes 1.x version; ${RANGE}` };
  }
  const version = KUBE_VERSIONS.find((v) => minorOf(v) === minor);
  if (version) return { version };
  if (minor < minorOf(MIN_KUBE_VERSION)) {
    const why =
      minor === 28
        ? `1.28 has the field but drops it on write (SidecarContainers is alpha and off), so multipooler runs as a plain init container that never exits and postgres never starts`
        : `1.${minor} has no such field: under strict field validation (kubectl's default) the API server refuses the StatefulSet (${SIDECAR_UNKNOWN_FIELD_MESSAGE}), otherwise it drops the field and postgres never starts`;
    return { error: `kube version ${given} is below the minimum ${MIN_KUBE_VERSION}: every rendered StatefulSet runs multipooler as a native sidecar (${SIDECAR_FIELD}: Always); ${why}; ${RANGE}` };
  }
  return { error: `kube version ${given} is newer than the newest supported ${DEFAULT_KUBE_VERSION}: its update rules and refusal messages have not been read from its source; ${RANGE}` };
}

// ---- how the API server words an error ----

/**
 * How an `Invalid value` prints the value: `go` is fmt's `%#v` after dereferencing a pointer
 * (field.Error.ErrorBody up to 1.33), `json` is encoding/json (ErrorBody from 1.34).
 */
export type ValueFormat = 'go' | 'json';

// Go's strconv.Quote and encoding/json agree with JSON.stringify on printable ASCII except that
// encoding/json escapes <, > and &. Label keys and values ([A-Za-z0-9._/-]) and IP addresses never
// contain anything else, which is all these formatters are given.
const goQuote = (s: string): string => JSON.stringify(s);
const goJson = (s: string): string => JSON.stringify(s).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
const goKeyOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A `map[string]string` as the value format prints it (keys sorted, as both fmt and encoding/json do). */
function formatStringMap(format: ValueFormat, map: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => goKeyOrder(a, b));
  if (format === 'json') return `{${entries.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(',')}}`;
  if (map === undefined) return 'map[string]string(nil)';
  return `map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(v)}`).join(', ')}}`;
}

/**
 * A label selector of matchLabels only, as an `Invalid value` prints it. Up to 1.33 the pointer is
 * dereferenced and the struct printed with `%#v` (metav1.LabelSelector's String() has a pointer
 * receiver, so the value is no fmt.Stringer); from 1.34 it is JSON, where both fields are
 * `omitempty`.
 */
export function formatSelectorValue(format: ValueFormat, matchLabels: Readonly<Record<string, string>> | undefined): string {
  if (format === 'json') {
    return matchLabels === undefined || Object.keys(matchLabels).length === 0 ? '{}' : `{"matchLabels":${formatStringMap('json', matchLabels)}}`;
  }
  return `v1.LabelSelector{MatchLabels:${formatStringMap('go', matchLabels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
}

/** A `[]string` as an `Invalid value` prints it (a Service's spec.clusterIPs). */
export function formatStringListValue(format: ValueFormat, list: readonly string[] | undefined): string {
  if (format === 'json') return list === undefined ? 'null' : `[${list.map(goJson).join(',')}]`;
  return list === undefined ? '[]string(nil)' : `[]string{${list.map(goQuote).join(', ')}}`;
}

/** One field error as field.Error.Error() prints it: `spec: Forbidden: ...`, `spec.selector: Invalid value: ...: ...`. */
export const forbiddenCause = (field: string, detail: string): string => `${field}: Forbidden: ${detail}`;
export const invalidCause = (field: string, value: string, detail: string): string => `${field}: Invalid value: ${value}: ${detail}`;

/**
 * The message of the API server's 422 Invalid status (apimachinery NewInvalid): `KIND.GROUP "NAME"
 * is invalid: ` and the causes, one as is, several as `[a, b]` with duplicates dropped
 * (field.ErrorList.ToAggregate). This is the text Argo CD, kpt and Helm show after their own prefix.
 * `qualifiedKind` is GroupKind.String(): `StatefulSet.apps`, `Deployment.apps`, or the bare kind
 * for the core group (`Service`, `PersistentVolumeClaim`, `ConfigMap`).
 */
export function invalidMessage(qualifiedKind: string, name: string, causes: readonly string[]): string {
  const unique = [...new Set(causes)];
  const head = `${qualifiedKind} ${goQuote(name)} is invalid`;
  if (unique.length === 0) return head;
  return `${head}: ${unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`}`;
}

/**
 * What kubectl prints for the same refusal when it is the only error of the command
 * (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr and MultilineError): the bare
 * kind, then each cause (several: one per line after `* `). The trailing newline is left out.
 */
export function kubectlInvalidMessage(kind: string, name: string, causes: readonly string[]): string {
  const unique = [...new Set(causes)];
  const head = `The ${kind} ${goQuote(name)} is invalid`;
  if (unique.length === 0) return head;
  if (unique.length === 1) return `${head}: ${unique[0]}`;
  return `${head}: \n${unique.map((c) => `* ${c}`).join('\n')}`;
}

// ---- the rules ----

export interface KubeRules {
  version: KubeVersion;
  source: KubeRuleSource;
  /** How an `Invalid value` prints its value (changed in 1.34). */
  valueFormat: ValueFormat;
  statefulSet: {
    /** spec fields an update may change; any other spec change refuses the whole update */
    mutableSpecFields: readonly string[];
    /** the API server's exact message for it, as that version prints it */
    forbiddenMessage: string;
    /** The field path the message is reported at. */
    field: 'spec';
    /** `spec: Forbidden: ...`: what to grep sync errors for. */
    cause: string;
    /** `StatefulSet.apps "NAME" is invalid: spec: Forbidden: ...` */
    fullMessage(name: string): string;
    /** `The StatefulSet "NAME" is invalid: spec: Forbidden: ...` */
    kubectlMessage(name: string): string;
    /** spec.ordinals is kept and honoured (StatefulSetStartOrdinal on by default; the gate is gone from 1.34). */
    ordinals: boolean;
    /**
     * spec.updateStrategy.rollingUpdate.maxUnavailable is kept. MaxUnavailableStatefulSet is off by
     * default in every supported version, and the apps strategy then drops the field on write
     * unless the stored object already has it: without a word.
     */
    maxUnavailable: boolean;
  };
  deployment: {
    /** spec.selector of a Deployment (apps/v1) cannot change: up to 1.33 the registry strategy adds this error for apps/v1 requests, from 1.34 ValidateDeploymentUpdate does; the words are the same. */
    selectorImmutableMessage: string;
    field: 'spec.selector';
    /** `spec.selector: Invalid value: <the new selector>: field is immutable` */
    cause(matchLabels: Readonly<Record<string, string>> | undefined): string;
    fullMessage(name: string, matchLabels: Readonly<Record<string, string>> | undefined): string;
    kubectlMessage(name: string, matchLabels: Readonly<Record<string, string>> | undefined): string;
  };
  service: {
    /**
     * Reported at spec.clusterIPs[0] (not spec.clusterIP) with the new clusterIPs as the value.
     * The Service storage first syncs clusterIPs to a changed clusterIP, so the same words refuse
     * an allocated IP becoming `None`, `None` becoming an address, and one address becoming another.
     * A removed clusterIP is not refused: the storage puts the stored value back (see
     * serviceClusterIPUpdate).
     */
    clusterIPImmutableMessage: string;
    field: 'spec.clusterIPs[0]';
    cause(newClusterIPs: readonly string[]): string;
    fullMessage(name: string, newClusterIPs: readonly string[]): string;
    kubectlMessage(name: string, newClusterIPs: readonly string[]): string;
  };
  pvc: {
    /** the exact message when a bound claim's spec changes outside what may change */
    boundSpecImmutableMessage: string;
    /** whether an UNBOUND claim may change spec.resources.requests (and the message if not) */
    unboundMayResize: boolean;
    unboundSpecImmutableMessage: string;
    /** the exact message when the request goes below what is allowed */
    shrinkMessage: string;
    /**
     * RecoverVolumeExpansionFailure on by default: a bound claim's request may go down, but only to
     * a value strictly above the stored claim's status.capacity.storage (equal is refused, despite
     * the message's wording). That comparison is the only condition ValidatePersistentVolumeClaimUpdate
     * makes; an unbound claim is refused anyway by the spec rule. With the gate off (up to 1.31) the
     * same relaxation still applies to a claim whose status already has allocatedResources or
     * allocatedResourceStatuses (ValidationOptionsForPersistentVolumeClaim), which only a cluster that
     * ran with the gate on writes.
     */
    recoverExpansionFailure: boolean;
    /**
     * RetroactiveDefaultStorageClass: storageClassName may go from unset to set. The gate is gone
     * (GA in 1.28); validateStorageClassUpgradeFromNil allows it for bound and unbound claims alike
     * when the stored spec.storageClassName is nil (not "") and the stored claim has no
     * volume.beta.kubernetes.io/storage-class annotation or the new name equals it. The stored value
     * is nil only if no default StorageClass existed when the claim was created (the
     * DefaultStorageClass admission plugin fills it in) and the PV controller has not assigned one
     * since (it does so for claims still unbound once a default class appears).
     */
    storageClassMayBeSetWhenUnset: boolean;
    /** The field paths: `spec` for the spec rule, spec.resources.requests.storage for the size rule. */
    specField: 'spec';
    shrinkField: 'spec.resources.requests.storage';
    /**
     * The spec rule's message is followed by a newline and a diff of the old and new spec:
     * go-cmp's format up to 1.33 (which varies its spacing on purpose), a unified diff of the specs
     * as JSON from 1.34. Only the text before the newline is stable.
     */
    specDiffFormat: 'go-cmp' | 'unified-json';
    /** `spec: Forbidden: spec is immutable ...` (the diff that follows left out) */
    specCause: string;
    /** `spec.resources.requests.storage: Forbidden: field can not be less than ...` */
    shrinkCause: string;
    /** `PersistentVolumeClaim "NAME" is invalid: ` and the causes; the spec cause without its diff. */
    fullMessage(name: string, causes: readonly string[]): string;
    /**
     * Growing a bound claim passes validation and then meets the PersistentVolumeClaimResize
     * admission plugin (on by default): refused with this 403 Forbidden unless the claim's
     * StorageClass (the same before and after) has allowVolumeExpansion: true. An unbound claim
     * never reaches it: validation refuses it first, with the spec rule.
     */
    resizeForbiddenMessage: string;
    /** `persistentvolumeclaims "NAME" is forbidden: only dynamically provisioned pvc can be resized ...` */
    resizeForbiddenFullMessage(name: string): string;
    /**
     * VolumeAttributesClass on by default (from 1.34). When off, the apiserver drops
     * spec.volumeAttributesClassName on write unless the stored claim already has one, so a
     * rendered class is silently not applied. When on, a bound claim may change it.
     */
    volumeAttributesClass: boolean;
  };
  configMap: {
    /** A ConfigMap stored with `immutable: true` refuses any change of data, binaryData or immutable (same in every version). */
    immutableMessage: string;
  };
  /** persistentVolumeClaimRetentionPolicy honoured (StatefulSetAutoDeletePVC on by default) */
  statefulSetPvcRetentionPolicy: boolean;
  /** native sidecars (SidecarContainers on by default) */
  nativeSidecars: boolean;
}

/** What changes from one version to the next; everything else is the same in 1.29 to 1.36. */
interface VersionFacts {
  /** apps ValidateStatefulSetUpdate: revisionHistoryLimit joined the mutable fields in 1.33. */
  revisionHistoryLimitMutable: boolean;
  /** gates RecoverVolumeExpansionFailure: alpha, off, to 1.31; beta, on, 1.32; GA 1.34. */
  recoverExpansionFailure: boolean;
  /** gates VolumeAttributesClass: alpha 1.29-1.30, beta but off 1.31-1.33, GA and on from 1.34. */
  volumeAttributesClass: boolean;
  /** field ErrorBody: fmt %#v to 1.33, encoding/json from 1.34. */
  valueFormat: ValueFormat;
  /** core ValidatePersistentVolumeClaimUpdate: go-cmp's cmp.Diff to 1.33, apimachinery util/diff.Diff from 1.34. */
  specDiffFormat: 'go-cmp' | 'unified-json';
}

const FACTS: Readonly<Record<KubeVersion, VersionFacts>> = {
  '1.29': { revisionHistoryLimitMutable: false, recoverExpansionFailure: false, volumeAttributesClass: false, valueFormat: 'go', specDiffFormat: 'go-cmp' },
  '1.30': { revisionHistoryLimitMutable: false, recoverExpansionFailure: false, volumeAttributesClass: false, valueFormat: 'go', specDiffFormat: 'go-cmp' },
  '1.31': { revisionHistoryLimitMutable: false, recoverExpansionFailure: false, volumeAttributesClass: false, valueFormat: 'go', specDiffFormat: 'go-cmp' },
  '1.32': { revisionHistoryLimitMutable: false, recoverExpansionFailure: true, volumeAttributesClass: false, valueFormat: 'go', specDiffFormat: 'go-cmp' },
  '1.33': { revisionHistoryLimitMutable: true, recoverExpansionFailure: true, volumeAttributesClass: false, valueFormat: 'go', specDiffFormat: 'go-cmp' },
  '1.34': { revisionHistoryLimitMutable: true, recoverExpansionFailure: true, volumeAttributesClass: true, valueFormat: 'json', specDiffFormat: 'unified-json' },
  '1.35': { revisionHistoryLimitMutable: true, recoverExpansionFailure: true, volumeAttributesClass: true, valueFormat: 'json', specDiffFormat: 'unified-json' },
  '1.36': { revisionHistoryLimitMutable: true, recoverExpansionFailure: true, volumeAttributesClass: true, valueFormat: 'json', specDiffFormat: 'unified-json' },
};

/** The mutable fields in the order the message names them (minReadySeconds last, after "and"). */
function statefulSetMutableFields(facts: VersionFacts): string[] {
  return ['replicas', 'ordinals', 'template', 'updateStrategy', ...(facts.revisionHistoryLimitMutable ? ['revisionHistoryLimit'] : []), 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
}

const PVC_SPEC_IMMUTABLE = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const FIELD_IMMUTABLE = 'field is immutable';
const MAY_NOT_CHANGE = 'may not change once set';

const built = new Map<KubeVersion, KubeRules>();

export function kubeRules(version: KubeVersion): KubeRules {
  const cached = built.get(version);
  if (cached) return cached;
  const facts = FACTS[version];
  const mutable = statefulSetMutableFields(facts);
  const forbiddenMessage = `updates to statefulset spec for fields other than ${mutable.slice(0, -1).map((f) => `'${f}'`).join(', ')} and '${mutable.at(-1)!}' are forbidden`;
  const stsCause = forbiddenCause('spec', forbiddenMessage);
  const selectorCause = (labels: Readonly<Record<string, string>> | undefined) => invalidCause('spec.selector', formatSelectorValue(facts.valueFormat, labels), FIELD_IMMUTABLE);
  const clusterIPCause = (ips: readonly string[]) => invalidCause('spec.clusterIPs[0]', formatStringListValue(facts.valueFormat, ips), MAY_NOT_CHANGE);
  const shrinkMessage = facts.recoverExpansionFailure ? 'field can not be less than status.capacity' : 'field can not be less than previous value';
  const resizeForbiddenMessage = 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize';
  const rules: KubeRules = {
    version,
    source: KUBE_RULE_SOURCES[version],
    valueFormat: facts.valueFormat,
    statefulSet: {
      mutableSpecFields: Object.freeze(mutable),
      forbiddenMessage,
      field: 'spec',
      cause: stsCause,
      fullMessage: (name) => invalidMessage('StatefulSet.apps', name, [stsCause]),
      kubectlMessage: (name) => kubectlInvalidMessage('StatefulSet', name, [stsCause]),
      ordinals: true,
      maxUnavailable: false,
    },
    deployment: {
      selectorImmutableMessage: FIELD_IMMUTABLE,
      field: 'spec.selector',
      cause: selectorCause,
      fullMessage: (name, labels) => invalidMessage('Deployment.apps', name, [selectorCause(labels)]),
      kubectlMessage: (name, labels) => kubectlInvalidMessage('Deployment', name, [selectorCause(labels)]),
    },
    service: {
      clusterIPImmutableMessage: MAY_NOT_CHANGE,
      field: 'spec.clusterIPs[0]',
      cause: clusterIPCause,
      fullMessage: (name, ips) => invalidMessage('Service', name, [clusterIPCause(ips)]),
      kubectlMessage: (name, ips) => kubectlInvalidMessage('Service', name, [clusterIPCause(ips)]),
    },
    pvc: {
      boundSpecImmutableMessage: PVC_SPEC_IMMUTABLE,
      unboundMayResize: false,
      unboundSpecImmutableMessage: PVC_SPEC_IMMUTABLE,
      shrinkMessage,
      recoverExpansionFailure: facts.recoverExpansionFailure,
      storageClassMayBeSetWhenUnset: true,
      specField: 'spec',
      shrinkField: 'spec.resources.requests.storage',
      specDiffFormat: facts.specDiffFormat,
      specCause: forbiddenCause('spec', PVC_SPEC_IMMUTABLE),
      shrinkCause: forbiddenCause('spec.resources.requests.storage', shrinkMessage),
      fullMessage: (name, causes) => invalidMessage('PersistentVolumeClaim', name, causes),
      resizeForbiddenMessage,
      resizeForbiddenFullMessage: (name) => `persistentvolumeclaims ${goQuote(name)} is forbidden: ${resizeForbiddenMessage}`,
      volumeAttributesClass: facts.volumeAttributesClass,
    },
    configMap: { immutableMessage: 'field is immutable when `immutable` is set' },
    statefulSetPvcRetentionPolicy: true,
    nativeSidecars: true,
  };
  // Shared by every caller: frozen, so that no caller can change another's rules.
  for (const part of [rules.statefulSet, rules.deployment, rules.service, rules.pvc, rules.configMap]) Object.freeze(part);
  built.set(version, Object.freeze(rules));
  return rules;
}

// ---- the update rules as functions of what changes ----

export interface PvcUpdate {
  /** status.phase of the stored claim is Bound. */
  bound: boolean;
  /** How spec.resources.requests.storage compares, by value. */
  request: 'same' | 'grows' | 'shrinks';
  /**
   * For a shrinking bound claim: whether the new request is strictly above the stored
   * status.capacity.storage. Unknown to a render; a claim whose last expansion succeeded has
   * capacity at least its request, so `false` is the usual case.
   */
  aboveCapacity?: boolean;
  /** How spec.storageClassName changes in what is applied: `set` is from unset (nil) to a name. */
  storageClassName: 'same' | 'set' | 'changed';
  /** Any other spec field changes (accessModes, selector, dataSource, ...). */
  otherSpecChange: boolean;
}

/**
 * The causes the API server reports for a PersistentVolumeClaim update, in its order (the spec
 * rule first, then the size rule); empty when validation accepts it. Growing a bound claim may
 * still be refused by admission (pvc.resizeForbiddenMessage); a `set` storageClassName assumes the
 * stored value is nil (see storageClassMayBeSetWhenUnset).
 */
export function pvcUpdateCauses(rules: KubeRules, update: PvcUpdate): string[] {
  const causes: string[] = [];
  const specChanges = update.otherSpecChange || update.storageClassName === 'changed' || (update.request !== 'same' && !update.bound);
  if (specChanges) causes.push(rules.pvc.specCause);
  if (update.request === 'shrinks') {
    // With the recovery rule an unbound claim's status.capacity is empty (zero), below any request.
    const refused = !rules.pvc.recoverExpansionFailure || (update.bound && update.aboveCapacity !== true);
    if (refused) causes.push(rules.pvc.shrinkCause);
  }
  return causes;
}

export type ClusterIPUpdate =
  | { result: 'unchanged' }
  /** The rendered clusterIP was removed: the Service storage puts the stored value back (patchAllocatedValues). */
  | { result: 'kept' }
  /** Refused with `cause`. */
  | { result: 'refused'; cause: string }
  /** An address where the server had allocated one: accepted only if it is that address, else refused with `cause`. */
  | { result: 'refused-unless-allocated'; cause: string };

/**
 * A ClusterIP Service's spec.clusterIP going from `before` to `after` as rendered (undefined: not
 * set, so the server allocated one). From pkg/registry/core/service/storage (patchAllocatedValues,
 * normalizeClusterIPs, run before validation) and core validateUpgradeDowngradeClusterIPs; the same
 * in 1.29 to 1.36.
 */
export function serviceClusterIPUpdate(rules: KubeRules, before: string | undefined, after: string | undefined): ClusterIPUpdate {
  if (before === after) return { result: 'unchanged' };
  if (after === undefined) return { result: 'kept' };
  const cause = rules.service.cause([after]);
  if (before === undefined && after !== 'None') return { result: 'refused-unless-allocated', cause };
  return { result: 'refused', cause };
}
