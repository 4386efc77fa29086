// A ResourceList the line scanner cannot vouch for (written as JSON or in flow style, with quoted
// or unusual top-level keys, several documents...) is rewritten into the block layout the
// scanner reads, from the yaml library's concrete syntax tree (CST), which gives every token with
// its exact source offset and builds no values. Only the list's own frame is rewritten: each
// entry of `items` and each other top-level value keeps its source text, with continuation lines
// indented two more spaces where it moves into a block sequence (indentation inside a flow
// collection carries no meaning, so its value stays the same).
import type { CST as CstNamespace } from 'yaml';
import { lineStart } from './lines.js';
import { yamlLib } from './yaml-lib.js';

type Token = CstNamespace.Token;
type SourceToken = CstNamespace.SourceToken;
type CollectionItem = CstNamespace.CollectionItem;

/** Problems that make the text not a ResourceList at all; the caller turns them into errors. */
export class FrameError extends Error {
  override name = 'FrameError';
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;

/** `source` with every line after the first indented by `pad` more (flow text stays the same value). */
function continued(source: string, pad: string): string {
  return source.replace(/\n(?=[^\n])/g, `\n${pad}`);
}

/** The source of a collection item's value with its properties (anchor, tag) in front. */
function valueWithProps(start: readonly SourceToken[], value: Token | undefined, stringify: (t: Token) => string): string {
  const props = start.filter((t) => t.type === 'anchor' || t.type === 'tag').map((t) => t.source);
  const body = value ? stringify(value).replace(/\s+$/, '') : '';
  return [...props, body].filter((s) => s !== '').join(' ');
}

/** Comments that stand before an item in a flow collection, each as a line. */
const commentLines = (tokens: readonly SourceToken[]): string =>
  tokens
    .filter((t) => t.type === 'comment')
    .map((t) => `${t.source}\n`)
    .join('');

type RootMap = CstNamespace.BlockMap | CstNamespace.FlowCollection;

const hasValue = (d: CstNamespace.Document): boolean => d.value !== undefined && !(d.value.type === 'scalar' && d.value.source === '');

/** The root mapping of the first document with content, reading no further than that document. */
function firstRoot(text: string): RootMap | undefined {
  const { Parser } = yamlLib();
  for (const token of new Parser().parse(text)) {
    if (token.type === 'error') throw new FrameError(`the input is not valid YAML: ${token.message}`);
    if (token.type !== 'document' || !hasValue(token)) continue;
    const root = token.value!;
    return root.type === 'block-map' || (root.type === 'flow-collection' && root.start.source === '{') ? root : undefined;
  }
  return undefined;
}

const scalarKeyOf = (item: CollectionItem): string | undefined => (item.key ? yamlLib().CST.resolveAsScalar(item.key)?.value : undefined);

/** The `kind` of the first document's root mapping, when it is written as a plain or quoted scalar. */
export function rootKind(text: string): string | undefined {
  let root: RootMap | undefined;
  try {
    root = firstRoot(text);
  } catch {
    return undefined;
  }
  const kind = root?.items.find((i) => scalarKeyOf(i) === 'kind');
  return kind?.value ? yamlLib().CST.resolveAsScalar(kind.value)?.value : undefined;
}

/** Whether the first document with content is a mapping, as far as the CST tells. */
export function isMappingDocument(text: string): boolean {
  try {
    return firstRoot(text) !== undefined;
  } catch {
    return false;
  }
}

/** What a value token is, for messages. */
function describe(value: Token | undefined): string {
  if (!value || (value.type === 'scalar' && value.source === '')) return 'nothing';
  if (value.type === 'block-map' || (value.type === 'flow-collection' && value.start.source === '{')) return 'a mapping';
  return 'a scalar';
}

/**
 * The ResourceList's text in the scanner's block layout. Throws FrameError when the text is not a
 * ResourceList whose items are a list (the frame itself is wrong: no item can be copied safely).
 */
export function toBlockLayout(text: string): string {
  const { CST } = yamlLib();
  const stringify = (t: Token | CollectionItem) => CST.stringify(t);
  const root = firstRoot(text);
  if (!root) throw new FrameError('the input is not a ResourceList: its first document is not a mapping');
  const keys = root.items.map(scalarKeyOf);
  const twice = keys.find((k, i) => k !== undefined && keys.indexOf(k) !== i);
  if (twice !== undefined) throw new FrameError(`the ResourceList has the top-level key ${JSON.stringify(twice)} twice; YAML readers would keep one of them silently`);
  const items = root.items.find((i) => scalarKeyOf(i) === 'items');
  if (!items) throw new FrameError('ResourceList items must be a list, got nothing: expected `items:` with the objects (`items: []` when there are none)');
  const itemsValue = items.value;
  const isNull = !itemsValue || (itemsValue.type === 'scalar' && /^(|~|null|Null|NULL)$/.test(itemsValue.source));
  if (!isNull && itemsValue.type !== 'block-seq' && !(itemsValue.type === 'flow-collection' && itemsValue.start.source === '[')) {
    throw new FrameError(`ResourceList items must be a list, got ${describe(itemsValue)}`);
  }
  let out = '';
  for (const item of root.items) {
    const key = scalarKeyOf(item);
    if (key === undefined) throw new FrameError('a top-level key of the ResourceList is not a plain string');
    const keyText = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
    out += commentLines(item.start);
    const value = item.value;
    const sepProps = (item.sep ?? []).filter((t) => t.type === 'anchor' || t.type === 'tag');
    if (key === 'items') {
      if (sepProps.length > 0) throw new FrameError('the ResourceList items carry an anchor or a tag; write them as a plain list');
      const seq = value as CstNamespace.BlockSequence | CstNamespace.FlowCollection | undefined;
      if (!seq || !('items' in seq) || seq.items.length === 0) {
        out += 'items: []\n';
        continue;
      }
      out += 'items:\n';
      if (seq.type === 'block-seq') {
        // Block entries keep their text; only the first line's indentation is restored.
        const first = seq.items[0]!.start.find((t) => t.type === 'seq-item-ind' || t.type === 'comment');
        const from = first ? lineStart(text, first.offset) : seq.offset;
        let body = text.slice(from, seq.offset + stringify(seq).length);
        body = body.replace(/[ \t]+$/, '');
        out += body.endsWith('\n') ? body : `${body}\n`;
      } else {
        for (const entry of seq.items) {
          out += commentLines(entry.start);
          if (entry.key !== undefined || entry.sep !== undefined) throw new FrameError('an entry of the ResourceList items is a key/value pair, not an object');
          out += `- ${continued(valueWithProps(entry.start, entry.value, stringify), '  ')}\n`;
        }
      }
      continue;
    }
    const valueText = valueWithProps(item.sep ?? [], value, stringify);
    if (value && (value.type === 'block-map' || value.type === 'block-seq' || value.type === 'block-scalar')) {
      // A block value keeps its own lines, which start after the key's line.
      const sepText = (item.sep ?? []).map((t) => t.source).join('');
      out += `${keyText}:${sepText.replace(/^:/, '')}${stringify(value)}`;
      if (!out.endsWith('\n')) out += '\n';
    } else {
      out += `${keyText}: ${continued(valueText, '  ')}\n`;
    }
  }
  return out;
}
