// A render shared with a second thread writes the same bytes as one thread: every golden case with
// the worker forced on (it then takes Shards from the back of the list, errors included), and big
// mixed lists whose Shards clash, collide, repeat and fail across the two threads' shares.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generate } from '../bench/generate.mjs';
import { emitDocument } from '../src/krm/emit.js';

const repo = new URL('..', import.meta.url).pathname;
const bundle = `${repo}dist/expand-pool-backups.mjs`;
const ROOT = `${repo}testdata/`;
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${ROOT}${d.name}/input.yaml`))
  .map((d) => d.name)
  .sort();

function run(input: string, threads: '1' | '2' | 'auto') {
  const r = spawnSync(process.execPath, [bundle], { input, encoding: 'utf8', maxBuffer: 256 << 20, env: { PATH: process.env.PATH, EXPAND_POOL_BACKUPS_THREADS: threads } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Every item of every golden input in one ResourceList: the same Shards many times over. */
function everything(): string {
  const items: unknown[] = [];
  for (const name of cases) {
    const list = parse(readFileSync(`${ROOT}${name}/input.yaml`, 'utf8'), { version: '1.1', uniqueKeys: false });
    if (list && typeof list === 'object' && Array.isArray(list.items)) items.push(...list.items);
  }
  return emitDocument({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [...items, ...items] });
}

describe('two threads', () => {
  it.each(cases)('%s: the worker writes what expected.yaml holds', (name) => {
    const out = run(readFileSync(`${ROOT}${name}/input.yaml`, 'utf8'), '2');
    expect(out.stdout).toBe(readFileSync(`${ROOT}${name}/expected.yaml`, 'utf8'));
    expect(out.status).toBe(name.startsWith('error-') ? 1 : 0);
  });

  it('writes the same bytes for every golden item at once (duplicates, clashes, collisions, errors)', () => {
    const input = everything();
    const one = run(input, '1');
    const two = run(input, '2');
    expect(one.stdout.length).toBeGreaterThan(100_000);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.status).toBe(one.status);
  });

  it('writes the same bytes for a big list, shared out on its own (auto) or not', () => {
    const input = generate(150);
    const one = run(input, '1');
    expect(one.status, one.stderr).toBe(0);
    expect(run(input, 'auto').stdout).toBe(one.stdout);
    expect(run(input, '2').stdout).toBe(one.stdout);
  });

  it('refuses an EXPAND_POOL_BACKUPS_THREADS it does not know, with one line', () => {
    const out = run(generate(1), 'many' as '1');
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('expand-pool-backups: EXPAND_POOL_BACKUPS_THREADS is "many"; accepted are auto, 1 and 2\n');
  });
});
