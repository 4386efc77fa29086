// zod's safeParse for the schemas the function checks values against, without zod for a value the
// compiled checks (compiled-validators.ts) find valid: zod, its schemas and its issues are loaded
// only for a value they are not sure of, and then zod's answer is the answer.
import { validators, type Validated } from './compiled-validators.js';
import { loadSchemas, type Schemas } from './load-schemas.js';

type Parsed<N extends Validated> = ReturnType<Schemas[N]['safeParse']>;

export function safeParse<N extends Validated>(name: N, value: unknown): Parsed<N> {
  const data = validators.check[name](value);
  if (data !== undefined) return { success: true, data } as Parsed<N>;
  return loadSchemas()[name].safeParse(value) as Parsed<N>;
}

/** The keys of an object schema, as zod has them. */
export const fieldsOf = (name: Validated): readonly string[] => validators.fields[name];
