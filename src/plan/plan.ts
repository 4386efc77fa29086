// What applying one render over another does to a running cluster: the objects the function
// renders in a base and in a change are compared field by field, and each difference is
// classified by what Kubernetes does with it (refuses it, restarts pods, moves backups, deletes,
// scales, creates, updates in place, nothing). Pure: objects in, a Plan out.
import { ANNOTATION, LABEL, pruneProtectionOf } from '../expand/keys.js';
import { diffObjects, type FieldChange, type Segment } from './diff.js';
import { isOrchestratorKey } from '../text/edit.js';
import { compareQuantities } from '../api/quantity.js';
import { describeS3, s3PlaceKey, s3RepositoryKey, s3StoreKey, type S3Location } from '../api/repository.js';
import { DEFAULT_KUBE_VERSION, kubeRules, pvcUpdateCauses, serviceClusterIPUpdate, type KubeRules, type PvcUpdate } from './kube-rules.js';
import { isObject, keyOf, refOf, type ObjectRef } from '../api/kube-object.js';
import { plural } from '../api/words.js';

export const PLAN_API_VERSION = 'fn.multigres.com/v1alpha1';
export const PLAN_KIND = 'Plan';

/**
 * The effects, most serious first: the order of the summary and of each Shard's changes.
 * `stops-serving`: after the change, a pool or the whole Shard has no pod that serves (a Service
 * whose selector no running pod matches, every replica of a pool at 0, a Shard moved elsewhere).
 */
export const EFFECTS = ['rejected', 'stops-serving', 'moves-backups', 'deletes', 'scales', 'restarts-pods', 'creates', 'updates', 'no-effect'] as const;
export type Effect = (typeof EFFECTS)[number];

export type { ObjectRef } from '../api/kube-object.js';

export interface Procedure {
  /** What to do, in words. */
  summary: string;
  /** The commands, in order, for each way of applying. */
  kubectl: string[];
  argocd: string[];
  kpt: string[];
}

export interface PlanChange {
  effect: Effect;
  /** Deletes a StatefulSet or a volume, moves (or may move) where backups go, or makes a later delete destroy data. */
  dataAffecting: boolean;
  /**
   * What the verdict depends on that only the cluster knows (a rejection that depends on how a
   * claim was created, a store that may be another): the change is classified by its worse case.
   */
  dependsOn?: string;
  /**
   * The object's update is rejected: this effect happens only once the rejected change's
   * procedure has been carried out, not on the next sync.
   */
  afterProcedure?: boolean;
  object: ObjectRef;
  pool?: string;
  cell?: string;
  /** One line: what happens. */
  message: string;
  fields: FieldChange[];
  /** What follows from it, one sentence each. */
  details: string[];
  /** For a rejected change: what does work. */
  procedure?: Procedure;
  /** The pods it stops or starts, in the order Kubernetes does it. */
  pods?: string[];
}

export interface ShardPlan {
  /** `<namespace>/<name>` of the Shard (a namespace alone for the namespace's pg-hba ConfigMap). */
  shard: string;
  /** For a Shard that moves: `<namespace>/<name>` where it is rendered in the change. */
  movedTo?: string;
  changes: PlanChange[];
  notes: string[];
}

export interface Plan {
  apiVersion: typeof PLAN_API_VERSION;
  kind: typeof PLAN_KIND;
  /** The Kubernetes version whose rules and messages the plan uses. */
  kubeVersion: string;
  /**
   * Changes of each effect on the next sync (an object can have several), the changes that only
   * follow a rejected change's procedure, and objects changed and unchanged.
   */
  summary: Record<Effect, number> & { afterProcedure: number; changedObjects: number; unchanged: number };
  rejected: boolean;
  dataAffecting: boolean;
  /** Some pool or Shard is left with no serving pod. */
  availabilityAffecting: boolean;
  /** What the plan as a whole says (a change that renders nothing). */
  notes: string[];
  shards: ShardPlan[];
}

/** A rendered object as plain data (labels and annotations as plain objects). */
export type PlainObject = Record<string, unknown>;

const get = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const markerOf = (o: PlainObject): string | undefined => str(get(o, 'metadata', 'annotations', ANNOTATION.renderedFrom));

/** The object without what orchestrators add (kpt's path and index annotations): what is applied. */
export function comparable(o: PlainObject): PlainObject {
  const annotations = get(o, 'metadata', 'annotations');
  if (!isObject(annotations) || !Object.keys(annotations).some(isOrchestratorKey)) return o;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !isOrchestratorKey(k)));
  const metadata = { ...(o.metadata as Record<string, unknown>) };
  if (Object.keys(kept).length > 0) metadata.annotations = kept;
  else delete metadata.annotations;
  return { ...o, metadata };
}


// ---- how the API server compares ----

/** A quantity field: requests, limits, sizeLimit. The API server compares them by value. */
const isQuantityPath = (segments: readonly Segment[]): boolean => {
  const last = segments.at(-1);
  const parent = segments.at(-2);
  return last === 'sizeLimit' || last === 'storage' || parent === 'requests' || parent === 'limits' || parent === 'capacity';
};

