// An input item as source text: an entry of a ResourceList's `items` sequence (`- apiVersion: ...`
// with its dash at some column) or a document of a stream or file. Items the function does not
// own are only ever copied, never parsed; an item keeps its form from input to output.

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
