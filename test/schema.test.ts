// The JSON Schemas and docs/reference.md are generated from the zod schemas and pinned here:
// a schema change shows up as a diff of these files (`npm run test:update`).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { referenceMarkdown } from '../src/api/reference.js';
import { schemaDocument } from '../src/cli/schema-command.js';

describe('schemas', () => {
  it('`schema` prints the JSON Schemas, pinned in schema/expand-pool-backups.schema.json', async () => {
    const text = schemaDocument();
    await expect(text).toMatchFileSnapshot('../schema/expand-pool-backups.schema.json');
    const out = spawnSync(process.execPath, [new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname, 'schema'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(text);
    const schema = JSON.parse(text);
    expect(schema.backupConfig.properties.s3.properties.credentialsSecretName.description).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(schema.backupConfig.additionalProperties).toBe(false);
  });

  it('docs/reference.md is generated from the same descriptions', async () => {
    const md = referenceMarkdown();
    await expect(md).toMatchFileSnapshot('../docs/reference.md');
    expect(md).toContain('| `s3.keyPrefix` |');
    expect(md).toContain('| `spec.s3.keyPrefixTemplate` |');
  });
});
