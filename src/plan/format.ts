// A Plan for people and for programs: a terminal summary, Markdown for a pull-request comment,
// and JSON (the versioned document described in docs/plan.md and schema/plan.schema.json). Pure.
import type { FieldChange } from './diff.js';
import { EFFECTS, PLAN_API_VERSION, PLAN_KIND, poolAndCell, type Effect, type Plan, type PlanChange, type ShardPlan } from './plan.js';

/**
 * Exit codes of `plan`, beside 1 (error) and 2 (usage): 0 when nothing is rejected, no data is
 * affected and everything keeps serving; otherwise 2 plus one bit per kind of harm, so that the
 * codes 3, 4 and 5 keep the meaning they always had and a gate can test each bit.
 */
const BIT = { rejected: 1, dataAffecting: 2, availabilityAffecting: 4 } as const;

export function planExitCode(plan: Pick<Plan, 'rejected' | 'dataAffecting' | 'availabilityAffecting'>): number {
  const bits = (plan.rejected ? BIT.rejected : 0) | (plan.dataAffecting ? BIT.dataAffecting : 0) | (plan.availabilityAffecting ? BIT.availabilityAffecting : 0);
  return bits === 0 ? 0 : 2 + bits;
}

/** Every exit code of `plan` and what gives it, for the help and docs/plan.md. */
export const PLAN_EXIT_CODES: ReadonlyArray<[number, string]> = [
  [0, 'nothing is rejected, no data is affected, every pool keeps serving (or nothing changes)'],
  [1, 'a side does not render (its errors on stderr; with --output json, in the document), or the input cannot be read'],
  [2, 'wrong usage'],
  [3, 'Kubernetes rejects part of the change (or may, depending on what only the cluster knows): a procedure is given'],
  [4, 'data is affected: a StatefulSet, a data volume or a backup PVC is deleted (or left without prune protection), backups move (or may move) to another repository, or a retention policy of Delete is set'],
  [5, '3 and 4'],
  [6, 'a pool or the Shard stops serving: a Service selector no running pod matches, every replica of a pool at 0, a Shard moved to another namespace'],
  [7, '6 and 3'],
  [8, '6 and 4'],
  [9, '6, 3 and 4'],
];

export interface PlanSources {
  /** What the base is: a path, or `<revision>:<path in the repository>`. */
  base: string;
  change: string;
}

const WORDS: Record<Effect, string> = {
  rejected: 'rejected',
  'stops-serving': 'stops serving',
  'moves-backups': 'moves backups',
  deletes: 'deletes',
  scales: 'scales',
  'restarts-pods': 'restarts pods',
  creates: 'creates',
  updates: 'updates',
  'no-effect': 'no effect',
};

const SIGN: Record<Effect, string> = { rejected: '!', 'stops-serving': 'x', 'moves-backups': '>', deletes: '-', scales: '^', 'restarts-pods': '~', creates: '+', updates: '=', 'no-effect': '.' };
const ICON: Record<Effect, string> = { rejected: '⛔', 'stops-serving': '🚫', 'moves-backups': '📦', deletes: '🗑️', scales: '↕️', 'restarts-pods': '🔄', creates: '➕', updates: '✏️', 'no-effect': '▫️' };

const afterProcedure = (plan: Plan) => (plan.summary.afterProcedure > 0 ? `, ${plan.summary.afterProcedure} after a procedure` : '');
const counts = (plan: Plan): string =>
  `${EFFECTS.map((e) => `${plan.summary[e]} ${WORDS[e]}`).join(', ')}${afterProcedure(plan)}; ${plan.summary.changedObjects} ${plan.summary.changedObjects === 1 ? 'object' : 'objects'} changed, ${plan.summary.unchanged} unchanged`;

/** One value as people read it: scalars as written, the rest as compact JSON; in a terminal long ones are cut (Markdown and JSON keep them whole). */
function show(value: unknown, cut = 200): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > cut ? `${text.slice(0, cut - 3)}...` : text;
}
const whole = (value: unknown) => show(value, Infinity);

const qualifiedName = (c: PlanChange) => `${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name}`;

