// Packs dist/program.js (the bundled program, from scripts/build.mjs) into the shipped file
// dist/expand-pool-backups.mjs, run through node:vm with V8's code cache from a warm-up run
// (scripts/warm-up.cjs on scripts/warm-up-input.yaml), so that a start does not parse and compile
// the code it runs. The cache is only valid for the V8 of the Node that runs this script, and its
// flags; any other Node rejects it and compiles the program as usual, with the same result.
// Needs only Node: the image runs it again with its own Node (Dockerfile).
//
// The program and the cache (base64) travel in a comment, the body of a function that is never
// called: when Node loads the module, the parser skips a comment several times faster than it
// reads string literals of the same size, and builds no string from it. The function's source
// text (Function.prototype.toString, exact by the language spec) then gives them back as slices
// of the module's source, which V8 holds anyway: no second read of the file, no copy.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const program = readFileSync('dist/program.js', 'utf8');
const outfile = 'dist/expand-pool-backups.mjs';
// The comment would end at the first */ in the program: any are stored as a three-character
// stand-in that the program does not contain, and put back by the loader (a minified build has
// none; a readable one, with its comments, does).
const standIn = ['*~/', '*#/', '*%/', '*^/', '*@/'].find((s) => !program.includes(s));
if (standIn === undefined) throw new Error('pack: dist/program.js contains */ and every stand-in for it');
const stored = program.includes('*/') ? program.replaceAll('*/', standIn) : program;
const work = mkdtempSync(join(tmpdir(), 'epb-pack-'));
try {
  execFileSync(process.execPath, ['scripts/warm-up.cjs', 'dist/program.js', join(work, 'cache')], {
    input: readFileSync('scripts/warm-up-input.yaml'),
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const cache = readFileSync(join(work, 'cache')).toString('base64');
  const head = 'function payload() {/*\n';
  const tail = '\n*/}\n';
  writeFileSync(
    outfile,
    `#!/usr/bin/env node
// expand-pool-backups ${version}, bundled by esbuild from the sources at https://github.com/multigres/expand-pool-backups.
// The comment in payload() at the end of this file holds the program (${program.length} characters), then on
// one line V8's code cache for it from a warm-up run at build time (${cache.length} characters of base64).
// The program needs only Node's built-in modules. process.getBuiltinModule (Node 20.16) gets them
// without building a CommonJS require; older Nodes get one from node:module.
const require = process.getBuiltinModule ? (id) => process.getBuiltinModule(id) : (await import('node:module')).createRequire(import.meta.url);
const { Script } = require('node:vm');
const filename = import.meta.filename ?? require('node:url').fileURLToPath(import.meta.url);
const text = payload.toString();
const cacheEnd = text.length - ${tail.length - 1};
const programEnd = cacheEnd - ${cache.length + 1};
const programStart = programEnd - ${stored.length};
if (programStart !== ${head.length} || !text.startsWith(${JSON.stringify(head)}) || text[programEnd] !== '\\n' || !text.endsWith(${JSON.stringify(tail.slice(0, -1))})) {
  throw new Error(\`\${filename} is damaged (the program it carries was changed); install it again\`);
}
const program = text.slice(programStart, programEnd)${stored === program ? '' : `.replaceAll(${JSON.stringify(standIn)}, '*/')`};
const cachedData = Buffer.from(text.slice(programEnd + 1, cacheEnd), 'base64');
const module = { exports: {} };
new Script(program, { filename, cachedData }).runInThisContext()(require, filename, module, module.exports);
${head}${stored}
${cache}${tail}`,
  );
  chmodSync(outfile, 0o755);
} finally {
  rmSync(work, { recursive: true, force: true });
}
