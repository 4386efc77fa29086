// Command-line arguments. Pure.
import type { PlanArgs, PlanOutput } from './plan-command.js';
import { PLAN_EXIT_CODES } from '../plan/format.js';
import { DEFAULT_KUBE_VERSION, KUBE_VERSIONS, MIN_KUBE_VERSION, parseKubeVersion } from '../plan/kube-rules.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type Args =
  | { command: 'help'; topic?: 'plan' }
  | { command: 'version' }
  | { command: 'schema'; kind?: 'shard' | 'functionConfig' | 'backupConfig' | 'plan' }
  | { command: 'resource-list'; config?: string }
  | { command: 'render'; paths: string[]; config?: string; verbose: boolean }
  | ({ command: 'plan' } & PlanArgs);

export const HELP = `expand-pool-backups: render Multigres Shards into the StatefulSets, Services and PVCs the
operator would create, with each pool's backupConfig (S3 or filesystem) wired into pgctld.

Usage:
  expand-pool-backups [--config FILE]      read a KRM ResourceList on stdin and write it back with
                                           the rendered objects (kpt fn render/eval, kustomize
                                           transformers); a plain YAML stream (kustomize exec
                                           plugins) comes back as a stream, errors and warnings
                                           on stderr; --config replaces the functionConfig
  expand-pool-backups render [PATH...] [--config FILE] [--verbose]
                                           read manifests (files, directories, - for stdin;
                                           default .), print the objects to apply as a ---
                                           stream (Argo CD plugin generate), results on stderr
  expand-pool-backups plan BASE CHANGE | plan --base REVISION [PATH]
          [--config FILE] [--output text|json|markdown] [--kube-version X.Y]
                                           render a base and a change (two directories, or
                                           PATH, default ., at a git revision and in the
                                           working tree) and say what applying the change does:
                                           what Kubernetes rejects, what stops serving, which
                                           pods restart, where backups move, what is deleted or
                                           created (expand-pool-backups help plan: the options)
  expand-pool-backups schema [shard|functionConfig|backupConfig|plan]
                                           print the JSON Schema of one kind of document (with
                                           its $id, for editors), or all of them; plan: the
                                           schema of plan --output json
  expand-pool-backups help | --help | version | --version

Examples (from a clone of the repository, with expand-pool-backups on PATH):
  kpt fn eval examples/quickstart --exec expand-pool-backups -o stdout
  expand-pool-backups render examples/quickstart > manifests.yaml
  expand-pool-backups render examples/argocd/app --verbose
  expand-pool-backups plan examples/plan/before examples/plan/after

In render mode, Argo CD plugin parameters (ARGOCD_APP_PARAMETERS, or PARAM_* variables) named
after flattened functionConfig keys override the functionConfig, e.g.
  defaults.backupConfig.type=s3  s3.keyPrefixTemplate={namespace}/{shard}  protectBackupVolumes=false

Exit status: 0 on success, 1 when any result is an error (the output is still written in
ResourceList mode), 2 for wrong usage. plan: 0 when nothing is rejected, no data is affected
and every pool keeps serving; 3 rejected, 4 data affected, 6 stops serving, and their sums
less 2 for combinations (5, 7, 8, 9); expand-pool-backups help plan lists each trigger.
`;

const wrap = (text: string, indent: string, width = 96): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
};

export const PLAN_HELP = `expand-pool-backups plan: what applying a change does to the running databases.

Usage:
  expand-pool-backups plan BASE CHANGE [options]
  expand-pool-backups plan --base REVISION [PATH] [options]

Each side is rendered as its package renders it: a Kptfile whose pipeline runs
expand-pool-backups gives that side's settings (configPath: or configMap:), else the
ExpandPoolBackups among its files. Settings that cannot be read fail the plan (exit 1).

Options:
  --base REVISION         the base is PATH (default .) at this git revision, read with git
                          (no checkout); the change is PATH in the working tree
  --config FILE           settings for both sides, in place of what the packages give
  --base-config FILE      settings for the base only, --change-config FILE for the change only
                          (to plan a settings change); read from the working tree as given;
                          each wins over --config on its side
  --kube-version X.Y      the Kubernetes version whose update rules and refusal messages apply:
                          ${KUBE_VERSIONS[0]} to ${KUBE_VERSIONS.at(-1)} (default ${DEFAULT_KUBE_VERSION}); below ${MIN_KUBE_VERSION} the rendered
                          StatefulSets cannot be applied at all
  --output text|json|markdown
                          text (default); json: the versioned document of schema/plan.schema.json,
                          printed also when a side does not render (exitCode 1 and the errors);
                          markdown: a pull-request comment, most serious first, under GitHub's
                          65,536-character limit (rejected, availability and data changes are
                          never left out)

Effects, most serious first: rejected, stops-serving, moves-backups, deletes, scales,
restarts-pods, creates, updates, no-effect.

Exit status:
${PLAN_EXIT_CODES.map(([code, what]) => wrap(what, '      ').join('\n').replace(/^ {6}/, `  ${String(code).padEnd(4)}`)).join('\n')}
`;

