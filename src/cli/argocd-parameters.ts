// Argo CD plugin parameters from the environment the cmp-server gives generate: the JSON in
// ARGOCD_APP_PARAMETERS when present (it keeps the exact names), else PARAM_<NAME> variables
// matched against the flattened functionConfig keys (their names are upper-cased and every
// character outside A-Z0-9_ becomes "_").
import { flattenedKeys } from '../api/function-config.js';
import { InputError } from '../text/parse.js';

export const paramEnvName = (key: string): string => `PARAM_${key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;

export function argoParameters(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const json = env.ARGOCD_APP_PARAMETERS;
  const out: Record<string, string> = {};
  if (json !== undefined && json !== '' && json !== 'null') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new InputError('ARGOCD_APP_PARAMETERS is not JSON');
    }
    if (!Array.isArray(parsed)) throw new InputError('ARGOCD_APP_PARAMETERS is not a list of parameters');
    for (const p of parsed as Array<Record<string, unknown>>) {
      if (typeof p?.name !== 'string') continue;
      if (p.array !== undefined || p.map !== undefined) throw new InputError(`plugin parameter ${p.name} must be a string, not a list or a map`);
      if (typeof p.string === 'string') Object.defineProperty(out, p.name, { value: p.string, enumerable: true });
    }
    return out;
  }
  for (const key of flattenedKeys()) {
    const value = env[paramEnvName(key)];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
