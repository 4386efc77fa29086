// Every label and annotation key the function writes, in one place. Pure constants.

// The operator's label keys belong to the API contract (api/operator-labels.ts); re-exported here so
// that everything that writes objects finds every key in this module.
export { LABEL } from '../api/operator-labels.js';
import { LOCAL_CONFIG_ANNOTATION } from '../api/kube-object.js';

export const ANNOTATION = {
  /** Ownership marker: `<namespace>/<Shard name>` (or `<namespace>` on the pg-hba ConfigMap). */
  renderedFrom: 'fn.multigres.com/rendered-from',
  localConfig: LOCAL_CONFIG_ANNOTATION,
  path: 'config.kubernetes.io/path',
  index: 'config.kubernetes.io/index',
  internalPath: 'internal.config.kubernetes.io/path',
  internalIndex: 'internal.config.kubernetes.io/index',
  argoSyncOptions: 'argocd.argoproj.io/sync-options',
  cliUtilsOnRemove: 'cli-utils.sigs.k8s.io/on-remove',
  fluxPrune: 'kustomize.toolkit.fluxcd.io/prune',
} as const;

/** Keeps a backup PVC in the cluster when it leaves the rendered output (Argo CD, kpt live, Flux). */
export const PRUNE_PROTECTION: ReadonlyArray<readonly [string, string]> = [
  [ANNOTATION.argoSyncOptions, 'Prune=false,Delete=false'],
  [ANNOTATION.cliUtilsOnRemove, 'keep'],
  [ANNOTATION.fluxPrune, 'disabled'],
];

/** The prune protections among an object's annotations (PRUNE_PROTECTION's order). */
export const pruneProtectionOf = (annotations: unknown): ReadonlyArray<readonly [string, string]> =>
  PRUNE_PROTECTION.filter(([k, v]) => annotations !== null && typeof annotations === 'object' && (annotations as Record<string, unknown>)[k] === v);
