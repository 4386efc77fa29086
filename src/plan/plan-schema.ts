// The JSON Schema of `plan --output json`: the contract CI jobs read. Its version is the
// document's apiVersion; a field is only ever added within one version. Pure data.
import { SCHEMA_BASE } from '../api/json-schema.js';
import { EFFECTS, PLAN_API_VERSION, PLAN_KIND } from './plan.js';
import { KUBE_VERSIONS } from './kube-rules.js';

export const PLAN_SCHEMA_FILE = 'plan.schema.json';

const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const count = { type: 'integer', minimum: 0 } as const;

export const PLAN_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE}${PLAN_SCHEMA_FILE}`,
  title: 'expand-pool-backups plan',
  description: 'What applying the change render over the base render does, object by object, as `expand-pool-backups plan --output json` prints it; when a side does not render, the document has exitCode 1 and errors in place of the plan',
  type: 'object',
  required: ['apiVersion', 'kind', 'base', 'change', 'kubeVersion', 'exitCode'],
  oneOf: [
    {
      description: 'a plan',
      required: ['summary', 'rejected', 'dataAffecting', 'availabilityAffecting', 'notes', 'shards'],
      properties: { exitCode: { enum: [0, 3, 4, 5, 6, 7, 8, 9] }, summary: true, rejected: true, dataAffecting: true, availabilityAffecting: true, notes: true, shards: true, errors: false },
    },
    { description: 'no plan: a side does not render', required: ['errors'], properties: { exitCode: { const: 1 }, errors: true, shards: false } },
  ],
  properties: {
    apiVersion: { const: PLAN_API_VERSION, description: 'the version of this document: fields are only added within it' },
    kind: { const: PLAN_KIND },
    base: { ...text, description: 'what the base was rendered from: a path, or <revision>:<path>' },
    change: { ...text, description: 'what the change was rendered from' },
    kubeVersion: { enum: [...KUBE_VERSIONS], description: 'the Kubernetes version whose update rules and messages the plan uses (--kube-version)' },
    exitCode: { enum: [0, 1, 3, 4, 5, 6, 7, 8, 9], description: '0 nothing rejected, no data affected, everything keeps serving; otherwise 2 + 1 (rejected) + 2 (data affected) + 4 (stops serving); 1 a side does not render' },
    errors: {
      type: 'array',
      description: 'why no plan could be made: the errors of the side that does not render',
      items: {
        type: 'object',
        required: ['side', 'message'],
        properties: {
          side: { enum: ['base', 'change', 'input'] },
          message: text,
          file: text,
          field: text,
          resourceRef: { type: 'object', required: ['apiVersion', 'kind', 'name'], properties: { apiVersion: text, kind: text, namespace: text, name: text }, additionalProperties: false },
        },
        additionalProperties: false,
      },
    },
    summary: {
      type: 'object',
      description: 'how many changes of each effect (one object can have several), how many objects have changes, and how many rendered objects are the same in both',
      required: [...EFFECTS, 'afterProcedure', 'changedObjects', 'unchanged'],
      properties: Object.fromEntries([...EFFECTS, 'afterProcedure', 'changedObjects', 'unchanged'].map((e) => [e, count])),
      additionalProperties: false,
    },
    rejected: { type: 'boolean', description: 'Kubernetes refuses at least one update' },
    dataAffecting: { type: 'boolean', description: 'at least one change deletes a StatefulSet or a volume, or moves (or may move) where backups go' },
    availabilityAffecting: { type: 'boolean', description: 'at least one pool or Shard is left without a serving pod (effect stops-serving)' },
    notes: { ...texts, description: 'what the plan as a whole says (a change that renders nothing)' },
    shards: {
      type: 'array',
      description: 'changes per Shard (namespace/name), or per namespace for its pg-hba ConfigMap, sorted',
      items: {
        type: 'object',
        required: ['shard', 'changes', 'notes'],
        properties: {
          shard: text,
          movedTo: { ...text, description: 'for a Shard rendered under the same name in another namespace: where it goes (namespace/name)' },
          changes: { type: 'array', items: { $ref: '#/$defs/change' } },
          notes: { ...texts, description: 'what the changes of this Shard say together (a renamed pool or cell)' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
  $defs: {
    change: {
      type: 'object',
      required: ['effect', 'dataAffecting', 'object', 'message', 'fields', 'details'],
      properties: {
        effect: { enum: [...EFFECTS], description: `most serious first: ${EFFECTS.join(', ')}` },
        dataAffecting: { type: 'boolean' },
        dependsOn: { ...text, description: 'what the verdict depends on that only the cluster knows; the change is classified by its worse case' },
        afterProcedure: { const: true, description: 'happens only once the rejected change on the same object has had its procedure, not on the next sync' },
        object: {
          type: 'object',
          required: ['apiVersion', 'kind', 'name'],
          properties: { apiVersion: text, kind: text, namespace: text, name: text },
          additionalProperties: false,
        },
        pool: text,
        cell: text,
        message: { ...text, description: 'one line: what happens' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'segments'],
            properties: {
              path: { ...text, description: 'e.g. spec.template.spec.containers[name=postgres].args' },
              segments: { type: 'array', items: { anyOf: [text, { type: 'integer' }, { type: 'object', required: ['key', 'value'], properties: { key: { enum: ['name', 'metadata.name'] }, value: text }, additionalProperties: false }] } },
              before: { description: 'absent when the field is new' },
              after: { description: 'absent when the field is gone' },
              removed: { type: 'array', description: 'for a list of scalars: entries only the base has' },
              added: { type: 'array', description: 'for a list of scalars: entries only the change has' },
            },
            additionalProperties: false,
          },
        },
        details: texts,
        procedure: {
          type: 'object',
          description: 'for a rejected change: what does work, for each way of applying',
          required: ['summary', 'kubectl', 'argocd', 'kpt'],
          properties: { summary: text, kubectl: texts, argocd: texts, kpt: texts },
          additionalProperties: false,
        },
        pods: { ...texts, description: 'the pods it stops, restarts or starts, in the order Kubernetes does it' },
      },
      additionalProperties: false,
    },
  },
} as const;
