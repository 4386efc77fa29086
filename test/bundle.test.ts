// The file we ship: dist/expand-pool-backups.mjs, run as a child process (stdin, stdout, stderr,
// exit code), from a directory with no node_modules next to it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, cpSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleBytes } from '../src/text/line-scan-module.js';
import { functionOnPath, readList, readStream } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'epb-bundle-'));
const bundle = join(dir, 'expand-pool-backups.mjs');
copyFileSync(new URL('../dist/expand-pool-backups.mjs', import.meta.url), bundle);
const testdata = (p: string) => readFileSync(new URL(`../testdata/${p}`, import.meta.url), 'utf8');

const run = (args: string[], input = '', cwd = dir) => spawnSync(process.execPath, [bundle, ...args], { input, cwd, encoding: 'utf8' });

describe('the bundle', () => {
  it('carries the line scanner’s WebAssembly module as its source assembles it, assembled at build time', () => {
    expect(readFileSync(bundle, 'utf8')).toContain(JSON.stringify(Buffer.from(moduleBytes()).toString('base64')));
  });

  it('renders a ResourceList from stdin exactly as the golden case expects', () => {
    const out = run([], testdata('s3-credentials-secret/input.yaml'));
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(testdata('s3-credentials-secret/expected.yaml'));
    expect(out.stderr).toBe('');
  });

  it('writes the output, one stderr line per error, and exits 1 on errors', () => {
    const out = run([], testdata('error-s3-without-bucket-or-region/input.yaml'));
    expect(out.status).toBe(1);
    expect(out.stdout).toBe(testdata('error-s3-without-bucket-or-region/expected.yaml'));
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(readList(out.stdout).results!.filter((r) => r.severity === 'error').length);
    expect(lines[0]).toMatch(/^\[error\] multigres\.com\/v1alpha1\/Shard\/db\/prod-app-tg1-0 spec\.pools\./);
  });

  it('answers unreadable input with one stderr line and exit 1, no stack trace', () => {
    for (const input of ['', 'items: [', 'kind: ResourceList\napiVersion: config.kubernetes.io/v1\nitems: 3\n']) {
      const out = run([], input);
      expect(out.status).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(/^expand-pool-backups: /);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits with its status when nobody reads stderr any more', () => {
    // Errors go to stderr synchronously before the process exits. Node reopens a closed stderr on
    // /dev/null; a pipe whose reader has gone fails the write (EPIPE), which must not change the
    // exit status or what went to stdout.
    const gone = (input: string, args = '') =>
      spawnSync('bash', ['-c', `"${process.execPath}" "${bundle}" ${args} 2>&1 >/dev/null | true; exit \${PIPESTATUS[0]}`], { input, cwd: dir, encoding: 'utf8' });
    const closed = (input: string) => spawnSync('sh', ['-c', `"${process.execPath}" "${bundle}" 2>&-`], { input, cwd: dir, encoding: 'utf8' });
    expect(gone('', 'frobnicate').status).toBe(2);
    expect(gone('items: [').status).toBe(1);
    expect(gone(testdata('error-s3-without-bucket-or-region/input.yaml')).status).toBe(1);
    const invalid = closed(testdata('error-s3-without-bucket-or-region/input.yaml'));
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toBe(testdata('error-s3-without-bucket-or-region/expected.yaml'));
  });

  it('carries a code cache that this Node accepts, and renders the same without it', () => {
    // A preloaded hook sees the Script the loader builds, with the Node default flags.
    const hook = join(dir, 'hook.cjs');
    writeFileSync(
      hook,
      `const vm = require('node:vm');
      const Script = vm.Script;
      vm.Script = class extends Script {
        constructor(source, options) {
          super(source, options);
          const rejected = this.cachedDataRejected;
          const hash = require('node:crypto').createHash('sha256').update(source).digest('hex');
          process.on('exit', () => require('node:fs').writeSync(2, 'cache rejected: ' + rejected + ', program ' + hash));
        }
      };`,
    );
    const input = testdata('s3-credentials-secret/input.yaml');
    const accepted = spawnSync(process.execPath, ['-r', hook, bundle], { input, cwd: dir, encoding: 'utf8' });
    expect(accepted.stdout).toBe(testdata('s3-credentials-secret/expected.yaml'));
    const program = readFileSync(new URL('../dist/program.js', import.meta.url), 'utf8');
    expect(accepted.stderr).toBe(`cache rejected: false, program ${createHash('sha256').update(program).digest('hex')}`);
    // Another V8 flag set rejects the cache: the program is compiled from its source instead.
    const rejected = spawnSync(process.execPath, ['--no-opt', bundle], { input, cwd: dir, encoding: 'utf8' });
    expect(rejected.status).toBe(0);
    expect(rejected.stdout).toBe(testdata('s3-credentials-secret/expected.yaml'));
  });

  it('runs on a Node 20 from before process.getBuiltinModule, with a require from node:module', () => {
    const hook = join(dir, 'old-node.cjs');
    writeFileSync(hook, "delete process.getBuiltinModule; if (process.getBuiltinModule) throw new Error('still there');");
    const input = testdata('s3-credentials-secret/input.yaml');
    const out = spawnSync(process.execPath, ['-r', hook, bundle], { input, cwd: dir, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(testdata('s3-credentials-secret/expected.yaml'));
  });

  it('refuses to run a program whose text was changed, with one line that says so', () => {
    // One character less in the code cache (the last line of the comment that carries the program).
    const text = readFileSync(bundle, 'utf8');
    const at = text.lastIndexOf('\n*/}') - 10;
    const damaged = join(dir, 'damaged.mjs');
    writeFileSync(damaged, text.slice(0, at) + text.slice(at + 1));
    const out = spawnSync(process.execPath, [damaged, '--version'], { encoding: 'utf8' });
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`${damaged} is damaged (the program it carries was changed); install it again`);
  });

  it('reads stdin of any size up to the limit, from a file or a pipe, and refuses more', () => {
    const base = testdata('s3-credentials-secret/input.yaml');
    const expected = testdata('s3-credentials-secret/expected.yaml');
    // An input of exactly `bytes` bytes: the golden input with a ConfigMap whose value fills it up.
    const sized = (bytes: number) => {
      const head = `items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: filler\n  data:\n    x: `;
      const fill = bytes - Buffer.byteLength(base) - head.length + 'items:\n'.length - 1;
      return base.replace(/^items:\n/m, `${head}${'y'.repeat(fill)}\n`);
    };
    const fromFile = (input: string) => {
      const file = join(dir, 'stdin.yaml');
      writeFileSync(file, input);
      const fd = openSync(file, 'r');
      try {
        return spawnSync(process.execPath, [bundle], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20 });
      } finally {
        closeSync(fd);
      }
    };
    const MiB = 1 << 20;
    const want = readList(expected);
    for (const bytes of [MiB - 1, MiB, MiB + 1, 3 * MiB + 5]) {
      const input = sized(bytes);
      expect(Buffer.byteLength(input)).toBe(bytes);
      const value = /^    x: (y+)$/m.exec(input)![1]!;
      const piped = spawnSync(process.execPath, [bundle], { input, encoding: 'utf8', maxBuffer: 256 << 20 });
      for (const out of [fromFile(input), piped]) {
        expect(out.stderr).toBe('');
        expect(out.status).toBe(0);
        const got = readList(out.stdout);
        expect(got.items[0]!.data).toEqual({ x: value });
        expect(got.items.slice(1)).toEqual(want.items);
      }
    }
    const tooBig = fromFile(sized(64 * MiB + 1));
    expect(tooBig.status).toBe(1);
    expect(tooBig.stdout).toBe('');
    expect(tooBig.stderr).toBe('expand-pool-backups: input is larger than 64 MiB, the limit; split the package or render its parts separately\n');
  });

  it('writes everything to a non-blocking stdout pipe that fills up, in order', () => {
    // Python hands the bundle a pipe with O_NONBLOCK set and reads it only after a pause, so
    // writes fail with EAGAIN until it drains; the bundle must wait and go on.
    const filler = [1, 2, 3, 4].map((i) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: filler-${i}\n  data:\n    x: ${'y'.repeat(60_000)}\n`).join('');
    const input = testdata('s3-credentials-secret/input.yaml').replace(/^items:\n/m, `items:\n${filler}`);
    const script = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'p = subprocess.Popen([sys.argv[1], sys.argv[2]], stdin=subprocess.PIPE, stdout=w)',
      'os.close(w)',
      'p.stdin.write(sys.stdin.buffer.read()); p.stdin.close()',
      'time.sleep(0.5)',
      'out = b"".join(iter(lambda: os.read(r, 65536), b""))',
      'sys.stdout.buffer.write(out); sys.exit(p.wait())',
    ].join('\n');
    const out = spawnSync('python3', ['-c', script, process.execPath, bundle], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(out.status, out.stderr).toBe(0);
    const direct = run([], input);
    expect(out.stdout).toBe(direct.stdout);
    expect(out.stdout.length).toBeGreaterThan(240_000);
  });

  it('prints help and version', () => {
    expect(run(['--help']).stdout).toMatch(/^expand-pool-backups: render Multigres Shards/);
    expect(run(['--version']).stdout).toMatch(/^expand-pool-backups \d+\.\d+\.\d+\nobjects as /);
    const bad = run(['frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command/);
  });

  it.each([
    ['quickstart', ['examples/quickstart']],
    ['kpt', ['examples/kpt']],
    ['argocd', ['examples/argocd/app']],
    ['kustomize', ['examples/kustomize/base', '--config', 'examples/kustomize/container/backups.yaml']],
  ])('renders the %s example without a warning: the examples show the configuration we recommend', (_, args) => {
    const root = new URL('..', import.meta.url).pathname;
    const out = run(['render', ...args.map((a) => (a.startsWith('examples/') ? root + a : a))]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toBe('');
  });

  it('runs the --help examples as written, from a copy of the repository with the function on PATH', () => {
    const help = run(['help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(run(['--help']).stdout);
    const examples = help.stdout.split('\nExamples')[1]!.split('\n\n')[0]!.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const dir = mkdtempSync(join(tmpdir(), 'epb-help-'));
    cpSync(new URL('../examples', import.meta.url).pathname, join(dir, 'examples'), { recursive: true });
    for (const example of examples) {
      const out = spawnSync('bash', ['-o', 'pipefail', '-c', example], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${functionOnPath()}:${process.env.PATH}` } });
      expect(out.status, `${example}: ${out.stderr}`).toBe(0);
    }
  });

  it('says in --version what the objects reproduce and which pgctld builds take the backup flags', () => {
    const out = run(['version']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^expand-pool-backups \S+\nobjects as multigres-operator 02495e95 .*; the backup flags need pgctld built from multigres 8e6985442 up to, not including, 87c617dbf/);
  });

  it('render prints a --- stream of objects to apply, without local config', () => {
    const quickstart = new URL('../examples/quickstart', import.meta.url).pathname;
    const out = run(['render', quickstart]);
    expect(out.status).toBe(0);
    const docs = readStream(out.stdout);
    // prod-app-tg1-0 (three pool cells backing up to S3), then dev-notes-0 (one cell with its backup PVC).
    expect(docs.map((d) => d.kind)).toEqual([
      'ConfigMap', 'Deployment', 'Service', 'StatefulSet', 'Service', 'StatefulSet', 'Service', 'StatefulSet', 'Service',
      'ConfigMap', 'Deployment', 'Service', 'PersistentVolumeClaim', 'StatefulSet', 'Service',
    ]);
    expect(out.stderr).toBe('');
    expect(out.stdout).not.toMatch(/config\.kubernetes\.io\/(path|index|local-config)/);
    expect(out.stdout).not.toMatch(/kind: Shard/);
  });
});

