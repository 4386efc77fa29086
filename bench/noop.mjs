// Bench row, the copy-only no-op of the package rows: copies stdin to stdout, or with
// `cat-dir DIR` writes the manifests of DIR (.yaml, .yml, .json, sorted) as one stream.
// Usage: node bench/noop.mjs < input > output;  node bench/noop.mjs cat-dir DIR > output
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const writeAll = (bytes) => {
  for (let off = 0; off < bytes.length; ) off += writeSync(1, bytes, off, Math.min(bytes.length - off, 1 << 20));
};
if (process.argv[2] === 'cat-dir') {
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(d, e.name)] : []));
  for (const f of walk(process.argv[3])) {
    writeAll(Buffer.from('---\n'));
    writeAll(readFileSync(f));
  }
} else writeAll(readFileSync(0));
