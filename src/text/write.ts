// The one way out: the output in the form the input came in. A ResourceList keeps every byte of
// its frame (top-level keys, comments) and of each item the function did not change, with the
// generated objects as entries at the items' column and the results appended. A stream keeps every
// document and comment as it was, the generated objects as further documents. `render`'s files
// become one `---` stream (writeManifests). Nothing is held whole: pieces are written into a
// ByteSink as they come.
import { written, type ByteSink } from './byte-sink.js';
import { withLineBreakBytes } from './bytes.js';
import { lineStartingWith } from './documents.js';
import { itemBytes, itemIncludes, itemLineBreak, withFields, type InputItem } from './item.js';
import { lineBreakOf, withNewline } from './lines.js';
import type { Input } from './read.js';
import { Templates } from './template.js';

/**
 * What goes out in an item's place: an input item (`original` is the input item it is a changed
 * copy of; `drop` leaves its text out, only its comment-only prefix is written), or an object the
 * function generated.
 */
export type OutputEntry = { item: InputItem; original?: InputItem; drop?: boolean } | { build: () => unknown; shape: string };

/** What the writer needs of a result: results are written as they are, as data. */
interface ResultData {
  severity: string;
}

/**
 * Writes the output for `input` into `sink`, with `entries` in its items' place. The writers write
 * piece after piece themselves: a generator's yield per item cost more than the item's write, in
 * code that runs once per run.
 */
export function writeOutput(sink: ByteSink, input: Input, entries: Iterable<OutputEntry>, results: readonly ResultData[]): void {
  if (input.form === 'list') writeList(sink, input, entries, results);
  else writeStream(sink, input, entries);
}

/** An item's text as it goes out, ending with a line break: its bytes when it was read from them. */
function writeItem(sink: ByteSink, item: InputItem): void {
  const bytes = itemBytes(item);
  if (bytes) sink.bytes(bytes);
  else sink.write(withNewline(item.text));
}

function writeList(sink: ByteSink, input: Extract<Input, { form: 'list' }>, entries: Iterable<OutputEntry>, results: readonly ResultData[]): void {
  const { bytes, scan } = input;
  const templates = new Templates();
  const span = (start: number, end: number) => sink.bytes(withLineBreakBytes(bytes.subarray(start, end)));
  for (const [i, entry] of scan.entries.entries()) {
    if (entry.key === 'results') continue;
    if (i !== scan.itemsEntry) {
      span(entry.start, entry.end);
      continue;
    }
    let any = false;
    for (const out of entries) {
      if (!any) {
        if (scan.emptyForm) sink.write('items:\n');
        else span(entry.start, scan.itemsHeaderEnd);
      }
      any = true;
      if ('item' in out) writeItem(sink, out.item);
      else templates.writeEntry(sink, out.build(), scan.indent, out.shape);
    }
    if (!any) sink.write('items: []\n');
    span(scan.itemsBodyEnd, entry.end);
  }
  if (results.length > 0) {
    sink.write('results:\n');
    const resultTemplates = new Templates();
    for (const r of results) resultTemplates.writeEntry(sink, r, 0, r.severity);
  }
}

/**
 * The entries with the prefix (comment-only documents) and byte-order mark of every input item
 * that is not among them moved onto the next item that is, or into the trailer: what was written
 * between documents stays where it was when the document after it leaves the output (the
 * function's earlier output, which this run's replaces; a functionConfig in render mode).
 */
function carryPrefixes(items: readonly InputItem[], entries: Iterable<OutputEntry>, trailer: string): { entries: OutputEntry[]; trailer: string } {
  const out: OutputEntry[] = [];
  let next = 0;
  let carried = '';
  const carry = (item: InputItem) => {
    carried += `${item.prefix ?? ''}${item.bom ? BOM : ''}`;
  };
  for (const entry of entries) {
    if ('item' in entry) {
      const item = entry.original ?? entry.item;
      const at = items[next] === item ? next : items.indexOf(item, next);
      if (at !== -1) {
        for (let i = next; i < at; i++) carry(items[i]!);
        next = at + 1;
      }
      if (carried !== '') {
        out.push({ ...entry, item: withFields(entry.item, { prefix: `${carried}${entry.item.prefix ?? ''}` }) });
        carried = '';
        continue;
      }
    }
    out.push(entry);
  }
  for (let i = next; i < items.length; i++) carry(items[i]!);
  return { entries: out, trailer: `${carried}${trailer}` };
}

const BOM = '\ufeff';

/** A generated document's text with the line breaks of the document it follows (YAML reads CRLF and LF alike, in scalars too). */
const inLineBreaks = (text: string, eol: string): string => (eol === '\n' ? text : text.replaceAll('\n', eol));

/**
 * A plain stream: every document, comment, marker, directive and byte-order mark as it came, the
 * generated objects as documents after their Shard. What the stream mode adds (a `---` line before
 * a document that had none, a line break after a last line that had none, the generated documents)
 * uses the line breaks of the document it belongs to or follows, so a CRLF file stays CRLF; a
 * `---` added before a document that starts with a byte-order mark goes after the mark.
 */
