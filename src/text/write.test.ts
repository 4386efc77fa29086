import { describe, expect, it } from 'vitest';
import { written } from './byte-sink.js';
import type { InputItem } from './item.js';
import { readFiles, readInput, type SourceFile } from './read.js';
import { writeManifests, writeOutput, type OutputEntry } from './write.js';

const generated = (name: string): OutputEntry => ({ build: () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { 'a.conf': 'line 1\nline 2\n' } }), shape: 'test' });

/** A stream read and written back with `keep` deciding which items stay, generated objects after some. */
function stream(text: string, keep: (item: InputItem, i: number) => boolean, after: (i: number) => OutputEntry[] = () => []): string {
  const input = readInput(text);
  const entries = input.items.flatMap((item, i) => [...(keep(item, i) ? [{ item }] : []), ...after(i)]);
  return written((sink) => writeOutput(sink, input, entries, []));
}

/** Files rendered into one stream: `drop` leaves an item's text out, `omit` leaves the item out entirely. */
function manifests(files: SourceFile[], options: { drop?: (item: InputItem) => boolean; omit?: (item: InputItem) => boolean; after?: (item: InputItem) => OutputEntry[] } = {}): string {
  const { items, trailer } = readFiles(files);
  const entries = items.flatMap((item): OutputEntry[] => [
    ...(options.omit?.(item) ? [] : [{ item, ...(options.drop?.(item) ? { drop: true } : {}) }]),
    ...(options.after?.(item) ?? []),
  ]);
  return written((sink) => writeManifests(sink, items, entries, trailer));
}

describe('writeOutput, a stream', () => {
  it('keeps what was written before a document the function leaves out, where it was', () => {
    const text = '---\na: 1\n---\n# about b\n---\nb: 2\n...\n\ufeff# after b\n---\nc: 3\n';
    expect(stream(text, (_, i) => i !== 1)).toBe('---\na: 1\n---\n# about b\n...\n\ufeff# after b\n---\nc: 3\n'.replace('...\n', ''));
    expect(stream(text, (_, i) => i !== 2)).toBe('---\na: 1\n---\n# about b\n---\nb: 2\n...\n\ufeff# after b\n');
    expect(stream('\ufeff---\na: 1\n---\nb: 2\n', (_, i) => i !== 0)).toBe('\ufeff---\nb: 2\n');
  });

  it('writes generated documents in the line breaks of the document they follow', () => {
    expect(stream('a: 1\r\n', () => true, () => [generated('g')])).toBe('---\r\na: 1\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: g\r\ndata:\r\n  a.conf: |\r\n    line 1\r\n    line 2\r\n');
    expect(stream('a: 1\r\n---\nb: 2', () => true, (i) => (i === 1 ? [generated('g')] : []))).toBe('---\r\na: 1\r\n---\nb: 2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: g\ndata:\n  a.conf: |\n    line 1\n    line 2\n');
  });

  it('puts a line break after a document that ends without one, in its line breaks, whatever comes after it', () => {
    // A last document without a line break, written before others (entries in any order).
    const input = readInput('---\r\na: 1\r\n---\nb: 2\n---\r\nc: 3');
    const [a, b, c] = input.items as [InputItem, InputItem, InputItem];
    const write = (entries: OutputEntry[]) => written((sink) => writeOutput(sink, input, entries, []));
    expect(write([{ item: c }, { item: a }])).toBe('---\r\nc: 3\r\n---\r\na: 1\r\n');
    expect(write([{ item: c }, { item: b }, { item: a }])).toBe('---\r\nc: 3\r\n---\nb: 2\n---\r\na: 1\r\n');
    expect(write([{ item: b }, { item: c }])).toBe('---\nb: 2\n---\r\nc: 3');
  });
});

describe('writeManifests (render)', () => {
  const helm = '---\n# Source: chart/templates/empty.yaml\n---\n# Source: chart/templates/a.yaml\na: 1\n---\n# Source: chart/templates/notes.txt\n# just notes\n---\n# Source: chart/templates/b.yaml\nb: 2\n';

  it('keeps each comment-only document a document of its own, in its place', () => {
    expect(manifests([{ path: 'helm.yaml', text: helm }])).toBe(helm);
    expect(manifests([{ path: 'x.yaml', text: '# lead\n---\na: 1\n' }, { path: 'y.yaml', text: '--- # on the marker\n--- # and again\nb: 2\n# tail of b\n---\n# end of y\n' }])).toBe(
      '---\n# lead\n---\na: 1\n--- # on the marker\n--- # and again\nb: 2\n# tail of b\n---\n# end of y\n',
    );
  });

  it('keeps the comment-only documents before an item it drops or leaves out', () => {
    const files = [{ path: 'helm.yaml', text: helm }];
    expect(manifests(files, { drop: (i) => i.text.includes('a: 1') })).toBe('---\n# Source: chart/templates/empty.yaml\n---\n# Source: chart/templates/notes.txt\n# just notes\n---\n# Source: chart/templates/b.yaml\nb: 2\n');
    expect(manifests(files, { omit: (i) => i.text.includes('b: 2') })).toBe('---\n# Source: chart/templates/empty.yaml\n---\n# Source: chart/templates/a.yaml\na: 1\n---\n# Source: chart/templates/notes.txt\n# just notes\n');
  });

  it('puts generated documents after their item, even a dropped one', () => {
    const out = manifests([{ path: 's.yaml', text: '---\n# Source: s.yaml\n---\nkind: Shard\n---\n# after\n' }], { drop: (i) => i.text.includes('Shard'), after: (i) => (i.text.includes('Shard') ? [generated('g')] : []) });
    expect(out).toBe('---\n# Source: s.yaml\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: g\ndata:\n  a.conf: |\n    line 1\n    line 2\n---\n# after\n');
  });

  it('writes the splitter form: a `---` first, properties off the marker line (only a comment may stay), no directives', () => {
    expect(manifests([{ path: 'a.yaml', text: 'a: 1' }, { path: 'b.yaml', text: '%YAML 1.2\n--- &x\nb: 2\n--- !!map # c\nc: 3\n' }])).toBe('---\na: 1\n---\n&x\nb: 2\n---\n!!map # c\nc: 3\n');
  });

  it('drops byte-order marks, at a file start or a document start inside a file, and follows CRLF', () => {
    const out = manifests([
      { path: 'a.yaml', text: '\ufeffa: 1\r\n' },
      { path: 'b.yaml', text: '\ufeff# b\r\n---\r\nb: 1\r\n...\r\n\ufeff---\r\nc: 1\r\n' },
    ]);
    expect(out).toBe('---\r\na: 1\r\n---\r\n# b\r\n---\r\nb: 1\r\n...\r\n---\r\nc: 1\r\n');
    expect(out).not.toContain('\ufeff');
  });
});
