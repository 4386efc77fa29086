// The zod schemas compiled to plain checks (schema-compiler.ts). Here they are compiled when this
// module is first imported (vitest, tsc); the bundle replaces this module with the compiled source
// (scripts/build.mjs, validators-compiled), so a run compiles nothing and loads no zod to check a
// value that is valid.
import { compileValidators } from './schema-compiler.js';
import * as schemas from './schemas.js';

/** The schemas compiled, by name: what validate.ts uses. */
export const VALIDATED = ['ShardSchema', 'ShardSpecSchema', 'PoolSpecSchema', 'BackupConfigSchema', 'FunctionConfigSpecSchema'] as const;

export type Validated = (typeof VALIDATED)[number];

export interface Validators {
  check: Record<Validated, (value: unknown) => unknown>;
  fields: Record<Validated, readonly string[]>;
}

/** The source of the compiled checks: an expression whose value is a Validators. */
export const validatorSource = (): string => compileValidators(schemas, VALIDATED);

export const validators = new Function(`return ${validatorSource()}`)() as Validators;
