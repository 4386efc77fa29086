// The yaml library, loaded on first use: most runs read everything with the fast reader and the
// scanner, and never pay for evaluating the library at start-up.
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  // A plain require: esbuild bundles it as a lazily evaluated module; vitest provides require.
  lib ??= require('yaml') as typeof Yaml;
  return lib;
}
