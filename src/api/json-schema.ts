// JSON Schemas generated from the zod schemas, so editors, CRD authors and the kpt function
// definition see exactly what the function accepts, with the same field descriptions. Pure.
import * as z from 'zod/mini';
import { BackupConfigSchema, FunctionConfigSchema } from './schemas.js';

/** OpenAPI v3 (the dialect of CRDs and KRMFunctionDefinitions) for the whole functionConfig. */
export const functionConfigOpenApiSchema = (): Record<string, unknown> =>
  z.toJSONSchema(FunctionConfigSchema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;

/** JSON Schema (draft 2020-12) of a pool's backupConfig. */
export const backupConfigJsonSchema = (): Record<string, unknown> =>
  z.toJSONSchema(BackupConfigSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;

/** JSON Schema (draft 2020-12) of the ExpandPoolBackups functionConfig. */
export const functionConfigJsonSchema = (): Record<string, unknown> =>
  z.toJSONSchema(FunctionConfigSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
