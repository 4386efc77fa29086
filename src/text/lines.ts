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
