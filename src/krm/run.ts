// The text-level seam of ResourceList mode: ResourceList text in, ResourceList text and exit
// code out. No IO here; cli/ reads stdin and writes stdout.
import { ByteSink, written } from './byte-sink.js';
import { Templates } from './template.js';
import { itemText } from './item.js';
import { NeedsFullParse, processItems, type Processed } from './process.js';
import { readFast, readFull, writePieces, type Piece, type ReadList } from './resource-list.js';
import type { Result } from './results.js';

export interface RunOutput {
  /** Writes the output ResourceList into `sink` as it is produced (nothing holds all of it). */
  writeTo(sink: ByteSink): void;
  /** The whole output as one string (tests, small inputs). */
  readonly stdout: string;
  exitCode: 0 | 1;
  results: Result[];
  /** Which reading path the input took. */
  path: 'fast' | 'full';
}

function* itemPieces(list: ReadList, processed: Processed): Iterable<Piece> {
  const templates = new Templates();
  for (const out of processed.output) {
    if (out.kind === 'generated') yield (sink) => templates.writeEntry(sink, out.build(), list.indent, out.shape);
    else yield itemText(out.item, 'entry', list.indent);
  }
}

function output(list: ReadList, processed: Processed, path: 'fast' | 'full'): RunOutput {
  const writeTo = (sink: ByteSink) => writePieces(sink, list.write(itemPieces(list, processed), processed.results));
  let joined: string | undefined;
  return {
    writeTo,
    get stdout() {
      joined ??= written(writeTo);
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
}

/** Runs the function on a ResourceList. Throws InputError for input that is not one. */
export function runResourceList(text: string, options: RunOptions = {}): RunOutput {
  const config = (list: ReadList) => ('functionConfig' in options ? options.functionConfig : list.functionConfig);
  const fast = readFast(text);
  if (fast) {
    try {
      const processed = processItems(fast.items, config(fast), { annotatePaths: true });
      return output(fast, processed, 'fast');
    } catch (e) {
      if (!(e instanceof NeedsFullParse)) throw e;
    }
  }
  const full = readFull(text);
  const processed = processItems(full.items, config(full), { annotatePaths: true });
  return output(full, processed, 'full');
}
