// The Secrets among the items (and the ExternalSecrets and SealedSecrets that produce Secrets) and
// the ServiceAccounts: the checks across Shards look up the few a Shard names, by namespace and
// name. A package holds many more than that (every chart brings its own), so an item of these
// kinds is read when a lookup could find it, not before: when its text holds the name looked up.
// A Kubernetes name is written as it is in any YAML style (plain, quoted, JSON), unless escapes
// spell it (`\x2d`), so an item with a backslash is read for any name. Items whose head the scan
// was not sure of, or that carry the function's own annotation, are read on the first pass as
// any other item (read-items.ts) and added here as read.
import type { SecretSource, ServiceAccountSource } from '../api/secrets.js';
import { itemIncludes, type InputItem } from '../text/item.js';
import type { Result } from './results.js';

/** What reading one item of these kinds gives: a Secret's source, a ServiceAccount, or why it cannot be read. */
export interface CredentialRead {
  source?: SecretSource;
  account?: ServiceAccountSource;
  result?: Result;
}

/** Lookups by `namespace/name`. */
export interface Lookup<T> {
  get(key: string): T | undefined;
}

/** A name that reads the same in any YAML style without escapes: its text is in the item's. */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;
/** How many names are searched for before every item is read instead. */
const SEARCHED_NAMES = 8;

export class Credentials {
  /** Items not read yet, in input order (undefined once read). */
  private readonly pending: Array<{ item: InputItem; index: number } | undefined> = [];
  private readonly sources = new Map<string, Array<{ index: number; source: SecretSource }>>();
  private readonly accountsByKey = new Map<string, Array<{ index: number; account: ServiceAccountSource }>>();
  private readonly found: Array<{ index: number; result: Result }> = [];
  private unread = 0;
  /** The names looked up so far (their items are read). */
  private readonly names = new Set<string>();

  constructor(private readonly readItem: (item: InputItem, index: number) => CredentialRead) {}

  /** An item of these kinds, read when a lookup could find it. */
  defer(item: InputItem, index: number): void {
    this.pending.push({ item, index });
    this.unread++;
  }

  /** What reading the item at `index` gave. */
  add(index: number, read: CredentialRead): void {
    if (read.source) {
      const key = `${read.source.namespace}/${read.source.name}`;
      this.sources.set(key, [...(this.sources.get(key) ?? []), { index, source: read.source }].sort((a, b) => a.index - b.index));
    }
    if (read.account) {
      const key = `${read.account.namespace}/${read.account.name}`;
      this.accountsByKey.set(key, [...(this.accountsByKey.get(key) ?? []), { index, account: read.account }].sort((a, b) => a.index - b.index));
    }
    if (read.result) this.found.push({ index, result: read.result });
  }

  /** Secrets and what produces them, by `namespace/name`, in input order. */
  readonly secrets: Lookup<SecretSource[]> = {
    get: (key) => {
      this.readNaming(key);
      return this.sources.get(key)?.map((s) => s.source);
    },
  };

  /** ServiceAccounts by `namespace/name` (the last of a name, as an apply would leave it). */
  readonly accounts: Lookup<ServiceAccountSource> = {
    get: (key) => {
      this.readNaming(key);
      return this.accountsByKey.get(key)?.at(-1)?.account;
    },
  };

  /** About the items read that cannot be read, in input order. */
  get results(): Result[] {
    return [...this.found].sort((a, b) => a.index - b.index).map((f) => f.result);
  }

  /**
   * Reads every pending item whose text can hold the name in `key` (`namespace/name`). Each name
   * is looked for once; past a few names (a fleet of Shards each with its own Secret) every item
   * is read, which costs less than searching them all for each name.
   */
  private readNaming(key: string): void {
    const name = key.slice(key.indexOf('/') + 1);
    if (this.names.has(name) || this.unread === 0) return;
    this.names.add(name);
    const any = !PLAIN_NAME.test(name) || this.names.size > SEARCHED_NAMES;
    this.pending.forEach((entry, at) => {
      if (entry === undefined) return;
      if (!any && !itemIncludes(entry.item, name) && !itemIncludes(entry.item, '\\')) return;
      this.pending[at] = undefined;
      this.unread--;
      this.add(entry.index, this.readItem(entry.item, entry.index));
    });
  }
}
