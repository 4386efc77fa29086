// Bench row, the physical floor: read the whole input, then write the function's output bytes.
// Usage: node bench/io-floor.mjs OUTPUT_FILE < input
import { readFileSync, writeSync } from 'node:fs';

readFileSync(0);
const out = readFileSync(process.argv[2]);
for (let off = 0; off < out.length; ) off += writeSync(1, out, off, Math.min(out.length - off, 1 << 20));
