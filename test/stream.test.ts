// A plain stream on stdin (kustomize's exec plugin, or a file piped in): what surrounds the
// documents stays as it was, through the shipped bundle: a byte-order mark, CRLF line breaks, and
// documents that hold only comments, also where the function replaces the document after one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runResourceList } from '../src/krm/run.js';
import { readStream } from './helpers.js';

const bundle = new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname;
const shard = readFileSync(new URL('../examples/quickstart/small-shard.yaml', import.meta.url), 'utf8');
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: "1"}\n';

const run = (input: string) => spawnSync(process.execPath, [bundle], { input, encoding: 'utf8' });

describe('a plain stream', () => {
  it('keeps a byte-order mark, before the `---` it adds', () => {
    const out = run(`\ufeff${configMap}---\n${shard}`);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.startsWith(`\ufeff---\n${configMap}---\n`)).toBe(true);
    expect(run(out.stdout).stdout).toBe(out.stdout);
  });

  it('ends the `---` lines it adds, and the documents it renders, in CRLF in a CRLF stream', () => {
    const crlf = `${configMap}---\n${shard}`.replace(/\n/g, '\r\n');
    const out = run(`\ufeff${crlf}`);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.startsWith(`\ufeff---\r\n${configMap.replace(/\n/g, '\r\n')}---\r\n`)).toBe(true);
    expect(out.stdout).not.toMatch(/(?<!\r)\n/);
    expect(readStream(out.stdout).filter((d) => d.kind === 'StatefulSet')).toHaveLength(1);
    expect(run(out.stdout).stdout).toBe(out.stdout);
  });

  it('keeps a comment-only document when the rendered object after it is replaced: after the objects rendered in its place', () => {
    const first = runResourceList(`---\n${shard}`).stdout;
    const at = first.indexOf('---\napiVersion: apps/v1\nkind: StatefulSet');
    expect(at).toBeGreaterThan(0);
    const note = '---\n# Source: the StatefulSet below\n';
    const again = runResourceList(`${first.slice(0, at)}${note}${first.slice(at)}---\n# the end\n`);
    expect(again.exitCode).toBe(0);
    // The earlier objects go and this run's take their place after the Shard; the note follows them.
    expect(again.stdout).toBe(`${first}${note}---\n# the end\n`);
    expect(runResourceList(again.stdout).stdout).toBe(again.stdout);
  });
});
