// Installs dependencies with `npm ci` when node_modules is missing or older than the lockfile,
// so `npm start` and `npm test` work as the only command on a fresh clone.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  process.stderr.write('installing dependencies (npm ci)\n');
  execSync('npm ci --no-audit --no-fund', { stdio: ['ignore', 'inherit', 'inherit'] });
}