export function parseArgs(argv: readonly string[]): Args {
  if (argv[0] === 'help') return argv[1] === 'plan' ? { command: 'help', topic: 'plan' } : { command: 'help' };
  if (argv.includes('--help') || argv.includes('-h')) return argv[0] === 'plan' ? { command: 'help', topic: 'plan' } : { command: 'help' };
  if (argv.includes('--version') || argv[0] === 'version') return { command: 'version' };
  if (argv.length === 0) return { command: 'resource-list' };
  const [command, ...rest] = argv;
  if (command === '--config' || command?.startsWith('--config=')) {
    const config = command === '--config' ? rest[0] : command.slice('--config='.length);
    if (!config || rest.length > (command === '--config' ? 1 : 0)) throw new UsageError('usage: expand-pool-backups [--config FILE] < resource-list.yaml');
    return { command: 'resource-list', config };
  }
  if (command === 'schema') {
    const kinds = ['shard', 'functionConfig', 'backupConfig', 'plan'];
    if (rest.length > 1 || (rest[0] !== undefined && !kinds.includes(rest[0]))) throw new UsageError(`usage: expand-pool-backups schema [${kinds.join('|')}]`);
    return { command: 'schema', ...(rest[0] ? { kind: rest[0] as 'shard' | 'functionConfig' | 'backupConfig' | 'plan' } : {}) };
  }
  if (command === 'plan') return parsePlan(rest);
  if (command !== 'render') throw new UsageError(`unknown command ${JSON.stringify(command)}; see --help`);
  const paths: string[] = [];
  let config: string | undefined;
  let verbose = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--config' || arg === '-c') {
      config = rest[++i];
      if (config === undefined) throw new UsageError('--config needs a file');
    } else if (arg.startsWith('--config=')) config = arg.slice('--config='.length);
    else if (arg === '--verbose' || arg === '-v') verbose = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${JSON.stringify(arg)}; see --help`);
    else paths.push(arg);
  }
  return { command: 'render', paths: paths.length > 0 ? paths : ['.'], ...(config !== undefined ? { config } : {}), verbose };
}

const PLAN_USAGE = 'usage: expand-pool-backups plan BASE CHANGE | plan --base REVISION [PATH] [--config FILE | --base-config FILE --change-config FILE] [--output text|json|markdown] [--kube-version X.Y]';
const OUTPUTS: readonly PlanOutput[] = ['text', 'json', 'markdown'];

function parsePlan(rest: readonly string[]): Args {
  const paths: string[] = [];
  let revision: string | undefined;
  let config: string | undefined;
  let baseConfig: string | undefined;
  let changeConfig: string | undefined;
  let kubeVersion: PlanArgs['kubeVersion'];
  let output: PlanOutput = 'text';
  const value = (i: number, flag: string): string => {
    const v = rest[i];
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a value; ${PLAN_USAGE}`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => (inline !== undefined ? inline : value(++i, flag));
    if (flag === '--base') revision = take();
    else if (flag === '--config' || flag === '-c') config = take();
    else if (flag === '--base-config') baseConfig = take();
    else if (flag === '--change-config') changeConfig = take();
    else if (flag === '--kube-version') {
      const parsed = parseKubeVersion(take());
      if ('error' in parsed) throw new UsageError(`--kube-version: ${parsed.error}`);
      kubeVersion = parsed.version;
    } else if (flag === '--output' || flag === '-o') {
      const o = take();
      if (!OUTPUTS.includes(o as PlanOutput)) throw new UsageError(`--output ${JSON.stringify(o)} is not one of ${OUTPUTS.join(', ')}`);
      output = o as PlanOutput;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${JSON.stringify(arg)}; ${PLAN_USAGE}`);
    else paths.push(arg);
  }
  if (paths.includes('-')) throw new UsageError(`plan reads directories or files, not stdin; ${PLAN_USAGE}`);
  const options = {
    ...(config !== undefined ? { config } : {}),
    ...(baseConfig !== undefined ? { baseConfig } : {}),
    ...(changeConfig !== undefined ? { changeConfig } : {}),
    ...(kubeVersion !== undefined ? { kubeVersion } : {}),
  };
  if (revision !== undefined) {
    if (paths.length > 1) throw new UsageError(`with --base, give one PATH (the change, compared with itself at the revision); ${PLAN_USAGE}`);
    return { command: 'plan', revision, change: paths[0] ?? '.', ...options, output };
  }
  if (paths.length !== 2) throw new UsageError(`plan compares two renders: give BASE and CHANGE, or --base REVISION; ${PLAN_USAGE}`);
  return { command: 'plan', base: paths[0]!, change: paths[1]!, ...options, output };
}
