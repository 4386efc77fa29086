// The zod schemas (schemas.ts) as plain JavaScript checks, for the values that are obviously
// valid: nearly every Shard and functionConfig a run reads. Loading zod and building its schemas
// is about a third of a small package's run, and a check written out as code runs several times
// faster than zod walking its schema objects. Each check either returns exactly what zod's
// safeParse would give as `data` (a fresh object, keys in the schema's order, as zod builds it) or
// says it is not sure, and then zod decides, and words the errors. So the checks only need to be
// right where they answer; anything unusual (a value zod would refuse, and some it would accept:
// a string with surrogate pairs near a length limit, a `__proto__` key, an object that is not
// plain) is left to zod.
//
// The checks are generated from the schemas themselves, so they cannot drift from them: under
// vitest this module compiles them at import (compiled-validators.ts); the build compiles them once
// and puts the source in the bundle. A construct the compiler does not know is never answered.

/** The zod internals the compiler reads: a schema's definition and its checks' definitions. */
interface ZodNode {
  _zod: { def: Record<string, unknown> & { type: string; checks?: ZodNode[] }; optin?: string; optout?: string };
}

const isZod = (v: unknown): v is ZodNode => typeof v === 'object' && v !== null && '_zod' in v;

/** Keys an object schema may not have for the check to use `in` and own properties alike. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * JavaScript source of an expression whose value is `{ check, fields }`: `check[name](value)`
 * returns zod's `data` for `schemas[name]` or undefined when zod must decide; `fields[name]` lists
 * the keys of each named object schema.
 */
export function compileValidators(schemas: Record<string, unknown>, names: readonly string[]): string {
  const ids = new Map<ZodNode, string>();
  const constants: string[] = [];
  const functions: string[] = [];
  let counter = 0;
  const constant = (source: string): string => {
    const name = `c${constants.length}`;
    constants.push(`const ${name} = ${source};`);
    return name;
  };

  /** The name of the function that checks `node`, compiled on first use. */
  const checker = (node: ZodNode): string => {
    let id = ids.get(node);
    if (id) return id;
    id = `f${counter++}`;
    ids.set(node, id);
    functions.push(`function ${id}(x) {\n${body(node).join('\n')}\n}`);
    return id;
  };

  /** Statements that return the checked value, or B. */
  const body = (node: ZodNode): string[] => {
    const def = node._zod.def;
    const checks = lengthAndRangeChecks(def.checks ?? [], def.type, constant);
    // A check of a kind it does not know, or a coercing schema, is never answered.
    if (checks === undefined || def.coerce) return ['  return B;'];
    switch (def.type) {
      case 'string':
        return ['  if (typeof x !== "string") return B;', ...checks, '  return x;'];
      case 'number':
        return ['  if (typeof x !== "number" || !Number.isFinite(x)) return B;', ...checks, '  return x;'];
      case 'boolean':
        return ['  return typeof x === "boolean" ? x : B;'];
      case 'unknown':
      case 'any':
        return ['  return x === undefined ? B : x;'];
      case 'enum':
      case 'literal': {
        const values = def.type === 'enum' ? Object.values(def.entries as object) : (def.values as unknown[]);
        if (!values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) return ['  return B;'];
        return [`  return ${constant(`new Set(${JSON.stringify(values)})`)}.has(x) ? x : B;`];
      }
      case 'optional':
        if (!isZod(def.innerType)) return ['  return B;'];
        return [`  return x === undefined ? B : ${checker(def.innerType)}(x);`];
      case 'union': {
        const options = def.options as unknown[];
        if (!options.every(isZod)) return ['  return B;'];
        // zod takes the first option that accepts the value.
        return [...options.map((o) => `  { const r = ${checker(o)}(x); if (r !== B) return r; }`), '  return B;'];
      }
      case 'array':
        if (!isZod(def.element)) return ['  return B;'];
        return [
          '  if (!Array.isArray(x)) return B;',
          ...checks,
          '  const o = new Array(x.length);',
          `  for (let i = 0; i < x.length; i++) { const r = ${checker(def.element)}(x[i]); if (r === B) return B; o[i] = r; }`,
          '  return o;',
        ];
      case 'record': {
        const key = def.keyType;
        // Only records keyed by any string: other key schemas change which keys are kept.
        if (!isZod(key) || key._zod.def.type !== 'string' || (key._zod.def.checks ?? []).length > 0 || !isZod(def.valueType)) return ['  return B;'];
        return [
          '  if (!plain(x)) return B;',
          '  const o = {};',
          `  for (const k in x) { if (!own.call(x, k) || k === "__proto__") return B; const r = ${checker(def.valueType)}(x[k]); if (r === B) return B; o[k] = r; }`,
          '  return o;',
        ];
      }
      case 'object':
        return objectBody(def);
      default:
        return ['  return B;'];
    }
  };

  const objectBody = (def: ZodNode['_zod']['def']): string[] => {
    const shape = def.shape as Record<string, unknown>;
    const keys = Object.keys(shape);
    const catchall = def.catchall;
    // Without a catchall zod drops unknown keys; `never` refuses them; `unknown` keeps them as they are.
    const mode = catchall === undefined ? 'strip' : isZod(catchall) ? catchall._zod.def.type : 'other';
    if (!['strip', 'never', 'unknown'].includes(mode) || keys.some((k) => INHERITED.has(k) || !isZod(shape[k]))) return ['  return B;'];
    const lines = ['  if (!plain(x)) return B;'];
    const known = constant(`new Set(${JSON.stringify(keys)})`);
    if (mode === 'never') lines.push(`  for (const k in x) if (!${known}.has(k)) return B;`);
    lines.push('  const o = {};');
    for (const key of keys) {
      const field = shape[key] as ZodNode;
      // zod leaves an absent key out when its schema is optional in and out, and refuses it otherwise.
      const optional = field._zod.optin === 'optional' && field._zod.optout === 'optional';
      const k = JSON.stringify(key);
      lines.push(`  if (own.call(x, ${k})) { const r = ${checker(field)}(x[${k}]); if (r === B) return B; o[${k}] = r; }${optional ? '' : ' else return B;'}`);
    }
    if (mode === 'unknown') lines.push(`  for (const k in x) { if (${known}.has(k)) continue; if (!own.call(x, k) || k === "__proto__" || x[k] === undefined) return B; o[k] = x[k]; }`);
    lines.push('  return o;');
    return lines;
  };

  const entries = names.map((name) => {
    const schema = schemas[name];
    if (!isZod(schema)) throw new Error(`compileValidators: ${name} is not a zod schema`);
    return `${JSON.stringify(name)}: (x) => { const r = ${checker(schema)}(x); return r === B ? undefined : r; }`;
  });
  const fields = names
    .filter((name) => (schemas[name] as ZodNode)._zod.def.type === 'object')
    .map((name) => `${JSON.stringify(name)}: ${JSON.stringify(Object.keys((schemas[name] as ZodNode)._zod.def.shape as object))}`);
  return [
    '(() => {',
    '"use strict";',
    '/** Not sure: zod decides. */',
    'const B = {};',
    'const own = Object.prototype.hasOwnProperty;',
    '/** An object whose keys are its own enumerable string properties, as the YAML and JSON readers make them. */',
    'const plain = (x) => { if (x === null || typeof x !== "object" || Array.isArray(x)) return false; const p = Object.getPrototypeOf(x); return (p === Object.prototype || p === null) && Object.getOwnPropertySymbols(x).length === 0; };',
    '/** Whether a string has UTF-16 surrogates, which zod counts as one character per pair. */',
    'const SURROGATE = /[\\ud800-\\udfff]/;',
    ...constants,
    ...functions,
    `return { check: { ${entries.join(', ')} }, fields: { ${fields.join(', ')} } };`,
    '})()',
  ].join('\n');
}