/** Two scalars the API server takes as equal: quantities with the same value ("20Gi" and "21474836480"). */
const sameQuantity = (segments: readonly Segment[], a: unknown, b: unknown): boolean =>
  isQuantityPath(segments) && (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number') && compareQuantities(String(a), String(b)) === 0;

/** How a requested size changes: +1 grows, -1 shrinks, 0 the same, undefined when a side is not a quantity. */
const sizeChange = (before: unknown, after: unknown): number | undefined =>
  (typeof before === 'string' || typeof before === 'number') && (typeof after === 'string' || typeof after === 'number') ? compareQuantities(String(after), String(before)) : undefined;

// ---- reading rendered objects ----

const podNames = (name: string, from: number, to: number): string[] => {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(`${name}-${i}`);
  return out;
};

const replicasOf = (o: PlainObject): number => {
  const r = get(o, 'spec', 'replicas');
  return typeof r === 'number' ? r : 1;
};

const containerOf = (o: PlainObject, name: string): Record<string, unknown> | undefined => {
  const containers = get(o, 'spec', 'template', 'spec', 'containers');
  return Array.isArray(containers) ? (containers.find((c) => isObject(c) && c.name === name) as Record<string, unknown> | undefined) : undefined;
};

/** Where a pool's pgctld keeps its backups, from its StatefulSet: an S3 location or a backup PVC. */
export interface Repository {
  type: string;
  description: string;
  /** What makes it the repository it is (api/repository.ts's identity for S3): equal means the same backups. */
  identity: string;
  /** For S3: the store (AWS region or endpoint) as compared, and as the user wrote it. */
  store?: string;
  storeName?: string;
  /** For S3: bucket and key prefix, as compared (api/repository.ts's identity without the store). */
  place?: string;
  /** The backup PVC, for filesystem. */
  claim?: string;
}

export function repositoryOf(o: PlainObject): Repository | undefined {
  const postgres = containerOf(o, 'postgres');
  const args = Array.isArray(postgres?.args) ? (postgres.args as unknown[]).filter((a): a is string => typeof a === 'string') : [];
  const flag = (name: string) => args.find((a) => a.startsWith(`--backup-${name}=`))?.slice(`--backup-${name}=`.length);
  const type = flag('type');
  if (type === undefined) return undefined;
  if (type === 's3') {
    const location: S3Location = { bucket: flag('bucket') ?? '', region: flag('region') ?? '' };
    const endpoint = flag('endpoint');
    const keyPrefix = flag('key-prefix');
    if (endpoint) location.endpoint = endpoint;
    if (keyPrefix) location.keyPrefix = keyPrefix;
    const identity = s3RepositoryKey(location);
    const store = s3StoreKey(location);
    return { type, identity, store, storeName: endpoint ? `endpoint ${endpoint}` : `AWS ${location.region}`, place: s3PlaceKey(location), description: describeS3(location) };
  }
  const path = flag('path') ?? '/backups';
  const mount = Array.isArray(postgres?.volumeMounts) ? (postgres.volumeMounts as unknown[]).find((m) => isObject(m) && m.mountPath === path) : undefined;
  const volumes = get(o, 'spec', 'template', 'spec', 'volumes');
  const volume = isObject(mount) && Array.isArray(volumes) ? volumes.find((v) => isObject(v) && v.name === mount.name) : undefined;
  const claim = str(get(volume, 'persistentVolumeClaim', 'claimName'));
  const ns = refOf(o).namespace;
  const where = claim ? `backup PVC ${ns ? `${ns}/` : ''}${claim}` : `volume ${isObject(mount) ? String(mount.name) : path}`;
  return { type, identity: `${type}|${ns ?? ''}|${claim ?? ''}`, description: `${type} on ${where}`, ...(claim ? { claim } : {}) };
}

/** The credential mode a pool's pods reach S3 with, from its StatefulSet. */
function credentialsOf(o: PlainObject): string {
  const postgres = containerOf(o, 'postgres');
  const env = Array.isArray(postgres?.env) ? (postgres.env as unknown[]) : [];
  const secret = env.map((e) => str(get(e, 'valueFrom', 'secretKeyRef', 'name')) && get(e, 'name') === 'AWS_ACCESS_KEY_ID' ? str(get(e, 'valueFrom', 'secretKeyRef', 'name')) : undefined).find(Boolean);
  if (secret) return `keys from Secret ${secret}`;
  const account = str(get(o, 'spec', 'template', 'spec', 'serviceAccountName'));
  if (account) return `pod identity of ServiceAccount ${account}`;
  const args = Array.isArray(postgres?.args) ? (postgres.args as unknown[]) : [];
  if (args.includes('--backup-use-env-credentials')) return 'keys that something else puts in the environment';
  return "the node's instance role";
}

const pgdataClaims = (o: PlainObject): string[] => {
  const templates = get(o, 'spec', 'volumeClaimTemplates');
  return Array.isArray(templates) ? templates.map((t) => str(get(t, 'metadata', 'name'))).filter((n): n is string => n !== undefined) : [];
};

const claimNames = (o: PlainObject, count: number): string[] => pgdataClaims(o).flatMap((t) => podNames(`${t}-${refOf(o).name}`, 0, count));

const retentionOf = (o: PlainObject, when: 'whenDeleted' | 'whenScaled'): string => str(get(o, 'spec', 'persistentVolumeClaimRetentionPolicy', when)) ?? 'Retain';

const list = (names: readonly string[]): string => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} … ${names.at(-1)} (${names.length})`);

// ---- procedures for what Kubernetes refuses ----

/**
 * Recreating a StatefulSet without stopping its pods: it is deleted with its pods orphaned and
 * applied again, and the new one adopts the running pods when they match its selector. When the
 * selector changes, the running pods are labelled first so that they match it (and the new
 * Services select them); pods with the same names cannot be replaced side by side.
 */
function recreateStatefulSet(ref: ObjectRef, newSelector: Record<string, string> | undefined, pods: readonly string[]): Procedure {
  const ns = nsFlag(ref);
  const nsArg = ref.namespace ? ` --namespace ${ref.namespace}` : '';
  const orphan = `kubectl delete statefulset ${ref.name}${ns} --cascade=orphan`;
  const labels = newSelector ? Object.entries(newSelector).map(([k, v]) => `${k}=${v}`).join(' ') : '';
  const label = newSelector && pods.length > 0 ? [`kubectl label pod ${pods.join(' ')}${ns} --overwrite ${labels}`] : [];
  const argoSync = 'an automated sync does not retry a failed commit by itself; only selfHeal recreates it unasked';
  const replace = 'the sync option Replace=true does not help: a replace is an update, refused the same way';
  return {
    summary: newSelector
      ? `The selector changes, so first label the running pods with the new selector's labels (they keep serving, and the new Services select them), then delete the StatefulSet without its pods and apply again: the new StatefulSet adopts the labelled pods and rolls them to the new template one at a time. Deleting the pods instead stops the pool: their replacements have the same names and volumes. In Argo CD, sync once it is deleted (${argoSync}); ${replace}.`
      : `Delete the StatefulSet without its pods (they keep running, with their volumes) and apply again: the new StatefulSet adopts the running pods, which match its selector. In Argo CD, sync once it is deleted (${argoSync}); ${replace}.`,
    kubectl: [...label, orphan, 'kubectl apply -f <the render>'],
    argocd: [...label, `argocd app delete-resource <app> --kind StatefulSet --group apps${nsArg} --resource-name ${ref.name} --orphan`, 'argocd app sync <app>'],
    kpt: [...label, orphan, 'kpt live apply <package>'],
  };
}

function recreateOther(ref: ObjectRef, kind: string, consequence: string): Procedure {
  const ns = nsFlag(ref);
  const nsArg = ref.namespace ? ` --namespace ${ref.namespace}` : '';
  const group = kind === 'Deployment' ? ' --group apps' : '';
  const del = `kubectl delete ${kind.toLowerCase()} ${ref.name}${ns}`;
  return {
    summary: `Delete the ${kind} and apply again; ${consequence}.`,
    kubectl: [del, 'kubectl apply -f <the render>'],
    argocd: [`argocd app delete-resource <app> --kind ${kind}${group}${nsArg} --resource-name ${ref.name}`, 'argocd app sync <app>'],
    kpt: [del, 'kpt live apply <package>'],
  };
}

/** What a change of a data claim template means for the volumes that exist already. */
function claimTemplateDetails(a: PlainObject, changed: readonly FieldChange[]): string[] {
  const details: string[] = [];
  const claims = claimNames(a, replicasOf(a));
  for (const c of changed) {
    const tail = c.path.replace(/^spec\.volumeClaimTemplates\[metadata\.name=[^\]]+\]\./, '');
    if (tail === 'spec.resources.requests.storage') {
      const change = sizeChange(c.before, c.after);
      if (change === 1) {
        details.push(
          `The existing data volumes (${list(claims)}) keep ${String(c.before)} when the StatefulSet is recreated: grow each one with kubectl patch pvc <name> -p '{"spec":{"resources":{"requests":{"storage":"${String(c.after)}"}}}}', which works only when its storage class has allowVolumeExpansion: true.`,
        );
      } else if (change === -1) {
        details.push(`Keep the old size: a volume cannot shrink, so the existing data volumes (${list(claims)}) stay at ${String(c.before)}, and only volumes created later (new pods) get ${String(c.after)}.`);
      }
    } else if (tail === 'spec.storageClassName') {
      details.push(
        `A volume's storage class cannot change: the existing data volumes (${list(claims)}) stay on ${c.before === undefined ? 'the default class' : String(c.before)}, and only volumes created later get ${c.after === undefined ? 'the default class' : String(c.after)}. To move the data, add a pool on the new class, let its replicas catch up, then remove the old pool.`,
      );
    } else if (tail === 'spec.accessModes') {
      details.push(`A volume's access modes cannot change: the existing data volumes (${list(claims)}) keep ${JSON.stringify(c.before)}; only volumes created later get ${JSON.stringify(c.after)}.`);
    }
  }
  return details;
}

