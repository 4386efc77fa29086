// `npm run bench`: the function beside a read-and-write floor and peer implementations, each as
// its own process on the same input, rows interleaved within each round, ratios per round. Beside
// them, the function on the same objects with some items in flow style (`generate.mjs --style
// mixed`: JSON items as kpt passes .json files, a few YAML flow mappings): no cliff for those.
// The package rows: a package shaped like real repositories (generate.mjs's corpusPackage: large
// CRDs whose descriptions mention Secrets, a 40,000-item list in one document, a 3 MB line, JSON
// files, many small multi-document files, one Shard) in the three forms the function is given,
// beside a program that only copies it (bench/noop.mjs), rows interleaved.
// Usage: node bench/run.mjs [--sizes 1,10,100,1000,5000] [--rounds 5] [--write docs/benchmarks.md] [--smoke] [--inherit-env] [--no-package]
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { corpusPackage, generate } from './generate.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const sizes = option('--sizes', '1,10,100,1000,5000').split(',').map(Number);
const rounds = Number(option('--rounds', '5'));
const writeTo = option('--write', undefined);
const smoke = args.includes('--smoke');
// Every row runs with the same environment, less what changes the cost of starting Node itself:
// NODE_EXTRA_CA_CERTS makes every Node process parse that certificate file before it runs any
// script (with a full CA bundle, about 90 ms and 400 M instructions here), which would hide the
// start-up of whatever runs after it; NODE_OPTIONS could add flags to some rows' runs.
const STARTUP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const env = { ...process.env };
const removed = args.includes('--inherit-env') ? [] : STARTUP_VARIABLES.filter((name) => name in env);
for (const name of removed) delete env[name];

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });
const bundle = join(root, 'dist/expand-pool-backups.mjs');
const node = process.execPath;

const ROWS = [
  { name: 'function', argv: (f) => [node, bundle], output: (f) => f.output },
  { name: 'io-floor', argv: (f) => [node, join(root, 'bench/io-floor.mjs'), f.output] },
  { name: 'io-floor (CommonJS)', argv: (f) => [node, join(root, 'bench/io-floor.cjs'), f.output] },
  { name: 'identity-yaml', argv: () => [node, join(root, 'bench/identity-yaml.mjs')] },
  { name: 'identity-kpt-functions', argv: () => [node, join(root, 'bench/identity-kpt-functions.cjs')] },
  { name: 'node -e 0', argv: () => [node, '-e', '0'] },
];

