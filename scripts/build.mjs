// Bundles the CLI into one self-contained ES module: dist/expand-pool-backups.mjs needs only node.
// Dockerfile's build stage runs this too, so it needs only scripts/ and src/.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const outfile = 'dist/expand-pool-backups.mjs';
/** The bundled program as a function of (require, __filename, module, exports); scripts/pack.mjs wraps it. */
const PROGRAM = 'dist/program.js';
// zod's classic API re-exports every locale (about 260 KB) as z.locales; this function uses its
// own messages and zod registers English itself, so the namespace is left empty in the bundle.
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// The zod schemas (src/api/schemas.ts) and zod itself, evaluated at start-up, are several million
// instructions that a package with no Shard and no functionConfig never uses. esbuild evaluates a
// bundled module that a require() call reaches when the call first runs (a static import, at
// start-up), but vitest's require cannot load TypeScript. So the source reaches the schemas
// through one module, src/api/load-schemas.ts, which imports them; in the bundle that module
// becomes a require() of schemas.ts on the first loadSchemas() call.
const schemasOnFirstUse = {
  name: 'schemas-on-first-use',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]api[\\/]load-schemas\.ts$/ }, (args) => ({
      contents: "let schemas;\nexport const loadSchemas = () => (schemas ??= require('./schemas.ts'));\n",
      loader: 'ts',
      resolveDir: dirname(args.path),
    }));
  },
};

/** What a module of the project exports when run here, at build time (bundled as CommonJS). */
async function atBuildTime(entry, plugins = []) {
  const bundled = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning', plugins });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

// The zod schemas compiled to plain checks (src/api/schema-compiler.ts), so that a valid Shard or
// functionConfig is checked without loading zod. Under vitest src/api/compiled-validators.ts
// compiles them when imported; here they are compiled once, by that module run at build time, and
// the bundle gets their source in its place: no code is made at run time.
const { validatorSource } = await atBuildTime('src/api/compiled-validators.ts', [zodWithoutLocales]);
const validatorsCompiled = {
  name: 'validators-compiled',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]api[\\/]compiled-validators\.ts$/ }, () => ({
      contents: `export const validators = ${validatorSource()};\n`,
      loader: 'js',
    }));
  },
};

// The line scanner's WebAssembly module (src/text/line-scan-module.ts) assembled once, here: the
// bundle gets its bytes in place of the instructions and the assembler, which a run would
// otherwise evaluate at start-up (the instruction arrays) and when it first scans (the module),
// with the numbers the module shares with line-scan.ts.
const lineScan = await atBuildTime('src/text/line-scan-module.ts');
const lineScanExports = [
  `export const moduleBytes = () => Buffer.from(${JSON.stringify(Buffer.from(lineScan.moduleBytes()).toString('base64'))}, 'base64');`,
  ...Object.entries(lineScan)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => `export const ${name} = ${value};`),
].join('\n');
const lineScanAssembled = {
  name: 'line-scan-assembled',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]text[\\/]line-scan-module\.ts$/ }, () => ({ contents: `${lineScanExports}\n`, loader: 'js' }));
  },
};

// For the readable ES-module build: an ES module that imports a Node built-in gets a facade built
// by reading every export of it, and node:fs's stream getters then load Node's whole stream stack,
// several milliseconds of start-up for nothing. Built-ins are therefore required (the banner
// defines require). The shipped CommonJS program needs no help: esbuild emits plain requires.
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (args.namespace === 'builtin' ? undefined : { path: args.path, namespace: 'builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const cli = {
  entryPoints: ['src/cli/bin.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: process.env.MINIFY !== '0',
  legalComments: 'none',
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  plugins: [zodWithoutLocales, schemasOnFirstUse, validatorsCompiled, lineScanAssembled, builtinsViaRequire],
};

if (process.env.MINIFY === '0') {
  // Readable build for profiling: a plain ES module, compiled at every start.
  await build({
    ...cli,
    outfile,
    format: 'esm',
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  });
} else {
  // The shipped build: the program, packed with V8's code cache by scripts/pack.mjs.
  // As CommonJS, esbuild turns imports of built-ins into plain require calls by itself.
  const bundled = await build({ ...cli, format: 'cjs', write: false, plugins: [zodWithoutLocales, schemasOnFirstUse, validatorsCompiled, lineScanAssembled] });
  mkdirSync('dist', { recursive: true });
  writeFileSync(PROGRAM, `(function (require, __filename, module, exports) {${bundled.outputFiles[0].text}\n})`);
  execFileSync(process.execPath, ['scripts/pack.mjs'], { stdio: 'inherit' });
}
chmodSync(outfile, 0o755);

// The library entry (`import { expandPoolBackups } from 'expand-pool-backups'`), self-contained
// like the CLI; its type declarations come from tsc (skipped with SKIP_TYPES=1 for quick builds).
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [zodWithoutLocales, schemasOnFirstUse, lineScanAssembled],
});
if (process.env.SKIP_TYPES !== '1') {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
}
