// Bundles the CLI into one self-contained ES module: dist/expand-pool-backups.mjs needs only node.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const outfile = 'dist/expand-pool-backups.mjs';
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: process.env.MINIFY !== '0',
  legalComments: 'none',
  define: { __VERSION__: JSON.stringify(version) },
  // The yaml package's node build is CommonJS and requires node built-ins.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
