// A real git repository in a temporary directory, for the tests of `plan --base REVISION` and of
// the CI example: git runs with no system or global config and a fixed identity, and no GIT_*
// variable of the surrounding environment (a hook's GIT_DIR, say) leaks in.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = fileURLToPath(new URL('../dist/expand-pool-backups.mjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const TMP = realpathSync(tmpdir());

export const gitEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_'))),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'Plan Test',
  GIT_AUTHOR_EMAIL: 'plan-test@example.com',
  GIT_COMMITTER_NAME: 'Plan Test',
  GIT_COMMITTER_EMAIL: 'plan-test@example.com',
  // Never find a repository above the temporary directory.
  GIT_CEILING_DIRECTORIES: TMP,
};

export const quickstart = (file: string): string => readFileSync(join(REPO_ROOT, 'examples/quickstart', file), 'utf8');
export const kptExample = (file: string): string => readFileSync(join(REPO_ROOT, 'examples/kpt', file), 'utf8');

/** `text` with `from` replaced by `to`; throws when `from` is not there, so no edit is silently lost. */
export function replaced(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`${String(from)} not found`);
  return out;
}

/** The quickstart's small filesystem Shard as another database (its own objects, same namespace). */
export const otherDatabase = (name: string): string =>
  replaced(replaced(quickstart('small-shard.yaml'), 'name: dev-notes-0', `name: ${name}`), 'databaseName: notes', `databaseName: ${name.replace(/-/g, '')}`);

export class Repo {
  private constructor(readonly dir: string) {}

  static init(prefix = 'epb-plan-git-'): Repo {
    const repo = new Repo(mkdtempSync(join(TMP, prefix)));
    repo.git('init', '-q', '--initial-branch=main');
    return repo;
  }

  path(p: string): string {
    return join(this.dir, p);
  }

  git(...args: string[]): string {
    const out = spawnSync('git', args, { cwd: this.dir, env: gitEnv, encoding: 'utf8' });
    if (out.error) throw out.error;
    if (out.status !== 0) throw new Error(`git ${args.join(' ')}: ${out.stderr}`);
    return out.stdout;
  }

  write(p: string, content: string | Uint8Array): void {
    mkdirSync(dirname(this.path(p)), { recursive: true });
    writeFileSync(this.path(p), content);
  }

  read(p: string): string {
    return readFileSync(this.path(p), 'utf8');
  }

  edit(p: string, from: string | RegExp, to: string): void {
    this.write(p, replaced(this.read(p), from, to));
  }

  remove(p: string): void {
    rmSync(this.path(p), { recursive: true });
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Every file and directory under the repository, `.git` included: kind, size, mtime and content hash. */
  snapshot(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        const st = lstatSync(full);
        if (st.isDirectory()) {
          out.set(full, `dir ${st.mtimeMs}`);
          walk(full);
        } else if (st.isSymbolicLink()) out.set(full, `link ${readlinkSync(full)}`);
        else out.set(full, `file ${st.size} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
      }
    };
    walk(this.dir);
    return out;
  }
}

/** Runs the built CLI as a user does: `node dist/expand-pool-backups.mjs plan ARGS` in `cwd`. */
export function plan(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = gitEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BUNDLE, 'plan', ...args], { cwd, env, encoding: 'utf8' });
}
