// Build step (scripts/build.mjs): runs the CLI program once on a small input, compiled from the
// given source, and writes V8's code cache for it, which then holds bytecode for every function
// that ran. argv: source file, cache file to write. stdin: the input; stdout: ignored.
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');

const [sourceFile, cacheFile] = process.argv.slice(2);
const script = new Script(readFileSync(sourceFile, 'utf8'), { filename: sourceFile });
process.argv.splice(2);
process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
script.runInThisContext()(require, sourceFile);
