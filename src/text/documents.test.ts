import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { holdsComment, splitDocuments } from './documents.js';

const texts = (s: string) => splitDocuments(s).map((d) => d.text);

describe('splitDocuments', () => {
  it('gives every byte to exactly one document, in order (property)', () => {
    const line = fc.constantFrom('---', '--- &a', '--- !!map', '--- # c', '...', '%YAML 1.2', '# note', '', 'a: 1', '  b: .', 'c: |', '  --- not a marker', '- x', '\tt', 'k: v\r');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.boolean(), (lines, newline) => {
        const text = lines.join('\n') + (newline ? '\n' : '');
        expect(texts(text).join('')).toBe(text);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('cuts where the yaml library sees documents, keeping markers, properties and directives with their document', () => {
    const text = '# head\n---\na: 1\n# about b\n--- &x\nb: 2\n...\n%YAML 1.2\n---\nc: 3\n--- !!map\nd: 4\n---\n';
    const docs = splitDocuments(text);
    expect(docs.map((d) => d.text)).toEqual(['# head\n---\na: 1\n# about b\n', '--- &x\nb: 2\n...\n', '%YAML 1.2\n---\nc: 3\n', '--- !!map\nd: 4\n', '---\n']);
    expect(docs.map((d) => d.hasContent)).toEqual([true, true, true, true, false]);
    expect(docs.map((d) => d.marked)).toEqual([true, true, true, true, true]);
    expect(docs.map((d) => d.line)).toEqual([1, 5, 8, 11, 13]);
    const values = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.filter((d) => d.hasContent).map((d) => parseAllDocuments(d.text)[0]!.toJS())).toEqual(values.slice(0, 4));
  });

  it('keeps a bare first document, a missing last newline and comment-only tails', () => {
    expect(texts('a: 1\n---\nb: 2')).toEqual(['a: 1\n', '---\nb: 2']);
    expect(splitDocuments('a: 1\n---\nb: 2')[0]!.marked).toBe(false);
    expect(texts('a: 1\n...\n# tail\n')).toEqual(['a: 1\n...\n', '# tail\n']);
    expect(splitDocuments('# only\n\n').map((d) => d.hasContent)).toEqual([false]);
    expect(splitDocuments('')).toEqual([]);
  });

  it('does not take a marker-like line inside a block scalar for a marker', () => {
    expect(texts('a: |\n  ---\n  text\nb: 1\n')).toEqual(['a: |\n  ---\n  text\nb: 1\n']);
  });

  it('reads past a byte-order mark at a line start: it stays with the document whose line it starts', () => {
    expect(texts('\ufeffa: 1\n---\nb: 2\n')).toEqual(['\ufeffa: 1\n', '---\nb: 2\n']);
    expect(texts('\ufeff---\na: 1\n')).toEqual(['\ufeff---\na: 1\n']);
    expect(splitDocuments('\ufeff---\na: 1\n')[0]!.marked).toBe(true);
    expect(texts('a: 1\n...\n\ufeff---\nb: 2\n')).toEqual(['a: 1\n...\n', '\ufeff---\nb: 2\n']);
    expect(texts('a: 1\n...\n\ufeffb: 2\n')).toEqual(['a: 1\n...\n', '\ufeffb: 2\n']);
    expect(splitDocuments('\ufeff# only a comment\n').map((d) => d.hasContent)).toEqual([false]);
    expect(splitDocuments('\ufeff%YAML 1.2\n---\na: 1\n').map((d) => [d.text, d.marked])).toEqual([['\ufeff%YAML 1.2\n---\na: 1\n', true]]);
  });

  it('tells a document that holds a comment from one that holds only markers and blank lines', () => {
    expect(['# a\n', '---\n# Source: x\n', '--- # on the marker\n', '\ufeff# bom\n', '...  # end\n', '\n  # indented\n'].map(holdsComment)).toEqual([true, true, true, true, true, true]);
    expect(['---\n', '\n\n', '...\n', '--- &a\n', 'a: "#"\n'].map(holdsComment)).toEqual([false, false, false, false, false]);
  });
});
