// Splitting a YAML stream (a file, or a plain stream on stdin) into its documents, each as its
// exact source text. The split is by lines: the YAML spec forbids a `---` or `...` line at column
// 0 inside a document's content (it ends the document wherever it stands), and a `%` line at
// column 0 can only be a directive, so no parse is needed and nothing is lost: the documents'
// texts joined in order are the input, byte for byte. A byte-order mark at the start of a line
// (YAML 1.2 allows one before each document) is read past: it stays in the text of the document
// whose line it starts. The split is done on the bytes (documentSpans); only the caller decodes.
import { bomAt, BOM_LENGTH, decode, toBytes } from './bytes.js';
import { docContentKernel, docRunKernel, lineFeedsKernel, markerLineKernel } from './line-scan.js';

export interface SourceDocument {
  /**
   * The document's text: its directives and `---` line when it has them, its content, and its
   * `...` line when it has one. Comment and blank lines before a `---` belong to the document
   * before it; those before the first document form a document of their own (without content).
   */
  text: string;
  /** The 1-based line it starts on. */
  line: number;
  /** Whether the text holds anything besides markers, directives, comments and blank lines. */
  hasContent: boolean;
  /** Whether the text starts with its own `---` line or directives. */
  marked: boolean;
}

/** A document of a stream as bytes `start` to `end` of it; otherwise as SourceDocument. */
export interface DocumentSpan {
  start: number;
  end: number;
  /** The 1-based line it starts on (counted only when asked for: else 0). */
  line: number;
  hasContent: boolean;
  marked: boolean;
}

/** Whether a text holds a comment: on a line of its own, or after a `---` or `...` marker. */
export const holdsComment = (text: string): boolean => /^\ufeff?(?:(?:---|\.\.\.)[ \t]+)?[ \t]*#/m.test(text);

/** The documents of a stream, in order, as text; empty input gives none. */
export function splitDocuments(text: string): SourceDocument[] {
  const bytes = toBytes(text);
  return documentSpans(bytes, true).map(({ start, end, line, hasContent, marked }) => ({ text: decode(bytes, start, end), line, hasContent, marked }));
}

/** How many line feeds `b` holds from `from` to `to`. */
function lineFeeds(b: Buffer, from: number, to: number): number {
  let count = 0;
  for (let p = b.indexOf(10, from); p !== -1 && p < to; p = b.indexOf(10, p + 1)) count++;
  return count;
}

/** Where a line's text starts after a byte-order mark, if it has one. */
const afterBom = (b: Buffer, ls: number): number => (bomAt(b, ls) ? ls + BOM_LENGTH : ls);

/** `---` or `...` (the byte `c` three times) at `cs`, then the line's end or a space, a tab, CR or LF. */
function markerAt(b: Buffer, cs: number, le: number, c: number): boolean {
  if (b[cs] !== c || b[cs + 1] !== c || b[cs + 2] !== c) return false;
  if (cs + 3 >= le) return cs + 3 <= le;
  const after = b[cs + 3];
  return after === 32 || after === 9 || after === 13 || after === 10;
}

/** Whether bytes `start` to `end` hold only spaces, tabs, line breaks and maybe a comment. */
const isEmptyLine = (b: Buffer, start: number, end: number): boolean => {
  let i = start;
  while (i < end && (b[i] === 32 || b[i] === 9 || b[i] === 13 || b[i] === 10)) i++;
  return i === end || b[i] === 35;
};

// What starts a line that can be a marker: `---`, `...`, or a byte-order mark (before one).
const DASHES = Buffer.from('---');
const DOTS = Buffer.from('...');
const BOM = Buffer.from('\xef\xbb\xbf', 'latin1');

/**
 * The line break before the first line after `from` that starts with `needle`, or -1. The needle
 * is searched for without the line break: a search for a line break first stops at every line,
 * one for `---` only where dashes are; a hit inside a line moves the search to the next line.
 */
export function lineStartingWith(b: Buffer, needle: Buffer, from: number): number {
  for (let at = b.indexOf(needle, from); at !== -1; at = b.indexOf(needle, from)) {
    if (at > from && b[at - 1] === 10) return at - 1;
    const le = b.indexOf(10, at);
    if (le === -1) return -1;
    from = le;
  }
  return -1;
}

/**
 * The documents of a stream as spans of its bytes, in order; empty input gives none. Lines are
 * counted when `countLines` (a pass over the line feeds between markers, which a stream read
 * only for its documents does not need).
 */
