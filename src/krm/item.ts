// An input item as source text, and the two textual forms it moves between: an entry of the
// ResourceList's `items` sequence (`- apiVersion: ...` at some indent) and a standalone YAML
// document. Items the function does not own are only ever copied, never parsed.

export interface InputItem {
  /** The item's source text, leading comments included, ending with a newline. */
  text: string;
  /** `entry`: a block-sequence entry whose dash is at `indent`; `document`: a document at column 0. */
  form: 'entry' | 'document';
  indent: number;
  /** Where the item came from when that is not in its annotations (render mode). */
  origin?: { path: string; index: number };
}

const leadingSpaces = (line: string): number => {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 32) n++;
  return n;
};

/** An entry's text as a document: the dash and the entry's indentation removed from every line. */
export function entryToDocument(text: string, indent: number): string {
  const lines = text.split('\n');
  const dashLine = lines.findIndex((l) => {
    const n = leadingSpaces(l);
    return n === indent && l[n] === '-' && (l.length === n + 1 || l[n + 1] === ' ');
  });
  if (dashLine === -1) return text;
  const dash = lines[dashLine]!;
  const afterDash = dash.slice(indent + 1);
  const inline = afterDash.trim() !== '' && !afterDash.trimStart().startsWith('#');
  // Content indentation: where the node starts on the dash line, else the first content line.
  let strip = indent + 2;
  if (inline) strip = indent + 1 + leadingSpaces(afterDash);
  else {
    const next = lines.slice(dashLine + 1).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (next !== undefined) strip = leadingSpaces(next);
  }
  const out = lines.map((line, i) => {
    if (i === dashLine) return afterDash.trimStart();
    return line.slice(Math.min(strip, leadingSpaces(line)));
  });
  return out.join('\n');
}

/** A document's text as a sequence entry at `indent` spaces. */
export function documentToEntry(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n');
  const out: string[] = [];
  let dashed = false;
  for (const line of lines) {
    if (!dashed && line.trim() !== '' && !line.startsWith('#')) {
      out.push(`${pad}- ${line}`);
      dashed = true;
    } else if (line === '') out.push('');
    else out.push(`${pad}  ${line}`);
  }
  if (!dashed) out.push(`${pad}- {}`);
  return `${out.join('\n')}\n`;
}

/** The item's text in the requested form. */
export function itemText(item: InputItem, form: 'entry' | 'document', indent: number): string {
  if (item.form === form && (form === 'document' || item.indent === indent)) return item.text;
  const doc = item.form === 'document' ? item.text : entryToDocument(item.text, item.indent);
  return form === 'document' ? doc : documentToEntry(doc, indent);
}
