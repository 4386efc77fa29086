// The function never changes bytes it does not own, through the real tools, on test/quirks/: a
// kpt package of manifests written every odd way kpt accepts (JSON, CRLF, a byte-order mark,
// anchors, aliases and merge keys, tags and anchors on `---`, scalars YAML 1.1 and 1.2 read
// differently, flow style, block scalars, comments everywhere, `...`, a trailing `---`, a
// duplicate key) plus render-only/, which kpt refuses (`%YAML`, properties on a later `---`).
//
// kpt: the package rendered by the function and by a no-op (`cat`) must be byte-identical but for
// the Shards' local-config annotation and the *.rendered.yaml files; a second render changes
// nothing. kustomize: every object the function does not own comes out of the legacy exec
// plugin as it comes out of a build without it. render: every unowned document is printed as its
// source text.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { functionOnPath, isGenerated } from './helpers.js';

const repo = new URL('..', import.meta.url).pathname;
const bundle = join(repo, 'dist/expand-pool-backups.mjs');
const quirks = join(repo, 'test/quirks');
const pluginHome = join(repo, 'examples/kustomize/plugin-home');
const PLACEHOLDER = 'exec: ./replaced-by-the-test';
const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

// ---------------------------------------------------------------------------------------------
// Tools: a missing one fails the test, it never skips it.

function requireTool(name: string, args: string[]): void {
  const r = spawnSync(name, args, { encoding: 'utf8' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(`${name} not found on PATH`);
  if (r.status !== 0) throw new Error(`\`${name} ${args.join(' ')}\` failed (exit ${r.status}): ${r.stderr}`);
}

function requireBundle(): void {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
}

// ---------------------------------------------------------------------------------------------
// Reporting differences: the file and the first differing line, with \r and the BOM visible.

const show = (line: string | undefined) => (line === undefined ? '(end of file)' : JSON.stringify(line));

/** undefined when equal, else where and how `actual` first differs from `expected`. */
function firstDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  const a = expected.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `first difference at line ${i + 1}:\n    expected ${show(a[i])}\n    actual   ${show(b[i])}`;
}

/** The same for raw bytes: differences that vanish in UTF-8 decoding are still reported. */
const firstByteDifference = (expected: Buffer, actual: Buffer): string | undefined =>
  expected.equals(actual) ? undefined : (firstDifference(expected.toString('utf8'), actual.toString('utf8')) ?? 'the bytes differ (not as UTF-8 text)');

/** Line diff (longest common subsequence): the lines only in `a` and only in `b`, with their line numbers. */
function lineDiff(a: string[], b: string[]): { removed: Array<[number, string]>; added: Array<[number, string]> } {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const removed: Array<[number, string]> = [];
  const added: Array<[number, string]> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      added.push([j + 1, b[j]!]);
      j++;
    } else {
      removed.push([i + 1, a[i]!]);
      i++;
    }
  }
  return { removed, added };
}

// ---------------------------------------------------------------------------------------------
// Files and documents.

/** Every file under `dir` (relative slash paths), as raw bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(dir, full).split('\\').join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

type Obj = Record<string, any>;

/** The documents of a YAML (or JSON) text as plain data; throws with the file name on a parse error. */
function parseDocs(text: string, file: string, version: '1.1' | '1.2' = '1.1'): Obj[] {
  const docs = parseAllDocuments(text.replace(/^\ufeff/, ''), { version, uniqueKeys: false, merge: true });
  if (!Array.isArray(docs)) return [];
  return docs.map((d) => {
    if (d.errors.length > 0) throw new Error(`${file} does not parse: ${d.errors[0]!.message}`);
    return d.toJS({ maxAliasCount: -1 }) as Obj;
  });
}

