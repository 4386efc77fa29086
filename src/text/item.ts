// An input item as source text: an entry of a ResourceList's `items` sequence (`- apiVersion: ...`
// with its dash at some column) or a document of a stream or file. Items the function does not
// own are only ever copied, never parsed; an item keeps its form from input to output. An item
// read from the input holds its bytes, and its text is decoded only when something asks for it:
// an item that is only copied is never decoded, and its bytes go out as they came.
import { decode, lineBreakOfBytes } from './bytes.js';
import { lineBreakOf } from './lines.js';

/** What an item is, as its own top-level apiVersion and kind say (text/read.ts itemHead). */
export interface ItemHead {
  apiVersion?: string | null;
  kind?: string | null;
}

export interface InputItem {
  /** The item's exact source text, leading comments included. */
  text: string;
  /** `entry`: a block-sequence entry whose dash is at `indent`; `document`: a document at column 0. */
  form: 'entry' | 'document';
  indent: number;
  /** A document's text starts with its own `---` line or directives (else `---` is written before it). */
  marked?: boolean;
  /**
   * The comment-only documents before this one (a Helm `# Source:` stub, notes between `---`
   * lines), as their exact text: written before the item, wherever it goes, even when the item
   * itself is left out of the output.
   */
  prefix?: string;
  /** A byte-order mark came right before the document's text (kept in a stream, not in `text`). */
  bom?: boolean;
  /** Where the item came from when that is not in its annotations (render mode): file, document index, first line. */
  origin?: { path: string; index: number; line?: number };
}

/**
 * An item read from input: its text is its bytes (valid UTF-8), decoded on first use. A copy
 * (`{ ...item, text }`) is a plain item holding its own text; copy an item with `withFields`,
 * which keeps the bytes when the text stays as it was.
 */
class BytesItem implements InputItem {
  #text: string | undefined;
  /** Its head, once read (text/read.ts itemHead; null: not sure). */
  head: ItemHead | null | undefined = undefined;
  marked?: boolean;
  prefix?: string;
  bom?: boolean;
  origin?: InputItem['origin'];

  constructor(
    readonly bytes: Buffer,
    readonly form: InputItem['form'],
    readonly indent: number,
  ) {}

  get text(): string {
    return (this.#text ??= decode(this.bytes));
  }
}

/** An item whose text is `bytes` (valid UTF-8), decoded only when something asks for it. */
export function bytesItem(bytes: Buffer, fields: Omit<InputItem, 'text'>): InputItem {
  const item = new BytesItem(bytes, fields.form, fields.indent);
  if (fields.marked !== undefined) item.marked = fields.marked;
  if (fields.prefix !== undefined) item.prefix = fields.prefix;
  if (fields.bom !== undefined) item.bom = fields.bom;
  if (fields.origin !== undefined) item.origin = fields.origin;
  return item;
}

/** A copy of an item with other fields (its text unchanged: an item read from bytes stays one). */
export function withFields(item: InputItem, fields: Partial<Omit<InputItem, 'text'>>): InputItem {
  if (item instanceof BytesItem) return bytesItem(item.bytes, { ...itemFields(item), ...fields });
  return { ...item, ...fields };
}

const itemFields = (item: BytesItem): Omit<InputItem, 'text'> => ({
  form: item.form,
  indent: item.indent,
  ...(item.marked !== undefined ? { marked: item.marked } : {}),
  ...(item.prefix !== undefined ? { prefix: item.prefix } : {}),
  ...(item.bom !== undefined ? { bom: item.bom } : {}),
  ...(item.origin !== undefined ? { origin: item.origin } : {}),
});

/** An item's head as itemHead read it from its bytes: undefined when not read yet (or not read from bytes). */
export const keptHead = (item: InputItem): ItemHead | null | undefined => (item instanceof BytesItem ? item.head : undefined);
/** Keeps the head itemHead read from an item's bytes on the item. */
export function keepHead(item: InputItem, head: ItemHead | null): void {
  if (item instanceof BytesItem) item.head = head;
}

/** The bytes an item was read from, when its text is exactly those bytes. */
export const itemBytes = (item: InputItem): Buffer | undefined => (item instanceof BytesItem ? item.bytes : undefined);

/** Whether the item's text holds `needle`, found in its bytes when it has them (nothing is decoded). */
export function itemIncludes(item: InputItem, needle: string): boolean {
  if (!(item instanceof BytesItem)) return item.text.includes(needle);
  let bytes = needles.get(needle);
  if (bytes === undefined) needles.set(needle, (bytes = Buffer.from(needle)));
  return item.bytes.indexOf(bytes) !== -1;
}

/** Needles as bytes, made once: a string needle is encoded again on every search. */
const needles = new Map<string, Buffer>();

/** The line break an item's text uses (its first one: CRLF or LF), `fallback` when it has none. */
export function itemLineBreak(item: InputItem, fallback = '\n'): string {
  return item instanceof BytesItem ? lineBreakOfBytes(item.bytes, fallback) : lineBreakOf(item.text, fallback);
}
