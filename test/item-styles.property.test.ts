// Guarantee over generated input: an item's style never changes what happens to other items.
// A ResourceList (or a plain stream) mixing block, flow and JSON items, anchors and tags on items,
// comments between items and plain values a YAML 1.1 round-trip would damage: every item the
// function does not own comes out as its exact input bytes, in order, and what the function owns
// (each Shard's local-config annotation, the generated objects, the results) is the same as for
// the same objects written all in block style. A stream may also hold documents with nothing but
// comments (a Helm `# Source:` stub), start with a byte-order mark and use CRLF line breaks: those
// stay where they were, and what the function adds uses the stream's line breaks.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { runResourceList, type RunOutput } from '../src/krm/run.js';
import { resourceListText, shard, shardObject, unrelatedText, type ShardSpec } from './arbitraries.js';
import { isGenerated } from './helpers.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** About 60 ms a run (two runs of the function, the outputs parsed), and time to shrink a failure. */
const TIMEOUT = 60_000 + NUM_RUNS * 200;

type Obj = Record<string, any>;
const LOCAL_CONFIG = 'config.kubernetes.io/local-config';
const READ = { version: '1.2', uniqueKeys: false } as const;

// ---------------------------------------------------------------------------------------------
// Pieces: the objects of a run, each with the texts it can be written as.

/** How an object's body is written. */
type Body = 'block' | 'json' | 'jsonCompact' | 'jsonMultiline' | 'flow';

interface Piece {
  owned: boolean;
  /** `Shard db/orders`, `ConfigMap cm1`, `Widget w (raw values)`: for failure messages. */
  label: string;
  /** The document text (ends with a newline for block; one line, or several for multi-line JSON). */
  texts: Partial<Record<Body, string>>;
  /** What a Shard must read back as (its input plus the local-config annotation). */
  expected?: Obj;
}

/** JSON with a space after `:` and `,`, on one line: `{"apiVersion": "v1", "kind": ...}`. */
function spacedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(spacedJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${spacedJson(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

function objectTexts(object: Obj, block: string): Piece['texts'] {
  return {
    block,
    json: spacedJson(object),
    jsonCompact: JSON.stringify(object),
    jsonMultiline: JSON.stringify(object, null, 2),
    // 1.1 quoting (like the block text): every plain value reads the same in YAML 1.1 and 1.2.
    flow: stringify(object, { version: '1.1', collectionStyle: 'flow', lineWidth: 0 }).trimEnd(),
  };
}

const withLocalConfig = (object: Obj): Obj => {
  const copy = structuredClone(object);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LOCAL_CONFIG]: 'true' };
  return copy;
};

const shardPiece = (s: ShardSpec): Piece => {
  const object = JSON.parse(JSON.stringify(shardObject(s))) as Obj; // no `undefined` fields left
  return {
    owned: true,
    label: `Shard ${s.namespace}/${s.name}`,
    texts: objectTexts(object, stringify(object, { version: '1.1', indentSeq: false })),
    expected: withLocalConfig(object),
  };
};

/** The existing unrelated item (block, comments, quoting, block scalars), also as JSON and flow. */
const unrelatedPiece = unrelatedText.map((text): Piece => {
  const object = parse(text, READ) as Obj; // what kpt reads; written back with 1.1 quoting
  return { owned: false, label: `ConfigMap ${object.metadata.name}`, texts: objectTexts(object, text) };
});

/** Plain values that YAML 1.1 reads differently from 1.2, or that a re-serialization rewrites. */
const RAW_PLAIN = ['.', '2018-12-02T08:09:25Z', '2001-12-14 21:59:43.10 -5', '08080', '0755', '1:20', '190:20:30', '0x1F', '0o17', '1e3', '1_000', '+12', '.5', '-.inf', '~', 'yes', 'Off', 'y', '='];
/** JSON numbers (and strings) that a YAML round-trip would write differently. */
const RAW_JSON = ['1e3', '1.0', '-0', '1E+2', '0.10', '12345678901234567890', '1.5e-7', '"2018-12-02T08:09:25Z"', '"08080"', '"1:20"', 'null', 'true'];
const rawName = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/);