/** One process: wall time around it, peak RSS from GNU time, stdout to a file or /dev/null. */
function measure(argv, input, output) {
  const stdin = openSync(input ?? '/dev/null', 'r');
  const stdout = openSync(output ?? '/dev/null', 'w');
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { stdio: [stdin, stdout, 'pipe'], maxBuffer: 64 << 20, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  closeSync(stdin);
  closeSync(stdout);
  const stderr = r.stderr.toString().trim().split('\n');
  const rssKb = Number(stderr.at(-1));
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${stderr.slice(0, 3).join(' ')}`);
  return { ms, rssMb: rssKb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 0) => x.toFixed(d);

const environment = removed.length > 0
  ? `Every row ran without ${removed.join(' and ')} (set in this environment): Node reads NODE_EXTRA_CA_CERTS at every start, before any script, which would add the same large constant to every row and hide start-up costs; \`--inherit-env\` keeps it.`
  : 'Every row ran in the inherited environment.';
console.log(environment);

const countGenerated = (outputText) => (outputText.match(/^  {2}fn\.multigres\.com\/rendered-from: /gm) ?? []).length || (outputText.match(/fn\.multigres\.com\/rendered-from: /g) ?? []).length;

const results = [];
for (const n of sizes) {
  const input = join(out, `input-${n}.yaml`);
  writeFileSync(input, generate(n));
  // The same objects with some items in flow style (JSON and YAML flow mappings on the dash line).
  const mixedInput = join(out, `input-${n}-mixed.yaml`);
  const mixedText = generate(n, { style: 'mixed' });
  writeFileSync(mixedInput, mixedText);
  const files = { input, output: join(out, `output-${n}.yaml`), mixedInput, mixedOutput: join(out, `output-${n}-mixed.yaml`) };
  // The function's output once, for io-floor and for counting objects.
  measure(ROWS[0].argv(files), input, files.output);
  const outputText = readFileSync(files.output, 'utf8');
  const generated = countGenerated(outputText);
  measure(ROWS[0].argv(files), mixedInput, files.mixedOutput);
  const mixedGenerated = countGenerated(readFileSync(files.mixedOutput, 'utf8'));
  const times = Object.fromEntries(ROWS.map((r) => [r.name, []]));
  const rss = Object.fromEntries(ROWS.map((r) => [r.name, []]));
  const mixed = { times: [], rss: [] };
  for (let round = 0; round < rounds; round++) {
    for (const row of ROWS) {
      // The mixed-style input beside the block one in the same round, after it in even rounds and
      // before it in odd ones (so neither always runs second).
      const runMixed = () => {
        const m = measure(ROWS[0].argv(files), mixedInput, join(out, `round-${n}-mixed.yaml`));
        mixed.times.push(m.ms);
        mixed.rss.push(m.rssMb);
      };
      if (row.name === 'function' && round % 2 === 1) runMixed();
      const m = measure(row.argv(files), input, row.output ? join(out, `round-${n}.yaml`) : undefined);
      times[row.name].push(m.ms);
      rss[row.name].push(m.rssMb);
      if (row.name === 'function' && round % 2 === 0) runMixed();
    }
  }
  const ratio = (other, row = 'function') => median(times[row].map((t, i) => t / times[other][i]));
  const entry = {
    n,
    inputMb: statSync(input).size / 1e6,
    outputMb: statSync(files.output).size / 1e6,
    generated,
    rows: ROWS.map((r) => ({ name: r.name, min: Math.min(...times[r.name]), median: median(times[r.name]), rss: Math.max(...rss[r.name]) })),
    usPerObject: generated ? (median(times.function) * 1000) / generated : 0,
    ratios: { 'node -e 0': ratio('node -e 0'), 'io-floor': ratio('io-floor'), 'io-floor (CommonJS)': ratio('io-floor (CommonJS)'), 'identity-yaml': ratio('identity-yaml'), 'identity-kpt-functions': ratio('identity-kpt-functions') },
    // What only reading the input and writing the output costs over starting Node.
    floorOverNode: ratio('node -e 0', 'io-floor'),
    // Mixed item styles over all block style: medians of per-round ratios, of wall time and of peak RSS.
    mixed: {
      inputMb: statSync(mixedInput).size / 1e6,
      json: (mixedText.match(/^- \{"/gm) ?? []).length,
      yamlFlow: (mixedText.match(/^- \{(?!")/gm) ?? []).length,
      generated: mixedGenerated,
      blockMs: median(times.function),
      ms: median(mixed.times),
      blockRss: median(rss.function),
      rss: median(mixed.rss),
      time: median(mixed.times.map((t, i) => t / times.function[i])),
      memory: median(mixed.rss.map((m, i) => m / rss.function[i])),
    },
  };
  results.push(entry);
  console.log(`\nN = ${n}: input ${fmt(entry.inputMb, 1)} MB, output ${fmt(entry.outputMb, 1)} MB, ${generated} generated objects, ${fmt(entry.usPerObject, 1)} µs per object in all`);
  for (const r of entry.rows) console.log(`  ${r.name.padEnd(24)} min ${fmt(r.min).padStart(7)} ms  median ${fmt(r.median).padStart(7)} ms  peak RSS ${fmt(r.rss).padStart(5)} MB`);
  console.log(`  function / ${Object.entries(entry.ratios).map(([k, v]) => `${k} ${fmt(v, 2)}x`).join(', function / ')}; io-floor / node -e 0 ${fmt(entry.floorOverNode, 2)}x`);
  const mx = entry.mixed;
  console.log(`  mixed item styles (${mx.json} JSON and ${mx.yamlFlow} YAML flow items, input ${fmt(mx.inputMb, 1)} MB): function median ${fmt(mx.ms)} ms (block ${fmt(mx.blockMs)}), peak RSS median ${fmt(mx.rss)} MB (block ${fmt(mx.blockRss)}); mixed / block: time ${fmt(mx.time, 2)}x, memory ${fmt(mx.memory, 2)}x`);
  if (mx.generated !== generated) console.log(`  note: on the mixed-style input the function generated ${mx.generated} objects, not ${generated}: the two runs did not do the same work`);

  // A re-render, as kpt runs the function on every render after the first: its own output (the
  // Shards and every object rendered before) as the input. Up to N=1000 (at 5000 the peer alone
  // takes minutes on 217 MB); informational, no target.
  if (n <= 1000 && !smoke) {
    const again = { fn: [], peer: [] };
    for (let round = 0; round < rounds; round++) {
      again.fn.push(measure([node, bundle], files.output, join(out, `round-${n}.yaml`)).ms);
      again.peer.push(measure(ROWS[3].argv(files), files.output).ms);
    }
    entry.rerender = { fn: median(again.fn), peer: median(again.peer), ratio: median(again.fn.map((t, i) => t / again.peer[i])) };
    console.log(`  re-render (input: this output): function median ${fmt(entry.rerender.fn)} ms, identity-kpt-functions median ${fmt(entry.rerender.peer)} ms, ratio ${fmt(entry.rerender.ratio, 2)}x`);
  }
}

// The package rows: each form of the same package, the function beside the copy-only no-op.
let pkg;
if (!args.includes('--no-package')) {
  const p = corpusPackage();
  const dir = join(out, 'package');
  rmSync(dir, { recursive: true, force: true });
  for (const f of p.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const config = join(out, 'package-config.yaml');
  writeFileSync(config, p.config);
  writeFileSync(join(out, 'package-krm.yaml'), p.krm);
  writeFileSync(join(out, 'package-stream.yaml'), p.stream);
  const noop = join(root, 'bench/noop.mjs');
  const forms = [
    { form: 'krm', what: 'ResourceList on stdin (kpt)', input: join(out, 'package-krm.yaml'), fn: [node, bundle], noop: [node, noop] },
    { form: 'stream', what: 'stream on stdin, --config (kustomize exec plugin)', input: join(out, 'package-stream.yaml'), fn: [node, bundle, '--config', config], noop: [node, noop] },
    { form: 'render', what: '`render DIR` (Argo CD plugin)', input: undefined, fn: [node, bundle, 'render', '--config', config, dir], noop: [node, noop, 'cat-dir', dir] },
  ];
  const pkgRounds = Math.max(rounds, 3);
  pkg = {
    files: p.files.length,
    mb: Buffer.byteLength(p.stream) / 1e6,
    forms: forms.map((f) => {
      const fn = { ms: [], rss: [] };
      const nop = { ms: [], rss: [] };
      for (let round = 0; round < pkgRounds; round++) {
        for (const [argv, into] of round % 2 ? [[f.noop, nop], [f.fn, fn]] : [[f.fn, fn], [f.noop, nop]]) {
          const m = measure(argv, f.input, join(out, `package-${f.form}-out.yaml`));
          into.ms.push(m.ms);
          into.rss.push(m.rssMb);
        }
      }
      const r = {
        ...f,
        fnMin: Math.min(...fn.ms), fnMedian: median(fn.ms), fnRss: Math.max(...fn.rss),
        noopMin: Math.min(...nop.ms), noopMedian: median(nop.ms), noopRss: Math.max(...nop.rss),
        time: median(fn.ms.map((t, i) => t / nop.ms[i])),
        memory: Math.max(...fn.rss) / Math.max(...nop.rss),
      };
      console.log(`package, ${f.form}: function min ${fmt(r.fnMin)} ms median ${fmt(r.fnMedian)} ms peak RSS ${fmt(r.fnRss)} MB; no-op min ${fmt(r.noopMin)} ms median ${fmt(r.noopMedian)} ms peak RSS ${fmt(r.noopRss)} MB; ${fmt(r.time, 2)}x time, ${fmt(r.memory, 2)}x memory`);
      return r;
    }),
  };
}

const targets = [];
/** A target of one measured value: met when it is at most the limit. */
const target = (what, value, limit) => ({ what, met: value <= limit, measured: fmt(value, 2) });
const at = (n) => results.find((r) => r.n === n);
// The floor row shows how much of that ratio any process that reads the input and writes the
// output pays: when io-floor itself is near 1.3x, the target leaves the function nothing.
if (at(1)) targets.push(target(`cold start, N=1: function / node -e 0 <= 1.3 (io-floor / node -e 0 in the same rounds: ${fmt(at(1).floorOverNode, 2)})`, at(1).ratios['node -e 0'], 1.3));
if (at(1)) targets.push(target('cold start, N=1: function / io-floor <= 1.5', at(1).ratios['io-floor'], 1.5));
if (pkg) for (const f of pkg.forms) targets.push({ what: `package, ${f.form}: function / no-op: time <= 1.5x, memory <= 2x`, met: f.time <= 1.5 && f.memory <= 2, measured: `time ${fmt(f.time, 2)}x, memory ${fmt(f.memory, 2)}x` });
if (at(1000)) {
  targets.push(target('N=1000: function / identity-yaml <= 0.15', at(1000).ratios['identity-yaml'], 0.15));
  targets.push(target('N=1000: function / identity-kpt-functions <= 0.7', at(1000).ratios['identity-kpt-functions'], 0.7));
  targets.push(target('N=1000: peak RSS <= 350 MB', at(1000).rows[0].rss, 350));
}
// No cliff for flow-style items: at every N from 100 on (below it start-up is most of either run),
// or at the largest N when none is that large.
const MIXED_LIMIT = 1.5;
const mixedAt = results.filter((r) => r.n >= 100);
if (mixedAt.length === 0 && results.length > 0) mixedAt.push(results.at(-1));
for (const r of mixedAt) {
  targets.push({
    what: `N=${r.n}: mixed-style items / block: time <= ${MIXED_LIMIT}x, memory <= ${MIXED_LIMIT}x`,
    met: r.mixed.time <= MIXED_LIMIT && r.mixed.memory <= MIXED_LIMIT,
    measured: `time ${fmt(r.mixed.time, 2)}x, memory ${fmt(r.mixed.memory, 2)}x`,
  });
}
// Linearity: the cost of each further object between consecutive sizes (start-up, a fixed cost
// that total time / objects spreads thinner as N grows, cancels out).
for (let i = 1; i < results.length; i++) {
  const [a, b] = [results[i - 1], results[i]];
  b.marginalUs = ((b.rows[0].median - a.rows[0].median) * 1000) / (b.generated - a.generated);
}
const flat = results.filter((r, i) => i > 0 && results[i - 1].n >= 100);
if (flat.length >= 2) {
  const per = flat.map((r) => r.marginalUs);
  const mid = median(per);
  targets.push(target(
    `marginal µs per object flat within ±30% from N=${results[results.indexOf(flat[0]) - 1].n} to ${flat.at(-1).n} (max deviation from their median)`,
    Math.max(...per.map((p) => Math.abs(p / mid - 1))),
    0.3,
  ));
}
// Informational, beside the target: a cost that grows with N (a check that is not linear) makes a
// marginal rise over the one before it; warm-up (the JIT compiling the hot code) makes the early
// marginals the largest, which the two-sided target above counts as much as a rise.
let rise;
if (flat.length >= 2) rise = Math.max(...flat.slice(1).map((r, i) => r.marginalUs / flat[i].marginalUs - 1));
if (results.length > 1) console.log(`\nMarginal µs per object (from the previous N): ${results.slice(1).map((r) => `N=${r.n} ${fmt(r.marginalUs, 1)}`).join(', ')}`);
if (rise !== undefined) console.log(`Largest rise of a marginal over the one before it (N >= 100): ${fmt(rise * 100)}% (a fall is negative)`);
console.log('\nTargets:');
for (const { what, met, measured } of targets) console.log(`  ${met ? 'met    ' : 'MISSED '} ${what}: ${measured}`);
if (smoke) console.log('(smoke run: timings are reported, never enforced)');

// Start-up in instructions (valgrind's callgrind, whatever the machine is doing): `node -e 0`
// and the function on the N=1 input, and the bundle's size. Counts move by a few million from run
// to run, because V8 searches for a random prime for its hash seed at every start (9-14 M
// instructions, depending on the seed), so each is the median of three runs.
function instructions(argv, input) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const stdin = openSync(input, 'r');
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...argv], { stdio: [stdin, 'ignore', 'pipe'], env });
    closeSync(stdin);
    if (r.error || r.status !== 0) return undefined;
    const counts = [...r.stderr.toString().matchAll(/Collected : ([\d,]+)/g)].map((m) => Number(m[1].replaceAll(',', '')));
    if (counts.length === 0) return undefined;
    runs.push(counts.reduce((a, b) => a + b, 0));
  }
  return runs.sort((a, b) => a - b)[1];
}
let startup;
if (at(1) && !smoke) {
  const input = join(out, 'input-1.yaml');
  const nodeOnly = instructions([node, '-e', '0'], input);
  const fn = instructions([node, bundle], input);
  const floor = instructions(ROWS[1].argv({ output: join(out, 'output-1.yaml') }), input);
  if (nodeOnly && fn && floor) {
    startup = { nodeOnly, fn, floor, bundleKb: statSync(bundle).size / 1024 };
    console.log(`\nStart-up (callgrind, N=1): function ${fmt(fn / 1e6)} M instructions, io-floor ${fmt(floor / 1e6)} M, node -e 0 ${fmt(nodeOnly / 1e6)} M (function ${fmt(fn / nodeOnly, 2)}x, io-floor ${fmt(floor / nodeOnly, 2)}x); bundle ${fmt(startup.bundleKb)} KB`);
  }
}

if (writeTo) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  let md = `# Benchmarks\n\nGenerated by \`node bench/run.mjs --write docs/benchmarks.md\` (\`npm run bench\` prints the same tables) on ${machine}, ${rounds} rounds, rows interleaved within each round. ${environment}\n\n`;
  md += 'Input: `bench/generate.mjs N`, a kpt-style ResourceList of N Shards (2 pools × 2 cells, 3 replicas per cell, pools alternating s3 and filesystem) and min(10·N, 10 000) unrelated ConfigMaps and Deployments with comments, block scalars and kpt annotations. Rows: `function` is `node dist/expand-pool-backups.mjs < input > output`; `io-floor` reads the input and writes the function\'s output bytes, an ES module as the function is (`bench/io-floor.mjs`); `io-floor (CommonJS)` does the same as a CommonJS script, without what Node\'s ES-module entry costs at start-up (the difference between the two floors; the function pays it too, being `.mjs`); `identity-yaml` is `parseAllDocuments` + `toString` with the yaml package; `identity-kpt-functions` is an identity function on the kpt-functions SDK; `node -e 0` is Node\'s start-up. Ratios are medians of per-round ratios.\n\n';
  md += '| N | input MB | output MB | objects | row | min ms | median ms | peak RSS MB |\n| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |\n';
  for (const r of results) for (const row of r.rows) md += `| ${r.n} | ${fmt(r.inputMb, 1)} | ${fmt(r.outputMb, 1)} | ${r.generated} | ${row.name} | ${fmt(row.min)} | ${fmt(row.median)} | ${fmt(row.rss)} |\n`;
  md += '\n| N | µs per object in all | marginal µs per object | function / node -e 0 | function / io-floor | function / io-floor (CommonJS) | function / identity-yaml | function / identity-kpt-functions | io-floor / node -e 0 |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n';
  for (const r of results) md += `| ${r.n} | ${fmt(r.usPerObject, 1)} | ${r.marginalUs === undefined ? '' : fmt(r.marginalUs, 1)} | ${fmt(r.ratios['node -e 0'], 2)} | ${fmt(r.ratios['io-floor'], 2)} | ${fmt(r.ratios['io-floor (CommonJS)'], 2)} | ${fmt(r.ratios['identity-yaml'], 3)} | ${fmt(r.ratios['identity-kpt-functions'], 2)} | ${fmt(r.floorOverNode, 2)} |\n`;
  md += '\n"µs per object in all" is the median time over the objects generated; it includes start-up (Node\'s and the function\'s), which it spreads thinner as N grows. "Marginal" is the time each further object costs between this N and the previous one, the measure of linearity.\n';  if (rise !== undefined) md += `The largest rise of a marginal over the one before it, from N=100 on, is ${fmt(rise * 100)}% (negative: every marginal is below the one before it). A cost that grows with N would show here as a rise; the JIT's warm-up makes the early marginals the largest instead.\n`;
  const rerenders = results.filter((r) => r.rerender);
  if (rerenders.length > 0) {
    md += '\nRe-render: the function\'s own output (the Shards and every object rendered before) as the input, as kpt sends it on every render after the first.\n\n| N | input MB | function median ms | identity-kpt-functions median ms | function / identity-kpt-functions |\n| ---: | ---: | ---: | ---: | ---: |\n';
    for (const r of rerenders) md += `| ${r.n} | ${fmt(r.outputMb, 1)} | ${fmt(r.rerender.fn)} | ${fmt(r.rerender.peer)} | ${fmt(r.rerender.ratio, 2)} |\n`;
  }
  md += '\nMixed item styles: the same objects, the same data item for item, written by `bench/generate.mjs N --style mixed` with every 10th unrelated item and one Shard as a one-line JSON object on the item\'s dash line (`- {"apiVersion": "v1", ...}`, as kpt passes a .json file\'s object) and 2 in 100 unrelated items as one-line YAML flow mappings (`node bench/generate.mjs N --check` parses both styles with the yaml package and compares). The function runs on the mixed input right after the block one in every round; ratios are medians of per-round ratios of wall time and of peak RSS, and the RSS columns are medians over the rounds.\n\n| N | block input MB | mixed input MB | JSON items | YAML flow items | block median ms | mixed median ms | time mixed / block | block peak RSS MB | mixed peak RSS MB | memory mixed / block |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n';
  for (const r of results) md += `| ${r.n} | ${fmt(r.inputMb, 1)} | ${fmt(r.mixed.inputMb, 1)} | ${r.mixed.json} | ${r.mixed.yamlFlow} | ${fmt(r.mixed.blockMs)} | ${fmt(r.mixed.ms)} | ${fmt(r.mixed.time, 2)} | ${fmt(r.mixed.blockRss)} | ${fmt(r.mixed.rss)} | ${fmt(r.mixed.memory, 2)} |\n`;
  if (pkg) {
    md += `\nPackages as real repositories have them: \`corpusPackage()\` in bench/generate.mjs writes ${pkg.files} files, ${fmt(pkg.mb, 1)} MB: six CustomResourceDefinitions of 0.3-1.4 MB whose descriptions mention Secrets and ServiceAccounts on every field, one document holding a List of 40,000 ConfigMaps, a ConfigMap with a 3 MB line, 20 JSON files (pretty and minified, a Grafana dashboard each), 400 small files of four documents each (ServiceAccount, Secret, Service, Deployment, with a Helm \`# Source:\` comment), and one Shard with the Secrets it needs. The function runs on it in the three forms users give it, beside \`bench/noop.mjs\`, which only copies the same input (stdin to stdout; for render, the files concatenated as a stream); rows interleaved, ${Math.max(rounds, 3)} rounds; time is the median of per-round ratios, memory the ratio of peak RSS.\n\n| form | input | function min ms | function median ms | function peak RSS MB | no-op min ms | no-op median ms | no-op peak RSS MB | time | memory |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n`;
    for (const f of pkg.forms) md += `| ${f.form} | ${f.what} | ${fmt(f.fnMin)} | ${fmt(f.fnMedian)} | ${fmt(f.fnRss)} | ${fmt(f.noopMin)} | ${fmt(f.noopMedian)} | ${fmt(f.noopRss)} | ${fmt(f.time, 2)}x | ${fmt(f.memory, 2)}x |\n`;
  }
  if (startup) {
    md += `\nStart-up in instructions (valgrind --tool=callgrind, median of 3 runs; V8's random hash seed moves a count by a few million): the function on the N=1 input ${fmt(startup.fn / 1e6)} M, io-floor ${fmt(startup.floor / 1e6)} M, \`node -e 0\` ${fmt(startup.nodeOnly / 1e6)} M; function / node -e 0 ${fmt(startup.fn / startup.nodeOnly, 2)}, io-floor / node -e 0 ${fmt(startup.floor / startup.nodeOnly, 2)}. The bundle is ${fmt(startup.bundleKb)} KB: the minified program and V8's code cache for it.\n`;
  }
  md += '\nWall times on this kind of machine drift by 15-25% from minute to minute, so single rounds disagree; compare ratios within one run.\n';
  md += '\n## Targets\n\n';
  for (const { what, met, measured } of targets) md += `- ${met ? 'met' : '**missed**'}: ${what} — measured ${measured}\n`;
  writeFileSync(join(root, writeTo), md);
  console.log(`wrote ${writeTo}`);
}
