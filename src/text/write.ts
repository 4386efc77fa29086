// The one way out: the output in the form the input came in. A ResourceList keeps every byte of
// its frame (top-level keys, comments) and of each item the function did not change, with the
// generated objects as entries at the items' column and the results appended. A stream keeps every
// document and comment as it was, the generated objects as further documents. Nothing is held
// whole: pieces are written into a ByteSink as they come.
import type { Result } from '../krm/results.js';
import type { ByteSink } from './byte-sink.js';
import type { InputItem } from './item.js';
import { withNewline } from './lines.js';
import type { Input } from './read.js';
import { Templates } from './template.js';

/** A piece of output: text as it is, or a writer of generated YAML. */
export type Piece = string | ((sink: ByteSink) => void);

/** What goes out in an item's place: an input item's text, or an object the function generated. */
export type OutputEntry = { item: InputItem } | { build: () => unknown; shape: string };

/** Writes pieces into a sink, in order. */
export function writePieces(sink: ByteSink, pieces: Iterable<Piece>): void {
  for (const piece of pieces) {
    if (typeof piece === 'string') sink.write(piece);
    else piece(sink);
  }
}


/** The output for `input`, with `entries` in its items' place. */
export function writeOutput(input: Input, entries: Iterable<OutputEntry>, results: readonly Result[]): Iterable<Piece> {
  return input.form === 'list' ? writeList(input, entries, results) : writeStream(input, entries);
}

function* writeList(input: Extract<Input, { form: 'list' }>, entries: Iterable<OutputEntry>, results: readonly Result[]): Iterable<Piece> {
  const { text, scan } = input;
  const templates = new Templates();
  for (const [i, entry] of scan.entries.entries()) {
    if (entry.key === 'results') continue;
    if (i !== scan.itemsEntry) {
      yield withNewline(text.slice(entry.start, entry.end));
      continue;
    }
    let any = false;
    for (const out of entries) {
      if (!any) yield scan.emptyForm ? 'items:\n' : withNewline(text.slice(entry.start, scan.itemsHeaderEnd));
      any = true;
      if ('item' in out) yield withNewline(out.item.text);
      else yield (sink) => templates.writeEntry(sink, out.build(), scan.indent, out.shape);
    }
    if (!any) yield 'items: []\n';
    yield withNewline(text.slice(scan.itemsBodyEnd, entry.end));
  }
  if (results.length > 0) {
    yield (sink) => {
      sink.write('results:\n');
      const resultTemplates = new Templates();
      for (const r of results) resultTemplates.writeEntry(sink, r, 0, r.severity);
    };
  }
}

function* writeStream(input: Extract<Input, { form: 'stream' }>, entries: Iterable<OutputEntry>): Iterable<Piece> {
  const templates = new Templates();
  // A document may end without a newline (the last one of a file); one is added only when
  // something follows it.
  let open = false;
  const after = (s: string): string => (open ? `\n${s}` : s);
  for (const out of entries) {
    if ('item' in out) {
      const { text, prefix, marked } = out.item;
      const piece = `${open ? '\n' : ''}${prefix ?? ''}${marked ? '' : '---\n'}${text}`;
      open = !text.endsWith('\n');
      yield piece;
    } else {
      if (open) yield '\n';
      open = false;
      yield '---\n';
      yield (sink) => templates.writeDocument(sink, out.build(), out.shape);
    }
  }
  if (input.trailer) yield after(input.trailer);
}
