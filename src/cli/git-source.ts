// The manifests of a path as they are at a git revision, read with git itself (ls-tree and one
// cat-file --batch), so no checkout of the working tree is needed and nothing in it changes.
import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { SourceFile } from '../krm/render.js';
import { InputError } from '../text/parse.js';
import { checkedFile, isManifestPath } from './render-command.js';

const toSlash = (p: string) => p.split(sep).join('/');

/**
 * node:child_process, loaded on the first git run: it brings Node's net, stream and dgram
 * modules, a noticeable share of every start, and only `plan --base` runs git.
 */
const spawnSync = (command: string, args: readonly string[], options: SpawnSyncOptions): SpawnSyncReturns<Buffer> =>
  childProcess().spawnSync(command, args, options) as SpawnSyncReturns<Buffer>;
// process.getBuiltinModule came with Node 20.16; older Nodes get a require from node:module.
const childProcess = (): typeof import('node:child_process') =>
  typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:child_process') : createRequire(`${process.cwd()}/`)('node:child_process');

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  const run = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'git not found on PATH: --base reads the base revision with git' : `cannot run git: ${run.error.message}`);
  }
  if (run.status !== 0) throw new InputError(`git ${args[0]} failed in ${cwd}: ${run.stderr.toString('utf8').trim().split('\n')[0] ?? `exit ${run.status}`}`);
  return run.stdout;
}

/**
 * Where `path` is: the top of the git repository around it and the path inside it. The path may be
 * gone from the working tree (a package the change deletes); its nearest existing parent says
 * which repository it is in.
 */
export function locate(path: string): { top: string; inRepo: string } {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const up = dirname(existing);
    if (up === existing) break;
    rest.unshift(basename(existing));
    existing = up;
  }
  const real = realpathSync(existing);
  const cwd = statSync(real).isDirectory() ? real : dirname(real);
  const run = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'git not found on PATH: --base reads the base revision with git' : `cannot run git: ${run.error.message}`);
  }
  if (run.status !== 0) throw new InputError(`${resolve(path)} is not in a git repository: --base reads the base from git; to compare two directories, give both (plan BASE CHANGE)`);
  const top = realpathSync(run.stdout.toString('utf8').trim());
  const inRepo = toSlash(relative(top, join(real, ...rest)));
  if (inRepo.startsWith('..')) throw new InputError(`${path} is not inside the git repository at ${top}`);
  return { top, inRepo };
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
 * (a file by the path given), and where `path` is in the repository. `skip` is a repository path
 * left out (the --config file). A symbolic link is followed inside the revision, as `render`
 * follows it in the working tree; one that leaves the repository is not read.
 */
export function filesAtRevision(path: string, revision: string, skip?: string): { files: SourceFile[]; inRepo: string; found: boolean } {
  const { top, inRepo } = locate(path);
  const commit = commitOf(revision, top);
  const entries: Array<{ full: string; name: string }> = [];
  const self = inRepo === '' ? undefined : treeEntries(top, [commit, '--', inRepo]).find((e) => e.path === inRepo);
  if (inRepo !== '' && self === undefined) return { files: [], inRepo, found: false };
  if (self?.type === 'blob') entries.push({ full: inRepo, name: toSlash(path) });
  else {
    for (const { mode, type, path: full } of treeEntries(top, ['-r', commit, '--', ...(inRepo === '' ? [] : [inRepo])])) {
      if (type !== 'blob' || !['100644', '100755', '120000'].includes(mode) || full === skip) continue;
      const name = inRepo === '' ? full : full.slice(inRepo.length + 1);
      if (isManifestPath(name)) entries.push({ full, name });
    }
  }
  entries.sort((a, b) => walkOrder(a.name, b.name));
  if (entries.length === 0) return { files: [], inRepo, found: true };
  const out = git(['cat-file', '--batch', '--follow-symlinks'], top, entries.map((e) => `${commit}:${e.full}\n`).join(''));
  const files: SourceFile[] = [];
  let at = 0;
  for (const entry of entries) {
    const end = out.indexOf(0x0a, at);
    const header = out.subarray(at, end).toString('utf8').split(' ');
    at = end + 1;
    // "<oid> blob <size>" then the content; "missing", or "<kind> <size>" then a path for a link
    // that dangles, loops or leaves the tree.
    if (header[1] === 'missing') continue;
    const size = Number(header.at(-1));
    if (!Number.isInteger(size)) throw new InputError(`git cat-file gave an unexpected answer for ${entry.full} at ${revision}`);
    const body = out.subarray(at, at + size);
    at += size + 1;
    if (header[1] === 'blob') files.push({ path: entry.name, text: checkedFile(`${entry.full} at ${revision}`, body) });
  }
  return { files, inRepo, found: true };
}

/** A file at a revision, or undefined when the revision does not have it (as a file). */
export function fileAtRevision(path: string, revision: string): { file: SourceFile; inRepo: string } | undefined {
  const { files, inRepo } = filesAtRevision(path, revision);
  const file = files.length === 1 && files[0]!.path === toSlash(path) ? files[0] : undefined;
  return file && { file, inRepo };
}

/** `git ls-tree -z --full-tree ARGS`, one entry per object. */
function treeEntries(top: string, args: readonly string[]): Array<{ mode: string; type: string; path: string }> {
  return git(['ls-tree', '-z', '--full-tree', ...args], top)
    .toString('utf8')
    .split('\0')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode = '', type = ''] = line.slice(0, tab).split(' ');
      return { mode, type, path: line.slice(tab + 1) };
    });
}
