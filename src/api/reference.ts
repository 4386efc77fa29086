// docs/reference.md, generated from the zod schemas' descriptions (the same text the JSON
// Schemas carry), so the reference cannot drift from what the function accepts. Pure.
import { backupConfigJsonSchema, functionConfigJsonSchema } from './json-schema.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && !s.properties) return 'mapping';
  const limits = [
    s.minLength !== undefined || s.maxLength !== undefined ? `${s.minLength ?? 0}..${s.maxLength ?? ''} characters` : '',
    s.minimum !== undefined || s.maximum !== undefined ? `${s.minimum ?? ''}..${s.maximum ?? ''}` : '',
  ].filter(Boolean);
  return `${Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any')}${limits.length ? ` (${limits.join(', ')})` : ''}`;
}

function rows(schema: JsonSchema, prefix: string, out: string[]): void {
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const required = schema.required?.includes(name) ? ' (required)' : '';
    out.push(`| \`${path}\` | ${typeOf(child)}${required} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
    if (child.properties) rows(child, path, out);
  }
}

function table(schema: JsonSchema, prefix: string): string {
  const out = ['| field | type | meaning |', '| --- | --- | --- |'];
  rows(schema, prefix, out);
  return out.join('\n');
}

export function referenceMarkdown(): string {
  const functionConfig = functionConfigJsonSchema() as JsonSchema;
  const spec = functionConfig.properties?.spec ?? {};
  return `# Reference

Generated from the function's schemas (\`src/api/schemas.ts\`) by \`npm run test:update\`; do
not edit by hand. \`expand-pool-backups schema\` prints the same schemas as JSON Schema.

## \`spec.pools.<pool>.backupConfig\` (in a Shard, a ShardTemplate or a MultigresCluster)

${table(backupConfigJsonSchema() as JsonSchema, '')}

## functionConfig: \`apiVersion: fn.multigres.com/v1alpha1\`, \`kind: ExpandPoolBackups\`

The same keys work flattened in a ConfigMap's \`data\` (\`defaults.backupConfig.type: s3\`),
as kpt's \`configMap:\`, \`kpt fn eval -- key=value\` and Argo CD plugin parameters give them.

${table(spec, 'spec')}
`;
}
