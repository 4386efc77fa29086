// The seam of ResourceList mode: text (or its bytes) in, text and exit code out, in three steps whose files
// say what they are: text/read.ts (text → items), process.ts (items → output items and results),
// text/write.ts (output items → text). No IO here; cli/ reads stdin and writes stdout.
import { ByteSink, written } from '../text/byte-sink.js';
import { readInput } from '../text/read.js';
import { writeOutput, type OutputEntry } from '../text/write.js';
import { processItems, type OutputItem } from './process.js';
import type { Result } from './results.js';

export interface RunOutput {
  /** Writes the output into `sink` as it is produced (nothing holds all of it). */
  writeTo(sink: ByteSink): void;
  /** The whole output as one string (tests, small inputs). */
  readonly stdout: string;
  exitCode: 0 | 1;
  results: Result[];
  /** A ResourceList came in and goes out (results inside it), or a plain stream (results for stderr). */
  form: 'list' | 'stream';
}

export interface RunOptions {
  /** Replaces the ResourceList's functionConfig (`--config`, kustomize exec plugins). */
  functionConfig?: unknown;
}

export function* entriesOf(output: Iterable<OutputItem>): Iterable<OutputEntry> {
  for (const out of output) {
    if (out.kind === 'generated') yield { build: out.build, shape: out.shape };
    else if (out.kind === 'changed') yield { item: out.item, original: out.original };
    else yield { item: out.item };
  }
}

/**
 * Runs the function on a ResourceList or a stream of objects, as text or as bytes that are valid
 * UTF-8 (which it does not decode: what it only passes through goes out as those bytes). Throws
 * InputError for input that is neither.
 */
export function runResourceList(text: string | Uint8Array, options: RunOptions = {}): RunOutput {
  const input = readInput(text);
  const functionConfig = 'functionConfig' in options ? options.functionConfig : input.functionConfig;
  const processed = processItems(input.items, functionConfig, { annotatePaths: true, compareEarlier: true });
  const writeTo = (sink: ByteSink) => writeOutput(sink, input, entriesOf(processed.output), processed.results);
  let joined: string | undefined;
  return {
    writeTo,
    get stdout() {
      joined ??= written(writeTo);
      return joined;
    },
    exitCode: processed.exitCode,
    results: processed.results,
    form: input.form,
  };
}