/** An unrelated object whose values are written by hand: plain scalars, digit-first keys, JSON numbers. */
const rawPiece = fc
  .record({
    name: rawName,
    plain: fc.array(fc.constantFrom(...RAW_PLAIN), { minLength: 1, maxLength: 4 }),
    json: fc.array(fc.constantFrom(...RAW_JSON), { minLength: 1, maxLength: 4 }),
  })
  .map(({ name, plain, json }): Piece => {
    const key = (i: number) => (i % 2 ? `k${i}` : `0${i}8`);
    const head = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\n`;
    const block = `${head}spec:\n${plain.map((v, i) => `  ${key(i)}: ${v}\n`).join('')}`;
    const flowHead = `apiVersion: example.com/v1, kind: Widget, metadata: {name: ${name}}`;
    const jsonHead = `"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "${name}"}`;
    const jsonSpec = json.map((v, i) => `"${key(i)}": ${v}`);
    return {
      owned: false,
      label: `Widget ${name} (hand-written values)`,
      texts: {
        block,
        flow: `{${flowHead}, spec: {${plain.map((v, i) => `${key(i)}: ${v}`).join(', ')}}}`,
        json: `{${jsonHead}, "spec": {${jsonSpec.join(', ')}}}`,
        jsonCompact: `{${jsonHead.replace(/": /g, '":')},"spec":{${jsonSpec.join(',').replace(/": /g, '":')}}}`,
        jsonMultiline: `{\n  ${jsonHead.replace(/, "/g, ',\n  "')},\n  "spec": {\n${jsonSpec.map((e) => `    ${e}`).join(',\n')}\n  }\n}`,
      },
    };
  });

const BODIES: Body[] = ['block', 'json', 'jsonCompact', 'jsonMultiline', 'flow'];
const bodyOf = (piece: Piece, pick: number): Body => {
  const available = BODIES.filter((b) => piece.texts[b] !== undefined);
  return available[pick % available.length]!;
};

/**
 * The existing Shard arbitrary with at most 2 pools of one cell each: the property needs many
 * items in many styles, not big renders (parsing the outputs is most of the run time).
 */
const smallShard = shard.map(
  (s): ShardSpec => ({ ...s, pools: Object.fromEntries(Object.entries(s.pools).slice(0, 2).map(([k, p]) => [k, { ...p, cells: p.cells.slice(0, 1) }])) }),
);

/** Shards (unique names) and unrelated pieces, interleaved in a generated order. */
const pieces = fc
  .record({
    shards: fc.uniqueArray(smallShard, { minLength: 1, maxLength: 3, selector: (s) => `${s.namespace}/${s.name}` }),
    unrelated: fc.array(fc.oneof(unrelatedPiece, rawPiece), { maxLength: 5 }),
    order: fc.array(fc.nat(), { maxLength: 8 }),
  })
  .map(({ shards, unrelated, order }) => {
    const all: Piece[] = [...unrelated];
    for (const [i, s] of shards.entries()) all.splice((order[i] ?? 0) % (all.length + 1), 0, shardPiece(s));
    return all;
  });

// ---------------------------------------------------------------------------------------------
// A case: the pieces written in mixed styles, plus the same pieces all in block style.

type Props = '' | 'anchor' | 'tag' | 'anchor+tag';

interface Style {
  body: number;
  props: Props;
  /** A flow body goes on the line after its properties instead of after them on the dash line. */
  propsOwnLine: boolean;
  /** A comment line before this item. */
  comment: string | null;
  commentAtColumn0: boolean;
  /**
   * Stream documents: how the document's `---` line looks. `plain`: `---` alone; the others (when
   * the document allows) put the properties, the flow mapping's first line or a comment on it.
   */
  marker: Marker;
  /** Streams: a document holding only a comment before this one (`---` then the comment, or the comment on the `---` line). */
  commentDocument: { text: string; onMarker: boolean } | null;
}

type Marker = 'plain' | 'props-on-marker' | 'flow-on-marker' | 'comment-on-marker';

const style: fc.Arbitrary<Style> = fc.record({
  body: fc.nat(),
  props: fc.constantFrom<Props>('', '', 'anchor', 'tag', 'anchor+tag'),
  propsOwnLine: fc.boolean(),
  comment: fc.option(fc.stringMatching(/^[ -~]{0,20}$/), { freq: 3 }),
  commentAtColumn0: fc.boolean(),
  marker: fc.constantFrom<Marker>('plain', 'props-on-marker', 'flow-on-marker', 'comment-on-marker'),
  commentDocument: fc.option(fc.record({ text: fc.stringMatching(/^[ -~]{0,20}$/), onMarker: fc.boolean() }), { freq: 3 }),
});

interface Fragment {
  /** Which part of the input this is, for failure messages. */
  what: string;
  text: string;
}

interface Written {
  piece: Piece;
  /** How it is written: `json with anchor+tag`, `block, comment-on-marker`... */
  form: string;
}

