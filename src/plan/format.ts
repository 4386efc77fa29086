// A Plan for people and for programs: a terminal summary, Markdown for a pull-request comment,
// and JSON (the versioned document described in docs/plan.md and schema/plan.schema.json). Pure.
import type { FieldChange } from './diff.js';
import { EFFECTS, placeOf, type Effect, type Plan, type PlanChange } from './plan.js';

/** Exit codes of `plan`, beside 1 (error) and 2 (usage). */
export const PLAN_EXIT = { clean: 0, rejected: 3, dataAffecting: 4, both: 5 } as const;

export function planExitCode(plan: Plan): number {
  if (plan.rejected && plan.dataAffecting) return PLAN_EXIT.both;
  if (plan.rejected) return PLAN_EXIT.rejected;
  if (plan.dataAffecting) return PLAN_EXIT.dataAffecting;
  return PLAN_EXIT.clean;
}

export interface PlanSources {
  /** What the base is: a path, or `<revision>:<path in the repository>`. */
  base: string;
  change: string;
}

const WORDS: Record<Effect, string> = {
  rejected: 'rejected',
  'moves-backups': 'moves backups',
  deletes: 'deletes',
  scales: 'scales',
  'restarts-pods': 'restarts pods',
  creates: 'creates',
  updates: 'updates',
  'no-effect': 'no effect',
};

const SIGN: Record<Effect, string> = { rejected: '!', 'moves-backups': '>', deletes: '-', scales: '^', 'restarts-pods': '~', creates: '+', updates: '=', 'no-effect': '.' };
const ICON: Record<Effect, string> = { rejected: '⛔', 'moves-backups': '📦', deletes: '🗑️', scales: '↕️', 'restarts-pods': '🔄', creates: '➕', updates: '✏️', 'no-effect': '▫️' };

const counts = (plan: Plan): string => `${EFFECTS.map((e) => `${plan.summary[e]} ${WORDS[e]}`).join(', ')}; ${plan.summary.changedObjects} ${plan.summary.changedObjects === 1 ? 'object' : 'objects'} changed, ${plan.summary.unchanged} unchanged`;

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
  if (plan.dataAffecting) parts.push('this change affects data: read what it deletes or where backups go before merging');
  if (parts.length === 0) return `Nothing is rejected and no data is affected (exit ${code}).`;
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
  const out = [`Plan: ${sources.base} -> ${sources.change}`, counts(plan), verdict(plan, code), ...plan.notes.map((n) => `Note: ${n}`)];
  for (const shard of plan.shards) {
    out.push('', shard.shard.includes('/') ? `Shard ${shard.shard}` : `Namespace ${shard.shard}`);
    for (const c of shard.changes) {
      out.push(`  ${SIGN[c.effect]} ${WORDS[c.effect].padEnd(13)} ${c.object.kind} ${qualifiedName(c)}${placeOf(c)}`);
      out.push(`      ${c.message}`);
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

const md = (s: string) => s.replace(/[|<>]/g, (c) => `\\${c}`);
const code = (s: string) => {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${s}${ticks.length > 1 ? ' ' : ''}${ticks}`;
};
const cell = (s: string) => code(s).replace(/\|/g, '\\|');

export function formatMarkdown(plan: Plan, sources: PlanSources): string {
  const exit = planExitCode(plan);
  const out = ['## expand-pool-backups plan', '', `${code(sources.base)} → ${code(sources.change)}`, ''];
  out.push(EFFECTS.map((e) => (plan.summary[e] > 0 && (e === 'rejected' || e === 'moves-backups' || e === 'deletes') ? `**${plan.summary[e]} ${WORDS[e]}**` : `${plan.summary[e]} ${WORDS[e]}`)).join(' · ') + ` · ${plan.summary.changedObjects} objects changed, ${plan.summary.unchanged} unchanged`, '');
  const kind = plan.rejected ? 'CAUTION' : plan.dataAffecting ? 'WARNING' : 'NOTE';
  out.push(`> [!${kind}]`, `> ${verdict(plan, exit)}`, ...plan.notes.map((n) => `>\n> ${md(n)}`));
  for (const shard of plan.shards) {
    out.push('', `### ${shard.shard.includes('/') ? 'Shard' : 'Namespace'} ${code(shard.shard)}`);
    for (const c of shard.changes) {
      out.push('', `#### ${ICON[c.effect]} ${WORDS[c.effect]}: ${c.object.kind} ${code(qualifiedName(c))}${md(placeOf(c))}`, '', md(c.message));
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
    if (shard.notes.length > 0) out.push('', ...shard.notes.map((n) => `> ${md(n)}`));
  }
  return `${out.join('\n')}\n`;
}

/** What `plan --output json` prints (schema/plan.schema.json). */
export type PlanDocument = Plan & PlanSources & { exitCode: number };

/** The JSON document: the Plan with where it came from and the exit code it gives. */
export function formatJson(plan: Plan, sources: PlanSources): string {
  const { apiVersion, kind, ...rest } = plan;
  return `${JSON.stringify({ apiVersion, kind, base: sources.base, change: sources.change, exitCode: planExitCode(plan), ...rest }, null, 2)}\n`;
}