// ---- classification of one object ----

interface Context {
  ref: ObjectRef;
  pool?: string;
  cell?: string;
}

function make(ctx: Context, effect: Effect, dataAffecting: boolean, message: string, fields: FieldChange[], details: string[] = [], extra: Pick<PlanChange, 'procedure' | 'pods'> = {}): PlanChange {
  // Keys in the order the JSON output documents them.
  return {
    effect,
    dataAffecting,
    object: ctx.ref,
    ...(ctx.pool !== undefined ? { pool: ctx.pool } : {}),
    ...(ctx.cell !== undefined ? { cell: ctx.cell } : {}),
    message,
    fields,
    details,
    ...(extra.procedure ? { procedure: extra.procedure } : {}),
    ...(extra.pods ? { pods: extra.pods } : {}),
  };
}

const under = (prefix: string) => (c: FieldChange) => c.path === prefix || c.path.startsWith(`${prefix}.`) || c.path.startsWith(`${prefix}[`);

function context(o: PlainObject): Context {
  const labels = get(o, 'metadata', 'labels');
  const ctx: Context = { ref: refOf(o) };
  const pool = str(get(labels, LABEL.pool));
  const cell = str(get(labels, LABEL.cell));
  if (pool !== undefined) ctx.pool = pool;
  if (cell !== undefined) ctx.cell = cell;
  return ctx;
}

/** Where a change is, for people: " (pool main, cell z1)", " (cell z1)" or nothing. */
export const poolAndCell = (c: { pool?: string; cell?: string }): string =>
  c.pool !== undefined ? ` (pool ${c.pool}${c.cell !== undefined ? `, cell ${c.cell}` : ''})` : c.cell !== undefined ? ` (cell ${c.cell})` : '';

/** The Secrets, ConfigMaps and the ServiceAccount a pod template refers to: env, volumes and image pull Secrets. */
function references(o: PlainObject): { secrets: Set<string>; configMaps: Set<string>; account?: string } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      const name = str(get(v, 'secretKeyRef', 'name')) ?? str(get(v, 'secret', 'secretName'));
      if (name) secrets.add(name);
      const map = str(get(v, 'configMapKeyRef', 'name')) ?? str(get(v, 'configMap', 'name'));
      if (map) configMaps.add(map);
      Object.values(v).forEach(walk);
    }
  };
  const pod = get(o, 'spec', 'template', 'spec');
  walk(pod);
  const pulls = get(pod, 'imagePullSecrets');
  for (const p of Array.isArray(pulls) ? pulls : []) if (str(get(p, 'name'))) secrets.add(str(get(p, 'name'))!);
  const account = str(get(pod, 'serviceAccountName'));
  return account ? { secrets, configMaps, account } : { secrets, configMaps };
}

/** What the new pods need that the old ones did not: it must exist before the roll starts. */
function prerequisites(ctx: Context, a: PlainObject, b: PlainObject): string[] {
  const before = references(a);
  const after = references(b);
  const needed = [...after.secrets].filter((s) => !before.secrets.has(s)).map((s) => `Secret ${s}`);
  needed.push(...[...after.configMaps].filter((m) => !before.configMaps.has(m)).map((m) => `ConfigMap ${m}`));
  if (after.account && after.account !== before.account) needed.push(`ServiceAccount ${after.account}`);
  if (needed.length === 0) return [];
  return [`${needed.join(' and ')} must exist in namespace ${ctx.ref.namespace ?? 'default'} before this is applied: the first pod restarted cannot start without ${needed.length === 1 ? 'it' : 'them'}, and the roll stops there.`];
}

/** What rolling the pod template of a StatefulSet or Deployment does. */
function restart(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[], more: readonly string[] = []): PlanChange {
  const name = ctx.ref.name;
  const count = Math.min(replicasOf(a), replicasOf(b));
  const what = describeTemplateChange(fields);
  const needs = [...more, ...prerequisites(ctx, a, b)];
  if (ctx.ref.kind === 'StatefulSet') {
    const strategy = str(get(b, 'spec', 'updateStrategy', 'type')) ?? 'RollingUpdate';
    const pods = podNames(name, 0, count).reverse();
    if (strategy === 'OnDelete') {
      return make(ctx, 'restarts-pods', false, `the pod template changes (${what}); with updateStrategy OnDelete the ${plural(count, 'pod')} take it only when each is deleted`, fields, needs, { pods });
    }
    const order = count > 1 ? `one at a time from the highest ordinal, each after the one before is Ready: ${pods.join(', ')}` : pods.join('');
    const details = ["Each restart stops that pod's Postgres until it is Ready again; restarting the primary interrupts writes until it is back or another replica has taken over.", ...needs];
    return make(ctx, 'restarts-pods', false, `restarts ${plural(count, 'pod')} because the pod template changes (${what})${count > 0 ? `: ${order}` : ''}`, fields, details, { pods });
  }
  return make(ctx, 'restarts-pods', false, `replaces its ${plural(count, 'pod')} (rolling update: new pods start before old ones stop), because the pod template changes (${what})`, fields, needs);
}

/** The parts of a pod template a change touches, in words. */
function describeTemplateChange(fields: readonly FieldChange[]): string {
  const parts = new Set<string>();
  for (const f of fields) {
    const p = f.path;
    const container = /[cC]ontainers\[name=([^\]]+)\]\.([A-Za-z]+)/.exec(p);
    if (/^spec\.template\.metadata\.labels/.test(p)) parts.add('pod labels');
    else if (/^spec\.template\.metadata\.annotations/.test(p)) parts.add('pod annotations');
    else if (container) parts.add(`${container[1]} ${container[2]}`);
    else if (/^spec\.template\.spec\.(initContainers|containers)(\[name=([^\]]+)\])?$/.test(p)) parts.add(/initContainers/.test(p) ? 'init containers' : 'containers');
    else parts.add(p.replace(/^spec\.template\.spec\./, '').replace(/\[.*$/, ''));
  }
  return [...parts].join(', ');
}

/** What the classification of one object knows beside the object: the rules and the base's running pods. */
interface Environment {
  rules: KubeRules;
  /** Which StatefulSet mounts each claim (`namespace/claim`), to stop its pods before the claim can go. */
  mounts: ReadonlyMap<string, string>;
  /** The pod labels of every workload in the base: the pods that run when the change is applied. */
  runningPods: ReadonlyArray<{ namespace: string; labels: Record<string, string> }>;
}

