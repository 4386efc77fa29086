// `plan`: renders a base and a change and says what applying the change does. The base is a
// directory or a git revision of the same path; the change is a directory (the working tree).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderObjects, type SourceFile } from '../krm/render.js';
import type { Result } from '../krm/results.js';
import { planChanges, type Plan } from '../plan/plan.js';
import { formatJson, formatJsonErrors, formatMarkdown, formatText, planExitCode, type PlanError, type PlanSources } from '../plan/format.js';
import { DEFAULT_KUBE_VERSION, kubeRules, type KubeVersion } from '../plan/kube-rules.js';
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
  /** Settings for both sides, in place of what each side's package gives. */
  config?: string;
  /** Settings for one side only (a settings change): they win over `config` on their side. */
  baseConfig?: string;
  changeConfig?: string;
  output: PlanOutput;
  /** The Kubernetes version whose rules apply (default: the newest supported). */
  kubeVersion?: KubeVersion;
}

export interface PlanCommandOutput {
  stdout: string;
  /** Errors of a side that does not render, for stderr. */
  errors: Result[];
  exitCode: number;
  plan?: Plan;
}

function side(which: 'base' | 'change', label: string, files: readonly SourceFile[], configFile: SourceFile | undefined): { objects: Array<Record<string, unknown>>; errors: PlanError[] } {
  let rendered: ReturnType<typeof renderObjects>;
  try {
    rendered = renderObjects(files, configFile);
  } catch (e) {
    if (e instanceof InputError) return { objects: [], errors: [{ side: which, message: `${label}: ${e.message}` }] };
    throw e;
  }
  const errors = rendered.results.filter((r) => r.severity === 'error').map((r) => toPlanError(which, label, r));
  return { objects: rendered.objects, errors };
}

function toPlanError(which: PlanError['side'], label: string, r: Result): PlanError {
  return {
    side: which,
    message: `${label}: ${r.message}`,
    ...(r.file ? { file: r.file.path } : {}),
    ...(r.field ? { field: r.field.path } : {}),
    ...(r.resourceRef ? { resourceRef: r.resourceRef } : {}),
  };
}

/** The base's files at a revision, with its settings file as that revision has it (none when it has none). */
function baseAtRevision(args: PlanArgs, config: string | undefined): { files: SourceFile[]; configFile?: SourceFile; inRepo: string; found: boolean } {
  const revision = args.revision!;
  if (config === undefined) return filesAtRevision(args.change, revision);
  let inRepo: string | undefined;
  try {
    inRepo = locate(config).inRepo;
  } catch {
    inRepo = undefined;
  }
  // A config outside the repository is the same file for both sides.
  if (inRepo === undefined) return { ...filesAtRevision(args.change, revision), configFile: configSourceFile(config) };
  const at = fileAtRevision(config, revision);
  const base = filesAtRevision(args.change, revision, inRepo);
  return at ? { ...base, configFile: at.file } : base;
}

export function planCommand(args: PlanArgs): PlanCommandOutput {
  const kubeVersion = args.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const sources: PlanSources = args.revision !== undefined ? { base: `${args.revision}:${args.change}`, change: args.change } : { base: args.base!, change: args.change };
  const fail = (errors: PlanError[]): PlanCommandOutput => ({
    stdout: args.output === 'json' ? formatJsonErrors(sources, kubeVersion, errors) : '',
    errors: errors.map((e) => ({ message: e.message, severity: 'error' as const, ...(e.file ? { file: { path: e.file } } : {}), ...(e.field ? { field: { path: e.field } } : {}), ...(e.resourceRef ? { resourceRef: e.resourceRef } : {}) })),
    exitCode: 1,
  });
  try {
    return planSides(args, kubeVersion, sources, fail);
  } catch (e) {
    // Text and Markdown leave an unreadable input to the CLI's one line; JSON always prints a document.
    if (e instanceof InputError && args.output === 'json') return fail([{ side: 'input', message: e.message }]);
    throw e;
  }
}

function planSides(args: PlanArgs, kubeVersion: KubeVersion, sources: PlanSources, fail: (errors: PlanError[]) => PlanCommandOutput): PlanCommandOutput {
  if (args.revision === undefined && resolve(args.base!) === resolve(args.change)) {
    throw new InputError(`the base and the change are the same path (${args.change}); give two directories, or --base <git revision> to compare with a commit`);
  }
  // A side's own settings file wins over the one for both.
  const baseConfig = args.baseConfig ?? args.config;
  const changeConfig = args.changeConfig ?? args.config;
  let baseFiles: { files: SourceFile[]; configFile?: SourceFile };
  let changeFiles: { files: SourceFile[]; configFile?: SourceFile };
  if (args.revision !== undefined) {
    // A per-side settings file for the base is read from the working tree, as given.
    const base = args.baseConfig !== undefined ? { ...filesAtRevision(args.change, args.revision), configFile: configSourceFile(args.baseConfig) } : baseAtRevision(args, baseConfig);
    if (!base.found && !existsSync(args.change)) throw new InputError(`${args.change} does not exist, neither in the working tree nor at ${args.revision}`);
    const where = base.inRepo === '' ? '.' : base.inRepo;
    sources.base = `${args.revision}:${where}`;
    sources.change = where;
    baseFiles = base;
    // A package the change deletes is an empty change: everything in it is deleted.
    changeFiles = existsSync(args.change) ? collectFiles([args.change], changeConfig) : { files: [], ...(changeConfig !== undefined && existsSync(changeConfig) ? { configFile: configSourceFile(changeConfig) } : {}) };
  } else {
    baseFiles = collectFiles([args.base!], baseConfig);
    changeFiles = collectFiles([args.change], changeConfig);
  }
  const base = side('base', `the base (${sources.base}) does not render`, baseFiles.files, baseFiles.configFile);
  const change = side('change', `the change (${sources.change}) does not render`, changeFiles.files, changeFiles.configFile);
  const errors = [...base.errors, ...change.errors];
  if (errors.length > 0) return fail(errors);
  const plan = planChanges(base.objects, change.objects, { rules: kubeRules(kubeVersion) });
  const format = args.output === 'json' ? formatJson : args.output === 'markdown' ? formatMarkdown : formatText;
  return { stdout: format(plan, sources), errors: [], exitCode: planExitCode(plan), plan };
}