interface Case {
  /** The input with items in mixed styles. */
  text: string;
  /** The same objects, every item a block entry of a compact ResourceList. */
  blockText: string;
  items: Written[];
  /** Unowned items' and comments' exact texts, in input order. */
  unowned: Fragment[];
  /** Stream or list. */
  mode: 'list' | 'stream';
  /** Streams: starts with a byte-order mark; uses CRLF line breaks. */
  bom: boolean;
  crlf: boolean;
  [fc.toStringMethod](): string;
}

const indentLines = (text: string, by: string) =>
  text.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : by + l)).join('\n') + '\n';

const propsText = (props: Props, i: number, anchor: string): string =>
  props === 'anchor' ? `&${anchor}${i}` : props === 'tag' ? '!!map' : props === 'anchor+tag' ? `&${anchor}${i} !!map` : '';

const describeForm = (body: Body, props: Props, own: boolean) =>
  `${body}${props ? ` with ${props}${body !== 'block' && own ? ' on its own line' : ''}` : ''}`;

function makeCase(mode: 'list' | 'stream', all: Piece[], styles: Style[], listIndent: number, trailing: string | null, bom = false, crlf = false): Case {
  const items: Written[] = [];
  const unowned: Fragment[] = [];
  let body = '';
  const ind = ' '.repeat(listIndent);
  for (const [i, piece] of all.entries()) {
    const st = styles[i] ?? { body: 0, props: '', propsOwnLine: false, comment: null, commentAtColumn0: false, marker: 'plain', commentDocument: null };
    if (st.comment !== null) {
      const line = `${st.commentAtColumn0 || mode === 'stream' ? '' : ind}# between items ${i}: ${st.comment}`.trimEnd() + '\n';
      body += line;
      unowned.push({ what: `comment before item ${i}`, text: line });
    }
    if (mode === 'stream' && st.commentDocument !== null) {
      const note = `# a document that only holds this comment, before item ${i}: ${st.commentDocument.text}`.trimEnd();
      const doc = st.commentDocument.onMarker ? `--- ${note}\n` : `---\n${note}\n`;
      body += doc;
      unowned.push({ what: `comment-only document before item ${i}`, text: doc });
    }
    const b = bodyOf(piece, st.body);
    const docText = piece.texts[b]!;
    const props = propsText(st.props, i, mode === 'list' ? 'item' : 'doc');
    const form = describeForm(b, st.props, st.propsOwnLine);
    let entry: string;
    if (mode === 'list') {
      if (b === 'block' && props) entry = `${ind}- ${props}\n${indentLines(docText, `${ind}  `)}`;
      else if (b === 'block') entry = indentLines(resourceListText([docText]).split('items:\n')[1]!, ind);
      else if (props && st.propsOwnLine) entry = `${ind}- ${props}\n${indentLines(docText, `${ind}  `)}`;
      else {
        const [first, ...rest] = docText.split('\n');
        entry = `${ind}- ${props ? `${props} ` : ''}${first}\n${rest.length ? indentLines(rest.join('\n'), `${ind}  `) : ''}`;
      }
      items.push({ piece, form });
    } else {
      // A stream document: `---` then the text, or the text starting with its own `---` line.
      const doc = b === 'block' ? docText : `${docText}\n`;
      const marker = st.marker;
      if (marker === 'props-on-marker' && props) entry = `--- ${props}\n${doc}`;
      else if (marker === 'flow-on-marker' && b !== 'block' && !props) entry = `--- ${docText.split('\n')[0]}\n${docText.split('\n').slice(1).map((l) => `${l}\n`).join('')}`;
      else if (marker === 'comment-on-marker') entry = `--- # document ${i}\n${props ? `${props}\n` : ''}${doc}`;
      else entry = `---\n${props ? `${props}\n` : ''}${doc}`;
      const streamForm = `${b}${props ? ` with ${st.props}` : ''}${entry.startsWith('---\n') ? '' : `, ${marker}`}`;
      items.push({ piece, form: streamForm });
    }
    body += entry;
    if (!piece.owned) unowned.push({ what: `item ${i} (${piece.label}, ${items[i]!.form})`, text: entry });
  }
  if (trailing !== null) {
    const line = `${mode === 'list' ? ind : ''}# after the last item: ${trailing}`.trimEnd() + '\n';
    body += line;
    unowned.push({ what: 'comment after the last item', text: line });
  }
  const lines = (t: string) => (crlf ? t.replaceAll('\n', '\r\n') : t);
  const text = mode === 'list' ? `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${body}` : `${bom ? '\ufeff' : ''}${lines(body)}`;
  const blockText = resourceListText(all.map((p) => p.texts.block!));
  return {
    text,
    blockText,
    items,
    unowned: unowned.map((f) => ({ ...f, text: lines(f.text) })),
    mode,
    bom,
    crlf,
    [fc.toStringMethod]() {
      const forms = items.map((w, i) => `  ${i}: ${w.piece.label} as ${w.form}`).join('\n');
      return `\n===== ${mode} input (${items.length} items${bom ? ', byte-order mark' : ''}${crlf ? ', CRLF' : ''}) =====\n${text}===== forms =====\n${forms}\n`;
    },
  };
}

