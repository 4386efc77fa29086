// What applying one render over another does to a running cluster: the objects the function
// renders in a base and in a change are compared field by field, and each difference is
// classified by what Kubernetes does with it (refuses it, restarts pods, moves backups, deletes,
// scales, creates, updates in place, nothing). Pure: objects in, a Plan out.
import { ANNOTATION, LABEL, PRUNE_PROTECTION } from '../expand/keys.js';
import { deepEqual, diffObjects, type FieldChange } from './diff.js';
import { isOrchestratorKey } from '../text/edit.js';
import { compareQuantities } from '../api/quantity.js';

export const PLAN_API_VERSION = 'fn.multigres.com/v1alpha1';
export const PLAN_KIND = 'Plan';

/** The effects, most serious first: the order of the summary and of each Shard's changes. */
export const EFFECTS = ['rejected', 'moves-backups', 'deletes', 'scales', 'restarts-pods', 'creates', 'updates', 'no-effect'] as const;
export type Effect = (typeof EFFECTS)[number];

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

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
  /** Deletes a StatefulSet or a volume, moves where backups go, or makes a later delete destroy data. */
  dataAffecting: boolean;
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
  changes: PlanChange[];
  notes: string[];
}

export interface Plan {
  apiVersion: typeof PLAN_API_VERSION;
  kind: typeof PLAN_KIND;
  /** Changes of each effect (an object can have several), and objects changed and unchanged. */
  summary: Record<Effect, number> & { changedObjects: number; unchanged: number };
  rejected: boolean;
  dataAffecting: boolean;
  /** What the plan as a whole says (a change that renders nothing). */
  notes: string[];
  shards: ShardPlan[];
}

/** A rendered object as plain data (labels and annotations as plain objects). */
export type PlainObject = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const get = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function refOf(o: PlainObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: str(o.apiVersion) ?? '', kind: str(o.kind) ?? '', name: str(get(o, 'metadata', 'name')) ?? '' };
  const ns = str(get(o, 'metadata', 'namespace'));
  if (ns) ref.namespace = ns;
  return ref;
}

export const keyOf = (o: PlainObject): string => {
  const r = refOf(o);
  return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
};

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


// ---- what Kubernetes lets change (k8s.io/kubernetes pkg/apis/apps/validation and core/validation) ----

/** StatefulSet spec fields an update may change; any other spec change is refused as a whole. */
const STATEFULSET_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

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
  /** The fields that make it what it is, for comparing. */
  identity: Record<string, string>;
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
    const identity: Record<string, string> = { type, bucket: flag('bucket') ?? '', keyPrefix: flag('key-prefix') ?? '' };
    const endpoint = flag('endpoint');
    if (endpoint) identity.endpoint = endpoint;
    else identity.region = flag('region') ?? '';
    const where = endpoint ? `endpoint ${endpoint}` : `region ${identity.region}`;
    return { type, identity, description: `s3://${identity.bucket}/${identity.keyPrefix} (${where})` };
  }
  const path = flag('path') ?? '/backups';
  const mount = Array.isArray(postgres?.volumeMounts) ? (postgres.volumeMounts as unknown[]).find((m) => isObject(m) && m.mountPath === path) : undefined;
  const volumes = get(o, 'spec', 'template', 'spec', 'volumes');
  const volume = isObject(mount) && Array.isArray(volumes) ? volumes.find((v) => isObject(v) && v.name === mount.name) : undefined;
  const claim = str(get(volume, 'persistentVolumeClaim', 'claimName'));
  const ns = refOf(o).namespace;
  const where = claim ? `backup PVC ${ns ? `${ns}/` : ''}${claim}` : `volume ${isObject(mount) ? String(mount.name) : path}`;
  return { type, identity: { type, claim: claim ?? '' }, description: `${type} on ${where}`, ...(claim ? { claim } : {}) };
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---- procedures for what Kubernetes refuses ----

