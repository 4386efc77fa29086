import { describe, expect, it } from 'vitest';
import { written } from './byte-sink.js';
import { InputError } from './parse.js';
import { readFiles, readInput } from './read.js';
import { writeOutput } from './write.js';
import { disagreements } from './yaml11.js';

const roundTrip = (text: string) => {
  const input = readInput(text);
  return written((sink) => writeOutput(sink, input, input.items.map((item) => ({ item })), []));
};

describe('readInput', () => {
  it('puts a JSON ResourceList in block layout, each entry keeping its source text', () => {
    const text = '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList",\n "items": [{"a": "."},\n   {"b": [1,\n2]}], "functionConfig": {"data": {"x": "y"}}}\n';
    const input = readInput(text);
    expect(input.form === 'list' && input.route).toBe('cst');
    expect(input.items.map((i) => i.text)).toEqual(['- {"a": "."}\n', '- {"b": [1,\n  2]}\n']);
    expect(input.functionConfig).toEqual({ data: { x: 'y' } });
  });

  it('takes entries with anchors, tags and flow on the dash line without leaving the scanner', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- &a\n  kind: A\n- !!map\n  kind: B\n- {"kind": "C"}\n';
    const input = readInput(text);
    expect(input.form === 'list' && input.route).toBe('scan');
    expect(input.items).toHaveLength(3);
    expect(roundTrip(text)).toBe(text);
  });

  it('gives a plain stream back as a stream, every document and comment as it came', () => {
    for (const text of ['---\na: 1\n---\nb: 2\n', '# head\n---\na: 1\n# between\n--- &x\nb: .\n...\n# tail\n', 'a: 1\n---\n']) {
      expect(readInput(text).form).toBe('stream');
    }
    expect(roundTrip('---\na: 1\n---\nb: 2')).toBe('---\na: 1\n---\nb: 2');
    expect(roundTrip('# head\n---\na: 1\n# between\n--- &x\nb: .\n...\n# tail\n')).toBe('# head\n---\na: 1\n# between\n--- &x\nb: .\n...\n# tail\n');
    expect(roundTrip('a: 1\n---\n')).toBe('---\na: 1\n---\n');
  });

  it('refuses what is not a ResourceList or objects, saying why', () => {
    expect(() => readInput('kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems: []\n---\na: 1\n')).toThrow(/a ResourceList and more documents/);
    expect(() => readInput('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- just text\n')).toThrow(/items\[0\] is not an object/);
    expect(() => readInput('{"kind": "ResourceList", "apiVersion": "config.kubernetes.io/v1", "items": 3}')).toThrow(/items must be a list, got a scalar/);
    expect(() => readInput('just: [a\n')).toThrow(InputError);
  });
});

describe('byte-order marks and comment-only documents', () => {
  it('keeps a stream\'s byte-order mark out of the document text, on the document it precedes', () => {
    const input = readInput('\ufeffa: 1\n---\nb: 2\n');
    expect(input.items.map((i) => [i.text, i.bom])).toEqual([['a: 1\n', true], ['---\nb: 2\n', undefined]]);
    expect(roundTrip('\ufeffa: 1\n---\nb: 2\n')).toBe('\ufeff---\na: 1\n---\nb: 2\n');
    expect(roundTrip('a: 1\n...\n\ufeff---\nb: 2\n')).toBe('---\na: 1\n...\n\ufeff---\nb: 2\n');
    expect(readInput('\ufeff# lead\n---\na: 1\n').items[0]).toMatchObject({ text: '# lead\n---\na: 1\n', bom: true });
    expect(roundTrip('\ufeff# lead\n---\na: 1\n')).toBe('\ufeff# lead\n---\na: 1\n');
    // Comment-only text after a `...` is copied as it is, its mark included.
    expect(roundTrip('a: 1\n...\n\ufeff# note\n---\nb: 2\n')).toBe('---\na: 1\n...\n\ufeff# note\n---\nb: 2\n');
  });

  it('reads a ResourceList after a byte-order mark, and writes it without one', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {kind: A}\n';
    expect(roundTrip(`\ufeff${text}`)).toBe(text);
    expect(readInput('\ufeff{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"kind": "A"}]}').form).toBe('list');
  });

  it('adds the `---` a stream needs in the line breaks of the document it opens', () => {
    expect(roundTrip('a: 1\r\nb: 2\r\n---\r\nc: 3')).toBe('---\r\na: 1\r\nb: 2\r\n---\r\nc: 3');
    expect(roundTrip('\ufeffa: 1\r\n')).toBe('\ufeff---\r\na: 1\r\n');
    expect(roundTrip('a: 1\n...\r\nb: 2\r\n')).toBe('---\na: 1\n...\r\n---\r\nb: 2\r\n');
  });

  it('readFiles: comment-only documents ride along before the next document, across files; byte-order marks go', () => {
    const { items, trailer } = readFiles([
      { path: 'a.yaml', text: '\ufeff# Source: chart/a.yaml\n---\n# Source: chart/empty.yaml\n---\n# Source: chart/b.yaml\nb: 1\n---\n' },
      { path: 'c.yaml', text: '--- # note\r\n...\r\n\ufeff---\r\nc: 1\r\nd: 2' },
      { path: 'd.yaml', text: 'e: 1\n---\n# the end\n' },
    ]);
    expect(items.map((i) => [i.prefix, i.text, i.origin])).toEqual([
      ['# Source: chart/a.yaml\n---\n# Source: chart/empty.yaml\n', '---\n# Source: chart/b.yaml\nb: 1\n', { path: 'a.yaml', index: 0, line: 4 }],
      ['--- # note\r\n...\r\n', '---\r\nc: 1\r\nd: 2\r\n', { path: 'c.yaml', index: 0, line: 3 }],
      [undefined, 'e: 1\n', { path: 'd.yaml', index: 0, line: 1 }],
    ]);
    expect(trailer).toBe('---\n# the end\n');
  });
});

describe('disagreements', () => {
  it('names plain scalars YAML 1.1 and octal-reading clients take differently, with their paths', () => {
    const found = disagreements({ text: '- spec:\n    a: yes\n    b: "on"\n    c: [0755, 1_000, .]\n    on: x\n    t: 2018-12-02T08:09:25Z\n', form: 'entry', indent: 0 });
    expect(found.map((d) => d.path)).toEqual([['spec', 'a'], ['spec', 'c', 0], ['spec', 'c', 1], ['spec', 'on']]);
    expect(found[0]!.message).toMatch(/^`yes` is the string "yes" here.*read it as true/);
    expect(found[1]!.message).toMatch(/integer 755 here.*octal 493/);
  });
});