function verdict(plan: Plan, code: number): string {
  if (plan.shards.length === 0) return 'No changes: every object the function renders is the same in both.';
  const parts: string[] = [];
  if (plan.rejected) parts.push('Kubernetes will reject part of this change: apply the procedure given for each rejected object first');
  if (plan.availabilityAffecting) parts.push('part of the database stops serving: read which pools or Shards are left without a running pod');
  if (plan.dataAffecting) parts.push('this change affects data: read what it deletes or where backups go before merging');
  if (parts.length === 0) return `Nothing is rejected, no data is affected and every pool keeps serving (exit ${code}).`;
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)} (exit ${code}).`;
}

const fieldLines = (f: FieldChange): string[] => {
  if (f.removed !== undefined || f.added !== undefined) {
    const lines = [...(f.removed ?? []).map((v) => `- ${show(v)}`), ...(f.added ?? []).map((v) => `+ ${show(v)}`)];
    return [`~ ${f.path}${lines.length === 0 ? ': order changed' : ''}`, ...lines.map((l) => `    ${l}`)];
  }
  if (f.before === undefined) return [`+ ${f.path}: ${show(f.after)}`];
  if (f.after === undefined) return [`- ${f.path}: ${show(f.before)}`];
  return [`~ ${f.path}: ${show(f.before)} -> ${show(f.after)}`];
};

export function formatText(plan: Plan, sources: PlanSources): string {
  const code = planExitCode(plan);
  const out = [`Plan: ${sources.base} -> ${sources.change} (Kubernetes ${plan.kubeVersion})`, counts(plan), verdict(plan, code), ...plan.notes.map((n) => `Note: ${n}`)];
  for (const shard of bySeriousness(plan.shards)) {
    out.push('', heading(shard));
    for (const c of shard.changes) {
      out.push(`  ${SIGN[c.effect]} ${WORDS[c.effect].padEnd(13)} ${c.object.kind} ${qualifiedName(c)}${poolAndCell(c)}`);
      out.push(`      ${c.message}`);
      if (c.dependsOn) out.push(`      Depends on ${c.dependsOn}.`);
      for (const f of c.fields) out.push(...fieldLines(f).map((l) => `        ${l}`));
      for (const d of c.details) out.push(`      * ${d}`);
      if (c.procedure) {
        out.push(`      What works: ${c.procedure.summary}`);
        for (const [tool, steps] of [['kubectl', c.procedure.kubectl], ['Argo CD', c.procedure.argocd], ['kpt', c.procedure.kpt]] as const) {
          steps.forEach((s, i) => out.push(`        ${(i === 0 ? `${tool}:` : '').padEnd(9)}${s}`));
        }
      }
    }
    for (const n of shard.notes) out.push(`  Note: ${n}`);
  }
  return `${out.join('\n')}\n`;
}

/** A Shard's heading: a Shard, a Shard that moves, or a namespace (its pg-hba ConfigMap). */
const heading = (shard: ShardPlan, wrap: (s: string) => string = (s) => s): string =>
  !shard.shard.includes('/') ? `Namespace ${wrap(shard.shard)}` : shard.movedTo ? `Shard ${wrap(shard.shard)} → ${wrap(shard.movedTo)}` : `Shard ${wrap(shard.shard)}`;

/** Whether a change is one a reviewer must never miss: rejected, stops serving, or affects data. */
export const isSerious = (c: PlanChange): boolean => c.effect === 'rejected' || c.effect === 'stops-serving' || c.dataAffecting;

const rank = (shard: ShardPlan): number => Math.min(...shard.changes.map((c) => EFFECTS.indexOf(c.effect) - (isSerious(c) ? EFFECTS.length : 0)), EFFECTS.length);

/** Shards with the most serious change first, then by name (stable). */
const bySeriousness = (shards: readonly ShardPlan[]): ShardPlan[] => [...shards].sort((a, b) => rank(a) - rank(b) || (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0));

const md = (s: string) => s.replace(/[|<>]/g, (c) => `\\${c}`);
const code = (s: string) => {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${s}${ticks.length > 1 ? ' ' : ''}${ticks}`;
};
const cell = (s: string) => code(s).replace(/\|/g, '\\|');

/** GitHub refuses a comment longer than 65,536 characters; the plan leaves room for a wrapper's lines around it. */
export const MARKDOWN_LIMIT = 60_000;

/** How much of each change the Markdown shows: everything, serious ones only in full, serious ones in short, or their names. */
type Detail = 'full' | 'serious' | 'short' | 'names';

function markdownChange(c: PlanChange, out: string[], detail: Detail): void {
  const title = `${ICON[c.effect]} ${WORDS[c.effect]}: ${c.object.kind} ${code(qualifiedName(c))}${md(poolAndCell(c))}`;
  if (detail === 'short') {
    out.push(`- ${title}: ${md(c.message)}${c.dependsOn ? ` (depends on ${md(c.dependsOn)})` : ''}`);
    return;
  }
  out.push('', `#### ${title}`, '', md(c.message));
  if (c.dependsOn) out.push('', `Depends on ${md(c.dependsOn)}.`);
  if (c.fields.length > 0) {
    out.push('', '| field | before | after |', '| --- | --- | --- |');
    for (const f of c.fields) {
      if (f.removed !== undefined || f.added !== undefined) out.push(`| ${cell(f.path)} | ${(f.removed ?? []).map((v) => cell(whole(v))).join('<br>') || '(order)'} | ${(f.added ?? []).map((v) => cell(whole(v))).join('<br>') || '(order)'} |`);
      else out.push(`| ${cell(f.path)} | ${f.before === undefined ? '(none)' : cell(whole(f.before))} | ${f.after === undefined ? '(none)' : cell(whole(f.after))} |`);
    }
  }
  if (c.details.length > 0) out.push('', ...c.details.map((d) => `- ${md(d)}`));
  if (c.procedure) {
    out.push('', '<details><summary>What works</summary>', '', md(c.procedure.summary), '');
    for (const [tool, steps] of [['kubectl', c.procedure.kubectl], ['Argo CD', c.procedure.argocd], ['kpt', c.procedure.kpt]] as const) {
      out.push(`- **${tool}**: ${steps.map(code).join(', then ')}`);
    }
    out.push('', '</details>');
  }
}