/**
 * The statements for a schema's checks (lengths, bounds, integers, patterns), or undefined when
 * one of them is of a kind the compiler does not know. A length in zod counts code points; the
 * statements answer only when UTF-16 units settle it.
 */
function lengthAndRangeChecks(checks: ZodNode[], type: string, constant: (source: string) => string): string[] | undefined {
  const lines: string[] = [];
  for (const check of checks) {
    const def = check._zod.def as Record<string, unknown>;
    if (def.when !== undefined && def.check !== 'min_length' && def.check !== 'max_length') return undefined;
    switch (def.check) {
      case 'min_length': {
        const min = def.minimum as number;
        if (type === 'string') lines.push(`  if (x.length < ${min} || (x.length < ${2 * min} && SURROGATE.test(x))) return B;`);
        else if (type === 'array') lines.push(`  if (x.length < ${min}) return B;`);
        else return undefined;
        break;
      }
      case 'max_length':
        if (type !== 'string' && type !== 'array') return undefined;
        lines.push(`  if (x.length > ${def.maximum as number}) return B;`);
        break;
      case 'greater_than':
      case 'less_than': {
        if (type !== 'number' || typeof def.value !== 'number') return undefined;
        const op = def.check === 'greater_than' ? (def.inclusive ? '<' : '<=') : def.inclusive ? '>' : '>=';
        lines.push(`  if (x ${op} ${def.value}) return B;`);
        break;
      }
      case 'number_format':
        if (type !== 'number' || def.format !== 'safeint') return undefined;
        lines.push('  if (!Number.isSafeInteger(x)) return B;');
        break;
      case 'string_format':
        if (type !== 'string' || def.format !== 'regex' || !(def.pattern instanceof RegExp) || def.pattern.global || def.pattern.sticky) return undefined;
        lines.push(`  if (!${constant(String(def.pattern))}.test(x)) return B;`);
        break;
      default:
        return undefined;
    }
  }
  return lines;
}
