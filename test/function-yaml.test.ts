// function.yaml is generated; this pins it, so a schema change without `npm run test:update`
// (and a look at the diff) fails.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { functionYaml } from '../src/krm/function-yaml.js';

const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

describe('function.yaml', () => {
  const text = functionYaml(version);

  it('matches the schema and version it is generated from', async () => {
    await expect(text).toMatchFileSnapshot('../function.yaml');
  });

  it('carries the catalog keys and a KRMFunctionDefinition with the functionConfig schema', () => {
    const [catalog, definition] = parseAllDocuments(text).map((d) => d.toJS());
    expect(Object.keys(catalog)).toEqual(['image', 'description', 'tags', 'sourceURL', 'examplePackageURLs', 'license']);
    expect(definition.kind).toBe('KRMFunctionDefinition');
    const schema = definition.spec.versions[0].schema.openAPIV3Schema;
    expect(schema.properties.spec.properties.protectBackupVolumes.type).toBe('boolean');
    expect(schema.properties.spec.properties.defaults.properties.backupConfig.properties.type.enum).toEqual(['s3', 'filesystem']);
  });
});
