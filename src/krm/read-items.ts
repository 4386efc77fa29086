// The first pass: what each item is to the function, read no further than that needs. A Shard
// is read in full and does its own work (shard-item.ts); the function's earlier output and a
// Secret are read from their heads; anything the function does not read is only copied (decided
// from its head by text/read.ts's itemHead). One item that cannot be read never stops the others.
import { FUNCTION_CONFIG_KIND } from '../api/function-config.js';
import { error, warning } from '../api/issue.js';
import { annotationsOf, isObject, refOf } from '../api/kube-object.js';
import type { Config } from '../api/model.js';
import { toSecretSource, toServiceAccount, type SecretSource, type ServiceAccountSource } from '../api/secrets.js';
import { ANNOTATION } from '../expand/keys.js';
import { fastParse } from '../text/fast-yaml.js';
import { itemIncludes, type InputItem } from '../text/item.js';
import { RENDERED_KINDS } from '../expand/expand-shard.js';
import { parseItem, type ParsedItem } from '../text/parse.js';
import { itemHead } from '../text/read.js';
import { fileOf, fileRef, objectResult, originFile, toResult, type FileRef, type ResourceRef, type Result } from './results.js';
import { shardLocal, type ShardState } from './shard-item.js';
import { Credentials, type CredentialRead } from './credentials.js';

export const SHARD_API_VERSION = 'multigres.com/v1alpha1';

/** An object the function rendered earlier, read from its head. */
export interface EarlierObject {
  marker: string;
  value: Record<string, unknown>;
  ref: ResourceRef;
  file?: FileRef;
}

/** A ShardTemplate or MultigresCluster: only the backups of its pools are checked (template-checks.ts). */
export interface TemplateItem {
  parsed: ParsedItem;
  item: InputItem;
}

/** An ExpandPoolBackups among the items (kpt passes the configPath file too). */
export interface ConfigItem {
  ref: ResourceRef;
  file?: FileRef;
}

/** What the function read among the items, by what it is. */
export interface ReadItems {
  shards: ShardState[];
  /** The function's earlier output, by the index of its item. */
  earlier: Map<number, EarlierObject>;
  /** Secrets, what produces them, and ServiceAccounts: read when a Shard's checks look them up. */
  credentials: Credentials;
  templates: TemplateItem[];
  configs: ConfigItem[];
  /** About items that cannot be read, or that are almost Shards. */
  results: Result[];
}

/**
 * The kinds the function reads (a Shard in any case, to say why another spelling is not rendered):
 * any other item is only copied, decided from its head alone (text/read.ts's itemHead).
 */
const READ_KINDS = new Set(['Shard', 'Secret', 'ExternalSecret', 'SealedSecret', 'ServiceAccount', 'ShardTemplate', 'MultigresCluster', FUNCTION_CONFIG_KIND]);
// "shard" in another case is read to say so; its length is checked first, as most kinds differ there.
const isReadKind = (kind: string | null | undefined): boolean =>
  typeof kind === 'string' && (READ_KINDS.has(kind) || (kind.length === 5 && kind.toLowerCase() === 'shard'));