/** What is left out at this level, in one line: "3 restarts pods, 2 creates". */
const tally = (changes: readonly PlanChange[]): string => EFFECTS.map((e) => [e, changes.filter((c) => c.effect === e).length] as const).filter(([, n]) => n > 0).map(([e, n]) => `${n} ${WORDS[e]}`).join(', ');

function markdownAt(plan: Plan, sources: PlanSources, detail: Detail): string {
  const exit = planExitCode(plan);
  const out = ['## expand-pool-backups plan', '', `${code(sources.base)} → ${code(sources.change)} (Kubernetes ${plan.kubeVersion})`, ''];
  const bold = (e: Effect) => e === 'rejected' || e === 'stops-serving' || e === 'moves-backups' || e === 'deletes';
  out.push(EFFECTS.map((e) => (plan.summary[e] > 0 && bold(e) ? `**${plan.summary[e]} ${WORDS[e]}**` : `${plan.summary[e]} ${WORDS[e]}`)).join(' · ') + `${afterProcedure(plan).replace(/^, /, ' · ')} · ${plan.summary.changedObjects} objects changed, ${plan.summary.unchanged} unchanged`, '');
  const kind = plan.rejected || plan.availabilityAffecting ? 'CAUTION' : plan.dataAffecting ? 'WARNING' : 'NOTE';
  out.push(`> [!${kind}]`, `> ${verdict(plan, exit)}`, ...plan.notes.map((n) => `>\n> ${md(n)}`));
  if (detail !== 'full') {
    out.push('', `> [!NOTE]\n> This plan is too long for one comment: ${detail === 'serious' ? 'every rejected, availability and data change is shown in full, the others are counted per Shard' : detail === 'short' ? 'every rejected, availability and data change is shown in one line, the others are counted per Shard' : 'every rejected, availability and data change is named, the others are counted'}. The whole plan: the same command with \`--output json\` (or \`--output text\`).`);
  }
  if (detail === 'names') {
    const serious = bySeriousness(plan.shards).flatMap((s) => s.changes.filter(isSerious));
    for (const e of EFFECTS) {
      const these = serious.filter((c) => c.effect === e);
      if (these.length > 0) out.push('', `**${ICON[e]} ${WORDS[e]} (${these.length})**: ${these.map((c) => `${c.object.kind} ${code(qualifiedName(c))}`).join(', ')}`);
    }
    const rest = plan.shards.flatMap((s) => s.changes.filter((c) => !isSerious(c)));
    if (rest.length > 0) out.push('', `Not shown: ${tally(rest)}.`);
    return `${out.join('\n')}\n`;
  }
  for (const shard of bySeriousness(plan.shards)) {
    out.push('', `### ${heading(shard, code)}`);
    const shown = detail === 'full' ? shard.changes : shard.changes.filter(isSerious);
    if (detail === 'short' && shown.length > 0) out.push('');
    for (const c of shown) markdownChange(c, out, detail === 'short' ? 'short' : 'full');
    const hidden = shard.changes.filter((c) => !shown.includes(c));
    if (hidden.length > 0) out.push('', `Not shown: ${tally(hidden)}.`);
    if (shard.notes.length > 0) out.push('', ...shard.notes.map((n) => `> ${md(n)}`));
  }
  return `${out.join('\n')}\n`;
}

/**
 * Markdown for a pull-request comment: the most serious Shards first. Longer than a comment may be,
 * it drops detail level by level, first of what is neither rejected nor affects data or
 * availability, never any such change itself.
 */
export function formatMarkdown(plan: Plan, sources: PlanSources, limit = MARKDOWN_LIMIT): string {
  let text = '';
  for (const detail of ['full', 'serious', 'short', 'names'] as const) {
    text = markdownAt(plan, sources, detail);
    if (text.length <= limit) return text;
  }
  return text;
}

/** What `plan --output json` prints (schema/plan.schema.json): a plan, or the errors of a side that does not render. */
export type PlanDocument = Plan & PlanSources & { exitCode: number };

/** The JSON document: the Plan with where it came from and the exit code it gives. */
export function formatJson(plan: Plan, sources: PlanSources): string {
  const { apiVersion, kind, ...rest } = plan;
  return `${JSON.stringify({ apiVersion, kind, base: sources.base, change: sources.change, exitCode: planExitCode(plan), ...rest }, null, 2)}\n`;
}

/** An error the JSON document carries when a side does not render. */
export interface PlanError {
  side: 'base' | 'change' | 'input';
  message: string;
  file?: string;
  field?: string;
  resourceRef?: { apiVersion: string; kind: string; namespace?: string; name: string };
}

/** The JSON document of a plan that could not be made: exit code 1 and the errors, never empty output. */
export function formatJsonErrors(sources: PlanSources, kubeVersion: string, errors: readonly PlanError[]): string {
  return `${JSON.stringify({ apiVersion: PLAN_API_VERSION, kind: PLAN_KIND, base: sources.base, change: sources.change, kubeVersion, exitCode: 1, errors }, null, 2)}\n`;
}
