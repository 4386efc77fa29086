// Splitting a YAML stream (a file, or a plain stream on stdin) into its documents, each as its
// exact source text. The split is by lines: the YAML spec forbids a `---` or `...` line at column
// 0 inside a document's content (it ends the document wherever it stands), and a `%` line at
// column 0 can only be a directive, so no parse is needed and nothing is lost: the documents'
// texts joined in order are the input, byte for byte. A byte-order mark at the start of a line
// (YAML 1.2 allows one before each document) is read past: it stays in the text of the document
// whose line it starts.

export interface SourceDocument {
  /**
   * The document's text: its directives and `---` line when it has them, its content, and its
   * `...` line when it has one. Comment and blank lines before a `---` belong to the document
   * before it; those before the first document form a document of their own (without content).
   */
  text: string;
  /** Offset of the text in the stream, and the 1-based line it starts on. */
  offset: number;
  line: number;
  /** Whether the text holds anything besides markers, directives, comments and blank lines. */
  hasContent: boolean;
  /** Whether the text starts with its own `---` line or directives. */
  marked: boolean;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;
const BOM = 0xfeff;
/** A line that may be a marker: it starts with `-`, `.` or a byte-order mark. */
const MARKER_LINE = /\n[-.\ufeff]/g;

/** Where a line's text starts after a byte-order mark, if it has one. */
const afterBom = (text: string, ls: number): number => (text.charCodeAt(ls) === BOM ? ls + 1 : ls);

/** Whether a text holds a comment: on a line of its own, or after a `---` or `...` marker. */
export const holdsComment = (text: string): boolean => /^\ufeff?(?:(?:---|\.\.\.)[ \t]+)?[ \t]*#/m.test(text);

/** Whether a line holds only a comment, or nothing. */
const isEmptyLine = (text: string, start: number, end: number): boolean => {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 10)) i++;
  return i === end || text.charCodeAt(i) === 35;
};

/** The documents of a stream, in order; empty input gives none. */
export function splitDocuments(text: string): SourceDocument[] {
  const docs: SourceDocument[] = [];
  let start = 0;
  let startLine = 1;
  let hasContent = false;
  /** A `...` line was seen: what follows until the next `---` is a new document's prefix. */
  let ended = false;
  /** The current document has reached its `---` line (or content, which opens it implicitly). */
  let open = false;
  const close = (at: number, line: number) => {
    if (at > start) docs.push({ text: text.slice(start, at), offset: start, line: startLine, hasContent, marked: isMarked(text, start, at) });
    start = at;
    startLine = line;
    hasContent = false;
    ended = false;
    open = false;
  };
  let ls = 0;
  let line = 1;
  const n = text.length;
  while (ls < n) {
    if (open && hasContent && !ended) {
      // Inside a document's content only a `---` or `...` line changes anything: go to the next
      // line that can be one, counting lines on the way.
      const c0 = text.charCodeAt(ls);
      if (c0 !== 45 && c0 !== 46 && c0 !== BOM) {
        MARKER_LINE.lastIndex = ls;
        const m = MARKER_LINE.exec(text);
        const next = m ? m.index + 1 : n;
        for (let p = text.indexOf('\n', ls); p !== -1 && p < next; p = text.indexOf('\n', p + 1)) line++;
        ls = next;
        continue;
      }
    }
    let le = text.indexOf('\n', ls);
    le = le === -1 ? n : le + 1;
    const cs = afterBom(text, ls);
    const c = text.charCodeAt(cs);
    const marker = (c === 45 || c === 46) && MARKER.test(text.slice(cs, Math.min(cs + 4, le))) ? c : 0;
    if (marker === 45) {
      // `---`: a new document starts here, unless only directives and comments came before it.
      if (open || hasContent || ended) close(ls, line);
      open = true;
      if (!isEmptyLine(text, cs + 3, le)) hasContent = true; // `--- value`, `--- &anchor`, `--- !!map`
    } else if (marker === 46) {
      // `...`: the document ends with this line; what follows is the next one's prefix.
      close(le, line + 1);
      ended = true;
    } else if (c === 37 /* % */ && !open && !hasContent) {
      // A directive, the prefix of the next document; comments after a `...` stay on their own.
      if (ended) close(ls, line);
    } else if (!isEmptyLine(text, cs, le)) {
      if (ended) close(ls, line);
      hasContent = true;
      open = true;
    }
    ls = le;
    line++;
  }
  close(n, line);
  return docs;
}

function isMarked(text: string, start: number, end: number): boolean {
  let ls = start;
  while (ls < end) {
    const cs = afterBom(text, ls);
    const c = text.charCodeAt(cs);
    if (c === 37) return true;
    if (c === 45 && MARKER.test(text.slice(cs, cs + 4))) return true;
    if (c === 46 && MARKER.test(text.slice(cs, cs + 4))) return false;
    let le = text.indexOf('\n', ls);
    le = le === -1 ? end : le + 1;
    if (!isEmptyLine(text, cs, le)) return false;
    ls = le;
  }
  return false;
}