const labelsOf = (v: unknown): Record<string, string> => (isObject(v) ? (Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>) : {});

/** Whether a pod's labels match a selector's matchLabels (what a Service or StatefulSet selects). */
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

const quote = (message: string) => `"${message}"`;
/** kubectl's namespace flag for an object: ` -n ns`, or nothing. */
const nsFlag = (ref: ObjectRef) => (ref.namespace ? ` -n ${ref.namespace}` : '');
/** A whole API server message as kubectl prints it (it quotes the object's name itself). */
const said = (message: string) => `kubectl: ${message}`;

/** What a rejected object's update would also do: it happens only once the procedure is done. */
const afterProcedure = (changes: readonly PlanChange[]): PlanChange[] => changes.map((c) => ({ ...c, afterProcedure: true, message: `after the procedure: ${c.message}` }));

function classifyStatefulSet(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[], env: Environment): PlanChange[] {
  const out: PlanChange[] = [];
  const spec = fields.filter(under('spec'));
  const mutable = new Set(env.rules.statefulSet.mutableSpecFields);
  const immutable = spec.filter((f) => typeof f.segments[1] === 'string' && !mutable.has(f.segments[1]));
  const rejected = immutable.length > 0;
  if (rejected) {
    const selectorChanged = immutable.some(under('spec.selector'));
    const details = [
      `Kubernetes ${env.rules.version} refuses the whole update (${said(env.rules.statefulSet.kubectlMessage(ctx.ref.name))}): nothing of this StatefulSet's new render is applied, pod template included, and a GitOps sync stays failed until it is recreated.`,
      ...claimTemplateDetails(a, immutable.filter(under('spec.volumeClaimTemplates'))),
    ];
    const selector = selectorChanged ? labelsOf(get(b, 'spec', 'selector', 'matchLabels')) : undefined;
    out.push(
      make(ctx, 'rejected', false, `Kubernetes rejects this update: ${immutable.map((f) => f.path).join(', ')} cannot change on an existing StatefulSet`, immutable, details, {
        procedure: recreateStatefulSet(ctx.ref, selector, podNames(ctx.ref.name, 0, replicasOf(a))),
      }),
    );
  }
  const template = spec.filter(under('spec.template'));
  const repoA = repositoryOf(a);
  const repoB = repositoryOf(b);
  const after: PlanChange[] = [];
  if (repoA && repoB && repoA.identity !== repoB.identity) {
    const backupFields = template.filter((f) => /containers\[name=postgres\]\.args$/.test(f.path) || /\.volumes/.test(f.path));
    // Only the store differs: another endpoint may well be the same store under another name.
    const samePlace = repoA.type === 's3' && repoB.type === 's3' && repoA.store !== repoB.store && repoA.place === repoB.place;
    const bothAws = repoA.store?.startsWith('aws:') === true && repoB.store?.startsWith('aws:') === true;
    const maybeSame = samePlace && !bothAws;
    if (maybeSame) {
      const dependsOn = `whether ${repoB.storeName} is the same S3 store as ${repoA.storeName} (a new DNS name, a proxy, or the other's explicit address) or another one`;
      after.push({
        ...make(ctx, 'moves-backups', true, `may move this pool's backups: the S3 endpoint changes from ${repoA.description} to ${repoB.description}`, backupFields, [
          `If it is the same store under another name, nothing moves: the pods restart and go on with the same backups.`,
          `If it is another store, the backups and WAL archive taken so far stay in the old one, and ${repoB.description} starts empty for this pool: take a full backup as soon as the pods have restarted.`,
        ]),
        dependsOn,
      });
    } else {
      const details = [
        `The backups and WAL archive taken so far stay in ${repoA.description}; nothing copies them.`,
        `${repoB.description} starts empty for this pool: take a full backup as soon as the pods have restarted, because until then there is no backup to restore and no point-in-time recovery from it.`,
        `Recovery to any time before the switch needs ${repoA.description}: keep it until the new repository's backups cover the recovery window you need.`,
      ];
      if (repoA.claim && !repoB.claim) details.push(`The backup PVC ${repoA.claim} is no longer mounted; see its own entry for whether it stays in the cluster.`);
      if (samePlace && bothAws) {
        details.push(`Only the AWS region changes, and an S3 bucket lives in one region: unless the bucket is really in ${repoB.store!.slice('aws:'.length)}, pgBackRest cannot reach it there, and backups and WAL archiving fail after the restart.`);
      }
      after.push(make(ctx, 'moves-backups', true, `moves this pool's backups from ${repoA.description} to ${repoB.description}`, backupFields, details));
    }
  }
  // A new credential mode is part of the restart: what it needs is said there.
  const credentials: string[] = [];
  if (repoA?.type === 's3' && repoB?.type === 's3' && repoA.identity === repoB.identity && credentialsOf(a) !== credentialsOf(b)) {
    credentials.push(`The backup credentials change from ${credentialsOf(a)} to ${credentialsOf(b)}; the repository stays ${repoB.description}, so the new credentials must be able to read and write it, or backups and WAL archiving fail after the restart.`);
  }
  if (template.length > 0) after.push(restart(ctx, a, b, template, credentials));
  const replicas = spec.filter(under('spec.replicas'));
  if (replicas.length > 0) after.push(scale(ctx, a, b, replicas));
  const rest = spec.filter((f) => !under('spec.template')(f) && !under('spec.replicas')(f) && !immutable.includes(f));
  if (rest.length > 0) {
    const toDelete = rest.some((f) => f.path.startsWith('spec.persistentVolumeClaimRetentionPolicy') && f.after === 'Delete');
    const details = toDelete ? ['With a retention policy of Delete, deleting this StatefulSet or scaling it down deletes the data volumes of the pods it removes.'] : [];
    after.push(make(ctx, 'updates', toDelete, `updated in place: ${rest.map((f) => f.path).join(', ')}`, rest, details));
  }
  // What a rejected update would have done happens only after its procedure.
  return [...out, ...(rejected ? afterProcedure(after) : after)];
}

function scale(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[]): PlanChange {
  const from = replicasOf(a);
  const to = replicasOf(b);
  const name = ctx.ref.name;
  const parallel = ctx.ref.kind === 'StatefulSet' && get(b, 'spec', 'podManagementPolicy') === 'Parallel';
  if (to > from) {
    const pods = podNames(name, from, to);
    const details = ctx.ref.kind === 'StatefulSet' ? [`Each new pod gets a new, empty data volume (${list(claimNames(b, to).slice(from))}) and joins as a replica.`] : [];
    const how = pods.length > 1 ? (parallel ? ', all at once (podManagementPolicy: Parallel)' : ctx.ref.kind === 'StatefulSet' ? ', one at a time in ordinal order' : '') : '';
    return make(ctx, 'scales', false, `scales up from ${from} to ${to}: starts ${pods.join(', ')}${how}`, fields, details, { pods });
  }
  const pods = podNames(name, to, from).reverse();
  const kept = retentionOf(b, 'whenScaled') === 'Retain';
  const details =
    ctx.ref.kind === 'StatefulSet'
      ? [
          kept
            ? `Their data volumes (${list(claimNames(a, from).filter((c) => pods.some((p) => c.endsWith(p.slice(name.length)))))}) stay in the cluster (whenScaled: Retain); scaling up again reuses them.`
            : `Their data volumes are DELETED (whenScaled: ${retentionOf(b, 'whenScaled')}).`,
          'When the primary is among the pods that stop, writes stop until another replica has taken over.',
        ]
      : [];
  const how = pods.length > 1 ? (parallel ? ', all at once (podManagementPolicy: Parallel)' : ctx.ref.kind === 'StatefulSet' ? ', highest ordinal first, one at a time' : '') : '';
  return make(ctx, 'scales', ctx.ref.kind === 'StatefulSet' && !kept, `scales down from ${from} to ${to}: stops ${pods.join(', ')}${how}`, fields, details, { pods });
}

