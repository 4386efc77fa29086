// function.yaml: the kpt catalog's metadata keys, then a KRMFunctionDefinition whose
// openAPIV3Schema comes from the functionConfig's zod schema. A test pins the file.
import { FUNCTION_CONFIG_API_VERSION, FUNCTION_CONFIG_KIND } from '../api/function-config.js';
import { functionConfigOpenApiSchema } from '../api/json-schema.js';
import { emitDocument } from '../text/emit.js';

const HOME = 'https://github.com/multigres/expand-pool-backups';
const DESCRIPTION =
  "Renders Multigres Shards into the StatefulSets, Services and PVCs the operator would create, with each pool's backupConfig (S3 or filesystem) wired into pgctld.";
const TAGS = ['mutator', 'multigres', 'postgres', 'backups'];

export function functionYaml(version: string): string {
  const image = `ghcr.io/multigres/expand-pool-backups:v${version}`;
  const [group, apiVersion] = FUNCTION_CONFIG_API_VERSION.split('/') as [string, string];
  const catalog = {
    image,
    description: DESCRIPTION,
    tags: TAGS,
    sourceURL: HOME,
    examplePackageURLs: [`${HOME}/tree/main/examples/kpt`],
    license: 'Apache-2.0',
  };
  const definition = {
    apiVersion: 'config.kubernetes.io/v1alpha1',
    kind: 'KRMFunctionDefinition',
    metadata: { name: `${FUNCTION_CONFIG_KIND.toLowerCase()}.${group}` },
    spec: {
      group,
      names: { kind: FUNCTION_CONFIG_KIND },
      description: DESCRIPTION,
      publisher: 'multigres.com',
      home: HOME,
      tags: TAGS,
      versions: [
        {
          name: apiVersion,
          idempotent: true,
          license: 'Apache-2.0',
          usage: `${HOME}#readme`,
          examples: [`${HOME}/tree/main/examples/kpt`, `${HOME}/tree/main/examples/kustomize`, `${HOME}/tree/main/examples/argocd`],
          runtime: { container: { image } },
          schema: { openAPIV3Schema: functionConfigOpenApiSchema() },
        },
      ],
    },
  };
  return `# Generated from src/krm/function-yaml.ts and the functionConfig schema: do not edit.\n# kpt function catalog metadata\n${emitDocument(catalog)}---\n${emitDocument(definition)}`;
}