function recreateStatefulSet(ref: ObjectRef, selectorChanged: boolean): Procedure {
  const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
  const nsArg = ref.namespace ? ` --namespace ${ref.namespace}` : '';
  const orphan = `kubectl delete statefulset ${ref.name}${ns} --cascade=orphan`;
  return {
    summary: selectorChanged
      ? 'Delete the StatefulSet without its pods and apply again. The new StatefulSet does not select the old pods (its selector changed): delete them by hand once the new ones have taken over. In Argo CD the sync option Replace=true does not help: a replace is an update, refused the same way.'
      : 'Delete the StatefulSet without its pods (they keep running, with their volumes) and apply again: the new StatefulSet adopts the running pods, which match its selector. In Argo CD, sync once it is deleted (an automated sync does not retry a failed commit by itself; only selfHeal recreates it unasked); the sync option Replace=true does not help: a replace is an update, refused the same way.',
    kubectl: [orphan, 'kubectl apply -f <the render>'],
    argocd: [`argocd app delete-resource <app> --kind StatefulSet --group apps${nsArg} --resource-name ${ref.name} --orphan`, 'argocd app sync <app>'],
    kpt: [orphan, 'kpt live apply <package>'],
  };
}

function recreateOther(ref: ObjectRef, kind: string, consequence: string): Procedure {
  const ns = ref.namespace ? ` -n ${ref.namespace}` : '';
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
export const placeOf = (c: { pool?: string; cell?: string }): string =>
  c.pool !== undefined ? ` (pool ${c.pool}${c.cell !== undefined ? `, cell ${c.cell}` : ''})` : c.cell !== undefined ? ` (cell ${c.cell})` : '';

/** The Secrets and the ServiceAccount a pod template refers to. */
function references(o: PlainObject): { secrets: Set<string>; account?: string } {
  const secrets = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      const name = str(get(v, 'secretKeyRef', 'name'));
      if (name) secrets.add(name);
      Object.values(v).forEach(walk);
    }
  };
  walk(get(o, 'spec', 'template', 'spec'));
  const account = str(get(o, 'spec', 'template', 'spec', 'serviceAccountName'));
  return account ? { secrets, account } : { secrets };
}