/** Replacing a claim Kubernetes will not change in place: stop what mounts it, delete it, apply. */
function replaceClaim(ctx: Context, mountedBy: string | undefined, shrink: boolean, protectedBy: readonly string[]): Procedure {
  const ns = nsFlag(ctx.ref);
  // The pod that mounts the claim holds it (pvc-protection): stop it first, or the delete waits.
  const stop = mountedBy ? [`kubectl scale statefulset ${mountedBy}${ns} --replicas=0`] : [];
  const steps = [...stop, `kubectl delete pvc ${ctx.ref.name}${ns}`];
  const byHand = protectedBy.length > 0 ? 'delete the PVC by hand (its prune protection keeps any sync from doing it)' : 'delete the PVC by hand';
  return {
    summary: `${shrink ? 'Keep the old size. To really replace the volume' : 'Keep the old value, or replace the volume'}: copy its backups elsewhere, stop the pods that mount it${mountedBy ? ` (StatefulSet ${mountedBy})` : ''}, ${byHand}, apply so that the new one is created and the pods start again, then copy the backups back. With Argo CD, turn off automated sync until then: self-heal would start the pods again.`,
    kubectl: [...steps, 'kubectl apply -f <the render>'],
    argocd: [...steps, 'argocd app sync <app>'],
    kpt: [...steps, 'kpt live apply <package>'],
  };
}

function classifyPvc(ctx: Context, a: PlainObject, fields: FieldChange[], env: Environment): PlanChange[] {
  const { pvc, version } = env.rules;
  // What this version's API server accepts of a bound claim, asked of the rules themselves.
  const accepts = (update: Partial<PvcUpdate>) => pvcUpdateCauses(env.rules, { bound: true, request: 'same', storageClassName: 'same', otherSpecChange: false, ...update }).length === 0;
  const classMayBeSet = accepts({ storageClassName: 'set' });
  const spec = fields.filter(under('spec'));
  const out: PlanChange[] = [];
  const mountedBy = env.mounts.get(`${ctx.ref.namespace ?? ''}/${ctx.ref.name}`);
  const protectedBy = pruneProtectionOf(get(a, 'metadata', 'annotations')).map(([k]) => k);
  const size = spec.filter((f) => f.path === 'spec.resources.requests.storage');
  const grows = size.filter((f) => sizeChange(f.before, f.after) === 1);
  const shrinks = size.filter((f) => sizeChange(f.before, f.after) === -1);
  const classSet = spec.filter((f) => f.path === 'spec.storageClassName' && f.before === undefined && f.after !== undefined);
  const refused = spec.filter((f) => !grows.includes(f) && !shrinks.includes(f) && !(classMayBeSet && classSet.includes(f)));
  const specCause = quote(pvc.specCause);
  if (refused.length > 0) {
    out.push(
      make(ctx, 'rejected', false, `Kubernetes rejects this update: ${refused.map((f) => f.path).join(', ')} cannot change on an existing volume claim`, refused, [`Kubernetes ${version} refuses it: a volume claim's spec cannot change after creation, except its requested size (${specCause}).`], {
        procedure: replaceClaim(ctx, mountedBy, false, protectedBy),
      }),
    );
  }
  if (shrinks.length > 0) {
    const f = shrinks[0]!;
    const details = [`Kubernetes ${version} refuses a smaller request (${quote(pvc.shrinkCause)}): a volume cannot shrink.`];
    const change = make(ctx, 'rejected', false, `Kubernetes rejects this update: the volume claim's request cannot go down from ${String(f.before)} to ${String(f.after)}`, shrinks, details, { procedure: replaceClaim(ctx, mountedBy, true, protectedBy) });
    out.push(
      accepts({ request: 'shrinks', aboveCapacity: true })
        ? { ...change, dependsOn: `the claim's status.capacity.storage: Kubernetes ${version} accepts a smaller request of a bound claim only when it stays strictly above the capacity the volume really has, which is below ${String(f.before)} only after a failed expansion (kubectl get pvc ${ctx.ref.name}${nsFlag(ctx.ref)} -o jsonpath='{.status.capacity.storage}')` }
        : change,
    );
  }
  if (classMayBeSet && classSet.length > 0) {
    const f = classSet[0]!;
    out.push({
      ...make(ctx, 'rejected', false, `Kubernetes may reject this update: spec.storageClassName is set to ${String(f.after)} on a claim that was created without one`, classSet, [
        `Kubernetes ${version} lets an unset storage class be set, but only while the claim has none: if the cluster had a default StorageClass when the claim was created (or the claim waited unbound until one appeared), that class was filled in, and any other value is refused (${specCause}).`,
        `Check with kubectl get pvc ${ctx.ref.name}${nsFlag(ctx.ref)} -o jsonpath='{.spec.storageClassName}': empty, the update is accepted; ${String(f.after)}, nothing changes; another class, it is rejected and the volume stays on that class.`,
      ], { procedure: replaceClaim(ctx, mountedBy, false, protectedBy) }),
      dependsOn: `which storage class the cluster filled in when the claim was created (none without a default StorageClass)`,
    });
  }
  if (grows.length > 0) {
    const f = grows[0]!;
    const details = [
      `Only when the claim's storage class has allowVolumeExpansion: true; otherwise Kubernetes refuses it (${said(pvc.resizeForbiddenFullMessage(ctx.ref.name))}).`,
      accepts({ bound: false, request: 'grows' })
        ? 'A claim that is not bound yet takes the new size when it is provisioned.'
        : `Only a bound claim can grow: a claim not bound to a volume yet (its pod never started, under a WaitForFirstConsumer class) is refused (${specCause}).`,
      'A volume driver that cannot expand a mounted volume grows the filesystem when the pod that mounts it restarts.',
    ];
    out.push(make(ctx, 'updates', false, `grows the volume from ${String(f.before)} to ${String(f.after)} in place`, grows, details));
  }
  return out;
}

