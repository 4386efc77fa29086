// Offsets and lines in source text, shared by the code that cuts, edits and writes it.

/** `s` ending with a newline (an empty text stays empty). */
export const withNewline = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** Offset of the start of the line holding `offset`. */
export const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

/** Column of `offset` in its line. */
export const columnOf = (text: string, offset: number): number => offset - lineStart(text, offset);

/** Offset just after the line holding `offset` (its newline included), or `offset` at a line start. */
export function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The line break a text uses (its first one: CRLF or LF), `fallback` when it has none. */
export function lineBreakOf(text: string, fallback = '\n'): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? fallback : nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}
