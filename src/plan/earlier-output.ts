// A kpt re-render's plan: the function's earlier output in the package compared with what this
// run renders, by the same rules as `plan`. Only the Shards (and namespaces) that have earlier
// output are compared: a first render plans nothing. An earlier object whose text is exactly what
// this run writes for it is unchanged without being read, so a re-render of an unchanged package
// parses none of its earlier output. Pure: items and builders in, a Plan out.
import type { KubernetesObject } from '../expand/object.js';
import { toPlainData } from '../expand/object.js';
import { written } from '../text/byte-sink.js';
import type { InputItem } from '../text/item.js';
import { withNewline } from '../text/lines.js';
import { parseItem } from '../text/parse.js';
import { Templates } from '../text/template.js';
import type { KubeRules } from './kube-rules.js';
import { planChanges, type Plan, type PlainObject } from './plan.js';

/** An object this run renders: its Shard's marker, and how to build and write it. */
export interface RenderedNow {
  marker: string;
  build: () => KubernetesObject;
  shape: string;
}

export interface EarlierItem {
  item: InputItem;
  marker: string;
  /** `kind/namespace/name` */
  key: string;
}

export interface ComparedWithEarlier {
  plan: Plan;
  /** Keys whose earlier text is exactly what this run writes: that text can go out as it is. */
  unchanged: Set<string>;
  earlierItems: Map<string, InputItem>;
  /** The earlier objects that were read, for the files they are in. */
  read: Array<EarlierItem & { value: PlainObject }>;
}

export function compareWithEarlier(earlier: readonly EarlierItem[], now: ReadonlyMap<string, RenderedNow>, rules: KubeRules): ComparedWithEarlier {
  const templates = new Templates();
  const before: PlainObject[] = [];
  const read: ComparedWithEarlier['read'] = [];
  const markers = new Set<string>();
  const unchanged = new Set<string>();
  const earlierItems = new Map<string, InputItem>();
  for (const e of earlier) {
    markers.add(e.marker);
    // A second copy of an object already matched is dropped like the first, nothing more to say.
    if (unchanged.has(e.key)) continue;
    const current = now.get(e.key);
    if (current && e.item.form === 'entry') {
      const text = written((sink) => templates.writeEntry(sink, current.build(), e.item.indent, current.shape));
      if (text === withNewline(e.item.text)) {
        unchanged.add(e.key);
        earlierItems.set(e.key, e.item);
        continue;
      }
    }
    const parsed = parseItem(e.item);
    if ('error' in parsed) continue;
    before.push(parsed.value);
    read.push({ ...e, value: parsed.value });
  }
  const after: PlainObject[] = [];
  for (const [key, g] of now) if (!unchanged.has(key) && markers.has(g.marker)) after.push(toPlainData(g.build()) as PlainObject);
  return { plan: planChanges(before, after, { rules }), unchanged, earlierItems, read };
}