function classifyService(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[], env: Environment): PlanChange[] {
  const spec = fields.filter(under('spec'));
  const ip = spec.filter((f) => under('spec.clusterIP')(f) || under('spec.clusterIPs')(f));
  const out: PlanChange[] = [];
  if (ip.length > 0) {
    const before = str(get(a, 'spec', 'clusterIP'));
    const after = str(get(b, 'spec', 'clusterIP'));
    const update = serviceClusterIPUpdate(env.rules, before, after);
    const procedure = recreateOther(ctx.ref, 'Service', 'its name stops resolving until it is created again');
    if (update.result === 'kept') {
      out.push(make(ctx, 'no-effect', false, 'spec.clusterIP is no longer rendered: the API server keeps the address it has', ip, ['Removing a cluster IP from what is applied does not change it: the Service storage puts the stored value back.']));
    } else if (update.result === 'refused') {
      out.push(make(ctx, 'rejected', false, "Kubernetes rejects this update: a Service's cluster IP cannot change once set (headless or not)", ip, [`The API server refuses it (${said(env.rules.service.kubectlMessage(ctx.ref.name, after === undefined ? [] : [after]))}).`], { procedure }));
    } else if (update.result === 'refused-unless-allocated') {
      out.push({
        ...make(ctx, 'rejected', false, `Kubernetes rejects this update unless ${after} is the address the cluster gave the Service`, ip, [`The API server refuses any other address (${said(env.rules.service.kubectlMessage(ctx.ref.name, after === undefined ? [] : [after]))}).`], { procedure }),
        dependsOn: `the cluster IP the Service has now (kubectl get service ${ctx.ref.name}${nsFlag(ctx.ref)} -o jsonpath='{.spec.clusterIP}')`,
      });
    }
  }
  const selector = spec.filter(under('spec.selector'));
  if (selector.length > 0) {
    const wanted = labelsOf(get(b, 'spec', 'selector'));
    const namespace = ctx.ref.namespace ?? '';
    const served = env.runningPods.some((p) => p.namespace === namespace && matches(wanted, p.labels));
    if (!served) {
      out.push(
        make(ctx, 'stops-serving', false, 'the new selector matches none of the pods running now: from the moment it is applied, the Service has no endpoints', selector, [
          'The running pods keep their labels until their workload is recreated and rolled; a StatefulSet whose selector changes is refused (see its entry), so its pods never get the new labels on their own.',
          "Label the running pods with the new selector's labels before applying (the StatefulSet's procedure starts with it): then the Service keeps its endpoints throughout.",
        ]),
      );
    } else out.push(make(ctx, 'updates', false, 'updated in place: the selector changes, and pods running now match it', selector, ['The selector changes: the Service sends traffic to the pods it matches from the moment it is applied.']));
  }
  const rest = spec.filter((f) => !ip.includes(f) && !selector.includes(f));
  if (rest.length > 0) out.push(make(ctx, 'updates', false, `updated in place: ${rest.map((f) => f.path).join(', ')}`, rest));
  return out;
}

function classifyDeployment(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[], env: Environment): PlanChange[] {
  const spec = fields.filter(under('spec'));
  const out: PlanChange[] = [];
  const selector = spec.filter(under('spec.selector'));
  if (selector.length > 0) {
    out.push(make(ctx, 'rejected', false, "Kubernetes rejects this update: a Deployment's spec.selector cannot change", selector, [`The API server refuses it (${said(env.rules.deployment.kubectlMessage(ctx.ref.name, labelsOf(get(b, 'spec', 'selector', 'matchLabels'))))}).`], { procedure: recreateOther(ctx.ref, 'Deployment', 'its pods are replaced') }));
  }
  const after: PlanChange[] = [];
  const template = spec.filter(under('spec.template'));
  if (template.length > 0) after.push(restart(ctx, a, b, template));
  const replicas = spec.filter(under('spec.replicas'));
  if (replicas.length > 0) after.push(scale(ctx, a, b, replicas));
  const rest = spec.filter((f) => !selector.includes(f) && !template.includes(f) && !replicas.includes(f));
  if (rest.length > 0) after.push(make(ctx, 'updates', false, `updated in place: ${rest.map((f) => f.path).join(', ')}`, rest));
  return [...out, ...(selector.length > 0 ? afterProcedure(after) : after)];
}

function classifyUpdate(a: PlainObject, b: PlainObject, env: Environment): PlanChange[] {
  const ctx = context(b);
  const fields = diffObjects(a, b, sameQuantity);
  if (fields.length === 0) return [];
  let out: PlanChange[];
  const kind = ctx.ref.kind;
  const body = fields.filter((f) => !under('metadata')(f));
  if (body.length === 0) out = [];
  else if (kind === 'StatefulSet') out = classifyStatefulSet(ctx, a, b, body, env);
  else if (kind === 'PersistentVolumeClaim') out = classifyPvc(ctx, a, body, env);
  else if (kind === 'Service') out = classifyService(ctx, a, b, body, env);
  else if (kind === 'Deployment') out = classifyDeployment(ctx, a, b, body, env);
  else out = [make(ctx, 'updates', false, `updated in place: ${body.map((f) => f.path).join(', ')}`, body, kind === 'ConfigMap' ? ['Pods that mount it see the new content after the kubelet syncs the volume, without a restart.'] : [])];
  // Every field belongs to some change: the rest (metadata, and any field the rules above did not
  // take) is listed as having no effect on what runs.
  const taken = new Set(out.flatMap((c) => c.fields));
  const rest = fields.filter((f) => !taken.has(f));
  if (rest.length > 0) {
    const details: string[] = [];
    const annotations = (o: PlainObject) => get(o, 'metadata', 'annotations');
    const lost = pruneProtectionOf(annotations(a)).filter(([k, v]) => get(annotations(b), k) !== v).map(([k]) => k);
    if (lost.length > 0) details.push(`Prune protection is removed (${lost.join(', ')}): once this PVC leaves the render, a pruning sync deletes it and the backups on it.`);
    const onlyMetadata = rest.every(under('metadata'));
    const message = !onlyMetadata
      ? `no effect on running pods: ${rest.map((f) => f.path).join(', ')}`
      : out.length === 0
        ? 'labels or annotations only: nothing restarts'
        : "the object's own labels or annotations change too: no effect by themselves";
    out.push(make(ctx, 'no-effect', lost.length > 0, message, rest, details));
  }
  return out;
}

function classifyCreate(b: PlainObject): PlanChange {
  const ctx = context(b);
  const kind = ctx.ref.kind;
  if (kind === 'StatefulSet') {
    const n = replicasOf(b);
    const parallel = get(b, 'spec', 'podManagementPolicy') === 'Parallel';
    const pods = podNames(ctx.ref.name, 0, n);
    const size = str(get((get(b, 'spec', 'volumeClaimTemplates') as unknown[] | undefined)?.[0], 'spec', 'resources', 'requests', 'storage'));
    const details = [`Each pod gets a new, empty data volume${size ? ` of ${size}` : ''} (${list(claimNames(b, n))}).`];
    const repo = repositoryOf(b);
    if (repo) details.push(`Backups go to ${repo.description}.`);
    return make(ctx, 'creates', false, `creates ${plural(n, 'pod')}${n > 0 ? ` (${pods.join(', ')}${parallel && n > 1 ? ', all at once' : ''})` : ''}`, [], details, { pods });
  }
  if (kind === 'PersistentVolumeClaim') {
    return make(ctx, 'creates', false, `creates the volume claim (${String(get(b, 'spec', 'resources', 'requests', 'storage') ?? '')}): a new, empty backup repository`, []);
  }
  return make(ctx, 'creates', false, `creates the ${kind}`, []);
}