function writeStream(sink: ByteSink, input: Extract<Input, { form: 'stream' }>, entries: Iterable<OutputEntry>): void {
  const carried = carryPrefixes(input.items, entries, input.trailer);
  const templates = new Templates();
  const withBreak = input.items.find((i) => itemIncludes(i, '\n'));
  const streamEol = withBreak ? itemLineBreak(withBreak) : '\n';
  // A document may end without a line break (the last one of a file); one is added only when
  // something follows it.
  let open = false;
  // The line breaks of the document written last (of the latest one that has any), worked out
  // only when something is written in them: most documents are written as they came, with a
  // `---` line of their own and a line break at their end.
  let eol = streamEol;
  const since: InputItem[] = [];
  const currentEol = (): string => {
    for (let i = since.length - 1; i >= 0; i--) {
      const own = itemLineBreak(since[i]!, '');
      if (own !== '') {
        eol = own;
        break;
      }
    }
    since.length = 0;
    return eol;
  };
  const after = (s: string): string => (open ? `${currentEol()}${s}` : s);
  for (const out of carried.entries) {
    if ('item' in out) {
      const { prefix, marked, bom } = out.item;
      if (open || prefix !== undefined || bom || !marked) {
        const before = after(prefix ?? '');
        sink.write(`${before}${bom ? BOM : ''}${marked ? '' : `---${itemLineBreak(out.item, currentEol())}`}`);
      }
      const bytes = itemBytes(out.item);
      if (bytes) {
        sink.bytes(bytes);
        open = bytes.length > 0 && bytes[bytes.length - 1] !== 10;
      } else {
        sink.write(out.item.text);
        open = !out.item.text.endsWith('\n');
      }
      since.push(out.item);
    } else {
      sink.write(after(`---${currentEol()}`));
      open = false;
      writeGenerated(sink, templates, out, eol);
    }
  }
  if (carried.trailer) sink.write(after(carried.trailer));
}

/** A generated object as a document, in the line breaks `eol`. */
function writeGenerated(sink: ByteSink, templates: Templates, out: { build: () => unknown; shape: string }, eol: string): void {
  if (eol === '\n') templates.writeDocument(sink, out.build(), out.shape);
  else sink.write(inLineBreaks(written((s) => templates.writeDocument(s, out.build(), out.shape)), eol));
}

/**
 * Render mode's output: the files' documents as one `---` stream, in the form Argo CD's splitter
 * takes (apimachinery's YAML reader: a document starts at a line that begins with `---` and has
 * nothing after it but a comment). Each document starts with its own `---` line (`--- &anchor` and
 * `--- !!map` put their properties on the next line), directives are left out, and a document
 * that holds only comments stays a document of its own, in its place, even when the item after it
 * is dropped (`drop`: local configuration). Generated objects are documents after their Shard, in
 * its line breaks. No byte-order mark is written (readFiles drops them): in YAML 1.2 one may only
 * stand before a document, and a `---` behind one is not a separator to Argo CD's splitter.
 */
export function writeManifests(sink: ByteSink, items: readonly InputItem[], entries: Iterable<OutputEntry>, trailer: string): void {
  const carried = carryPrefixes(items, entries, trailer);
  const templates = new Templates();
  let eol = '\n';
  for (const out of carried.entries) {
    if ('item' in out) {
      const { prefix } = out.item;
      const bytes = itemBytes(out.item);
      eol = itemLineBreak(out.item, eol);
      if (prefix) sink.write(forSplitter(prefix, lineBreakOf(prefix, eol)));
      if (!out.drop) {
        const form = bytes && splitterForm(bytes);
        if (form === 'needs-marker') sink.write(`---${eol}`);
        if (form) sink.bytes(bytes!);
        else sink.write(forSplitter(out.item.text, eol));
      }
    } else {
      sink.write(`---${eol}`);
      writeGenerated(sink, templates, out, eol);
    }
  }
  if (carried.trailer) sink.write(forSplitter(carried.trailer, lineBreakOf(carried.trailer, eol)));
}

/**
 * What forSplitter does to a document, told from its bytes: nothing ('as-is': a plain `---` line
 * first and no other line starting with `---` or `%`), only a `---` line before it ('needs-marker':
 * no such line at all), or edits of such lines (undefined: the text is edited).
 */
function splitterForm(bytes: Buffer): 'as-is' | 'needs-marker' | undefined {
  if (bytes[0] === 37 || lineStartingWith(bytes, PERCENT, 0) !== -1 || lineStartingWith(bytes, DASHES, 0) !== -1) return undefined;
  if (bytes[0] !== 45 || bytes[1] !== 45 || bytes[2] !== 45) return 'needs-marker';
  return bytes[3] === 10 || (bytes[3] === 13 && bytes[4] === 10) ? 'as-is' : undefined;
}

const PERCENT = Buffer.from('%');
const DASHES = Buffer.from('---');

/** Documents as Argo CD's splitter takes them: no directives, a `---` line first, nothing but a comment after a `---`. */
function forSplitter(text: string, eol: string): string {
  // Both edits look at lines that start with `%` or `---`: a document's body rarely has one.
  let out = text.startsWith('%') || text.includes('\n%') ? text.replace(/^%.*\n/gm, '') : text;
  if (out.startsWith('---') || out.includes('\n---')) out = out.replace(/^---[ \t]+(?!#)(\S.*?)(\r?)$/gm, (_, rest: string, cr: string) => `---${cr}\n${rest}${cr}`);
  return out.startsWith('---') ? out : `---${eol}${out}`;
}
