// Bench row, the physical floor as a CommonJS script: the same work as io-floor.mjs (read the whole
// input, then write the function's output bytes) without what an ES-module entry costs Node at
// start-up. The function ships as an ES module, so its cold target is against io-floor.mjs; this
// row shows what that entry costs.
// Usage: node bench/io-floor.cjs OUTPUT_FILE < input
const { readFileSync, writeSync } = require('node:fs');

readFileSync(0);
const out = readFileSync(process.argv[2]);
for (let off = 0; off < out.length; ) off += writeSync(1, out, off, Math.min(out.length - off, 1 << 20));
