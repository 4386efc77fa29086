import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { written } from './byte-sink.js';
import { readInput } from './read.js';
import { writeOutput } from './write.js';
import { scanResourceList as scanBytes } from './scan.js';
import { scanBuffer } from './line-scan.js';

/** The scanner over a text's bytes; its offsets are byte offsets (`slice` cuts by them). */
const scanResourceList = (text: string) => scanBytes(Buffer.from(text));
const slice = (text: string, start: number, end?: number) => Buffer.from(text).toString('utf8', start, end);
import { parseItem } from './parse.js';

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('multi\nline\n', '- not an item\nitems:\n', '# not a comment\n', 'x: y\n- z', 'key: value', '---', '...'),
  fc.integer(),
  fc.boolean(),
);
const node = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('any'), { maxLength: 3 }),
  map: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.\/-]{0,8}$/), tie('any'), { maxKeys: 4 }),
}));
const item = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constantFrom('ConfigMap', 'Shard', 'Service'), data: node.map });

/** A ResourceList as kpt or kustomize might write it, with comments sprinkled between lines. */
const resourceList = fc
  .record({
    items: fc.array(item, { minLength: 1, maxLength: 5 }),
    indentSeq: fc.boolean(),
    comments: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 })), { maxLength: 6 }),
    withFunctionConfig: fc.boolean(),
  })
  .map(({ items, indentSeq, comments, withFunctionConfig }) => {
    const list: Record<string, unknown> = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items };
    if (withFunctionConfig) list.functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } };
    const lines = stringify(list, { version: '1.1', indentSeq }).split('\n');
    for (const [at, indent] of comments) {
      const i = 3 + (at % Math.max(1, lines.length - 4));
      lines.splice(i, 0, `${' '.repeat(indent)}# note ${at}`);
    }
    return lines.join('\n');
  });

