// The label keys the operator puts on the objects it creates and selects their pods by. They are
// part of the contract a Shard is read against: the cluster label names every object, and a
// MultiOrch pod label may not take one of them. Pure constants (expand/keys.ts re-exports them
// beside the annotation keys, so every key still has one definition).

export const LABEL = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  cluster: 'multigres.com/cluster',
  cell: 'multigres.com/cell',
  pool: 'multigres.com/pool',
  database: 'multigres.com/database',
  tableGroup: 'multigres.com/tablegroup',
  shard: 'multigres.com/shard',
} as const;

/** Every key of LABEL: what the operator sets, or selects on, or both. */
export const OPERATOR_LABEL_KEYS: ReadonlySet<string> = new Set(Object.values(LABEL));
