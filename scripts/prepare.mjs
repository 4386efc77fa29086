// npm's `prepare` step: runs after `npm install` from git (with the devDependencies installed),
// after a local `npm install` or `npm ci`, and in `npm pack` after prepack has built. It builds
// dist/ when it is missing, so a git install gets the built library and executable; an existing
// dist/ is left alone (`npm run build` rebuilds on purpose). The build's own install
// (scripts/ensure-deps.mjs) skips lifecycle scripts, so this never runs inside a build.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const built = ['dist/index.mjs', 'dist/expand-pool-backups.mjs', 'dist/types/index.d.ts'].every((f) => existsSync(f));
if (!built) {
  if (!existsSync('node_modules/esbuild') || !existsSync('node_modules/typescript')) {
    process.stderr.write('expand-pool-backups: cannot build dist/ without the devDependencies (esbuild, typescript); install with them, or use a packed release\n');
    process.exit(1);
  }
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
