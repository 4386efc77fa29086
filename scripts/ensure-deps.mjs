// Installs the dependencies with `npm ci` when node_modules is missing, older than the lockfile or
// without a package the build needs, so that `npm start`, `npm test` and `npm pack` work as the
// only command on a fresh clone (npm runs this before every build).
//
// The devDependencies are always included: the build needs esbuild and typescript, whatever
// omits them around it (NODE_ENV=production, `omit=dev` in an npmrc, a parent npm's settings).
// Lifecycle scripts are skipped: the root's `prepare` builds dist/, which is what the caller is
// about to do, and running it from here would nest a build in a build.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync('package.json', 'utf8'));
const missing = [...Object.keys(dependencies), ...Object.keys(devDependencies)].filter((name) => !existsSync(`node_modules/${name}/package.json`));
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs || missing.length > 0;
if (stale) {
  process.stderr.write('installing dependencies (npm ci)\n');
  const args = ['ci', '--no-audit', '--no-fund', '--include=dev', '--ignore-scripts'];
  const npm = spawnSync('npm', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (npm.status !== 0) {
    const why = npm.error ? npm.error.message : npm.signal ? `killed by ${npm.signal}` : `exit ${npm.status}`;
    process.stderr.write(`expand-pool-backups: npm ${args.join(' ')} failed (${why}); the dependencies are needed to build, see npm's messages above\n`);
    process.exit(1);
  }
}
