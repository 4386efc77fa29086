// `plan`: renders a base and a change and says what applying the change does. The base is a
// directory or a git revision of the same path; the change is a directory (the working tree).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderObjects, type SourceFile } from '../krm/render.js';
import type { Result } from '../krm/results.js';
import { planChanges, type Plan } from '../plan/plan.js';
import { formatJson, formatMarkdown, formatText, planExitCode, type PlanSources } from '../plan/format.js';
import { InputError } from '../text/parse.js';
import { collectFiles, configSourceFile } from './render-command.js';
import { fileAtRevision, filesAtRevision, locate } from './git-source.js';

export type PlanOutput = 'text' | 'json' | 'markdown';

export interface PlanArgs {
  /** A directory or file for the base, or undefined with `revision`. */
  base?: string;
  /** The git revision the base is read from (of the change's path). */
  revision?: string;
  change: string;
  config?: string;
  output: PlanOutput;
}

export interface PlanCommandOutput {
  stdout: string;
  /** Errors of a side that does not render, for stderr. */
  errors: Result[];
  exitCode: number;
  plan?: Plan;
}

function side(label: string, files: readonly SourceFile[], configFile: SourceFile | undefined): { objects: Array<Record<string, unknown>>; errors: Result[] } {
  const rendered = renderObjects(files, configFile);
  const errors = rendered.results.filter((r) => r.severity === 'error').map((r) => ({ ...r, message: `${label}: ${r.message}` }));
  return { objects: rendered.objects, errors };
}

/** The base's files at a revision, with the --config file as that revision has it (none when it has none). */
function baseAtRevision(args: PlanArgs): { files: SourceFile[]; configFile?: SourceFile; inRepo: string; found: boolean } {
  const revision = args.revision!;
  if (args.config === undefined) return filesAtRevision(args.change, revision);
  let inRepo: string | undefined;
  try {
    inRepo = locate(args.config).inRepo;
  } catch {
    inRepo = undefined;
  }
  // A config outside the repository is the same file for both sides.
  if (inRepo === undefined) return { ...filesAtRevision(args.change, revision), configFile: configSourceFile(args.config) };
  const at = fileAtRevision(args.config, revision);
  const base = filesAtRevision(args.change, revision, inRepo);
  return at ? { ...base, configFile: at.file } : base;
}

export function planCommand(args: PlanArgs): PlanCommandOutput {
  if (args.revision === undefined && resolve(args.base!) === resolve(args.change)) {
    throw new InputError(`the base and the change are the same path (${args.change}); give two directories, or --base <git revision> to compare with a commit`);
  }
  let sources: PlanSources;
  let baseFiles: { files: SourceFile[]; configFile?: SourceFile };
  let changeFiles: { files: SourceFile[]; configFile?: SourceFile };
  if (args.revision !== undefined) {
    const base = baseAtRevision(args);
    if (!base.found && !existsSync(args.change)) throw new InputError(`${args.change} does not exist, neither in the working tree nor at ${args.revision}`);
    const where = base.inRepo === '' ? '.' : base.inRepo;
    sources = { base: `${args.revision}:${where}`, change: where };
    baseFiles = base;
    // A package the change deletes is an empty change: everything in it is deleted.
    changeFiles = existsSync(args.change) ? collectFiles([args.change], args.config) : { files: [], ...(args.config !== undefined && existsSync(args.config) ? { configFile: configSourceFile(args.config) } : {}) };
  } else {
    sources = { base: args.base!, change: args.change };
    baseFiles = collectFiles([args.base!], args.config);
    changeFiles = collectFiles([args.change], args.config);
  }
  const base = side(`the base (${sources.base}) does not render`, baseFiles.files, baseFiles.configFile);
  const change = side(`the change (${sources.change}) does not render`, changeFiles.files, changeFiles.configFile);
  const errors = [...base.errors, ...change.errors];
  if (errors.length > 0) return { stdout: '', errors, exitCode: 1 };
  const plan = planChanges(base.objects, change.objects);
  const format = args.output === 'json' ? formatJson : args.output === 'markdown' ? formatMarkdown : formatText;
  return { stdout: format(plan, sources), errors: [], exitCode: planExitCode(plan), plan };
}