function classifyDelete(a: PlainObject): PlanChange {
  const ctx = context(a);
  const kind = ctx.ref.kind;
  const pruning = 'Only a sync that prunes deletes it (Argo CD with pruning, kpt live apply); otherwise it stays in the cluster, out of sync.';
  if (kind === 'StatefulSet') {
    const n = replicasOf(a);
    const kept = retentionOf(a, 'whenDeleted') === 'Retain';
    const claims = claimNames(a, n);
    const details = [
      kept
        ? `Its data volumes (${list(claims)}) stay in the cluster (whenDeleted: Retain) with the data on them; delete them by hand when no longer needed.`
        : `Its data volumes (${list(claims)}) are DELETED with it (whenDeleted: ${retentionOf(a, 'whenDeleted')}), and the data on them.`,
      pruning,
    ];
    return make(ctx, 'deletes', true, `deletes the StatefulSet and stops its ${plural(n, 'pod')} (${list(podNames(ctx.ref.name, 0, n))})`, [], details, { pods: podNames(ctx.ref.name, 0, n).reverse() });
  }
  if (kind === 'PersistentVolumeClaim') {
    const annotations = get(a, 'metadata', 'annotations');
    const protectedBy = pruneProtectionOf(annotations).map(([k, v]) => `${k}: ${v}`);
    const details =
      protectedBy.length > 0
        ? [`It carries ${protectedBy.join(', ')}, so no sync deletes it. Delete it by hand once those backups are no longer needed.`]
        : ['It carries no prune protection: a pruning sync (Argo CD, kpt live apply, Flux) DELETES it and the backups on it. Copy them first, or add argocd.argoproj.io/sync-options: Prune=false,Delete=false to it in the cluster.'];
    const message = protectedBy.length > 0 ? 'leaves the render; prune protection keeps the backup PVC in the cluster, with backups that nothing uses any more' : 'leaves the render, and with it the backups on it';
    return make(ctx, 'deletes', true, message, [], details);
  }
  return make(ctx, 'deletes', false, `deletes the ${kind}`, [], [pruning]);
}

export interface PlanOptions {
  /** The Kubernetes version whose rules apply (default: the newest supported). */
  rules?: KubeRules;
}

/** Every field of a change in the order the JSON output documents them. */
function ordered(c: PlanChange): PlanChange {
  return {
    effect: c.effect,
    dataAffecting: c.dataAffecting,
    ...(c.dependsOn !== undefined ? { dependsOn: c.dependsOn } : {}),
    ...(c.afterProcedure ? { afterProcedure: true } : {}),
    object: c.object,
    ...(c.pool !== undefined ? { pool: c.pool } : {}),
    ...(c.cell !== undefined ? { cell: c.cell } : {}),
    message: c.message,
    fields: c.fields,
    details: c.details,
    ...(c.procedure ? { procedure: c.procedure } : {}),
    ...(c.pods ? { pods: c.pods } : {}),
  };
}

