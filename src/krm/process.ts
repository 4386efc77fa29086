// The function itself over a list of items, as the passes it is, each a module of its own:
// settings.ts reads the functionConfig; read-items.ts reads the items (each Shard on its own in
// shard-item.ts); check-across-shards.ts checks what no Shard can tell alone and settles what
// renders; template-checks.ts checks the backups in ShardTemplates and MultigresClusters;
// assemble-output.ts lays out the output; plan-results.ts compares it with the function's earlier
// output; summary.ts says what the run did. Each pass returns what it found: every result and
// every write into the output is a line here. Items it does not read stay text; turning output
// items into text is text/write.ts's job.
import type { Issue } from '../api/issue.js';
import type { InputItem } from '../text/item.js';
import { assembleOutput, passThrough } from './assemble-output.js';
import { checkAcrossShards } from './check-across-shards.js';
import type { OutputItem } from './output-item.js';
import { comparedWithEarlier } from './plan-results.js';
import { readItems } from './read-items.js';
import { exitCodeOf, objectResult, sortResults, toResult, type Result } from './results.js';
import { readSettings, unusedConfigs } from './settings.js';
import type { RenderedShard } from './shard-item.js';
import { configErrorsSummary, summaryResult } from './summary.js';
import { templateIssues } from './template-checks.js';

export type { OutputItem } from './output-item.js';

export interface Processed {
  output: OutputItem[];
  results: Result[];
  exitCode: 0 | 1;
}

export interface ProcessOptions {
  /** Give generated objects kpt's path/index annotations (off in render mode). */
  annotatePaths: boolean;
  /**
   * Compare the function's earlier output among the items with what it renders now, and report
   * what applying it does (ResourceList mode: kpt fn render keeps its output in the package).
   */
  compareEarlier?: boolean;
}

/** Notes (info) are said of what renders; what does not gets its errors and warnings only. */
const reported = (issues: readonly Issue[], renders: boolean): readonly Issue[] => (renders ? issues : issues.filter((i) => i.severity !== 'info'));

export function processItems(items: readonly InputItem[], functionConfig: unknown, options: ProcessOptions): Processed {
  // With errors in the functionConfig nothing renders, but every Shard is still checked with the
  // settings that are valid, so the user meets all the mistakes of the package in this run.
  const settings = readSettings(functionConfig);
  const { config, renders } = settings;
  const read = readItems(items, config);
  const shards = checkAcrossShards(read.shards, read.credentials);
  const checked: Result[] = [
    ...settings.results,
    ...read.results,
    // After the checks across Shards: those read the Secrets and ServiceAccounts they looked up.
    ...read.credentials.results,
    ...unusedConfigs(read.configs, functionConfig),
    ...read.templates.flatMap((t) => reported(templateIssues(t.parsed, config), renders).map((i) => objectResult(i, t.parsed.value, t.item))),
    ...shards.flatMap((s) => reported(s.issues, renders && s.state === 'rendered').map((i) => toResult(i, s.ref, s.file))),
  ];
  if (!renders) return processed(passThrough(items), [...checked, configErrorsSummary()]);

  const { output, generated, replaced, results: layout } = assembleOutput(items, shards, read.earlier, options);
  const rendered = shards.filter((s): s is RenderedShard => s.state === 'rendered');
  const compared = replaced.length > 0 ? comparedWithEarlier(replaced, generated, rendered, config, settings.rules) : { results: [], replacements: [] };
  for (const { at, item } of compared.replacements) output[at] = { kind: 'source', item };
  return processed(output, [...checked, ...layout, ...compared.results, summaryResult(shards)]);
}

const processed = (output: OutputItem[], results: Result[]): Processed => ({ output, results: sortResults(results), exitCode: exitCodeOf(results) });
