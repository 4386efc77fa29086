// Every command README.md shows runs in a clone as it stands. The commands are read from the
// README: each line of a ```sh block (a line ending in `\` joined with the next), each `$ ` line
// of an output block, and each inline code span that is a command (a program the README has you
// run, with arguments). They run as a new user runs them, in one shell, in README order: the
// "Getting it" block first (it clones the repository, builds and puts the function on PATH under
// a HOME of its own), the rest in the clone it made. The clone is of this working tree (committed
// as `main` in a temporary repository that git's url.insteadOf puts at the README's GitHub
// address: the only network the commands need besides npm's registry). An inline command that
// begins a command already run (`kpt fn render` in the prose) is run by it.
//
// The few that are not run are listed in NOT_RUN with why; each must still be in the README, so
// the list cannot go stale. A new command in the README is run, or fails this test until it is
// listed.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReadmeEdit, readmeBlock } from './readme.js';

const root = new URL('..', import.meta.url).pathname;
const README = readFileSync(join(root, 'README.md'), 'utf8');
const GITHUB = 'https://github.com/multigres/expand-pool-backups';

/** README commands this test does not run, and why (each is run elsewhere, or needs what a test machine has not). */
const NOT_RUN: Record<string, string> = {
  'npm test': 'this test is one of the tests npm test runs: running it from here would run this test again, and so on',
  'npm run test:update': 'runs the whole suite as npm test does (this test included), rewriting the golden files',
  'npm run fuzz': "npm test's property tests with 2000 cases each instead of 150, about an hour on two cores; npm test runs the same properties",
  'npm run bench': 'minutes of timing runs; .ci/run runs its smoke form (bench/run.mjs --smoke) on every CI run',
  'npm ci': 'npm start runs it first by itself (scripts/ensure-deps.mjs): run here through npm start',
  'npm pack': 'test/packaging.test.ts runs it in a fresh clone, then installs the tarball and runs it',
  'npm install github:multigres/expand-pool-backups': 'network: downloads the repository from GitHub; test/packaging.test.ts installs from git the same way, from this repository',
  'docker build .': 'network: pulls the public base images; test/image-podman.test.ts builds the same Dockerfile on local base images',
  'podman build .': 'network: pulls the public base images; test/image-podman.test.ts builds the same Dockerfile on local base images',
  'kubectl kustomize --enable-alpha-plugins examples/kustomize/container': 'needs a container runtime and pulls the published image; test/image-podman.test.ts runs it with podman on the image built from this repository',
  'kustomize build --enable-alpha-plugins --enable-exec': "needs the standalone kustomize binary (kubectl's built-in kustomize has no --enable-exec); test/e2e-kustomize.test.ts runs the same function through kubectl's",
  'scripts/test-base-images.sh': 'needs podman; the image tests run it',
};

/** What makes an inline code span a command: a program with arguments, or one of the project's shell scripts. */
const PROGRAMS = /^(?:[A-Z_]+=\S*\s+)*(?:npm|npx|node|kpt|kubectl|kustomize|expand-pool-backups|docker|podman|git)\s+\S|^(?:scripts|\.ci)\/\S+\.sh$|^\.ci\/run$/;

interface Command {
  text: string;
  /** The README line it is on. */
  line: number;
  kind: 'block' | 'prompt' | 'inline';
  /** For a block command: the first line of its block (the "Getting it" block runs first). */
  block?: number;
}

