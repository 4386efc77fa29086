// The manifests of a path as they are at a git revision, read with git itself (ls-tree and one
// cat-file --batch), so no checkout of the working tree is needed and nothing in it changes.
import { spawnSync } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { SourceFile } from '../krm/render.js';
import { InputError } from '../text/parse.js';
import { decodeFile, isManifestPath } from './render-command.js';

const toSlash = (p: string) => p.split(sep).join('/');

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'git not found on PATH: --base reads the base revision with git' : `cannot run git: ${run.error.message}`);
  }
  if (run.status !== 0) throw new InputError(`git ${args[0]} failed in ${cwd}: ${run.stderr.toString('utf8').trim().split('\n')[0] ?? `exit ${run.status}`}`);
  return run.stdout;
}

/** Where `path` (a file or directory in a working tree) is: the repository's top and the path inside it. */
export function locate(path: string): { top: string; inRepo: string; isFile: boolean } {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // A path that is gone from the working tree can still be planned against the revision.
  }
  const dir = isFile ? dirname(path) : path;
  let cwd = resolve(dir);
  try {
    cwd = realpathSync(cwd);
  } catch {
    throw new InputError(`${path} does not exist`);
  }
  const top = git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim();
  const inRepo = toSlash(relative(realpathSync(top), isFile ? resolve(cwd, path.split(/[\\/]/).at(-1)!) : cwd));
  if (inRepo.startsWith('..')) throw new InputError(`${path} is not inside the git repository at ${top}`);
  return { top, inRepo, isFile };
}

/** The commit a revision names, or an input error that says so. */
function commitOf(revision: string, top: string): string {
  const run = spawnSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], { cwd: top });
  const commit = run.status === 0 ? run.stdout.toString('utf8').trim() : '';
  if (!commit) throw new InputError(`${JSON.stringify(revision)} is not a commit of the git repository at ${top} (in CI, fetch it first: git fetch origin <branch>, or a checkout with full history)`);
  return commit;
}

/** Directory-walk order: component by component, as `render` reads a directory. */
function walkOrder(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * The manifest files under `path` at `revision`, named relative to `path` as `render` names them
 * (a file by the path given). `skip` is a repository path left out (the --config file).
 */
export function filesAtRevision(path: string, revision: string, skip?: string): SourceFile[] {
  const { top, inRepo, isFile } = locate(path);
  const commit = commitOf(revision, top);
  const listing = git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...(inRepo === '' ? [] : [inRepo])], top).toString('utf8');
  const entries: Array<{ object: string; name: string }> = [];
  for (const line of listing.split('\0')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const [mode, type, object] = line.slice(0, tab).split(' ');
    const full = line.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || full === skip) continue;
    if (isFile) {
      if (full === inRepo) entries.push({ object: object!, name: toSlash(path) });
      continue;
    }
    const name = inRepo === '' ? full : full.slice(inRepo.length + 1);
    if (isManifestPath(name)) entries.push({ object: object!, name });
  }
  entries.sort((a, b) => walkOrder(a.name, b.name));
  if (entries.length === 0) return [];
  const out = git(['cat-file', '--batch'], top, entries.map((e) => `${e.object}\n`).join(''));
  const files: SourceFile[] = [];
  let at = 0;
  for (const entry of entries) {
    const end = out.indexOf(0x0a, at);
    const header = out.subarray(at, end).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isInteger(size)) throw new InputError(`git cat-file gave an unexpected answer for ${entry.name} at ${revision}`);
    files.push({ path: entry.name, text: decodeFile(`${entry.name} at ${revision}`, out.subarray(end + 1, end + 1 + size)) });
    at = end + 1 + size + 1;
  }
  return files;
}

/** A file at a revision, or undefined when the revision does not have it. */
export function fileAtRevision(path: string, revision: string): { file: SourceFile; inRepo: string } | undefined {
  const { top, inRepo } = locate(path);
  const commit = commitOf(revision, top);
  const listing = git(['ls-tree', '-z', '--full-tree', commit, '--', inRepo], top).toString('utf8');
  const line = listing.split('\0').find((l) => l.endsWith(`\t${inRepo}`));
  if (!line) return undefined;
  const object = line.split('\t')[0]!.split(' ')[2]!;
  return { file: { path: toSlash(path), text: decodeFile(`${path} at ${revision}`, git(['cat-file', 'blob', object], top)) }, inRepo };
}
