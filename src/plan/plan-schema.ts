// The JSON Schema of `plan --output json`: the contract CI jobs read. Its version is the
// document's apiVersion; a field is only ever added within one version. Pure data.
import { SCHEMA_BASE } from '../api/json-schema.js';
import { EFFECTS, PLAN_API_VERSION, PLAN_KIND } from './plan.js';

export const PLAN_SCHEMA_FILE = 'plan.schema.json';

const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const count = { type: 'integer', minimum: 0 } as const;

export const PLAN_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE}${PLAN_SCHEMA_FILE}`,
  title: 'expand-pool-backups plan',
  description: 'What applying the change render over the base render does, object by object, as `expand-pool-backups plan --output json` prints it',
  type: 'object',
  required: ['apiVersion', 'kind', 'base', 'change', 'exitCode', 'summary', 'rejected', 'dataAffecting', 'notes', 'shards'],
  properties: {
    apiVersion: { const: PLAN_API_VERSION, description: 'the version of this document: fields are only added within it' },
    kind: { const: PLAN_KIND },
    base: { ...text, description: 'what the base was rendered from: a path, or <revision>:<path>' },
    change: { ...text, description: 'what the change was rendered from' },
    exitCode: { enum: [0, 3, 4, 5], description: '0 nothing rejected and no data affected, 3 rejected, 4 data-affecting, 5 both' },
    summary: {
      type: 'object',
      description: 'how many changes of each effect (one object can have several), how many objects have changes, and how many rendered objects are the same in both',
      required: [...EFFECTS, 'changedObjects', 'unchanged'],
      properties: Object.fromEntries([...EFFECTS, 'changedObjects', 'unchanged'].map((e) => [e, count])),
      additionalProperties: false,
    },
    rejected: { type: 'boolean', description: 'Kubernetes refuses at least one update' },
    dataAffecting: { type: 'boolean', description: 'at least one change deletes a StatefulSet or a volume, or moves where backups go' },
    notes: { ...texts, description: 'what the plan as a whole says (a change that renders nothing)' },
    shards: {
      type: 'array',
      description: 'changes per Shard (namespace/name), or per namespace for its pg-hba ConfigMap, sorted',
      items: {
        type: 'object',
        required: ['shard', 'changes', 'notes'],
        properties: {
          shard: text,
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
        effect: { enum: [...EFFECTS], description: 'most serious first: rejected, moves-backups, deletes, scales, restarts-pods, creates, updates, no-effect' },
        dataAffecting: { type: 'boolean' },
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
