// The update rules and refusal messages of each Kubernetes version, pinned. Every expected string
// below was read from the Kubernetes source named in the comment next to it: openshift/microshift
// at the branch and commit given, in the Kubernetes tree it vendors (R = vendor/k8s.io/kubernetes
// for 1.29 and 1.30, R = deps/github.com/openshift/kubernetes from 1.31; A = the apimachinery of
// that tree: vendor/k8s.io/apimachinery, or R/staging/src/k8s.io/apimachinery). Line numbers are
// those of that commit.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KUBE_VERSION, KUBE_RULE_SOURCES, KUBE_VERSIONS, MIN_KUBE_VERSION, SIDECAR_UNKNOWN_FIELD_MESSAGE, formatSelectorValue, formatStringListValue,
  invalidMessage, kubeRules, kubectlInvalidMessage, parseKubeVersion, pvcUpdateCauses, serviceClusterIPUpdate, type KubeVersion, type PvcUpdate,
} from './kube-rules.js';

/** A table with one entry per supported version: a missing or extra version fails to compile. */
type PerVersion<T> = Record<KubeVersion, T>;
const eachVersion = <T>(table: PerVersion<T>) => KUBE_VERSIONS.map((v) => [v, table[v]] as const);

describe('the supported versions', () => {
  it('are 1.29 to 1.36, the newest the default, 1.29 the minimum', () => {
    expect(KUBE_VERSIONS).toEqual(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(MIN_KUBE_VERSION).toBe('1.29');
    expect(DEFAULT_KUBE_VERSION).toBe('1.36');
  });

  it('each name the microshift branch and commit and the Kubernetes version its go.mod requires', () => {
    // go.mod of each branch: `k8s.io/kubernetes vX.Y.Z` (replaced by openshift/kubernetes).
    expect(Object.fromEntries(KUBE_VERSIONS.map((v) => [v, `${KUBE_RULE_SOURCES[v].kubernetes} ${KUBE_RULE_SOURCES[v].branch} ${KUBE_RULE_SOURCES[v].commit.slice(0, 10)}`]))).toEqual({
      '1.29': 'v1.29.1 release-4.16 91309aca13',
      '1.30': 'v1.30.1 release-4.17 3a1aed3757',
      '1.31': 'v1.31.14 release-4.18 8eb6c2962b',
      '1.32': 'v1.32.13 release-4.19 d4b43f374a',
      '1.33': 'v1.33.13 release-4.20 78a3953430',
      '1.34': 'v1.34.9 release-4.21 473c3de15d',
      '1.35': 'v1.35.6 release-4.22 5019821e0e',
      '1.36': 'v1.36.3 release-4.23 ab25d11482',
    });
  });
});

// ---- StatefulSet: R/pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate ----

const STS_1_29 = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const STS_1_33 = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

const STATEFULSET_FORBIDDEN: PerVersion<string> = {
  '1.29': STS_1_29, // release-4.16 91309aca13, R/pkg/apis/apps/validation/validation.go:192
  '1.30': STS_1_29, // release-4.17 3a1aed3757, R/pkg/apis/apps/validation/validation.go:192
  '1.31': STS_1_29, // release-4.18 8eb6c2962b, R/pkg/apis/apps/validation/validation.go:193
  '1.32': STS_1_29, // release-4.19 d4b43f374a, R/pkg/apis/apps/validation/validation.go:193
  '1.33': STS_1_33, // release-4.20 78a3953430, R/pkg/apis/apps/validation/validation.go:210 (revisionHistoryLimit copied from the old object at :206)
  '1.34': STS_1_33, // release-4.21 473c3de15d, R/pkg/apis/apps/validation/validation.go:268
  '1.35': STS_1_33, // release-4.22 5019821e0e, R/pkg/apis/apps/validation/validation.go:268
  '1.36': STS_1_33, // release-4.23 ab25d11482, R/pkg/apis/apps/validation/validation.go:268
};

const MUTABLE_1_29 = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
const MUTABLE_1_33 = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
const STATEFULSET_MUTABLE: PerVersion<string[]> = {
  // The fields ValidateStatefulSetUpdate copies from the old object before comparing the specs.
  '1.29': MUTABLE_1_29, // release-4.16, apps validation.go:184-190
  '1.30': MUTABLE_1_29, // release-4.17, apps validation.go:184-190
  '1.31': MUTABLE_1_29, // release-4.18, apps validation.go:185-191
  '1.32': MUTABLE_1_29, // release-4.19, apps validation.go:185-191
  '1.33': MUTABLE_1_33, // release-4.20, apps validation.go:201-208
  '1.34': MUTABLE_1_33, // release-4.21, apps validation.go:259-266
  '1.35': MUTABLE_1_33, // release-4.22, apps validation.go:259-266
  '1.36': MUTABLE_1_33, // release-4.23, apps validation.go:259-266
};

describe('StatefulSet updates', () => {
  it.each(eachVersion(STATEFULSET_FORBIDDEN))('%s refuses with its own words', (version, message) => {
    const rules = kubeRules(version);
    expect(rules.statefulSet.forbiddenMessage).toBe(message);
    expect(rules.statefulSet.cause).toBe(`spec: Forbidden: ${message}`);
    // A NewInvalid(GroupKind{apps, StatefulSet}, name, errs): A/pkg/api/errors/errors.go NewInvalid.
    expect(rules.statefulSet.fullMessage('pg-main-z1')).toBe(`StatefulSet.apps "pg-main-z1" is invalid: spec: Forbidden: ${message}`);
    // kubectl: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr ("The %s %q is invalid").
    expect(rules.statefulSet.kubectlMessage('pg-main-z1')).toBe(`The StatefulSet "pg-main-z1" is invalid: spec: Forbidden: ${message}`);
  });

  it.each(eachVersion(STATEFULSET_MUTABLE))('%s lets an update change exactly these spec fields', (version, fields) => {
    expect(kubeRules(version).statefulSet.mutableSpecFields).toEqual(fields);
    expect(kubeRules(version).statefulSet.field).toBe('spec');
  });

  it('revisionHistoryLimit is mutable from 1.33 only', () => {
    expect(KUBE_VERSIONS.filter((v) => kubeRules(v).statefulSet.mutableSpecFields.includes('revisionHistoryLimit'))).toEqual(['1.33', '1.34', '1.35', '1.36']);
  });
});

// ---- Deployment: spec.selector is immutable (apps/v1) ----
// Up to 1.33: R/pkg/registry/apps/deployment/strategy.go:149 (1.33: :151) ValidateUpdate adds
// ValidateImmutableField(spec.selector) for every group version but apps/v1beta1 and
// extensions/v1beta1; from 1.34: R/pkg/apis/apps/validation/validation.go:712 ValidateDeploymentUpdate.
// The detail is A/pkg/api/validation/objectmeta.go:34 FieldImmutableErrorMsg; the value's format is
// A/pkg/util/validation/field/errors.go ErrorBody: fmt %#v up to 1.33 (errors.go:51, 1.33: :73),
// encoding/json from 1.34 (errors.go:73, 1.36: :109).

const LABELS = { 'app.kubernetes.io/name': 'multiorch', 'multigres.com/cell': 'z1' };
const SELECTOR_GO = 'v1.LabelSelector{MatchLabels:map[string]string{"app.kubernetes.io/name":"multiorch", "multigres.com/cell":"z1"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}';
const SELECTOR_JSON = '{"matchLabels":{"app.kubernetes.io/name":"multiorch","multigres.com/cell":"z1"}}';

const DEPLOYMENT_SELECTOR: PerVersion<string> = {
  '1.29': `spec.selector: Invalid value: ${SELECTOR_GO}: field is immutable`, // release-4.16, R/pkg/registry/apps/deployment/strategy.go:149
  '1.30': `spec.selector: Invalid value: ${SELECTOR_GO}: field is immutable`, // release-4.17, R/pkg/registry/apps/deployment/strategy.go:149
  '1.31': `spec.selector: Invalid value: ${SELECTOR_GO}: field is immutable`, // release-4.18, R/pkg/registry/apps/deployment/strategy.go:149
  '1.32': `spec.selector: Invalid value: ${SELECTOR_GO}: field is immutable`, // release-4.19, R/pkg/registry/apps/deployment/strategy.go:149
  '1.33': `spec.selector: Invalid value: ${SELECTOR_GO}: field is immutable`, // release-4.20, R/pkg/registry/apps/deployment/strategy.go:151
  '1.34': `spec.selector: Invalid value: ${SELECTOR_JSON}: field is immutable`, // release-4.21, R/pkg/apis/apps/validation/validation.go:712
  '1.35': `spec.selector: Invalid value: ${SELECTOR_JSON}: field is immutable`, // release-4.22, R/pkg/apis/apps/validation/validation.go:712
  '1.36': `spec.selector: Invalid value: ${SELECTOR_JSON}: field is immutable`, // release-4.23, R/pkg/apis/apps/validation/validation.go:712
};

describe('Deployment updates', () => {
  it.each(eachVersion(DEPLOYMENT_SELECTOR))('%s refuses a new selector, printing it', (version, cause) => {
    const rules = kubeRules(version);
    expect(rules.deployment.selectorImmutableMessage).toBe('field is immutable');
    expect(rules.deployment.field).toBe('spec.selector');
    // The keys arrive in another order: both printers sort them.
    const reordered = { 'multigres.com/cell': 'z1', 'app.kubernetes.io/name': 'multiorch' };
    expect(rules.deployment.cause(reordered)).toBe(cause);
    expect(rules.deployment.fullMessage('mo-z1', LABELS)).toBe(`Deployment.apps "mo-z1" is invalid: ${cause}`);
    expect(rules.deployment.kubectlMessage('mo-z1', LABELS)).toBe(`The Deployment "mo-z1" is invalid: ${cause}`);
  });

  it('prints an absent or empty matchLabels as each format does', () => {
    expect(formatSelectorValue('go', undefined)).toBe('v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}');
    expect(formatSelectorValue('go', {})).toBe('v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}');
    expect(formatSelectorValue('json', undefined)).toBe('{}');
    expect(formatSelectorValue('json', { a: '1' })).toBe('{"matchLabels":{"a":"1"}}');
  });
});

// ---- Service: R/pkg/apis/core/validation/validation.go validateUpgradeDowngradeClusterIPs ----
// After R/pkg/registry/core/service/storage/storage.go beginUpdate: patchAllocatedValues puts a
// removed clusterIP back, normalizeClusterIPs sets clusterIPs to [clusterIP] when only the singular
// changed; validation then compares clusterIPs (the same code in every version).

const SERVICE_CLUSTER_IP: PerVersion<string> = {
  '1.29': 'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set', // release-4.16, core validation.go:7720 (message :7740)
  '1.30': 'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set', // release-4.17, core validation.go:7877 (message :7897)
  '1.31': 'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set', // release-4.18, core validation.go:7887 (message :7907)
  '1.32': 'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set', // release-4.19, core validation.go:8165 (message :8185)
  '1.33': 'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set', // release-4.20, core validation.go:8366 (message :8386)
  '1.34': 'spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set', // release-4.21, core validation.go:8789; value as JSON (field errors.go)
  '1.35': 'spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set', // release-4.22, core validation.go:9094
  '1.36': 'spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set', // release-4.23, core validation.go:9203 (message :9223)
};

describe('Service updates', () => {
  it.each(eachVersion(SERVICE_CLUSTER_IP))('%s refuses an allocated cluster IP becoming None at spec.clusterIPs[0]', (version, cause) => {
    const rules = kubeRules(version);
    expect(rules.service.clusterIPImmutableMessage).toBe('may not change once set');
    expect(rules.service.field).toBe('spec.clusterIPs[0]');
    expect(serviceClusterIPUpdate(rules, undefined, 'None')).toEqual({ result: 'refused', cause });
    expect(rules.service.fullMessage('pg-main-z1', ['None'])).toBe(`Service "pg-main-z1" is invalid: ${cause}`);
    expect(rules.service.kubectlMessage('pg-main-z1', ['None'])).toBe(`The Service "pg-main-z1" is invalid: ${cause}`);
  });

  it.each(KUBE_VERSIONS)('%s: None and an address refuse each other with the same words; a removed clusterIP is kept', (version) => {
    const rules = kubeRules(version);
    const value = (ip: string) => formatStringListValue(rules.valueFormat, [ip]);
    expect(serviceClusterIPUpdate(rules, 'None', '10.96.0.20')).toEqual({ result: 'refused', cause: `spec.clusterIPs[0]: Invalid value: ${value('10.96.0.20')}: may not change once set` });
    expect(serviceClusterIPUpdate(rules, '10.96.0.20', 'None')).toEqual({ result: 'refused', cause: `spec.clusterIPs[0]: Invalid value: ${value('None')}: may not change once set` });
    expect(serviceClusterIPUpdate(rules, '10.96.0.20', '10.96.0.21')).toMatchObject({ result: 'refused' });
    expect(serviceClusterIPUpdate(rules, undefined, '10.96.0.21')).toMatchObject({ result: 'refused-unless-allocated' });
    expect(serviceClusterIPUpdate(rules, 'None', undefined)).toEqual({ result: 'kept' });
    expect(serviceClusterIPUpdate(rules, '10.96.0.20', undefined)).toEqual({ result: 'kept' });
    expect(serviceClusterIPUpdate(rules, 'None', 'None')).toEqual({ result: 'unchanged' });
  });

  it('prints a []string as each format does', () => {
    expect(formatStringListValue('go', ['10.0.0.1', 'fd00::1'])).toBe('[]string{"10.0.0.1", "fd00::1"}');
    expect(formatStringListValue('go', undefined)).toBe('[]string(nil)');
    expect(formatStringListValue('json', ['10.0.0.1', 'fd00::1'])).toBe('["10.0.0.1","fd00::1"]');
    expect(formatStringListValue('json', undefined)).toBe('null');
  });
});

// ---- PersistentVolumeClaim: R/pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate ----

const PVC_SPEC = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const PREVIOUS = 'field can not be less than previous value';
const CAPACITY = 'field can not be less than status.capacity';

interface PvcFacts {
  spec: string;
  shrink: string;
  recover: boolean;
  diff: 'go-cmp' | 'unified-json';
  vac: boolean;
}
const PVC: PerVersion<PvcFacts> = {
  // release-4.16: core validation.go:2331 (spec :2374, shrink :2378/:2384); gates kube_features.go:1172 RecoverVolumeExpansionFailure {false, Alpha}, :1220 VolumeAttributesClass {false, Alpha}
  '1.29': { spec: PVC_SPEC, shrink: PREVIOUS, recover: false, diff: 'go-cmp', vac: false },
  // release-4.17: core validation.go:2359 (spec :2402, shrink :2406); kube_features.go:1195 {false, Alpha}, :1249 {false, Alpha}
  '1.30': { spec: PVC_SPEC, shrink: PREVIOUS, recover: false, diff: 'go-cmp', vac: false },
  // release-4.18: core validation.go:2367 (spec :2412, shrink :2416); kube_features.go:1181 {false, Alpha}, :1233 {false, Beta}
  '1.31': { spec: PVC_SPEC, shrink: PREVIOUS, recover: false, diff: 'go-cmp', vac: false },
  // release-4.19: core validation.go:2378 (spec :2423, shrink :2433); versioned_kube_features.go:630 {1.32: true, Beta}, :814 {1.31: false, Beta}
  '1.32': { spec: PVC_SPEC, shrink: CAPACITY, recover: true, diff: 'go-cmp', vac: false },
  // release-4.20: core validation.go:2395 (spec :2440, shrink :2450); kube_features.go:1631 {1.32: true, Beta}, :1844 {1.31: false, Beta}
  '1.33': { spec: PVC_SPEC, shrink: CAPACITY, recover: true, diff: 'go-cmp', vac: false },
  // release-4.21: core validation.go:2464 (spec :2509 via util/diff, shrink :2519); kube_features.go:1622 {1.34: true, GA}, :1847 {1.34: true, GA}
  '1.34': { spec: PVC_SPEC, shrink: CAPACITY, recover: true, diff: 'unified-json', vac: true },
  // release-4.22: core validation.go:2539 (spec :2584, shrink :2594); kube_features.go:1680, :1900
  '1.35': { spec: PVC_SPEC, shrink: CAPACITY, recover: true, diff: 'unified-json', vac: true },
  // release-4.23: core validation.go:2532 (spec :2577, shrink :2587); kube_features.go:1853, :2100
  '1.36': { spec: PVC_SPEC, shrink: CAPACITY, recover: true, diff: 'unified-json', vac: true },
};

const bound = (over: Partial<PvcUpdate>): PvcUpdate => ({ bound: true, request: 'same', storageClassName: 'same', otherSpecChange: false, ...over });

describe('PersistentVolumeClaim updates', () => {
  it.each(eachVersion(PVC))('%s: messages and gates', (version, facts) => {
    const { pvc } = kubeRules(version);
    expect(pvc.boundSpecImmutableMessage).toBe(facts.spec);
    expect(pvc.unboundSpecImmutableMessage).toBe(facts.spec);
    expect(pvc.unboundMayResize).toBe(false);
    expect(pvc.shrinkMessage).toBe(facts.shrink);
    expect(pvc.recoverExpansionFailure).toBe(facts.recover);
    expect(pvc.specDiffFormat).toBe(facts.diff);
    expect(pvc.volumeAttributesClass).toBe(facts.vac);
    // validateStorageClassUpgradeFromNil: no gate and no bound condition in any version.
    expect(pvc.storageClassMayBeSetWhenUnset).toBe(true);
    expect(pvc.specCause).toBe(`spec: Forbidden: ${facts.spec}`);
    expect(pvc.shrinkCause).toBe(`spec.resources.requests.storage: Forbidden: ${facts.shrink}`);
    expect(pvc.fullMessage('backup-main-z1', [pvc.shrinkCause])).toBe(`PersistentVolumeClaim "backup-main-z1" is invalid: spec.resources.requests.storage: Forbidden: ${facts.shrink}`);
  });

  it.each(KUBE_VERSIONS)('%s: the resize admission plugin refuses growth where the class cannot expand', (version) => {
    // R/plugin/pkg/admission/storage/persistentvolume/resize/admission.go:108, the same in 1.29 and 1.36;
    // worded by A/pkg/api/errors/errors.go NewForbidden with GroupResource "persistentvolumeclaims".
    const { pvc } = kubeRules(version);
    expect(pvc.resizeForbiddenFullMessage('backup-main-z1')).toBe(
      'persistentvolumeclaims "backup-main-z1" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
  });

  // The cases of issue 20 (item 5), per version: which causes the server reports.
  const SHRINK_ABOVE_CAPACITY: PerVersion<string[]> = {
    // 20Gi → 15Gi on a bound claim whose status.capacity is 10Gi (a failed expansion)
    '1.29': [`spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.30': [`spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.31': [`spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.32': [],
    '1.33': [],
    '1.34': [],
    '1.35': [],
    '1.36': [],
  };
  it.each(eachVersion(SHRINK_ABOVE_CAPACITY))('%s: a bound claim may go back above its capacity only with RecoverVolumeExpansionFailure', (version, causes) => {
    expect(pvcUpdateCauses(kubeRules(version), bound({ request: 'shrinks', aboveCapacity: true }))).toEqual(causes);
  });

  const SHRINK_TO_CAPACITY: PerVersion<string[]> = {
    '1.29': [`spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.30': [`spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.31': [`spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.32': [`spec.resources.requests.storage: Forbidden: ${CAPACITY}`],
    '1.33': [`spec.resources.requests.storage: Forbidden: ${CAPACITY}`],
    '1.34': [`spec.resources.requests.storage: Forbidden: ${CAPACITY}`],
    '1.35': [`spec.resources.requests.storage: Forbidden: ${CAPACITY}`],
    '1.36': [`spec.resources.requests.storage: Forbidden: ${CAPACITY}`],
  };
  it.each(eachVersion(SHRINK_TO_CAPACITY))('%s: a bound claim shrinking to (or below) its capacity is refused', (version, causes) => {
    expect(pvcUpdateCauses(kubeRules(version), bound({ request: 'shrinks' }))).toEqual(causes);
    expect(pvcUpdateCauses(kubeRules(version), bound({ request: 'shrinks', aboveCapacity: false }))).toEqual(causes);
  });

  const UNBOUND_SHRINK: PerVersion<string[]> = {
    // Both rules fire with the gate off; with it on, an unbound claim's empty capacity is below any request.
    '1.29': [`spec: Forbidden: ${PVC_SPEC}`, `spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.30': [`spec: Forbidden: ${PVC_SPEC}`, `spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.31': [`spec: Forbidden: ${PVC_SPEC}`, `spec.resources.requests.storage: Forbidden: ${PREVIOUS}`],
    '1.32': [`spec: Forbidden: ${PVC_SPEC}`],
    '1.33': [`spec: Forbidden: ${PVC_SPEC}`],
    '1.34': [`spec: Forbidden: ${PVC_SPEC}`],
    '1.35': [`spec: Forbidden: ${PVC_SPEC}`],
    '1.36': [`spec: Forbidden: ${PVC_SPEC}`],
  };
  it.each(eachVersion(UNBOUND_SHRINK))('%s: an unbound claim shrinking', (version, causes) => {
    expect(pvcUpdateCauses(kubeRules(version), bound({ bound: false, request: 'shrinks' }))).toEqual(causes);
  });

  it('words two causes as one aggregate, in brackets', () => {
    const rules = kubeRules('1.29');
    const causes = pvcUpdateCauses(rules, bound({ bound: false, request: 'shrinks' }));
    expect(rules.pvc.fullMessage('backup-main-z1', causes)).toBe(
      `PersistentVolumeClaim "backup-main-z1" is invalid: [spec: Forbidden: ${PVC_SPEC}, spec.resources.requests.storage: Forbidden: ${PREVIOUS}]`,
    );
  });

  it.each(KUBE_VERSIONS)('%s: only a bound claim can grow; a class may be set where none was; a class cannot change', (version) => {
    const rules = kubeRules(version);
    expect(pvcUpdateCauses(rules, bound({ request: 'grows' }))).toEqual([]);
    expect(pvcUpdateCauses(rules, bound({ bound: false, request: 'grows' }))).toEqual([`spec: Forbidden: ${PVC_SPEC}`]);
    expect(pvcUpdateCauses(rules, bound({ storageClassName: 'set' }))).toEqual([]);
    expect(pvcUpdateCauses(rules, bound({ bound: false, storageClassName: 'set' }))).toEqual([]);
    expect(pvcUpdateCauses(rules, bound({ storageClassName: 'changed' }))).toEqual([`spec: Forbidden: ${PVC_SPEC}`]);
    expect(pvcUpdateCauses(rules, bound({ otherSpecChange: true, request: 'grows' }))).toEqual([`spec: Forbidden: ${PVC_SPEC}`]);
    expect(pvcUpdateCauses(rules, bound({}))).toEqual([]);
  });
});

// ---- ConfigMap: R/pkg/apis/core/validation/validation.go ValidateConfigMapUpdate ----
// release-4.16 :6509 ... release-4.23 :7904, the same function in every version.

describe('ConfigMap updates', () => {
  it.each(KUBE_VERSIONS)('%s: an immutable ConfigMap refuses a change', (version) => {
    expect(kubeRules(version).configMap.immutableMessage).toBe('field is immutable when `immutable` is set');
  });
});

// ---- feature gates that decide what is kept: R/pkg/features/kube_features.go ----

interface Gates {
  retention: boolean;
  sidecars: boolean;
  ordinals: boolean;
  maxUnavailable: boolean;
}
const GATES: PerVersion<Gates> = {
  // release-4.16 kube_features.go: :1202 StatefulSetAutoDeletePVC {true, Beta}, :1196 SidecarContainers {true, Beta}, :1204 StatefulSetStartOrdinal {true, Beta}, :1124 MaxUnavailableStatefulSet {false, Alpha}
  '1.29': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.17 kube_features.go: :1227 {true, Beta}, :1221 {true, Beta}, :1229 {true, Beta}, :1147 {false, Alpha}
  '1.30': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.18 kube_features.go: :1215 {true, Beta}, :1209 {true, Beta}, :1217 {true, GA, locked}, :1135 {false, Alpha}
  '1.31': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.19 versioned_kube_features.go: :743 {1.32: true, GA}, :728 {1.29: true, Beta}, :749 {1.31: true, GA}, :519 {1.24: false, Alpha}
  '1.32': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.20 kube_features.go: :1762 {1.32: true, GA}, :1746 {1.33: true, GA}, :1768 {1.31: true, GA}, :1507 {false, Alpha}
  '1.33': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.21 kube_features.go: :1758 {1.32: true, GA}, :1746 {1.33: true, GA}, StatefulSetStartOrdinal removed, :1474 {false, Alpha}
  '1.34': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.22 kube_features.go: StatefulSetAutoDeletePVC removed (always on), :1808 {1.33: true, GA}, :1515 {1.35: false, Beta}
  '1.35': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
  // release-4.23 kube_features.go: StatefulSetAutoDeletePVC removed, :1993 {1.33: true, GA}, :1672 {1.35: false, Beta}
  '1.36': { retention: true, sidecars: true, ordinals: true, maxUnavailable: false },
};

describe('feature gate defaults', () => {
  it.each(eachVersion(GATES))('%s', (version, gates) => {
    const rules = kubeRules(version);
    expect(rules.statefulSetPvcRetentionPolicy).toBe(gates.retention);
    expect(rules.nativeSidecars).toBe(gates.sidecars);
    expect(rules.statefulSet.ordinals).toBe(gates.ordinals);
    expect(rules.statefulSet.maxUnavailable).toBe(gates.maxUnavailable);
  });

  it('an Invalid value prints Go syntax up to 1.33 and JSON from 1.34', () => {
    expect(KUBE_VERSIONS.map((v) => kubeRules(v).valueFormat)).toEqual(['go', 'go', 'go', 'go', 'go', 'json', 'json', 'json']);
  });
});

describe('message formatting', () => {
  it('drops a repeated cause and brackets several, as field.ErrorList.ToAggregate and the aggregate do', () => {
    expect(invalidMessage('Service', 'a', ['x: Forbidden: y'])).toBe('Service "a" is invalid: x: Forbidden: y');
    expect(invalidMessage('Service', 'a', ['x: Forbidden: y', 'x: Forbidden: y'])).toBe('Service "a" is invalid: x: Forbidden: y');
    expect(invalidMessage('Service', 'a', ['x: Forbidden: y', 'z: Forbidden: w'])).toBe('Service "a" is invalid: [x: Forbidden: y, z: Forbidden: w]');
    expect(invalidMessage('Service', 'a', [])).toBe('Service "a" is invalid');
  });

  it('kubectl lists several causes one per line', () => {
    expect(kubectlInvalidMessage('Service', 'a', ['x: Forbidden: y', 'z: Forbidden: w'])).toBe('The Service "a" is invalid: \n* x: Forbidden: y\n* z: Forbidden: w');
  });

  it('kubeRules gives the same frozen object each time', () => {
    const rules = kubeRules('1.32');
    expect(kubeRules('1.32')).toBe(rules);
    expect(Object.isFrozen(rules) && Object.isFrozen(rules.pvc) && Object.isFrozen(rules.statefulSet.mutableSpecFields)).toBe(true);
  });
});

// ---- --kube-version ----

describe('parseKubeVersion', () => {
  it.each([
    ['1.30', '1.30'],
    ['v1.30', '1.30'],
    ['1.30.4', '1.30'],
    ['v1.30.4-eks-abc', '1.30'],
    ['v1.32.13-gke.1051000', '1.32'],
    ['v1.31.2+k3s1', '1.31'],
    [' 1.36 ', '1.36'],
    ['1.29', '1.29'],
  ])('accepts %j as %s', (text, version) => {
    expect(parseKubeVersion(text)).toEqual({ version });
  });

  it('refuses 1.28: the sidecar field is dropped there', () => {
    const result = parseKubeVersion('v1.28.3');
    expect(result).toEqual({
      error:
        'kube version "v1.28.3" is below the minimum 1.29: every rendered StatefulSet runs multipooler as a native sidecar (spec.template.spec.initContainers[0].restartPolicy: Always); 1.28 has the field but drops it on write (SidecarContainers is alpha and off), so multipooler runs as a plain init container that never exits and postgres never starts; supported: 1.29 to 1.36',
    });
  });

  it('refuses 1.26, quoting the unknown-field refusal', () => {
    // release-4.13 (Kubernetes 1.26.5): vendor/k8s.io/apiserver/pkg/endpoints/handlers/rest.go
    // transformDecodeError and vendor/sigs.k8s.io/json/internal/golang/encoding/json/kubernetes_patch.go strictError.
    expect(SIDECAR_UNKNOWN_FIELD_MESSAGE).toBe('StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.initContainers[0].restartPolicy"');
    const result = parseKubeVersion('1.26');
    expect(result).toEqual({
      error: `kube version "1.26" is below the minimum 1.29: every rendered StatefulSet runs multipooler as a native sidecar (spec.template.spec.initContainers[0].restartPolicy: Always); 1.26 has no such field: under strict field validation (kubectl's default) the API server refuses the StatefulSet (${SIDECAR_UNKNOWN_FIELD_MESSAGE}), otherwise it drops the field and postgres never starts; supported: 1.29 to 1.36`,
    });
  });

  it('refuses a version newer than 1.36', () => {
    expect(parseKubeVersion('1.37')).toEqual({
      error: 'kube version "1.37" is newer than the newest supported 1.36: its update rules and refusal messages have not been read from its source; supported: 1.29 to 1.36',
    });
    expect(parseKubeVersion('2.0')).toEqual({ error: 'kube version "2.0" is not a Kubernetes 1.x version; supported: 1.29 to 1.36' });
  });

  it.each(['', 'latest', '1', '1.', '1.x', 'v1.30.4 extra', '1.30.4.5', 'vv1.30', '１.30'])('refuses %j as no version at all', (text) => {
    expect(parseKubeVersion(text)).toEqual({
      error: `kube version ${JSON.stringify(text)} is not a Kubernetes version: expected 1.MINOR with an optional "v" prefix, patch and suffix (1.30, v1.30.4, v1.30.4-eks-abc); supported: 1.29 to 1.36`,
    });
  });
});