/** The plan of going from `base` to `change`: both the objects the function renders (any others are ignored). */
export function planChanges(base: readonly PlainObject[], change: readonly PlainObject[], options: PlanOptions = {}): Plan {
  const rules = options.rules ?? kubeRules(DEFAULT_KUBE_VERSION);
  const owned = (objects: readonly PlainObject[]) => new Map(objects.filter((o) => markerOf(o) !== undefined).map((o) => [keyOf(refOf(o)), comparable(o)]));
  const before = owned(base);
  const after = owned(change);
  const byShard = new Map<string, PlanChange[]>();
  const add = (marker: string, changes: PlanChange[]) => {
    if (changes.length === 0) return;
    byShard.set(marker, [...(byShard.get(marker) ?? []), ...changes]);
  };
  const mounts = new Map<string, string>();
  for (const o of [...before.values(), ...after.values()]) {
    if (o.kind !== 'StatefulSet') continue;
    const volumes = get(o, 'spec', 'template', 'spec', 'volumes');
    for (const v of Array.isArray(volumes) ? volumes : []) {
      const claim = str(get(v, 'persistentVolumeClaim', 'claimName'));
      if (claim) mounts.set(`${refOf(o).namespace ?? ''}/${claim}`, refOf(o).name);
    }
  }
  const runningPods = [...before.values()]
    .filter((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && replicasOf(o) > 0)
    .map((o) => ({ namespace: refOf(o).namespace ?? '', labels: labelsOf(get(o, 'spec', 'template', 'metadata', 'labels')) }));
  const env: Environment = { rules, mounts, runningPods };
  let unchanged = 0;
  for (const [key, b] of after) {
    const a = before.get(key);
    if (a === undefined) add(markerOf(b)!, [classifyCreate(b)]);
    else {
      const changes = classifyUpdate(a, b, env);
      if (changes.length === 0) unchanged++;
      add(markerOf(b)!, changes);
    }
  }
  for (const [key, a] of before) if (!after.has(key)) add(markerOf(a)!, [classifyDelete(a)]);
  for (const [marker, changes] of byShard) byShard.set(marker, poolsLeftWithoutPods(marker, changes, before, after));

  const moves = shardMoves(before, after);
  const movedTo = new Map(moves.map((m) => [m.from, m]));
  for (const m of moves) {
    byShard.set(m.from, [m.change, ...(byShard.get(m.from) ?? []), ...(byShard.get(m.to) ?? [])]);
    byShard.delete(m.to);
  }

  const changedObjects = new Set([...byShard.values()].flat().filter((c) => c.object.kind !== 'Shard').map((c) => `${c.object.kind}/${c.object.namespace ?? ''}/${c.object.name}`)).size;
  const summary = Object.fromEntries([...EFFECTS.map((e) => [e, 0]), ['afterProcedure', 0], ['changedObjects', changedObjects], ['unchanged', unchanged]]) as Plan['summary'];
  const shards: ShardPlan[] = [...byShard.keys()].sort().map((shard) => {
    const changes = byShard.get(shard)!.map(ordered).sort((x, y) => EFFECTS.indexOf(x.effect) - EFFECTS.indexOf(y.effect) || Number(x.afterProcedure ?? false) - Number(y.afterProcedure ?? false));
    for (const c of changes) {
      if (c.afterProcedure) summary.afterProcedure++;
      else summary[c.effect]++;
    }
    const move = movedTo.get(shard);
    return { shard, ...(move ? { movedTo: move.to } : {}), changes, notes: move ? move.notes : shardNotes(changes) };
  });
  const all = shards.flatMap((s) => s.changes);
  return {
    apiVersion: PLAN_API_VERSION,
    kind: PLAN_KIND,
    kubeVersion: rules.version,
    summary,
    rejected: all.some((c) => c.effect === 'rejected'),
    dataAffecting: all.some((c) => c.dataAffecting),
    availabilityAffecting: all.some((c) => c.effect === 'stops-serving'),
    notes:
      before.size > 0 && after.size === 0
        ? ['The change renders nothing at all. `render` (the Argo CD plugin) refuses to print an empty manifest, so an Argo CD sync fails instead of pruning; kpt live apply of the empty package deletes everything in its inventory (kpt live destroy says so openly).']
        : [],
    shards,
  };
}

/**
 * A pool whose StatefulSets all end at 0 replicas while some ran before has no pod left: its
 * scale-downs stop it serving, which is said on each of them.
 */
function poolsLeftWithoutPods(marker: string, changes: PlanChange[], before: ReadonlyMap<string, PlainObject>, after: ReadonlyMap<string, PlainObject>): PlanChange[] {
  const replicas = (objects: ReadonlyMap<string, PlainObject>, pool: string) =>
    [...objects.values()].filter((o) => o.kind === 'StatefulSet' && markerOf(o) === marker && get(o, 'metadata', 'labels', LABEL.pool) === pool).reduce((n, o) => n + replicasOf(o), 0);
  const pools = new Set([...after.values()].filter((o) => o.kind === 'StatefulSet' && markerOf(o) === marker).map((o) => str(get(o, 'metadata', 'labels', LABEL.pool))));
  const emptied = new Set([...pools].filter((p): p is string => p !== undefined && replicas(after, p) === 0 && replicas(before, p) > 0));
  if (emptied.size === 0) return changes;
  const allEmpty = [...pools].every((p) => p !== undefined && replicas(after, p) === 0);
  return changes.map((c) => {
    if (c.effect !== 'scales' || c.object.kind !== 'StatefulSet' || c.pool === undefined || !emptied.has(c.pool)) return c;
    const whole = allEmpty ? ` and with it every pool of the Shard: the database stops, no reads and no writes` : '';
    return {
      ...c,
      effect: 'stops-serving' as const,
      message: `${c.message}; every cell of pool ${c.pool} is then at 0 replicas, so no pod of the pool serves${whole}`,
      details: c.details.filter((d) => !d.startsWith('When the primary is among')).concat(allEmpty ? ['No replica is left to take over: the Shard is down until a pool is scaled up again.'] : [`No pod of pool ${c.pool} is left in any cell: whatever reads or writes through this pool stops until it is scaled up again.`]),
    };
  });
}

interface ShardMove {
  from: string;
  to: string;
  change: PlanChange;
  notes: string[];
}

/**
 * A Shard rendered in the base and, under the same name, in another namespace in the change, with
 * nothing of it left where it was: to Kubernetes nine deletes and nine creates, to its users one
 * move, which starts an empty database and leaves the old data behind.
 */
function shardMoves(before: ReadonlyMap<string, PlainObject>, after: ReadonlyMap<string, PlainObject>): ShardMove[] {
  const markers = (objects: ReadonlyMap<string, PlainObject>) => new Set([...objects.values()].map(markerOf).filter((m): m is string => m !== undefined && m.includes('/')));
  const inBase = markers(before);
  const inChange = markers(after);
  const gone = [...inBase].filter((m) => !inChange.has(m));
  const come = [...inChange].filter((m) => !inBase.has(m));
  const nameOf = (m: string) => m.slice(m.indexOf('/') + 1);
  const moves: ShardMove[] = [];
  for (const from of gone) {
    const candidates = come.filter((m) => nameOf(m) === nameOf(from));
    if (candidates.length !== 1) continue;
    const to = candidates[0]!;
    const oldSets = [...before.values()].filter((o) => o.kind === 'StatefulSet' && markerOf(o) === from);
    const newSets = [...after.values()].filter((o) => o.kind === 'StatefulSet' && markerOf(o) === to);
    const [fromNs, toNs] = [from.slice(0, from.indexOf('/')), to.slice(0, to.indexOf('/'))];
    const claims = oldSets.flatMap((o) => claimNames(o, replicasOf(o)));
    const retained = oldSets.every((o) => retentionOf(o, 'whenDeleted') === 'Retain');
    const backupClaims = oldSets.map((o) => repositoryOf(o)?.claim).filter((c): c is string => c !== undefined);
    const shared = new Set(oldSets.map((o) => repositoryOf(o)).filter((r) => r?.type === 's3').map((r) => r!.identity));
    const sharedRepos = newSets.map((o) => repositoryOf(o)).filter((r): r is Repository => r !== undefined && shared.has(r.identity));
    const needs = new Set<string>();
    for (const o of newSets) {
      const refs = references(o);
      for (const secret of refs.secrets) needs.add(`Secret ${secret}`);
      for (const map of refs.configMaps) if (map !== 'pg-hba-template') needs.add(`ConfigMap ${map}`);
      if (refs.account) needs.add(`ServiceAccount ${refs.account}`);
    }
    const notes = [
      `Shard ${nameOf(from)} moves from namespace ${fromNs} to ${toNs}: Kubernetes sees a new database. Its pods in ${toNs} start on new, empty data volumes and initialise an empty Postgres; nothing of the data in ${fromNs} is copied.`,
      retained
        ? `The data stays on the old data volumes in ${fromNs} (${list(claims)}, whenDeleted: Retain) once the old StatefulSets are deleted; restore it into the new Shard from a backup, then delete the old volumes by hand.`
        : `The old data volumes in ${fromNs} (${list(claims)}) are DELETED with the old StatefulSets (whenDeleted is not Retain).`,
      ...(backupClaims.length > 0 ? [`The old backup PVCs (${list(backupClaims)}) stay in ${fromNs} where prune protection keeps them; the new pods cannot mount them from ${toNs}.`] : []),
      ...(sharedRepos.length > 0
        ? [`The new pods back up into the same repository as the old ones (${[...new Set(sharedRepos.map((r) => r.description))].join(', ')}): while both run, two databases write one pgBackRest stanza and overwrite each other's backups and WAL. Stop the old Shard's pods before the new ones start, or give the new Shard another keyPrefix.`]
        : []),
      ...(needs.size > 0 ? [`${[...needs].join(' and ')} must exist in namespace ${toNs} before it is applied: Secrets and ServiceAccounts are not shared across namespaces, and the new pods cannot start without them.`] : []),
    ];
    const change: PlanChange = {
      effect: 'stops-serving',
      dataAffecting: true,
      object: { apiVersion: 'multigres.com/v1alpha1', kind: 'Shard', namespace: fromNs, name: nameOf(from) },
      message: `moves the Shard to namespace ${toNs}: the database in ${fromNs} stops, and the one in ${toNs} starts empty`,
      fields: [],
      details: [],
    };
    moves.push({ from, to, change, notes });
  }
  return moves;
}

/** What only the changes of a Shard together say: a pool or cell renamed is a new one to Kubernetes. */
function shardNotes(changes: readonly PlanChange[]): string[] {
  const sets = (effect: Effect) => changes.filter((c) => c.effect === effect && c.object.kind === 'StatefulSet');
  const created = sets('creates');
  const deleted = sets('deletes');
  if (created.length === 0 || deleted.length === 0) return [];
  const names = (cs: PlanChange[]) => cs.map((c) => `${c.pool ?? '?'}/${c.cell ?? '?'}`).join(', ');
  return [
    `Pool/cell ${names(deleted)} go and ${names(created)} come: if that is a rename, Kubernetes sees new StatefulSets. Their pods start on new, empty volumes; the data of the old ones is not moved.`,
  ];
}
