// The zod schemas (schemas.ts), built when a Shard, a pool's backupConfig or a functionConfig is
// first checked: a package with none of them never evaluates zod or builds a schema. Every value
// of schemas.ts is reached through loadSchemas(); other modules import only its types.
//
// Under vitest and tsc this module imports schemas.ts. The bundle replaces it (scripts/build.mjs,
// schemas-on-first-use) with one that require()s schemas.ts on the first call: esbuild evaluates
// a module it bundles for a require() call when the call runs, but a static import at start-up.
import * as schemas from './schemas.js';

export type Schemas = typeof schemas;

export const loadSchemas = (): Schemas => schemas;