export function documentSpans(b: Buffer, countLines: boolean): DocumentSpan[] {
  const docs: DocumentSpan[] = [];
  let start = 0;
  let startLine = 1;
  let hasContent = false;
  /** A `...` line was seen: what follows until the next `---` is a new document's prefix. */
  let ended = false;
  /** The current document has reached its `---` line (or content, which opens it implicitly). */
  let open = false;
  /**
   * The current document's first line that is not blank or a comment is a `---` or a directive
   * (true), or `...` or content (false); undefined until that line.
   */
  let marked: boolean | undefined;
  const close = (at: number, line: number) => {
    if (at > start) docs.push({ start, end: at, line: countLines ? startLine : 0, hasContent, marked: marked ?? false });
    marked = undefined;
    start = at;
    startLine = line;
    hasContent = false;
    ended = false;
    open = false;
  };
  // The next line that starts with `---`, `...` or a byte-order mark, each searched for again only
  // once passed, so a stream is searched once whatever its documents.
  const next = [-2, -2, -2];
  const needles = [DASHES, DOTS, BOM];
  const nextMarkerLine = (from: number): number => {
    const kernel = markerLineKernel(b, from);
    if (kernel !== undefined) return kernel >= b.length ? b.length : kernel - 1;
    let best = b.length;
    for (let k = 0; k < 3; k++) {
      if (next[k] !== -1 && next[k]! < from) next[k] = lineStartingWith(b, needles[k]!, from);
      if (next[k] !== -1 && next[k]! < best) best = next[k]!;
    }
    return best;
  };
  let ls = 0;
  let line = 1;
  const n = b.length;
  while (ls < n) {
    if (open && hasContent && !ended) {
      // Inside a document's content only a `---` or `...` line changes anything: go to the next
      // line that can be one, counting lines on the way.
      const c0 = b[ls];
      if (c0 !== 45 && c0 !== 46 && !bomAt(b, ls)) {
        const m = nextMarkerLine(ls);
        const to = m >= n ? n : m + 1;
        if (countLines) line += lineFeedsKernel(b, ls, to) ?? lineFeeds(b, ls, to);
        ls = to;
        continue;
      }
    }
    let le = b.indexOf(10, ls);
    le = le === -1 ? n : le + 1;
    const cs = afterBom(b, ls);
    const c = b[cs];
    const marker = (c === 45 || c === 46) && markerAt(b, cs, le, c) ? c : 0;
    if (marker === 45) {
      // `---`: a new document starts here, unless only directives and comments came before it.
      if (open || hasContent || ended) close(ls, line);
      marked ??= true;
      open = true;
      if (!isEmptyLine(b, cs + 3, le)) hasContent = true; // `--- value`, `--- &anchor`, `--- !!map`
      else if (le < n) {
        // Lines not counted: this document and those after it, while each has content and ends
        // at another bare `---` line, in one call of the kernel (when the bytes are in its memory).
        const run = countLines ? undefined : docRunKernel(b, ls);
        if (run !== undefined) {
          for (const end of run.ends) {
            docs.push({ start, end, line: 0, hasContent: true, marked: true });
            start = end;
          }
          hasContent = run.content;
          ls = run.at;
          continue;
        }
        // The lines after it, in the kernel when the bytes are in its memory: blank and comment
        // lines are passed over; content makes the document one with content, and the search
        // goes on to the next line that may be a marker.
        const found = docContentKernel(b, le);
        if (found !== undefined) {
          if (found.content) hasContent = true;
          line++;
          if (countLines) line += lineFeedsKernel(b, le, found.at) ?? lineFeeds(b, le, found.at);
          ls = found.at;
          continue;
        }
      }
    } else if (marker === 46) {
      // `...`: the document ends with this line; what follows is the next one's prefix.
      marked ??= false;
      close(le, line + 1);
      ended = true;
    } else if (c === 37 /* % */ && !open && !hasContent) {
      // A directive, the prefix of the next document; comments after a `...` stay on their own.
      if (ended) close(ls, line);
      marked ??= true;
    } else if (!isEmptyLine(b, cs, le)) {
      if (ended) close(ls, line);
      marked ??= false;
      hasContent = true;
      open = true;
    }
    ls = le;
    line++;
  }
  close(n, line);
  return docs;
}