/** What the new pods need that the old ones did not: it must exist before the roll starts. */
function prerequisites(ctx: Context, a: PlainObject, b: PlainObject): string[] {
  const before = references(a);
  const after = references(b);
  const needed = [...after.secrets].filter((s) => !before.secrets.has(s)).map((s) => `Secret ${s}`);
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

function classifyStatefulSet(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[]): PlanChange[] {
  const out: PlanChange[] = [];
  const spec = fields.filter(under('spec'));
  const immutable = spec.filter((f) => typeof f.segments[1] === 'string' && !STATEFULSET_MUTABLE.has(f.segments[1]));
  if (immutable.length > 0) {
    const selectorChanged = immutable.some(under('spec.selector'));
    const details = [
      "Kubernetes refuses the whole update (\"updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\"): nothing of this StatefulSet's new render is applied, pod template included, and a GitOps sync stays failed until it is recreated.",
      ...claimTemplateDetails(a, immutable.filter(under('spec.volumeClaimTemplates'))),
    ];
    out.push(make(ctx, 'rejected', false, `Kubernetes rejects this update: ${immutable.map((f) => f.path).join(', ')} cannot change on an existing StatefulSet`, immutable, details, { procedure: recreateStatefulSet(ctx.ref, selectorChanged) }));
  }
  const template = spec.filter(under('spec.template'));
  const repoA = repositoryOf(a);
  const repoB = repositoryOf(b);
  if (repoA && repoB && !deepEqual(repoA.identity, repoB.identity)) {
    const backupFields = template.filter((f) => /containers\[name=postgres\]\.args$/.test(f.path) || /\.volumes/.test(f.path));
    const details = [
      `The backups and WAL archive taken so far stay in ${repoA.description}; nothing copies them.`,
      `${repoB.description} starts empty for this pool: take a full backup as soon as the pods have restarted, because until then there is no backup to restore and no point-in-time recovery from it.`,
      `Recovery to any time before the switch needs ${repoA.description}: keep it until the new repository's backups cover the recovery window you need.`,
    ];
    if (repoA.claim && !repoB.claim) details.push(`The backup PVC ${repoA.claim} is no longer mounted; see its own entry for whether it stays in the cluster.`);
    out.push(make(ctx, 'moves-backups', true, `moves this pool's backups from ${repoA.description} to ${repoB.description}`, backupFields, details));
  }
  // A new credential mode is part of the restart: what it needs is said there.
  const credentials: string[] = [];
  if (repoA?.type === 's3' && repoB?.type === 's3' && deepEqual(repoA.identity, repoB.identity) && credentialsOf(a) !== credentialsOf(b)) {
    credentials.push(`The backup credentials change from ${credentialsOf(a)} to ${credentialsOf(b)}; the repository stays ${repoB.description}, so the new credentials must be able to read and write it, or backups and WAL archiving fail after the restart.`);
  }
  if (template.length > 0) out.push(restart(ctx, a, b, template, credentials));
  const replicas = spec.filter(under('spec.replicas'));
  if (replicas.length > 0) out.push(scale(ctx, a, b, replicas));
  const rest = spec.filter((f) => !under('spec.template')(f) && !under('spec.replicas')(f) && !immutable.includes(f));
  if (rest.length > 0) {
    const toDelete = rest.some((f) => f.path.startsWith('spec.persistentVolumeClaimRetentionPolicy') && f.after === 'Delete');
    const details = toDelete ? ['With a retention policy of Delete, deleting this StatefulSet or scaling it down deletes the data volumes of the pods it removes.'] : [];
    out.push(make(ctx, 'updates', toDelete, `updated in place: ${rest.map((f) => f.path).join(', ')}`, rest, details));
  }
  return out;
}

function scale(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[]): PlanChange {
  const from = replicasOf(a);
  const to = replicasOf(b);
  const name = ctx.ref.name;
  if (to > from) {
    const pods = podNames(name, from, to);
    const details = ctx.ref.kind === 'StatefulSet' ? [`Each new pod gets a new, empty data volume (${list(claimNames(b, to).slice(from))}) and joins as a replica.`] : [];
    return make(ctx, 'scales', false, `scales up from ${from} to ${to}: starts ${pods.join(', ')}`, fields, details, { pods });
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
  return make(ctx, 'scales', ctx.ref.kind === 'StatefulSet' && !kept, `scales down from ${from} to ${to}: stops ${pods.join(', ')}, highest ordinal first`, fields, details, { pods });
}

function classifyPvc(ctx: Context, fields: FieldChange[], mountedBy: string | undefined): PlanChange[] {
  const spec = fields.filter(under('spec'));
  const out: PlanChange[] = [];
  const size = spec.filter((f) => f.path === 'spec.resources.requests.storage');
  const grows = size.filter((f) => sizeChange(f.before, f.after) === 1);
  const refused = spec.filter((f) => !grows.includes(f));
  if (refused.length > 0) {
    const shrink = size.length > 0 && grows.length === 0;
    const details = [
      shrink
        ? 'Kubernetes refuses it: a volume claim can grow but never shrink.'
        : 'Kubernetes refuses it: a bound volume claim\'s spec cannot change, except its requested size (growing only) ("spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims").',
    ];
    const ns = ctx.ref.namespace ? ` -n ${ctx.ref.namespace}` : '';
    // The pod that mounts the claim holds it (pvc-protection): stop it first, or the delete waits.
    const stop = mountedBy ? [`kubectl scale statefulset ${mountedBy}${ns} --replicas=0`] : [];
    const steps = [...stop, `kubectl delete pvc ${ctx.ref.name}${ns}`];
    const procedure: Procedure = {
      summary: `${shrink ? 'Keep the old size. To really replace the volume' : 'Keep the old value, or replace the volume'}: copy its backups elsewhere, stop the pods that mount it${mountedBy ? ` (StatefulSet ${mountedBy})` : ''}, delete the PVC by hand (its prune protection keeps any sync from doing it), apply so that the new one is created and the pods start again, then copy the backups back. With Argo CD, turn off automated sync until then: self-heal would start the pods again.`,
      kubectl: [...steps, 'kubectl apply -f <the render>'],
      argocd: [...steps, 'argocd app sync <app>'],
      kpt: [...steps, 'kpt live apply <package>'],
    };
    out.push(make(ctx, 'rejected', false, `Kubernetes rejects this update: ${refused.map((f) => f.path).join(', ')} cannot change on an existing volume claim`, refused, details, { procedure }));
  }
  if (grows.length > 0) {
    const f = grows[0]!;
    out.push(make(ctx, 'updates', false, `grows the volume from ${String(f.before)} to ${String(f.after)} in place`, grows, [
          "Only when the claim's storage class has allowVolumeExpansion: true; otherwise Kubernetes refuses it (\"only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize\").",
          'A volume driver that cannot expand a mounted volume grows the filesystem when the pod that mounts it restarts.',
        ]));
  }
  return out;
}

function classifyService(ctx: Context, fields: FieldChange[]): PlanChange[] {
  const spec = fields.filter(under('spec'));
  const ip = spec.filter((f) => under('spec.clusterIP')(f) || under('spec.clusterIPs')(f));
  const out: PlanChange[] = [];
  if (ip.length > 0) {
    out.push(
      make(ctx, 'rejected', false, 'Kubernetes rejects this update: a Service\'s cluster IP cannot change once set (headless or not)', ip, ['The API server refuses a new spec.clusterIP ("may not change once set"); a removed one is kept as it was, so the Service would not become what the render says.'], {
        procedure: recreateOther(ctx.ref, 'Service', 'its name stops resolving until it is created again'),
      }),
    );
  }
  const rest = spec.filter((f) => !ip.includes(f));
  if (rest.length > 0) out.push(make(ctx, 'updates', false, `updated in place: ${rest.map((f) => f.path).join(', ')}`, rest, rest.some(under('spec.selector')) ? ['The selector changes: the Service sends traffic to other pods from the moment it is applied.'] : []));
  return out;
}

function classifyDeployment(ctx: Context, a: PlainObject, b: PlainObject, fields: FieldChange[]): PlanChange[] {
  const spec = fields.filter(under('spec'));
  const out: PlanChange[] = [];
  const selector = spec.filter(under('spec.selector'));
  if (selector.length > 0) {
    out.push(make(ctx, 'rejected', false, "Kubernetes rejects this update: a Deployment's spec.selector cannot change", selector, ['The API server refuses it ("field is immutable").'], { procedure: recreateOther(ctx.ref, 'Deployment', 'its pods are replaced') }));
  }
  const template = spec.filter(under('spec.template'));
  if (template.length > 0) out.push(restart(ctx, a, b, template));
  const replicas = spec.filter(under('spec.replicas'));
  if (replicas.length > 0) out.push(scale(ctx, a, b, replicas));
  const rest = spec.filter((f) => !selector.includes(f) && !template.includes(f) && !replicas.includes(f));
  if (rest.length > 0) out.push(make(ctx, 'updates', false, `updated in place: ${rest.map((f) => f.path).join(', ')}`, rest));
  return out;
}

function classifyUpdate(a: PlainObject, b: PlainObject, mounts: ReadonlyMap<string, string>): PlanChange[] {
  const ctx = context(b);
  const fields = diffObjects(a, b);
  if (fields.length === 0) return [];
  let out: PlanChange[];
  const kind = ctx.ref.kind;
  const body = fields.filter((f) => !under('metadata')(f));
  if (body.length === 0) out = [];
  else if (kind === 'StatefulSet') out = classifyStatefulSet(ctx, a, b, body);
  else if (kind === 'PersistentVolumeClaim') out = classifyPvc(ctx, body, mounts.get(`${ctx.ref.namespace ?? ''}/${ctx.ref.name}`));
  else if (kind === 'Service') out = classifyService(ctx, body);
  else if (kind === 'Deployment') out = classifyDeployment(ctx, a, b, body);
  else out = [make(ctx, 'updates', false, `updated in place: ${body.map((f) => f.path).join(', ')}`, body, kind === 'ConfigMap' ? ['Pods that mount it see the new content after the kubelet syncs the volume, without a restart.'] : [])];
  // Every field belongs to some change: the rest (metadata, and any field the rules above did not
  // take) is listed as having no effect on what runs.
  const taken = new Set(out.flatMap((c) => c.fields));
  const rest = fields.filter((f) => !taken.has(f));
  if (rest.length > 0) {
    const details: string[] = [];
    const annotations = (o: PlainObject) => get(o, 'metadata', 'annotations');
    const lost = PRUNE_PROTECTION.filter(([k, v]) => get(annotations(a), k) === v && get(annotations(b), k) !== v).map(([k]) => k);
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
    const protectedBy = PRUNE_PROTECTION.filter(([k, v]) => get(annotations, k) === v).map(([k, v]) => `${k}: ${v}`);
    const details =
      protectedBy.length > 0
        ? [`It carries ${protectedBy.join(', ')}, so no sync deletes it. Delete it by hand once those backups are no longer needed.`]
        : ['It carries no prune protection: a pruning sync (Argo CD, kpt live apply, Flux) DELETES it and the backups on it. Copy them first, or add argocd.argoproj.io/sync-options: Prune=false,Delete=false to it in the cluster.'];
    const message = protectedBy.length > 0 ? 'leaves the render; prune protection keeps the backup PVC in the cluster, with backups that nothing uses any more' : 'leaves the render, and with it the backups on it';
    return make(ctx, 'deletes', true, message, [], details);
  }
  return make(ctx, 'deletes', false, `deletes the ${kind}`, [], [pruning]);
}

/** The plan of going from `base` to `change`: both the objects the function renders (any others are ignored). */
export function planChanges(base: readonly PlainObject[], change: readonly PlainObject[]): Plan {
  const owned = (objects: readonly PlainObject[]) => new Map(objects.filter((o) => markerOf(o) !== undefined).map((o) => [keyOf(o), comparable(o)]));
  const before = owned(base);
  const after = owned(change);
  const byShard = new Map<string, PlanChange[]>();
  const add = (marker: string, changes: PlanChange[]) => {
    if (changes.length === 0) return;
    byShard.set(marker, [...(byShard.get(marker) ?? []), ...changes]);
  };
  // Which StatefulSet mounts each claim, to stop its pods before the claim can go.
  const mounts = new Map<string, string>();
  for (const o of [...before.values(), ...after.values()]) {
    if (o.kind !== 'StatefulSet') continue;
    const volumes = get(o, 'spec', 'template', 'spec', 'volumes');
    for (const v of Array.isArray(volumes) ? volumes : []) {
      const claim = str(get(v, 'persistentVolumeClaim', 'claimName'));
      if (claim) mounts.set(`${refOf(o).namespace ?? ''}/${claim}`, refOf(o).name);
    }
  }
  let unchanged = 0;
  for (const [key, b] of after) {
    const a = before.get(key);
    if (a === undefined) add(markerOf(b)!, [classifyCreate(b)]);
    else {
      const changes = classifyUpdate(a, b, mounts);
      if (changes.length === 0) unchanged++;
      add(markerOf(b)!, changes);
    }
  }
  for (const [key, a] of before) if (!after.has(key)) add(markerOf(a)!, [classifyDelete(a)]);

  const changedObjects = new Set([...byShard.values()].flat().map((c) => `${c.object.kind}/${c.object.namespace ?? ''}/${c.object.name}`)).size;
  const summary = Object.fromEntries([...EFFECTS.map((e) => [e, 0]), ['changedObjects', changedObjects], ['unchanged', unchanged]]) as Plan['summary'];
  const shards: ShardPlan[] = [...byShard.keys()].sort().map((shard) => {
    const changes = byShard.get(shard)!.sort((x, y) => EFFECTS.indexOf(x.effect) - EFFECTS.indexOf(y.effect));
    for (const c of changes) summary[c.effect]++;
    return { shard, changes, notes: shardNotes(changes) };
  });
  return {
    apiVersion: PLAN_API_VERSION,
    kind: PLAN_KIND,
    summary,
    rejected: summary.rejected > 0,
    dataAffecting: shards.some((s) => s.changes.some((c) => c.dataAffecting)),
    notes:
      before.size > 0 && after.size === 0
        ? ['The change renders nothing at all. `render` (the Argo CD plugin) refuses to print an empty manifest, so an Argo CD sync fails instead of pruning; kpt live apply of the empty package deletes everything in its inventory (kpt live destroy says so openly).']
        : [],
    shards,
  };
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

