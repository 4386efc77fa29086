// The text-level seam of ResourceList mode: ResourceList text in, ResourceList text and exit
// code out. No IO here; cli/ reads stdin and writes stdout.
import { emitEntry } from './emit.js';
import { itemText } from './item.js';
import type { Parallel, ParallelInput } from './parallel.js';
import { NeedsFullParse, processItems, type Processed, type ProcessOptions } from './process.js';
import { readFast, readFull, type ReadList } from './resource-list.js';
import type { Result } from './results.js';

export interface RunOutput {
  /** The output ResourceList in pieces, produced as they are read (nothing holds all of it). */
  chunks(): Iterable<string>;
  /** The whole output as one string (tests, small inputs). */
  readonly stdout: string;
  exitCode: 0 | 1;
  results: Result[];
  /** Which reading path the input took. */
  path: 'fast' | 'full';
}

function* itemTexts(list: ReadList, processed: Processed): Iterable<string> {
  for (const out of processed.output) {
    if (out.kind === 'generated') yield emitEntry(out.object, list.indent);
    else if (out.kind === 'remote') yield out.text();
    else yield itemText(out.item, 'entry', list.indent);
  }
}

function output(list: ReadList, processed: Processed, path: 'fast' | 'full'): RunOutput {
  const chunks = () => list.write(itemTexts(list, processed), processed.results);
  let joined: string | undefined;
  return {
    chunks,
    get stdout() {
      joined ??= [...chunks()].join('');
      return joined;
    },
    exitCode: processed.exitCode,
    results: processed.results,
    path,
  };
}

export interface RunOptions {
  /** Replaces the ResourceList's functionConfig (`--config`, kustomize exec plugins). */
  functionConfig?: unknown;
  /** Starts a second thread for the Shard work (the CLI passes parallel.ts's startWorker). */
  parallel?: { start(input: ParallelInput): Parallel | undefined; always?: boolean };
}

/** Runs the function on a ResourceList. Throws InputError for input that is not one. */
export function runResourceList(text: string, options: RunOptions = {}): RunOutput {
  const config = (list: ReadList) => ('functionConfig' in options ? options.functionConfig : list.functionConfig);
  const processOptions = (list: ReadList): ProcessOptions => {
    const { parallel } = options;
    if (!parallel) return { annotatePaths: true };
    return { annotatePaths: true, parallel: { start: (input) => parallel.start({ ...input, indent: list.indent }), ...(parallel.always ? { always: true } : {}) } };
  };
  const fast = readFast(text);
  if (fast) {
    try {
      const processed = processItems(fast.items, config(fast), processOptions(fast));
      return output(fast, processed, 'fast');
    } catch (e) {
      if (!(e instanceof NeedsFullParse)) throw e;
    }
  }
  const full = readFull(text);
  const processed = processItems(full.items, config(full), processOptions(full));
  return output(full, processed, 'full');
}
