// Command-line arguments. Pure.

export class UsageError extends Error {
  override name = 'UsageError';
}

export type Args =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'schema'; kind?: 'shard' | 'functionConfig' | 'backupConfig' }
  | { command: 'resource-list'; config?: string }
  | { command: 'render'; paths: string[]; config?: string; verbose: boolean };

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
  expand-pool-backups schema [shard|functionConfig|backupConfig]
                                           print the JSON Schema of one kind of document (with
                                           its $id, for editors), or all of them
  expand-pool-backups help | --help | version | --version

Examples (from a clone of the repository, with expand-pool-backups on PATH):
  kpt fn eval examples/quickstart --exec expand-pool-backups -o stdout
  expand-pool-backups render examples/quickstart > manifests.yaml
  expand-pool-backups render examples/argocd/app --verbose

In render mode, Argo CD plugin parameters (ARGOCD_APP_PARAMETERS, or PARAM_* variables) named
after flattened functionConfig keys override the functionConfig, e.g.
  defaults.backupConfig.type=s3  s3.keyPrefixTemplate={namespace}/{shard}  protectBackupVolumes=false

Exit status: 0 on success, 1 when any result is an error (the output is still written in
ResourceList mode), 2 for wrong usage.
`;

export function parseArgs(argv: readonly string[]): Args {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  if (argv.includes('--version') || argv[0] === 'version') return { command: 'version' };
  if (argv.length === 0) return { command: 'resource-list' };
  const [command, ...rest] = argv;
  if (command === '--config' || command?.startsWith('--config=')) {
    const config = command === '--config' ? rest[0] : command.slice('--config='.length);
    if (!config || rest.length > (command === '--config' ? 1 : 0)) throw new UsageError('usage: expand-pool-backups [--config FILE] < resource-list.yaml');
    return { command: 'resource-list', config };
  }
  if (command === 'schema') {
    const kinds = ['shard', 'functionConfig', 'backupConfig'];
    if (rest.length > 1 || (rest[0] !== undefined && !kinds.includes(rest[0]))) throw new UsageError(`usage: expand-pool-backups schema [${kinds.join('|')}]`);
    return { command: 'schema', ...(rest[0] ? { kind: rest[0] as 'shard' | 'functionConfig' | 'backupConfig' } : {}) };
  }
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
