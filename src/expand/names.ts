// Object names exactly as the operator computes them (JoinWithConstraints): readable parts,
// truncated to fit, plus an FNV-1a hash of the ORIGINAL parts. Pure.
// The hash algorithm, the 0x00 separator and the 8-hex-digit suffix must never change: any change
// renames every existing StatefulSet, Service and PVC, and a StatefulSet rename loses its data PVCs.

export interface NameConstraints {
  maxLength: number;
  /** Whether the first character may be a digit (Default rules) or must be a letter. */
  firstMayBeDigit: boolean;
}

/** Default rules: DNS subdomain names (MultiOrch Deployment). */
export const DEFAULT_NAME: NameConstraints = { maxLength: 253, firstMayBeDigit: true };
/** Service rules: DNS label names (Services and, deliberately, the backup PVC). */
export const SERVICE_NAME: NameConstraints = { maxLength: 63, firstMayBeDigit: false };
/** StatefulSet rules: 63 minus room for the pod ordinal and the controller-revision-hash label. */
export const STATEFULSET_NAME: NameConstraints = { maxLength: 52, firstMayBeDigit: false };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** FNV-1a 32-bit over each part's UTF-8 bytes followed by one 0x00, as 8 lowercase hex digits. */
export function nameHash(parts: readonly string[]): string {
  let state = FNV_OFFSET;
  for (const part of parts) {
    // ASCII: the UTF-8 bytes are the char codes (the common case, without an allocation).
    const before = state;
    let ascii = true;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      state = Math.imul(state ^ c, FNV_PRIME) >>> 0;
    }
    if (!ascii) {
      state = before;
      for (const byte of encoder.encode(part)) state = Math.imul(state ^ byte, FNV_PRIME) >>> 0;
    }
    state = Math.imul(state, FNV_PRIME) >>> 0; // the 0x00 separator: XOR with zero is a no-op
  }
  return state.toString(16).padStart(8, '0');
}

/** Keeps a-z, 0-9 and "-", lowercases A-Z, and turns every other code point into one "-". */
function sanitize(part: string): string {
  let clean = true;
  for (let i = 0; i < part.length && clean; i++) {
    const c = part.charCodeAt(i);
    clean = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
  }
  if (clean) return part;
  let out = '';
  for (const ch of part) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d) out += ch;
    else if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 32);
    else out += '-';
  }
  return out;
}

const isLetter = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** The operator's JoinWithConstraints: `parts` joined with "-", fitted to `rules`, hash-suffixed. */
export function joinWithConstraints(rules: NameConstraints, parts: readonly string[]): string {
  if (rules.maxLength < 12) throw new Error(`internal error: name limit ${rules.maxLength} is below 12`);
  if (parts.length === 0) return '';
  const hash = nameHash(parts);
  const cleaned = parts.map(sanitize);
  const first = cleaned[0]!;
  const firstOk = isLetter(first[0]) || (rules.firstMayBeDigit && isDigit(first[0]));
  if (!firstOk) cleaned[0] = `x${first}`;
  const joined = cleaned.join('-');
  const length = joined.length + 1 + hash.length;
  if (length <= rules.maxLength) return `${joined}-${hash}`;
  const cut = length - rules.maxLength + 2;
  return `${joined.slice(0, joined.length - cut)}---${hash}`;
}

export interface ShardParts {
  cluster: string;
  databaseName: string;
  tableGroupName: string;
  shardName: string;
}

const shardParts = (s: ShardParts) => [s.cluster, s.databaseName, s.tableGroupName, s.shardName];

export const poolStatefulSetName = (s: ShardParts, pool: string, cell: string): string =>
  joinWithConstraints(STATEFULSET_NAME, [...shardParts(s), 'pool', pool, cell]);

export const poolServiceName = (s: ShardParts, pool: string, cell: string): string =>
  joinWithConstraints(SERVICE_NAME, [...shardParts(s), 'pool', pool, cell, 'headless']);

export const backupPvcName = (s: ShardParts, pool: string, cell: string): string =>
  joinWithConstraints(SERVICE_NAME, ['backup-data', ...shardParts(s), 'pool', pool, cell]);

export const multiOrchDeploymentName = (s: ShardParts, cell: string): string =>
  joinWithConstraints(DEFAULT_NAME, [...shardParts(s), 'multiorch', cell]);

export const multiOrchServiceName = (s: ShardParts, cell: string): string =>
  joinWithConstraints(SERVICE_NAME, [...shardParts(s), 'multiorch', cell]);
