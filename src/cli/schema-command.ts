// `schema [KIND]`: the JSON Schemas an editor can use (yaml-language-server, VS Code), one per
// document kind, each with its $id; without a kind, all of them in one document.
import { jsonSchemaOf, SCHEMA_FILES, type SchemaKind } from '../api/json-schema.js';
import { PLAN_SCHEMA } from '../plan/plan-schema.js';

export const SCHEMA_KINDS = Object.keys(SCHEMA_FILES) as SchemaKind[];

export const schemaDocument = (kind?: SchemaKind): string =>
  `${JSON.stringify(kind ? jsonSchemaOf(kind) : Object.fromEntries(SCHEMA_KINDS.map((k) => [k, jsonSchemaOf(k)])), null, 2)}\n`;

/** The schema of `plan --output json`, which describes output, not a document to write. */
export const planSchemaDocument = (): string => `${JSON.stringify(PLAN_SCHEMA, null, 2)}\n`;
