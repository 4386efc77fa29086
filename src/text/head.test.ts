// itemHead decides what an item is from its own top-level apiVersion and kind: it must agree with
// the yaml library whenever it answers, whatever the style, and answer for the layouts packages use.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { InputItem } from './item.js';
import { itemHead, readInput, type ItemHead } from './read.js';

const doc = (text: string): InputItem => ({ text, form: 'document', indent: 0 });
const entry = (text: string, indent = 0): InputItem => ({ text, form: 'entry', indent });
const doc2 = (text: string): InputItem => ({ text: `---\n${text}\n`, form: 'document', indent: 0 });

/** What the yaml library reads as the item's head, or undefined when the item is not a mapping or does not parse. */
function yamlHead(item: InputItem): ItemHead | 'unreadable' {
  const docs = parseAllDocuments(item.text, { version: '1.2', uniqueKeys: true, merge: true });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length > 0) return 'unreadable';
  let value = docs[0]!.toJS({ maxAliasCount: -1 }) as unknown;
  if (item.form === 'entry') value = Array.isArray(value) && value.length === 1 ? value[0] : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'unreadable';
  const head: ItemHead = {};
  const v = value as Record<string, unknown>;
  for (const key of ['apiVersion', 'kind'] as const) if (key in v) head[key] = typeof v[key] === 'string' ? (v[key] as string) : null;
  return head;
}