const caseOf = (mode: 'list' | 'stream') =>
  fc
    .record({
      all: pieces,
      styles: fc.array(style, { minLength: 8, maxLength: 8 }),
      listIndent: fc.constantFrom(0, 2),
      trailing: fc.option(fc.stringMatching(/^[ -~]{0,20}$/), { freq: 4 }),
      bom: mode === 'stream' ? fc.boolean() : fc.constant(false),
      crlf: mode === 'stream' ? fc.boolean() : fc.constant(false),
    })
    .map(({ all, styles, listIndent, trailing, bom, crlf }) => makeCase(mode, all, styles, listIndent, trailing, bom, crlf));

// ---------------------------------------------------------------------------------------------
// Checks, each throwing a message that says which item and what differs.

class Mismatch extends Error {}
const fail = (message: string): never => {
  throw new Mismatch(message);
};
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

/** The first path at which two plain values differ, or undefined when they are deep-equal. */
function firstDiff(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    for (const k of new Set([...ka, ...kb])) {
      const d = firstDiff((a as any)[k], (b as any)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return `${path || '(root)'}: ${show(a)} vs ${show(b)}`;
}

const around = (text: string, at: number) => {
  const start = Math.max(0, at - 200);
  return `${start > 0 ? '…' : ''}${text.slice(start, at)}⟦here⟧${text.slice(at, at + 400)}${at + 400 < text.length ? '…' : ''}`;
};

/** Every unowned item and comment appears verbatim in the output, in input order. */
function checkUnownedBytes(c: Case, stdout: string): void {
  let from = 0;
  for (const f of c.unowned) {
    const at = stdout.indexOf(f.text, from);
    if (at < 0) {
      const anywhere = stdout.indexOf(f.text);
      fail(
        `${f.what} is not in the output verbatim${anywhere >= 0 ? ' after the previous unowned item (it is earlier: out of order)' : ''}.\n` +
          `--- expected bytes ---\n${f.text}--- output after the previous match (offset ${from}) ---\n${around(stdout, from)}`,
      );
    }
    from = at + f.text.length;
  }
}

const identify = (o: Obj) => `${o?.kind} ${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;

/** Generated objects, results, exit code and the Shards' annotation: the same as the all-block run. */
function checkOwned(c: Case, out: RunOutput, outObjects: Obj[], block: RunOutput, blockItems: Obj[]): void {
  const generated = outObjects.filter(isGenerated);
  const expected = blockItems.filter(isGenerated);
  for (let i = 0; i < Math.max(generated.length, expected.length); i++) {
    const d = firstDiff(generated[i], expected[i]);
    if (d !== undefined) {
      fail(
        `generated object #${i} differs from the all-block run (${generated.length} vs ${expected.length} generated objects).\n` +
          `this run: ${identify(generated[i]!)}; all-block run: ${identify(expected[i]!)}\nfirst difference at ${d}`,
      );
    }
  }
  if (out.exitCode !== block.exitCode) fail(`exit code ${out.exitCode}, the all-block run's ${block.exitCode}`);
  const shards = outObjects.filter((o) => o?.kind === 'Shard' && !isGenerated(o));
  const inputShards = c.items.filter((w) => w.piece.owned);
  if (shards.length !== inputShards.length) fail(`${shards.length} Shards in the output, ${inputShards.length} in the input`);
  for (const [i, w] of inputShards.entries()) {
    const d = firstDiff(shards[i], w.piece.expected);
    if (d !== undefined) fail(`${w.piece.label} (written as ${w.form}) does not read back as its input plus ${LOCAL_CONFIG}: "true"; first difference at ${d}`);
  }
}

