// What the function puts at each place of its output: an input item as it came, an input item it
// changed, or an object it renders. text/write.ts (through run.ts) and render.ts turn these into
// text; index.ts into plain objects. Types only.
import type { KubernetesObject } from '../expand/object.js';
import type { InputItem } from '../text/item.js';

export type OutputItem =
  | { kind: 'source'; item: InputItem }
  /** An input item the function changed (a Shard marked local-config): its new text. */
  | { kind: 'changed'; item: InputItem; localConfig: boolean; original: InputItem }
  /** An object the function renders, built when it is written; `shape` as in LazyObject. */
  | { kind: 'generated'; build: () => KubernetesObject; shape: string };