describe('itemHead', () => {
  it.each([
    ['block', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n', { apiVersion: 'v1', kind: 'Secret' }],
    ['its own --- line and comments', '# c\n--- # d\napiVersion: v1\n# e\nkind: "Secret" # f\n', { apiVersion: 'v1', kind: 'Secret' }],
    ['quoted keys', "'apiVersion': v1\n\"kind\": 'Sec''ret'\n", { apiVersion: 'v1', kind: "Sec'ret" }],
    ['JSON', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"kind": "Shard", "x": "[{\\"kind\\": 1}]"}}\n', { apiVersion: 'v1', kind: 'ConfigMap' }],
    ['JSON with an escaped key and value', '{"apiVersion": "v1", "k\\u0069nd": "\\u0053hard"}\n', { apiVersion: 'v1', kind: 'Shard' }],
    ['YAML flow over lines', '{apiVersion: v1,\n  kind: Shard, # a comment\n  spec: {a: [b, c]}}\n', { apiVersion: 'v1', kind: 'Shard' }],
    ['a kind only in a nested map', 'apiVersion: v1\nkind: List\nitems:\n- kind: Shard\n  apiVersion: multigres.com/v1alpha1\nmeta:\n  kind: Secret\n', { apiVersion: 'v1', kind: 'List' }],
    ['a kind key after a long description', `apiVersion: v1\nspec:\n  description: |\n${'    kind: Shard mentioned in text\n'.repeat(2000)}kind: CustomResourceDefinition\n`, { apiVersion: 'v1', kind: 'CustomResourceDefinition' }],
    ['no kind', 'apiVersion: v1\nmetadata: {}\n', { apiVersion: 'v1' }],
    ['a kind that is not a string', 'kind: 12\napiVersion: true\n', { kind: null, apiVersion: null }],
    ['a block scalar inside with a column-0 look-alike in it', 'kind: ConfigMap\ndata:\n  a: |\n    kind: Shard\n', { kind: 'ConfigMap' }],
  ])('reads %s', (_, text, head) => {
    expect(itemHead(doc(text))).toEqual(head);
    expect(yamlHead(doc(text))).toEqual(head);
  });

  it.each([
    ['a kind with an escape in a block scalar key value', 'kind: "\\u0053hard"\n'],
    ['an anchored kind', 'kind: &k Shard\n'],
    ['a tagged kind', 'kind: !!str Shard\n'],
    ['an alias', 'a: &k Shard\nkind: *k\n'],
    ['a merge key', 'base: &b {kind: Shard}\n<<: *b\n'],
    ['a kind over two lines', 'kind: Sh\n  ard\n'],
    ['a kind on the next line', 'kind:\n  Shard\n'],
    ['a kind written twice before the apiVersion', 'kind: ConfigMap\nkind: Shard\napiVersion: v1\n'],
    ['an explicit key', '? kind\n: Shard\n'],
    ['a top-level list', '- kind: Shard\n  apiVersion: multigres.com/v1alpha1\n'],
    ['a tab before a key', 'apiVersion: v1\n\tkind: Shard\n'],
    ['a flow collection as a head value in block style', 'kind: [Shard]\n'],
  ])('is not sure of %s (the item is parsed)', (_, text) => {
    expect(itemHead(doc(text))).toBeUndefined();
  });

  it('reads entries at their column, with the mapping on the dash line or below it', () => {
    expect(itemHead(entry('  - apiVersion: v1\n    kind: Secret\n    data:\n      kind: x\n', 2))).toEqual({ apiVersion: 'v1', kind: 'Secret' });
    expect(itemHead(entry('- # c\n  kind: Shard\n'))).toEqual({ kind: 'Shard' });
    expect(itemHead(entry('- {"kind": "Shard"}\n'))).toEqual({ kind: 'Shard' });
    expect(itemHead(entry('- &a\n  kind: A\n'))).toBeUndefined();
    expect(itemHead(entry('- - kind: A\n'))).toBeUndefined();
  });

  it('reads the head of an item read from bytes past the first lines it looks at, and never a value cut at their end', () => {
    const list = (body: string) => readInput(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${body}`).items;
    // The head after a long comment: found in all of the item.
    const [late] = list(`- # ${'x'.repeat(3000)}\n  apiVersion: v1\n  kind: A\n`);
    expect(itemHead(late!)).toEqual({ apiVersion: 'v1', kind: 'A' });
    // A value that goes on right after the first 2,048 bytes, wherever the cut falls.
    for (let pad = 2000; pad < 2060; pad++) {
      for (const text of [`- apiVersion: v1\n  # ${'c'.repeat(pad - 20)}\n  kind: A\n    B\n`, `# ${'c'.repeat(pad - 30)}\n- apiVersion: v1\n  kind: A\n    B\n`]) {
        const [item] = list(text);
        const head = itemHead(item!);
        if (head !== undefined) expect(head).toEqual(yamlHead(entry(text)));
        expect(head?.kind).not.toBe('A');
      }
    }
  });

  it('reads a JSON item longer than the first bytes it looks at, and never a value cut at their end', () => {
    const stream = (doc: string) => readInput(`---\n${doc}\n---\nkind: Other\n`).items[0]!;
    const pretty = (o: object) => JSON.stringify(o, null, 2);
    const big = { data: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'.repeat(20)])) };
    // The head first: read from the start alone; after a long nested value: read from all of it.
    expect(itemHead(stream(pretty({ apiVersion: 'v1', kind: 'ConfigMap', ...big })))).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(itemHead(stream(pretty({ apiVersion: 'v1', ...big, kind: 'Secret' })))).toEqual({ apiVersion: 'v1', kind: 'Secret' });
    // A value that runs over the end of what is looked at first, wherever that end falls.
    for (let pad = 1980; pad < 2060; pad += 3) {
      for (const kind of ['Shard', 'S'.repeat(40), 'ab"cd']) {
        const doc = pretty({ note: 'n'.repeat(pad), apiVersion: 'v1', kind });
        expect(itemHead(stream(doc)) ?? yamlHead(doc2(doc))).toEqual(yamlHead(doc2(doc)));
      }
    }
  });

  it('reads each item of a ResourceList and a stream as the yaml library does', () => {
    const list = readInput('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- kind: A\n  spec:\n    kind: B\n- {"kind": "C"}\n- kind: "D"\n');
    expect(list.items.map(itemHead)).toEqual([{ kind: 'A' }, { kind: 'C' }, { kind: 'D' }]);
    const stream = readInput('kind: A\n---\n{kind: B}\n--- # c\nkind: C\n');
    expect(stream.items.map(itemHead)).toEqual([{ kind: 'A' }, { kind: 'B' }, { kind: 'C' }]);
  });

  // Objects with apiVersion/kind at the top and as nested keys, in every style the yaml library
  // writes (block, flow, JSON; quoted or plain keys; escapes), in both item forms.
  const key = fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'data', 'items');
  const scalar = fc.oneof(fc.constantFrom('Shard', 'Secret', 'v1', 'a: b', '# x', 'é', 'yes', '12', '', 'line\nbreak', 'x"y', "it's", '\u0053hard'), fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, fc.dictionary(key, tie('node'), { maxKeys: 4 }), fc.array(tie('node'), { maxLength: 3 })),
  })).node;
  const object = fc.dictionary(key, value, { maxKeys: 5 });
  const style = fc.record({
    flow: fc.boolean(),
    json: fc.boolean(),
    quote: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL'>,
    marker: fc.boolean(),
    indent: fc.constantFrom(0, 2, 4),
  });

  it('agrees with the yaml library whenever it answers (property)', () => {
    fc.assert(
      fc.property(object, style, (o, s) => {
        const body = s.json
          ? `${JSON.stringify(o, null, s.flow ? undefined : 2)}\n`
          : stringify(o, { collectionStyle: s.flow ? 'flow' : 'any', defaultStringType: s.quote, defaultKeyType: s.quote === 'BLOCK_LITERAL' ? 'PLAIN' : s.quote, version: '1.2' });
        const asDoc = doc(s.marker ? `---\n${body}` : body);
        const head = itemHead(asDoc);
        if (head !== undefined) expect(head).toEqual(yamlHead(asDoc));
        // The same object as a ResourceList entry at a column.
        const pad = ' '.repeat(s.indent);
        const lines = body.replace(/\n$/, '').split('\n');
        const asEntry = entry(`${lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? l : `${pad}  ${l}`)).join('\n')}\n`, s.indent);
        const entryHead = itemHead(asEntry);
        if (entryHead !== undefined) expect(entryHead).toEqual(yamlHead(asEntry));
        // Plain block and JSON objects whose head values are plain words are always read.
        const plainHead = (['apiVersion', 'kind'] as const).every((k) => !(k in o) || (typeof o[k] === 'string' && /^[A-Za-z][A-Za-z0-9./-]*$/.test(o[k] as string)));
        if (plainHead && (s.json || (!s.flow && s.quote === 'PLAIN')) && Object.keys(o).length > 0) expect(head).toBeDefined();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  // The layout nearly every item has, read by one regular expression (commonHead), with what can
  // make it mean something else around it: spaces after the dash, comments, CRLF, a value that
  // goes on over the next lines, a value YAML reads as another type, a key written twice.
  const commonValue = fc.constantFrom('v1', 'apps/v1', 'ConfigMap', 'Shard', 'yes', 'null', 'True', 'x#y', 'a.b-c_d', '12');
  const commonLayout = fc.record({
    first: fc.constantFrom('apiVersion', 'kind'),
    second: fc.constantFrom('apiVersion', 'kind', 'metadata'),
    v1: commonValue,
    v2: commonValue,
    dashSpaces: fc.constantFrom(' ', '  ', '   '),
    lead: fc.constantFrom('', '# c\n', '\n', '  # indented\n'),
    after1: fc.constantFrom('', ' ', ' # c', '\t'),
    between: fc.constantFrom('', '# c\n'),
    next: fc.constantFrom('', 'metadata:\n  name: a\n', '  more\n', '    more\n', '# c\n  more\n', '\nspec: {}\n', 'kind: Again\n'),
    crlf: fc.boolean(),
    indent: fc.constantFrom(0, 2),
    form: fc.constantFrom('entry', 'document') as fc.Arbitrary<'entry' | 'document'>,
  });

  it('reads the common layout exactly as the yaml library does, from text and from bytes (property)', () => {
    fc.assert(
      fc.property(commonLayout, (c) => {
        const pad = c.form === 'entry' ? ' '.repeat(c.indent) : '';
        const column = c.form === 'entry' ? `${pad} ${c.dashSpaces}` : '';
        const lines = [`${c.first}: ${c.v1}${c.after1}`, ...(c.between ? [`${column}${c.between.trimEnd()}`] : []), `${column}${c.second}: ${c.v2}`, ...c.next.split('\n').filter(Boolean).map((l) => `${column}${l}`)];
        const body = c.form === 'entry' ? `${c.lead}${pad}-${c.dashSpaces}${lines.join('\n')}\n` : `${c.lead}${lines.join('\n')}\n`;
        const text = c.crlf ? body.replace(/\n/g, '\r\n') : body;
        const item = c.form === 'entry' ? entry(text, c.indent) : doc(text);
        const head = itemHead(item);
        // On what YAML reads, the same answer (what it does not read, kpt and kustomize refuse first).
        const expected = yamlHead(item);
        if (head !== undefined && expected !== 'unreadable') expect(head).toEqual(expected);
        // The same item read from bytes (its byte text) answers the same.
        const fromBytes = c.form === 'entry' ? readInput(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${text.replace(/^/gm, '').replace(/^/, '')}`) : undefined;
        if (fromBytes && fromBytes.form === 'list' && c.indent === 0 && fromBytes.items.length === 1) expect(itemHead(fromBytes.items[0]!)).toEqual(head);
        // The plain case is always read.
        if (!c.crlf && c.after1 !== '\t' && c.first !== c.second && c.second !== 'metadata' && !c.between && /^[A-Za-z]/.test(c.v1) && !c.v1.includes('#') && !c.next.startsWith('  ') && !c.next.startsWith('#')) expect(head).toBeDefined();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});