function checkResults(out: RunOutput, block: RunOutput): void {
  for (let i = 0; i < Math.max(out.results.length, block.results.length); i++) {
    const d = firstDiff(out.results[i], block.results[i]);
    if (d !== undefined) {
      fail(`result #${i} differs from the all-block run (${out.results.length} vs ${block.results.length} results): ${d}\nthis run: ${show(out.results[i])}\nall-block: ${show(block.results[i])}`);
    }
  }
}

function readListOrFail(text: string, what: string): { items?: Obj[]; kind?: string } {
  try {
    return parse(text, READ) as { items?: Obj[] };
  } catch (e) {
    return fail(`${what}'s output is not valid YAML 1.2: ${(e as Error).message}`);
  }
}

/** Generator self-check: the mixed input reads as the same objects as the all-block input. */
function checkInput(c: Case): void {
  const blockItems = (parse(c.blockText, READ) as { items: Obj[] }).items;
  const read =
    c.mode === 'list'
      ? ((parse(c.text, READ) as { items: Obj[] }).items ?? [])
      : parseAllDocuments(c.text, READ).map((d) => {
          if (d.errors.length) throw new Error(`test generator bug: invalid stream document: ${d.errors[0]!.message}`);
          return d.toJS() as Obj;
        }).filter((o) => o !== null && o !== undefined);
  if (read.length !== blockItems.length) throw new Error(`test generator bug: ${read.length} items read, ${blockItems.length} written`);
  for (const [i, w] of c.items.entries()) {
    if (!w.piece.owned && w.piece.label.startsWith('Widget')) continue; // hand-written values read per form
    const d = firstDiff(read[i], blockItems[i]);
    if (d !== undefined) throw new Error(`test generator bug: item ${i} (${w.piece.label}, ${w.form}) reads differently from its block form at ${d}`);
  }
}


describe('item styles (property)', () => {
  it('in a ResourceList, block, flow and JSON items: unowned bytes unchanged, owned output as if all were block', () => {
    fc.assert(
      fc.property(caseOf('list'), (c) => {
        checkInput(c);
        const out = runResourceList(c.text);
        const block = runResourceList(c.blockText);
        checkUnownedBytes(c, out.stdout);
        const list = readListOrFail(out.stdout, 'the mixed-style run');
        if (list?.kind !== 'ResourceList') fail('the output is not a ResourceList');
        const items = list.items ?? [];
        const blockItems = readListOrFail(block.stdout, 'the all-block run').items ?? [];
        if (items.length !== blockItems.length) fail(`${items.length} output items, the all-block run has ${blockItems.length}`);
        checkOwned(c, out, items, block, blockItems);
        checkResults(out, block);
      }),
      { seed: 11, numRuns: NUM_RUNS },
    );
  }, TIMEOUT);

  it('a plain stream with JSON and flow documents, comment-only documents, a byte-order mark, CRLF comes back as a stream: unowned documents verbatim, the same generated objects, its line breaks', () => {
    fc.assert(
      fc.property(caseOf('stream'), (c) => {
        checkInput(c);
        const out = runResourceList(c.text);
        const block = runResourceList(c.blockText);
        const docs = parseAllDocuments(out.stdout, READ);
        const objects: Obj[] = [];
        for (const [i, d] of docs.entries()) {
          if (d.errors.length) fail(`output document ${i} is not valid YAML 1.2: ${d.errors[0]!.message}`);
          const o = d.toJS() as Obj;
          if (o === null || o === undefined) continue;
          if (o.kind === 'ResourceList') fail(`a plain stream came back as a ResourceList (output document ${i}; form ${out.form})`);
          objects.push(o);
        }
        checkUnownedBytes(c, out.stdout);
        checkOwned(c, out, objects, block, readListOrFail(block.stdout, 'the all-block run').items ?? []);
        if (out.stdout.startsWith('\ufeff') !== c.bom) fail(`the input ${c.bom ? 'starts' : 'does not start'} with a byte-order mark, the output ${c.bom ? 'does not' : 'does'}`);
        if (out.stdout.indexOf('\ufeff', 1) !== -1) fail(`a byte-order mark in the middle of the output, at ${out.stdout.indexOf('\ufeff', 1)}`);
        const bare = out.stdout.search(/(?<!\r)\n/);
        if (c.crlf && bare !== -1) fail(`a line break without CR in the output of a CRLF stream:\n${around(out.stdout, bare)}`);
        if (runResourceList(out.stdout).stdout !== out.stdout) fail('a second run on the output changes it');
      }),
      { seed: 12, numRuns: NUM_RUNS },
    );
  }, TIMEOUT);
});