const identity = (o: Obj) => `${o?.kind}/${o?.metadata?.namespace ?? ''}/${o?.metadata?.name}`;
const isShard = (o: Obj) => o?.kind === 'Shard' && String(o?.apiVersion).startsWith('multigres.com/');
const isOwnedSource = (o: Obj) => isShard(o) || (o?.kind === 'ExpandPoolBackups' && String(o?.apiVersion).startsWith('fn.multigres.com/'));

// ---------------------------------------------------------------------------------------------
// kpt

/** Two executables outside the packages: the function (the bundle under node) and a no-op. */
function scripts(): { fn: string; noop: string } {
  const dir = mkdtempSync(join(tmpdir(), 'epb-quirks-bin-'));
  const fn = join(dir, 'expand-pool-backups.sh');
  const noop = join(dir, 'noop.sh');
  writeFileSync(fn, `#!/bin/sh\nexec "${process.execPath}" "${bundle}"\n`);
  writeFileSync(noop, '#!/bin/sh\nexec cat\n');
  chmodSync(fn, 0o755);
  chmodSync(noop, 0o755);
  return { fn, noop };
}

/** A copy of test/quirks whose Kptfile runs `script`. */
function packageCopy(script: string, label: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `epb-quirks-${label}-`)), 'quirks');
  cpSync(quirks, dir, { recursive: true });
  const kptfile = readFileSync(join(dir, 'Kptfile'), 'utf8');
  if (!kptfile.includes(PLACEHOLDER)) throw new Error(`test/quirks/Kptfile no longer holds the placeholder \`${PLACEHOLDER}\``);
  writeFileSync(join(dir, 'Kptfile'), kptfile.replace(PLACEHOLDER, `exec: ${script}`));
  return dir;
}

function kptRender(dir: string): void {
  const out = spawnSync('kpt', ['fn', 'render', '--allow-exec', '--truncate-output=false', dir], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`kpt fn render ${dir} failed (exit ${out.status}):\n${out.stderr}${out.stdout}`);
}

/** The Kptfile with the mutator's path put back to the placeholder: the two packages differ there by design. */
const kptfileText = (text: string) => text.replace(/^(\s*-\s*)exec: \S+$/m, `$1${PLACEHOLDER}`);

/**
 * A Shard's file after the function's render against the no-op's: the same data once the
 * local-config annotation is taken out (an emptied annotations map with it), and, line by line,
 * nothing removed and nothing added but the annotation (and the `annotations` key that holds it
 * when the Shard had none). JSON is compared with trailing commas dropped: kpt writes it with
 * keys sorted, so inserting a key can move a comma.
 */
function ownedFileProblems(file: string, noopText: string, fnText: string): string[] {
  const problems: string[] = [];
  const noopDocs = parseDocs(noopText, `${file} (no-op render)`);
  const fnDocs = parseDocs(fnText, `${file} (function's render)`);
  if (noopDocs.length !== fnDocs.length) return [`${file}: ${noopDocs.length} documents after the no-op render, ${fnDocs.length} after the function's`];
  let annotationsAdded = 0;
  noopDocs.forEach((before, index) => {
    const after = structuredClone(fnDocs[index]!);
    if (isShard(before)) {
      if (after?.metadata?.annotations?.[LOCAL_CONFIG] !== 'true') problems.push(`${file}: Shard ${identity(before)} lacks ${LOCAL_CONFIG}: "true" after the function's render`);
      if (before?.metadata?.annotations?.[LOCAL_CONFIG] === undefined) {
        delete after?.metadata?.annotations?.[LOCAL_CONFIG];
        if (before?.metadata?.annotations === undefined && after?.metadata?.annotations && Object.keys(after.metadata.annotations).length === 0) {
          delete after.metadata.annotations;
          annotationsAdded++;
        }
      }
    }
    try {
      expect(after).toEqual(before);
    } catch {
      const d = firstDifference(stringify(before, { sortMapEntries: true }), stringify(after, { sortMapEntries: true }));
      problems.push(`${file}: document ${index + 1} (${identity(before)}) has other data after the function's render than after the no-op's (sorted keys), ${d}`);
    }
  });
  const lines = (t: string) => (file.endsWith('.json') ? t.split('\n').map((l) => l.replace(/,\s*$/, '')) : t.split('\n'));
  const { removed, added } = lineDiff(lines(noopText), lines(fnText));
  for (const [n, line] of removed) problems.push(`${file}: line ${n} of the no-op render is missing from the function's render: ${show(line)}`);
  let opened = 0;
  let closed = 0;
  for (const [n, line] of added) {
    if (line.includes(LOCAL_CONFIG)) continue;
    if (/^\s*"?annotations"?\s*:\s*\{?\s*$/.test(line) && opened < annotationsAdded) {
      opened++;
      continue;
    }
    if (file.endsWith('.json') && /^\s*\}\s*$/.test(line) && closed < opened) {
      closed++;
      continue;
    }
    problems.push(`${file}: line ${n} of the function's render is neither in the no-op render nor the local-config annotation: ${show(line)}`);
  }
  return problems;
}