/** The README's commands, in order. */
function readmeCommands(readme: string): Command[] {
  const lines = readme.split('\n');
  const commands: Command[] = [];
  let fence: { lang: string; start: number } | undefined;
  let pending: { text: string; line: number } | undefined;
  const prose: Array<{ text: string; line: number }> = [];
  lines.forEach((line, i) => {
    const open = /^```(\S*)/.exec(line);
    if (open) {
      fence = fence ? undefined : { lang: open[1]!, start: i + 1 };
      return;
    }
    if (!fence) {
      prose.push({ text: line, line: i + 1 });
      return;
    }
    if (fence.lang === 'sh') {
      const text = pending ? `${pending.text}\n${line}` : line;
      const at = pending?.line ?? i + 1;
      if (line.endsWith('\\')) pending = { text, line: at };
      else {
        pending = undefined;
        if (text.trim() !== '' && !text.trim().startsWith('#')) commands.push({ text, line: at, kind: 'block', block: fence.start });
      }
    } else if (line.startsWith('$ ')) commands.push({ text: line.slice(2), line: i + 1, kind: 'prompt' });
  });
  // Inline code spans may run over a line break.
  const text = prose.map((p) => p.text).join('\n');
  const lineAt = (offset: number) => prose[text.slice(0, offset).split('\n').length - 1]!.line;
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    const span = m[1]!.replace(/\s+/g, ' ').trim();
    if (PROGRAMS.test(span)) commands.push({ text: span, line: lineAt(m.index!), kind: 'inline' });
  }
  return commands;
}

/** A command without its trailing comment and redundant spaces, to compare with another. */
const bare = (command: string) => command.replace(/\s+#.*$/gm, '').replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();

const COMMANDS = readmeCommands(README);
const gettingIt = COMMANDS.find((c) => c.kind === 'block' && c.text.startsWith('git clone '))?.block;
const blockRuns = COMMANDS.filter((c) => c.kind === 'block' && !(bare(c.text) in NOT_RUN));
const toRun = [...blockRuns.filter((c) => c.block === gettingIt), ...blockRuns.filter((c) => c.block !== gettingIt)];
const inlineRuns: Command[] = [];
const ranAlready = (inline: string) => [...toRun, ...inlineRuns].some((c) => bare(c.text).startsWith(inline));
// Longer commands first, so that a mention (`expand-pool-backups schema`) is run by the command it begins.
for (const c of COMMANDS.filter((x) => x.kind === 'inline').sort((a, b) => b.text.length - a.text.length)) {
  if (!(c.text in NOT_RUN) && !ranAlready(c.text)) inlineRuns.push(c);
}
const prompts = COMMANDS.filter((c) => c.kind === 'prompt');

/** This working tree (tracked and new files, as they are now) committed as `main` in a new repository. */
function originOfWorkingTree(): string {
  const origin = join(mkdtempSync(join(tmpdir(), 'epb-readme-origin-')), 'expand-pool-backups');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    try {
      mkdirSync(dirname(join(origin, file)), { recursive: true });
      copyFileSync(join(root, file), join(origin, file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted in the working tree
    }
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: origin, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'the working tree');
  return origin;
}

/** The environment of a new user's shell: their own HOME, npm's variables of this run left out, GitHub here. */
function userEnv(home: string, origin: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$|^VITEST|^NODE_OPTIONS$/.test(k)));
  return { ...env, HOME: home, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.file://${origin}.insteadOf`, GIT_CONFIG_VALUE_0: GITHUB };
}

const MARK = '@@readme-command';

describe('README.md commands', () => {
  it(`finds them: ${COMMANDS.length} in all, ${toRun.length + inlineRuns.length + prompts.length} to run`, () => {
    expect(gettingIt, 'a ```sh block that starts with git clone').toBeDefined();
    expect(prompts.map((p) => p.text)).toEqual([readmeBlock('plan-output', README).split('\n')[0]!.slice(2)]);
    // Each command not run is one the README shows: the list says why about commands that exist.
    const shown = new Set(COMMANDS.map((c) => bare(c.text)));
    for (const command of Object.keys(NOT_RUN)) expect(shown.has(command), `NOT_RUN names "${command}", which README.md does not show`).toBe(true);
    // Nothing presented as runnable needs a cluster.
    for (const c of COMMANDS) expect(c.text, `README.md line ${c.line}`).not.toMatch(/kubectl (apply|create|delete|get|rollout)|argocd app|kpt live/);
  });

  it('runs every other command in a clone as it stands, each with exit 0', () => {
    const origin = originOfWorkingTree();
    const workspace = mkdtempSync(join(tmpdir(), 'epb-readme-'));
    const home = join(workspace, 'home');
    mkdirSync(home);
    const env = userEnv(home, origin);
    const steps = [...toRun, ...inlineRuns];
    const script = [
      ...steps.map((c, i) => `${c.text}\nprintf '\\n${MARK} ${i} %s\\n' "$?"; printf '\\n${MARK} ${i}\\n' >&2`),
      `command -v expand-pool-backups; printf '\\n${MARK} ${steps.length} %s\\n' "$?"`,
    ].join('\n');
    const out = spawnSync('bash', ['-c', script], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(out.error).toBeUndefined();
    const stderr = out.stderr.split(new RegExp(`\\n${MARK} \\d+\\n`));
    let from = 0;
    const failures: string[] = [];
    steps.forEach((c, i) => {
      const m = new RegExp(`\\n${MARK} ${i} (\\d+)\\n`).exec(out.stdout.slice(from));
      if (!m) {
        failures.push(`README.md line ${c.line}: ${c.text}: did not finish`);
        return;
      }
      from += m.index + m[0].length;
      if (m[1] !== '0') failures.push(`README.md line ${c.line}: ${c.text}: exit ${m[1]}\n${(stderr[i] ?? '').trim().split('\n').slice(-8).join('\n')}`);
    });
    expect(failures.join('\n\n'), 'README commands that failed').toBe('');
    // The function the later commands ran is the one the README put on PATH.
    expect(out.stdout.slice(from).trim().split('\n')[0]).toBe(join(home, '.local/bin/expand-pool-backups'));

    // The plan the README shows, from its edit, in the same clone.
    const clone = join(workspace, 'expand-pool-backups');
    applyReadmeEdit(join(clone, 'examples/quickstart/small-shard.yaml'));
    for (const p of prompts) {
      const run = spawnSync('bash', ['-c', p.text], { cwd: clone, env: { ...env, PATH: `${join(home, '.local/bin')}:${env.PATH}` }, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(4);
      expect(`$ ${p.text}\n${run.stdout}`).toBe(readmeBlock('plan-output', README));
    }
  }, 900_000);
});