describe('scanResourceList against the yaml parser', () => {
  it('finds exactly the items the parser finds, and writing back changes nothing (property)', () => {
    let fast = 0;
    fc.assert(
      fc.property(resourceList, (text) => {
        let expected: { items: unknown[] };
        try {
          expected = parse(text, { version: '1.1' });
        } catch {
          return; // a comment landed inside a block scalar's indentation: not valid YAML
        }
        const list = readInput(text);
        if (list.form !== 'list' || list.route !== 'scan') return;
        fast++;
        expect(list.items.length).toBe(expected.items.length);
        list.items.forEach((item, i) => {
          const parsed = parseItem(item);
          expect('error' in parsed).toBe(false);
          if (!('error' in parsed)) expect(parsed.value).toEqual(expected.items[i]);
        });
        expect(written((sink) => writeOutput(sink, list, list.items.map((item) => ({ item })), []))).toBe(text.endsWith('\n') ? text : `${text}\n`);
      }),
      { seed: 11, numRuns: 1500 },
    );
    expect(fast).toBeGreaterThan(1000);
  });

  it('declines only lists that are not in block layout', () => {
    expect(scanResourceList('{"kind":"ResourceList","items":[]}')).toBeUndefined();
    expect(scanResourceList('kind: ResourceList\nitems:\n- a: 1\n---\nkind: x\n')).toBeUndefined();
    expect(scanResourceList('"kind": ResourceList\nitems:\n- a: 1\n')).toBeUndefined();
    expect(scanResourceList('kind: ResourceList\nitems:\n- a: 1\n...\n')).toBeUndefined();
  });

  it('cuts any entry by indentation: flow, JSON, anchors, tags, scalars, CRLF, BOM', () => {
    const cut = (text: string) => {
      const scan = scanResourceList(text)!;
      return scan.items.map((s) => slice(text, s.start, s.end));
    };
    expect(cut('kind: ResourceList\nitems:\n- {"a": 1,\n   "b": [1, 2]}\n- &anchor\n  a: 1\n- !!map\n  b: *anchor\n- scalar\n-\n')).toEqual([
      '- {"a": 1,\n   "b": [1, 2]}\n',
      '- &anchor\n  a: 1\n',
      '- !!map\n  b: *anchor\n',
      '- scalar\n',
      '-\n',
    ]);
    expect(cut('kind: ResourceList\r\nitems:\r\n- a: 1\r\n  b: 2\r\n- c: 3\r\n')).toEqual(['- a: 1\r\n  b: 2\r\n', '- c: 3\r\n']);
    expect(cut('\ufeffkind: ResourceList\nitems:\n- a: 1\n')).toEqual(['- a: 1\n']);
    expect(scanResourceList('kind: ResourceList\nitems: []\nfunctionConfig: {}\n')!.emptyForm).toBe(true);
    expect(cut('kind: ResourceList\nitems:\nfunctionConfig: {}\n')).toEqual([]);
  });

  it('gives comments above an item to that item, and indented ones to the item before', () => {
    const text = 'kind: ResourceList\nitems:\n- a: 1\n  # about a\n# about b\n- b: 2\n# trailing\nfunctionConfig: {}\n';
    const scan = scanResourceList(text)!;
    expect(scan.items.map((s) => slice(text, s.start, s.end))).toEqual(['- a: 1\n  # about a\n', '# about b\n- b: 2\n']);
    expect(slice(text, scan.itemsBodyEnd)).toBe('# trailing\nfunctionConfig: {}\n');
  });

  /** The same bytes in the line scanner's memory, where the WebAssembly kernel passes over item bodies. */
  const inKernel = (bytes: Buffer): Buffer => {
    const memory = scanBuffer(bytes.length)!;
    bytes.copy(memory);
    return memory.subarray(0, bytes.length);
  };

  it('gives blank lines inside an item to it, and those before an item or the next key to what follows', () => {
    const cases: Array<[string, string[], string]> = [
      [
        'kind: ResourceList\nitems:\n- a: 1\n\n  b: |\n    x\n\n    y\n\n\n- c: 2\n  \n\t\n# note\n\n- d: 3\n\n\nfunctionConfig: {}\n',
        ['- a: 1\n\n  b: |\n    x\n\n    y\n', '\n\n- c: 2\n', '  \n\t\n# note\n\n- d: 3\n'],
        '\n\nfunctionConfig: {}\n',
      ],
      ['kind: ResourceList\nitems:\n  - a: 1\n\n    b: 2\n  \n  - c: |\n      x\n\n\n', ['  - a: 1\n\n    b: 2\n', '  \n  - c: |\n      x\n'], '\n\n'],
      ['kind: ResourceList\nitems:\n- a: 1\r\n\r\n  b: 2\r\n \r\n- c: 3\r\n   ', ['- a: 1\r\n\r\n  b: 2\r\n', ' \r\n- c: 3\r\n'], '   '],
      ['kind: ResourceList\nitems:\n- a: 1\n  # deep\n\n# shallow\n\n- b: 2\n\n', ['- a: 1\n  # deep\n', '\n# shallow\n\n- b: 2\n'], '\n'],
    ];
    for (const [text, items, rest] of cases) {
      for (const bytes of [Buffer.from(text), inKernel(Buffer.from(text))]) {
        const scan = scanBytes(bytes)!;
        expect(scan.items.map((s) => bytes.toString('utf8', s.start, s.end))).toEqual(items);
        expect(bytes.toString('utf8', scan.itemsBodyEnd)).toBe(rest);
      }
    }
  });

  it('cuts the same items in the line scanner’s memory as in any buffer, whatever the blank lines and comments (property)', () => {
    const line = fc.oneof(
      fc.constantFrom('', ' ', '  ', '\t', ' \t ', '\r', '  \r', '# c', '  # c', '    more', '      deeper', '  key: v', '  - x', '- a: 1', '- b: |', 'next: 1', ' odd'),
      fc.string({ maxLength: 8 }).map((t) => `  ${t}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('', '  '), fc.boolean(), (lines, pad, lastBreak) => {
        const body = lines.map((l) => (l.startsWith('- ') ? `${pad}${l}` : l)).join('\n');
        const text = Buffer.from(`kind: ResourceList\nitems:\n${pad}- first: 1\n${body}${lastBreak ? '\n' : ''}`);
        const plain = scanBytes(text);
        const kernel = scanBytes(inKernel(text));
        expect(kernel).toEqual(plain);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