describe('quirky manifests through kpt fn render', () => {
  it('changes no byte it does not own, and a second render changes nothing', () => {
    requireTool('kpt', ['version']);
    requireBundle();
    const bin = scripts();
    const noopDir = packageCopy(bin.noop, 'noop');
    const fnDir = packageCopy(bin.fn, 'fn');
    kptRender(noopDir);
    kptRender(fnDir);
    const noop = readTree(noopDir);
    const fn = readTree(fnDir);

    // Which files hold Shards, and what each Shard's rendered file is called.
    const shardFiles = new Set<string>();
    const renderedFiles = new Set<string>();
    for (const [file, bytes] of noop) {
      if (!/\.(ya?ml|json)$/.test(file) || file.startsWith('render-only/')) continue;
      for (const doc of parseDocs(bytes.toString('utf8'), file)) {
        if (!isShard(doc)) continue;
        shardFiles.add(file);
        renderedFiles.add(`${file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : ''}${doc.metadata.name}.rendered.yaml`);
      }
    }
    expect([...shardFiles].sort(), 'the Shards of test/quirks').toEqual(['shard-json.json', 'shard.yaml']);

    const problems: string[] = [];
    for (const [file, bytes] of noop) {
      const mine = fn.get(file);
      if (mine === undefined) {
        problems.push(`${file}: exists after the no-op render, missing after the function's`);
        continue;
      }
      if (shardFiles.has(file)) {
        problems.push(...ownedFileProblems(file, bytes.toString('utf8'), mine.toString('utf8')));
        continue;
      }
      const d = file === 'Kptfile' ? firstDifference(kptfileText(bytes.toString('utf8')), kptfileText(mine.toString('utf8'))) : firstByteDifference(bytes, mine);
      if (d) problems.push(`${file}: the function's render differs from the no-op render, ${d}`);
    }
    const extra = [...fn.keys()].filter((f) => !noop.has(f)).sort();
    if (extra.join('\n') !== [...renderedFiles].sort().join('\n')) {
      problems.push(`files only the function's render has: ${extra.join(', ') || '(none)'}; expected exactly ${[...renderedFiles].sort().join(', ')}`);
    }
    expect(problems.join('\n\n'), 'kpt fn render: the function against a no-op').toBe('');

    // Again: whatever kpt itself rewrites on a second render is kpt's; everything else must stay.
    kptRender(noopDir);
    kptRender(fnDir);
    const noop2 = readTree(noopDir);
    const fn2 = readTree(fnDir);
    const kptOwn = new Set([...noop.keys(), ...noop2.keys()].filter((f) => !noop.get(f)?.equals(noop2.get(f) ?? Buffer.alloc(0)) || !noop2.has(f)));
    const again: string[] = [];
    for (const file of new Set([...fn.keys(), ...fn2.keys()])) {
      if (kptOwn.has(file)) continue;
      const before = fn.get(file);
      const after = fn2.get(file);
      if (before === undefined) again.push(`${file}: written by the second render only`);
      else if (after === undefined) again.push(`${file}: removed by the second render`);
      else {
        const d = firstByteDifference(before, after);
        if (d) again.push(`${file}: the second render changed it, ${d}`);
      }
    }
    expect(again.join('\n\n'), `kpt fn render twice${kptOwn.size ? ` (not compared, kpt rewrites them itself: ${[...kptOwn].join(', ')})` : ''}`).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// kustomize (kubectl's), with the legacy exec plugin

/** Quirk files kustomize refuses on its own, without the function (duplicate keys). */
const KUSTOMIZE_REFUSES = new Set(['duplicate-key.yaml']);

/** test/quirks' kpt files as one kustomize base, and two overlays: with and without the plugin. */
function kustomizeTree(): { withPlugin: string; without: string; sources: Map<string, string> } {
  const root = mkdtempSync(join(tmpdir(), 'epb-quirks-kustomize-'));
  const base = join(root, 'base');
  mkdirSync(base);
  const sources = new Map<string, string>();
  const resources: string[] = [];
  for (const e of readdirSync(quirks, { withFileTypes: true })) {
    if (!e.isFile() || !/\.(ya?ml|json)$/.test(e.name) || e.name === 'backups.yaml' || KUSTOMIZE_REFUSES.has(e.name)) continue;
    cpSync(join(quirks, e.name), join(base, e.name));
    resources.push(e.name);
    for (const doc of parseDocs(readFileSync(join(quirks, e.name), 'utf8'), e.name)) if (doc) sources.set(identity(doc), e.name);
  }
  // The values the YAML 1.1 reader turns into NaN, a float, an integer and a time, in one place.
  writeFileSync(
    join(base, 'kustomize-values.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kustomize-values\n  namespace: quirks\ndata:\n  dot: .\n  quoted-dot: "."\n  clock: 1:20\n  octal: 0o17\n  stamp: 2018-12-02T08:09:25Z\n',
  );
  resources.push('kustomize-values.yaml');
  sources.set('ConfigMap/quirks/kustomize-values', 'kustomize-values.yaml');
  writeFileSync(join(base, 'kustomization.yaml'), `resources:\n${resources.sort().map((r) => `- ${r}\n`).join('')}`);
  const withPlugin = join(root, 'with-plugin');
  const without = join(root, 'without');
  mkdirSync(withPlugin);
  mkdirSync(without);
  writeFileSync(join(withPlugin, 'backups.yaml'), 'apiVersion: fn.multigres.com/v1alpha1\nkind: ExpandPoolBackups\nmetadata:\n  name: backups\nspec:\n  protectBackupVolumes: true\n');
  writeFileSync(join(withPlugin, 'kustomization.yaml'), 'resources:\n- ../base\ntransformers:\n- backups.yaml\n');
  writeFileSync(join(without, 'kustomization.yaml'), 'resources:\n- ../base\n');
  return { withPlugin, without, sources };
}

describe('quirky manifests through kubectl kustomize and the legacy exec plugin', () => {
  it('builds, and every object the function does not own comes out as it does without the plugin', () => {
    requireTool('kubectl', ['version', '--client']);
    requireBundle();
    const { withPlugin, without, sources } = kustomizeTree();
    const plain = spawnSync('kubectl', ['kustomize', without], { encoding: 'utf8' });
    expect(plain.status, `kubectl kustomize without the plugin: ${plain.stderr}`).toBe(0);
    const built = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', withPlugin], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${functionOnPath()}:${process.env.PATH}`, KUSTOMIZE_PLUGIN_HOME: pluginHome },
    });
    expect(built.status, `kubectl kustomize --enable-alpha-plugins with the plugin failed:\n${built.stderr}`).toBe(0);

    const problems: string[] = [];
    // Both schemas: a difference either reader sees is one kubectl or a controller may see.
    for (const version of ['1.1', '1.2'] as const) {
      const expected = new Map(parseDocs(plain.stdout, 'kustomize output without the plugin', version).filter((o) => !isShard(o)).map((o) => [identity(o), o]));
      const actual = parseDocs(built.stdout, 'kustomize output with the plugin', version).filter((o) => !isGenerated(o));
      const seen = new Set<string>();
      for (const object of actual) {
        const key = identity(object);
        seen.add(key);
        const want = expected.get(key);
        const from = sources.get(key) ?? '?';
        if (isShard(object)) problems.push(`YAML ${version}: ${key} (${from}) is in the build output; Shards are local configuration`);
        else if (want === undefined) problems.push(`YAML ${version}: ${key} (${from}) is in the output with the plugin only`);
        else {
          const d = firstDifference(stringify(want, { sortMapEntries: true }), stringify(object, { sortMapEntries: true }));
          if (d) problems.push(`YAML ${version}: ${key} (from ${from}) differs from the build without the plugin (as data, sorted keys), ${d}`);
        }
      }
      for (const key of expected.keys()) if (!seen.has(key)) problems.push(`YAML ${version}: ${key} (${sources.get(key) ?? '?'}) is missing from the output with the plugin`);
    }
    expect(problems.join('\n\n'), 'kubectl kustomize: unowned objects with the plugin against without it').toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// render mode

/** Output documents of `render`: split at `---` lines (a comment may follow), first line dropped. */
function outputDocuments(stdout: string): string[][] {
  const docs: string[][] = [];
  for (const line of stdout.split('\n')) {
    if (/^---(?:[ \t]+#.*)?\r?$/.test(line)) docs.push([]);
    else if (docs.length === 0) throw new Error(`render's output does not start with a \`---\` line: ${show(line)}`);
    else docs[docs.length - 1]!.push(line);
  }
  if (docs.length > 0 && docs[docs.length - 1]!.at(-1) === '') docs[docs.length - 1]!.pop();
  return docs;
}

interface SourceDocument {
  file: string;
  /** Line numbers in the file, 1-based, of `lines`. */
  numbers: number[];
  /** The document's lines as render must print them. */
  lines: string[];
  value: Obj;
  /** Comment lines after the document's `...` (outside any document body), with their line numbers. */
  trailer: { numbers: number[]; lines: string[] };
}

/** Orchestrator annotations render removes: `config.kubernetes.io/*`, `internal.config.kubernetes.io/*`. */
const ORCHESTRATOR_LINE = /^\s+"?(?:internal\.)?config\.kubernetes\.io\/[^:]*"?\s*:/;

/**
 * The documents of a source file, with the lines render must print for each: everything from the
 * line after one `---` to the next, except that a `--- &anchor` / `--- !!tag` line gives its
 * properties a line of their own, `%` directives go, and orchestrator annotations go. What
 * follows a `...` up to the next `---` (comments) is outside every document body: it is the
 * document's trailer, a document that holds only comments, and must be printed as a document of
 * its own right after it (its own `---` line, then its lines).
 */
function sourceDocuments(file: string, text: string): SourceDocument[] {
  const all = text.replace(/^\ufeff/, '').split('\n');
  if (all.at(-1) === '') all.pop();
  const docs: Array<{ numbers: number[]; lines: string[] }> = [{ numbers: [], lines: [] }];
  all.forEach((line, i) => {
    const marker = /^---(?:[ \t]+(.*?))?(\r?)$/.exec(line);
    if (marker) {
      docs.push({ numbers: [], lines: [] });
      const rest = marker[1];
      if (rest !== undefined && rest !== '' && !rest.startsWith('#')) {
        docs.at(-1)!.numbers.push(i + 1);
        docs.at(-1)!.lines.push(rest + marker[2]);
      }
      return;
    }
    if (/^%/.test(line)) return;
    if (ORCHESTRATOR_LINE.test(line)) return;
    docs.at(-1)!.numbers.push(i + 1);
    docs.at(-1)!.lines.push(line);
  });
  const out: SourceDocument[] = [];
  for (const doc of docs) {
    const end = doc.lines.findIndex((l) => /^\.\.\.\r?$/.test(l));
    const trailer = end === -1 ? { numbers: [], lines: [] } : { numbers: doc.numbers.splice(end + 1), lines: doc.lines.splice(end + 1) };
    if (trailer.lines.every((l) => l.trim() === '')) trailer.lines = trailer.numbers = [];
    const [value] = parseDocs(doc.lines.join('\n'), file);
    if (value === null || value === undefined || typeof value !== 'object') continue;
    out.push({ file, ...doc, value, trailer });
  }
  return out;
}

describe('quirky manifests through render', () => {
  it('prints every unowned document as its source text', () => {
    requireBundle();
    const dir = join(mkdtempSync(join(tmpdir(), 'epb-quirks-render-')), 'quirks');
    cpSync(quirks, dir, { recursive: true });
    const out = spawnSync(process.execPath, [bundle, 'render', dir], { encoding: 'utf8' });
    expect(out.status, `render ${dir} failed:\n${out.stderr}`).toBe(0);

    const documents = outputDocuments(out.stdout);
    const printed = new Map<string, number>();
    documents.forEach((lines, i) => {
      const [value] = parseDocs(lines.join('\n'), 'render output');
      if (value && typeof value === 'object') printed.set(identity(value), i);
    });

    const problems: string[] = [];
    let checked = 0;
    let trailers = 0;
    for (const [file, bytes] of readTree(quirks)) {
      if (!/\.(ya?ml|json)$/.test(file)) continue;
      for (const doc of sourceDocuments(file, bytes.toString('utf8'))) {
        if (isOwnedSource(doc.value)) continue;
        checked++;
        const key = identity(doc.value);
        const at = printed.get(key);
        if (at === undefined) {
          problems.push(`${file}: ${key} (line ${doc.numbers[0]}) is not in render's output`);
          continue;
        }
        const lines = documents[at]!;
        // Every source line, in order...
        let i = 0;
        const missing = doc.lines.findIndex((line) => {
          while (i < lines.length && lines[i] !== line) i++;
          if (i === lines.length) return true;
          i++;
          return false;
        });
        if (missing !== -1) {
          problems.push(`${file}: line ${doc.numbers[missing]} of ${key} is not in render's output (in order): ${show(doc.lines[missing])}\n    printed:\n${lines.map((l) => `      ${show(l)}`).join('\n')}`);
          continue;
        }
        // ...and nothing else; what follows its `...` is the next document of the output, on its own.
        const d = firstDifference(doc.lines.join('\n'), lines.join('\n'));
        if (d) problems.push(`${file}: render printed ${key} (line ${doc.numbers[0]}) with more than its source text, ${d}`);
        const { trailer } = doc;
        if (trailer.lines.length > 0) {
          trailers++;
          const next = documents[at + 1];
          if (next?.join('\n') !== trailer.lines.join('\n')) {
            problems.push(`${file}: line${trailer.numbers.length > 1 ? `s ${trailer.numbers[0]}-${trailer.numbers.at(-1)}` : ` ${trailer.numbers[0]}`}, after the \`...\` of ${key}: not printed as a document of its own right after it: ${trailer.lines.map(show).join(', ')}; the next document printed is ${next ? next.map(show).join(', ') : 'none'}`);
          }
        }
      }
    }
    expect(trailers, 'comments after a `...` found in test/quirks').toBeGreaterThanOrEqual(1);
    expect(checked, 'unowned documents found in test/quirks').toBeGreaterThanOrEqual(19);
    expect(problems.join('\n\n'), 'render: unowned documents against their source text').toBe('');
  });
});
