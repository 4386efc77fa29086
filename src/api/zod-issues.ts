// Turns zod's shape problems into Issues whose messages say what is wrong, what was received
// and what is accepted, with a "did you mean" for misspelled field names. Pure.
import type * as z from 'zod/mini';
import { error, type FieldPath, type Issue } from './issue.js';
import { suggestName } from './suggest.js';

type AnySchema = z.ZodMiniType;

/** A short, safe description of a value for messages (strings quoted and cut). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const cut = value.length > 64 ? `${value.slice(0, 61)}...` : value;
    return JSON.stringify(cut);
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const typeName = (expected: string): string =>
  ({ object: 'a mapping', record: 'a mapping', array: 'a list', string: 'a string', number: 'a number', int: 'an integer', boolean: 'true or false' })[expected] ??
  expected;

export function valueAt(root: unknown, path: FieldPath): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return value;
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema as { def?: { type?: string; innerType?: AnySchema } };
  while (current.def && (current.def.type === 'optional' || current.def.type === 'nullable' || current.def.type === 'default')) {
    current = current.def.innerType as typeof current;
  }
  return current as AnySchema;
}

function schemaAt(schema: AnySchema, path: FieldPath): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const key of path) {
    if (!current) return undefined;
    const def: { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema } = (
      unwrap(current) as unknown as { def: { type: string } }
    ).def;
    if (def.type === 'object') current = def.shape?.[String(key)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current && unwrap(current);
}

/** Field names an object schema accepts, for "did you mean" and "accepted:" lists. */
export function acceptedKeys(schema: AnySchema, path: FieldPath): string[] {
  const at = schemaAt(schema, path) as unknown as { def?: { type: string; shape?: Record<string, unknown> } } | undefined;
  return at?.def?.type === 'object' && at.def.shape ? Object.keys(at.def.shape) : [];
}

export function unknownFieldIssue(path: FieldPath, key: string, accepted: readonly string[]): Issue {
  const suggestion = suggestName(key, accepted);
  const hint = suggestion ? `, did you mean "${suggestion}"?` : '';
  const list = accepted.length > 0 ? ` accepted fields: ${accepted.join(', ')}` : '';
  return error([...path, key], `unknown field "${key}"${hint}${hint ? '' : ';'}${list}`);
}

/**
 * Converts zod issues for `input` (checked against `schema`) into Issues, paths prefixed by `base`.
 * `skipKeys` names unknown keys another rule reports better (inline credentials).
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  schema: AnySchema,
  input: unknown,
  base: FieldPath,
  skipKeys: ReadonlySet<string> = new Set(),
): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    const full = [...base, ...path];
    const value = valueAt(input, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const accepted = acceptedKeys(schema, path);
        for (const key of issue.keys) {
          if (skipKeys.has(key)) continue;
          const home = accepted.find((child) => acceptedKeys(schema, [...path, child]).includes(key));
          if (home !== undefined) {
            // A field written one level too high: `backupConfig.accessModes` belongs under `storage`.
            const here = valueAt(input, path) as Record<string, unknown>;
            const child = here[home];
            const moved = { ...(child !== null && typeof child === 'object' && !Array.isArray(child) ? child : {}), [key]: here[key] };
            out.push(
              error([...base, ...path, key], `"${key}" is a field of ${home}, not of ${String(full.at(-1) ?? 'this object')}: move it under ${home}`, {
                proposedValue: { [home]: moved },
              }),
            );
            continue;
          }
          out.push(unknownFieldIssue([...base, ...path], key, accepted));
        }
        break;
      }
      case 'invalid_type':
        out.push(
          value === undefined
            ? error(full, `required field is missing: expected ${typeName(issue.expected)}`)
            : error(full, `expected ${typeName(issue.expected)}, got ${describeValue(value)}`),
        );
        break;
      case 'invalid_value': {
        const accepted = issue.values.map((v) => String(v));
        const suggestion = typeof value === 'string' ? suggestName(value, accepted) : undefined;
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
        out.push(
          value === undefined
            ? error(full, `required field is missing: accepted values are ${accepted.join(', ')}`)
            : error(full, `got ${describeValue(value)}${hint}; accepted values are ${accepted.join(', ')}`, suggestion ? { proposedValue: suggestion } : {}),
        );
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        if (issue.origin === 'string') {
          const length = typeof value === 'string' ? [...value].length : 0;
          out.push(error(full, `${describeValue(value)} has ${length} characters; ${bound} are accepted`));
        } else if (issue.origin === 'array') {
          const length = Array.isArray(value) ? value.length : 0;
          const min = issue.code === 'too_small' ? Number(issue.minimum) : undefined;
          out.push(error(full, min !== undefined ? `has ${length} items; at least ${min} ${min === 1 ? 'is' : 'are'} required` : `has ${length} items; ${bound} are accepted`));
        } else {
          out.push(error(full, `${describeValue(value)} is out of range; ${bound} is accepted`));
        }
        break;
      }
      case 'invalid_union':
        out.push(error(full, `expected a quantity such as 500m or 1Gi, got ${describeValue(value)}`));
        break;
      default: {
        const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
        out.push(error(full, message));
      }
    }
  }
  return out;
}

type Parsable = { safeParse(v: unknown): { success: boolean; data?: unknown } };

/** The fields of the object schema inside optional wrappers, if it is one. */
function objectShape(schema: unknown): Record<string, unknown> | undefined {
  const def = (unwrap(schema as AnySchema) as unknown as { def?: { type: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' ? def.shape : undefined;
}

/**
 * What of `raw` an object schema accepts field by field: each field its own schema accepts, and
 * for an object field that fails as a whole, the parts of it that pass. Only for checking the rest
 * of an object whose shape has errors (those errors are reported from the full parse): a wrong
 * type in one field must not hide what the rules would find in another.
 */
export function acceptedFields<T>(schema: unknown, raw: unknown): Partial<T> {
  const shape = objectShape(schema);
  const out: Record<string, unknown> = {};
  if (!shape || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out as Partial<T>;
  for (const [key, field] of Object.entries(shape)) {
    if (!Object.prototype.hasOwnProperty.call(raw, key)) continue;
    const value = (raw as Record<string, unknown>)[key];
    const parsed = (field as Parsable).safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) out[key] = parsed.data;
    } else if (objectShape(field)) out[key] = acceptedFields(field, value);
  }
  return out as Partial<T>;
}