// Inputs past 1 MiB are read into the memory of the WebAssembly line scanner (src/text/line-scan.ts),
// and render reads its files into such a memory; without WebAssembly (node --jitless) everything
// runs in JavaScript. Both must write the same bytes. The inputs hold what the scanner's loops
// decide on (blank lines, comments, tabs, block scalars, documents split by ---), and a Shard
// after many other items or documents, which the function renders only if it finds it.
describe('with and without the WebAssembly line scanner', () => {
  const filler = (i: number) =>
    `- # item ${i}\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: filler-${i}\n  data:\n    text: |\n      ${'words and more words '.repeat(4)}\n\n      after a blank line\n      \t\n    other: "quoted"\n`;
  const [head, items] = testdata('s3-credentials-secret/input.yaml').split(/\nitems:\n/) as [string, string];
  /** Entries at column 0 as documents of a stream. */
  const asDocuments = (entries: string) => entries.replace(/^- /gm, '---\n').replace(/^ {2}/gm, '');
  const runWith = (flags: string[], args: string[], input: string) => spawnSync(process.execPath, [...flags, bundle, ...args], { input, cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const fillers = (from: number, count: number) => Array.from({ length: count }, (_, i) => filler(from + i)).join('');

  /** The run renders the Shard, and writes the same bytes without WebAssembly. */
  const sameWithout = (args: string[], input: string) => {
    const out = runWith([], args, input);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('kind: StatefulSet');
    expect(runWith(['--jitless'], args, input).stdout).toBe(out.stdout);
  };

  it('writes the same ResourceList as JavaScript alone', () => {
    const big = `${head}\nitems:\n${fillers(0, 5000)}${items}`;
    expect(big.length).toBeGreaterThan(1 << 20);
    sameWithout([], big);
  });

  it('writes the same stream as JavaScript alone', () => {
    const stream = asDocuments(`${fillers(0, 5000)}${items}`);
    expect(stream.length).toBeGreaterThan(1 << 20);
    sameWithout([], stream);
  });

  it('renders the same directory as JavaScript alone', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'epb-bundle-render-'));
    for (let f = 0; f < 20; f++) writeFileSync(join(pkg, `f${f}.yaml`), asDocuments(fillers(f * 30, 30)));
    writeFileSync(join(pkg, 'shard.yaml'), asDocuments(`${fillers(600, 30)}${items}`));
    sameWithout(['render', pkg], '');
  });
});
