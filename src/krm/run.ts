// The text-level seam of ResourceList mode: ResourceList text in, ResourceList text and exit
// code out. No IO here; cli/ reads stdin and writes stdout.
import { emitEntry } from './emit.js';
import { itemText } from './item.js';
import { NeedsFullParse, processItems, type Processed } from './process.js';
import { readFast, readFull, type ReadList } from './resource-list.js';
import type { Result } from './results.js';

export interface RunOutput {
  stdout: string;
  exitCode: 0 | 1;
  results: Result[];
  /** Which reading path the input took. */
  path: 'fast' | 'full';
}

function writeList(list: ReadList, processed: Processed): string {
  const texts = processed.output.map((out) => {
    switch (out.kind) {
      case 'generated':
        return emitEntry(out.object, list.indent);
      case 'source':
      case 'changed':
        return itemText(out.item, 'entry', list.indent);
    }
  });
  return list.write(texts, processed.results);
}

export interface RunOptions {
  /** Replaces the ResourceList's functionConfig (`--config`, kustomize exec plugins). */
  functionConfig?: unknown;
}

/** Runs the function on a ResourceList. Throws InputError for input that is not one. */
export function runResourceList(text: string, options: RunOptions = {}): RunOutput {
  const config = (list: ReadList) => ('functionConfig' in options ? options.functionConfig : list.functionConfig);
  const fast = readFast(text);
  if (fast) {
    try {
      const processed = processItems(fast.items, config(fast), { annotatePaths: true });
      return { stdout: writeList(fast, processed), exitCode: processed.exitCode, results: processed.results, path: 'fast' };
    } catch (e) {
      if (!(e instanceof NeedsFullParse)) throw e;
    }
  }
  const full = readFull(text);
  const processed = processItems(full.items, config(full), { annotatePaths: true });
  return { stdout: writeList(full, processed), exitCode: processed.exitCode, results: processed.results, path: 'full' };
}