/** The kind an item declares, in any quoting, when it is one the function reads (read from the text alone). */
const DECLARED_KIND = /(?:^|[\s{,-])["']?kind["']?\s*:\s*["']?(Shard|Secret|ExternalSecret|SealedSecret|ServiceAccount|ShardTemplate|MultigresCluster|ExpandPoolBackups)["']?\s*(?:[,}#]|$)/m;

const PATH_IN_TEXT = /(?:internal\.)?config\.kubernetes\.io\/path["']?\s*:\s*["']?([^"'\n,}]+)/;
const INDEX_IN_TEXT = /(?:internal\.)?config\.kubernetes\.io\/index["']?\s*:\s*["']?([0-9]+)/;

/** What reading one item found. */
type Classified =
  | { kind: 'skip' }
  /** An item that does not parse; a result only when it looks like a Shard (nothing else is ours to judge). */
  | { kind: 'unreadable'; result?: Result }
  | { kind: 'shard'; shard: ShardState }
  | { kind: 'earlier'; earlier: EarlierObject }
  | { kind: 'template'; template: TemplateItem }
  | { kind: 'other'; account?: ServiceAccountSource; source?: SecretSource }
  /** A Secret, what produces one, or a ServiceAccount: read when a lookup could find it (credentials.ts). */
  | { kind: 'credential' }
  | { kind: 'config'; config: ConfigItem }
  /** An object that is almost a Shard. */
  | { kind: 'notice'; result: Result };

/** Reads the items the function needs; one that cannot be read never stops the others. */
export function readItems(items: readonly InputItem[], config: Config): ReadItems {
  const read: ReadItems = { shards: [], earlier: new Map(), credentials: new Credentials(readCredential), templates: [], configs: [], results: [] };
  items.forEach((item, index) => {
    const c = classify(item, index, config);
    switch (c.kind) {
      case 'unreadable':
        if (c.result) read.results.push(c.result);
        break;
      case 'notice':
        read.results.push(c.result);
        break;
      case 'config':
        read.configs.push(c.config);
        break;
      case 'shard':
        read.shards.push(c.shard);
        break;
      case 'earlier':
        read.earlier.set(index, c.earlier);
        break;
      case 'template':
        read.templates.push(c.template);
        break;
      case 'other':
        read.credentials.add(index, c);
        break;
      case 'credential':
        read.credentials.defer(item, index);
        break;
    }
  });
  return read;
}

const RENDERED_FROM_NAME = ANNOTATION.renderedFrom.slice(ANNOTATION.renderedFrom.indexOf('/'));

/** Reads one item: parses it when the function could need it, and does a Shard's own work. */
function classify(item: InputItem, index: number, config: Config): Classified {
  const head = itemHead(item);
  // Earlier output is of a kind the function renders, with its annotation; anything else that is
  // not ours to read is copied as text. The search is for the annotation's name from its slash
  // (a search stops at each byte like the needle's first, and a slash is rarer than an f).
  const mayBeEarlier = (!head || isReadKind(head.kind) || RENDERED_KINDS.has(head.kind as string)) && itemIncludes(item, RENDERED_FROM_NAME);
  if (head && !isReadKind(head.kind) && !mayBeEarlier) return { kind: 'skip' };
  if (head && typeof head.kind === 'string' && CREDENTIAL_KINDS.has(head.kind) && !mayBeEarlier) return { kind: 'credential' };
  const earlierOutput = mayBeEarlier ? readEarlierOutput(item) : undefined;
  if (earlierOutput) return { kind: 'earlier', earlier: earlierOutput };
  const parsed = readAsNeeded(item, head?.kind);
  if ('error' in parsed) return { kind: 'unreadable', result: unreadableResult(item, index, parsed.error) };
  const { value } = parsed;
  const file = fileOf(value, item);
  if (value.kind === 'Shard' && value.apiVersion === SHARD_API_VERSION) return { kind: 'shard', shard: shardLocal(item, index, parsed, file, config) };
  const marker = annotationsOf(value)[ANNOTATION.renderedFrom];
  if (typeof marker === 'string') return { kind: 'earlier', earlier: earlierObject(marker, value, item) };
  if ((value.kind === 'ShardTemplate' || value.kind === 'MultigresCluster') && value.apiVersion === SHARD_API_VERSION) return { kind: 'template', template: { parsed, item } };
  if (value.kind === FUNCTION_CONFIG_KIND) return { kind: 'config', config: { ref: refOf(value), ...(file ? { file } : {}) } };
  const nearMiss = nearShard(value);
  if (nearMiss) return { kind: 'notice', result: objectResult(warning([], nearMiss), value, item) };
  const account = toServiceAccount(value, file?.path);
  const source = toSecretSource(value, file?.path);
  return { kind: 'other', ...(account ? { account } : {}), ...(source ? { source } : {}) };
}

/** The kinds read only when a Shard's checks look them up. */
const CREDENTIAL_KINDS = new Set(['Secret', 'ExternalSecret', 'SealedSecret', 'ServiceAccount']);

/** An item read as far as the checks need: a Secret's key names, a ServiceAccount's head, anything else whole. */
const readAsNeeded = (item: InputItem, kind: string | null | undefined) =>
  (kind === 'Secret' && readParts(item, SECRET_PARTS, SECRET_DATA)) || (kind === 'ServiceAccount' && readParts(item, HEAD)) || parseItem(item);

/** A Secret, what produces one, or a ServiceAccount, read when a lookup could find it. */
function readCredential(item: InputItem, index: number): CredentialRead {
  const parsed = readAsNeeded(item, itemHead(item)?.kind);
  if ('error' in parsed) {
    const result = unreadableResult(item, index, parsed.error);
    return result ? { result } : {};
  }
  const file = fileOf(parsed.value, item)?.path;
  const account = toServiceAccount(parsed.value, file);
  const source = toSecretSource(parsed.value, file);
  return { ...(account ? { account } : {}), ...(source ? { source } : {}) };
}

const earlierObject = (marker: string, value: Record<string, unknown>, item: InputItem): EarlierObject => {
  const file = fileOf(value, item);
  return { marker, value, ref: refOf(value), ...(file ? { file } : {}) };
};

/** The file an item that does not parse came from: its origin, or kpt's path annotation found in its text. */
function fileFromText(item: InputItem): FileRef | undefined {
  return item.origin ? originFile(item.origin) : fileRef(PATH_IN_TEXT.exec(item.text)?.[1]?.trim(), INDEX_IN_TEXT.exec(item.text)?.[1]);
}

/**
 * Why an item that does not parse was not used, when its text declares a kind the function
 * reads; nothing when it does not (nothing else is the function's to judge).
 */
function unreadableResult(item: InputItem, index: number, problemAsRead: string): Result | undefined {
  const kind = DECLARED_KIND.exec(item.text)?.[1];
  if (kind === undefined) return undefined;
  const file = fileFromText(item);
  const where = file ? `${file.path}${file.index ? ` (document ${file.index})` : ''}` : `item ${index} of the input`;
  const alias = /Unresolved alias/.test(problemAsRead) ? '; an alias must refer to an anchor in the same object (kpt reads every file by itself), so repeat the value instead' : '';
  const lines = !item.origin && /\bline \d+/.test(problemAsRead) ? ' (line numbers count from the start of the object)' : '';
  // In render mode the item's first line in its file is known: count lines in the file.
  const firstLine = item.origin?.line;
  const problem = firstLine ? problemAsRead.replace(/\bline (\d+)/g, (_, n: string) => `line ${Number(n) + firstLine - 1}`) : problemAsRead;
  // A Shard that cannot be read is not rendered: an error. Anything else it reads is only looked
  // at (a Secret's key names...): a warning that it was not.
  // Settings that cannot be read are never rendered without: the run fails.
  const fatal = kind === 'Shard' || kind === FUNCTION_CONFIG_KIND;
  const consequence =
    kind === 'Shard' ? 'so it was not rendered' : kind === FUNCTION_CONFIG_KIND ? 'so its settings cannot be used; fix it: the function does not render without the settings the package holds' : 'so this function did not look at it (a Shard that needs it is checked as if it were absent)';
  const message = `${where} looks like a${kind === FUNCTION_CONFIG_KIND ? 'n' : ''} ${kind} but cannot be read, ${consequence}: ${problem}${lines}${alias}`;
  return toResult(fatal ? error([], message) : warning([], message), undefined, file);
}

/** Why an object that is nearly a Shard (another spelling of the kind, another version) is not rendered. */
function nearShard(value: Record<string, unknown>): string | undefined {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  // The exact kind and apiVersion were taken before: here the kind in another case, or Shard with another Multigres apiVersion.
  const otherCase = kind !== 'Shard' && kind.toLowerCase() === 'shard';
  const otherVersion = kind === 'Shard' && apiVersion.includes('multigres');
  if (!otherCase && !otherVersion) return undefined;
  return `kind ${JSON.stringify(kind)}, apiVersion ${JSON.stringify(apiVersion)} is not rendered: this function renders kind Shard with apiVersion ${SHARD_API_VERSION}; fix the kind or apiVersion if this is meant to be a Shard, or it passes through as it is`;
}

const HEAD = new Set(['apiVersion', 'kind', 'metadata']);
const SECRET_PARTS = new Set(['apiVersion', 'kind', 'metadata', 'data', 'stringData']);
const SECRET_DATA = new Set(['data', 'stringData']);

/**
 * Only the parts of an item the checks need: a Secret's head and the names of its keys (never
 * their values, `namesOnly`), a ServiceAccount's head (its name and annotations).
 */
function readParts(item: InputItem, parts: ReadonlySet<string>, namesOnly?: ReadonlySet<string>): ParsedItem | undefined {
  if (item.text.includes('\r')) return undefined;
  const fast = fastParse(item.text, item.form, item.indent, parts, namesOnly);
  return isObject(fast?.value) ? { value: fast.value, maps: fast.maps, ambiguous: fast.ambiguous } : undefined;
}

/**
 * The function's own earlier output, read from its head only: what it needs of such an item is
 * its marker, name and annotations, and the rest is replaced or copied as text. On a re-render
 * these are most of the input. Undefined for anything else, which is read in full.
 */
function readEarlierOutput(item: InputItem): EarlierObject | undefined {
  const head = fastParse(item.text, item.form, item.indent, HEAD)?.value;
  if (!isObject(head) || (head.kind === 'Shard' && head.apiVersion === SHARD_API_VERSION)) return undefined;
  const marker = annotationsOf(head)[ANNOTATION.renderedFrom];
  if (typeof marker !== 'string') return undefined;
  return earlierObject(marker, head, item);
}
