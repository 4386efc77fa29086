// Packs dist/program.js (the bundled program, from scripts/build.mjs) into the shipped file
// dist/expand-pool-backups.mjs: the program as a string, run through node:vm with V8's code cache
// from a warm-up run (scripts/warm-up.cjs on scripts/warm-up-input.yaml), so that a start does not
// parse and compile the code it runs. The cache is only valid for the V8 of the Node that runs
// this script, and its flags; any other Node rejects it and compiles the program as usual, with
// the same result. Needs only Node: the image runs it again with its own Node (Dockerfile).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const program = readFileSync('dist/program.js', 'utf8');
const outfile = 'dist/expand-pool-backups.mjs';
const work = mkdtempSync(join(tmpdir(), 'epb-pack-'));
try {
  execFileSync(process.execPath, ['scripts/warm-up.cjs', 'dist/program.js', join(work, 'cache')], {
    input: readFileSync('scripts/warm-up-input.yaml'),
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const cache = readFileSync(join(work, 'cache'));
  writeFileSync(
    outfile,
    `#!/usr/bin/env node
// expand-pool-backups ${version}, bundled by esbuild from the sources at https://github.com/multigres/expand-pool-backups.
// The program is the string \`program\`; \`cache\` is V8's code cache for it from a warm-up run at build time.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Script } = require('node:vm');
const filename = require('node:url').fileURLToPath(import.meta.url);
const program = ${JSON.stringify(program)};
const cache = ${JSON.stringify(cache.toString('base64'))};
const module = { exports: {} };
new Script(program, { filename, cachedData: Buffer.from(cache, 'base64') }).runInThisContext()(require, filename, module, module.exports);
`,
  );
  chmodSync(outfile, 0o755);
} finally {
  rmSync(work, { recursive: true, force: true });
}
