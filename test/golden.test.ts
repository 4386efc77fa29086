// Golden cases: testdata/<case>/input.yaml is a whole ResourceList as kpt sends it,
// expected.yaml the whole output. `npm run test:update` rewrites expectations.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runResourceList } from '../src/krm/run.js';
import { isGenerated, readList, validateKubernetes } from './helpers.js';

const ROOT = new URL('../testdata/', import.meta.url);
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/input.yaml`, ROOT)))
  .map((d) => d.name)
  .sort();

describe('golden cases', () => {
  it('finds the case directories', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(cases)('%s', (name) => {
    const input = readFileSync(new URL(`${name}/input.yaml`, ROOT), 'utf8');
    const out = runResourceList(input);

    it('matches expected.yaml', async () => {
      await expect(out.stdout).toMatchFileSnapshot(`../testdata/${name}/expected.yaml`);
    });

    it('exits 1 exactly when a result is an error', () => {
      expect(out.exitCode).toBe(out.results.some((r) => r.severity === 'error') ? 1 : 0);
      expect(out.exitCode).toBe(name.startsWith('error-') ? 1 : 0);
    });

    it('gives byte-identical items when run on its own output', () => {
      const again = runResourceList(out.stdout);
      const strip = (s: string) => s.slice(0, s.search(/^results:/m) === -1 ? s.length : s.search(/^results:/m));
      expect(strip(again.stdout)).toBe(strip(out.stdout));
    });

    it('renders objects that validate against the Kubernetes schemas', () => {
      for (const item of readList(out.stdout).items.filter(isGenerated)) validateKubernetes(item);
    });
  });
});
