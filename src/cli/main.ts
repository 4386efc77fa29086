// The command line: argv, stdin, stdout, stderr, files and the exit code. Nothing else in the
// project does IO. Output is written in full before the process exits non-zero, so kpt still
// shows the results of a failed run.
import { readSync, writeSync } from 'node:fs';
import { InputError, MAX_INPUT_BYTES } from '../krm/parse.js';
import { runResourceList, type RunOptions } from '../krm/run.js';
import { runWorker, spawnWorker, WORKER_ARGUMENT } from '../krm/parallel.js';
import { formatResult } from './format.js';
import { HELP, parseArgs, UsageError } from './args.js';
import { readConfigFile, renderCommand } from './render-command.js';
import { argoParameters } from './argocd-parameters.js';
import { schemaDocument } from './schema-command.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/**
 * Writes to stdout. Straight to the file descriptor while it accepts the bytes (kpt, kustomize and
 * Argo CD hand over a blocking pipe or a file, and this skips loading Node's stream machinery, a
 * noticeable share of start-up); through process.stdout, which waits for the pipe to drain, once a
 * non-blocking descriptor reports it is full.
 */
let stdoutStream = false;
function writeStdout(text: string): Promise<void> {
  let rest: string | Buffer = text;
  if (!stdoutStream) {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(1, bytes, offset, bytes.length - offset);
      return Promise.resolve();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return Promise.reject(e);
      stdoutStream = true;
      rest = bytes.subarray(offset);
    }
  }
  return new Promise((resolve, reject) => {
    process.stdout.write(rest, (err) => (err ? reject(err) : resolve()));
  });
}

/** Writes to stderr (nothing at all for an empty text, so a clean run never opens the stream). */
function writeStderr(text: string): void {
  if (text) process.stderr.write(text);
}

/** stdin as text: at most MAX_INPUT_BYTES, and valid UTF-8 (a replacement character would change bytes). */
function readStdin(): string {
  const chunks: Buffer[] = [];
  let size = 0;
  const chunk = Buffer.alloc(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new InputError(`cannot read stdin: ${code ?? (e as Error).message}`);
    }
    if (n === 0) break;
    size += n;
    if (size > MAX_INPUT_BYTES) throw new InputError(`input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, the limit; split the package or render its parts separately`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new InputError('input is not valid UTF-8; KRM function input must be UTF-8');
  }
}

/** Writes the output as it is produced, in pieces of about 1 MiB, waiting when the pipe is full. */
async function writeChunks(chunks: Iterable<string>): Promise<void> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= 1 << 20) {
      await writeStdout(pending);
      pending = '';
    }
  }
  if (pending) await writeStdout(pending);
}

/**
 * EXPAND_POOL_BACKUPS_THREADS: unset or `auto` shares big renders (32 Shards or more) with a second
 * thread; `1` keeps to one thread; `2` shares any render with a Shard and lets the worker take the
 * first ones (tests use it to check that both ways write the same bytes).
 */
function threadSetting(value: string | undefined): 'auto' | 1 | 2 {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === '1' || value === '2') return Number(value) as 1 | 2;
  throw new UsageError(`EXPAND_POOL_BACKUPS_THREADS is ${JSON.stringify(value)}; accepted are auto, 1 and 2`);
}

/** Inputs smaller than this cannot hold enough Shards to be worth a second thread. */
const PARALLEL_MIN_INPUT = 256 * 1024;

const errorLines = (results: ReadonlyArray<import('../krm/results.js').Result>) =>
  results.filter((r) => r.severity === 'error').map((r) => `${formatResult(r)}\n`).join('');

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      await writeStdout(HELP);
      return 0;
    case 'version':
      await writeStdout(`expand-pool-backups ${VERSION}\n`);
      return 0;
    case 'schema':
      await writeStdout(schemaDocument());
      return 0;
    case 'render': {
      const out = renderCommand(args.paths, args.config, argoParameters(process.env));
      writeStderr(out.results.filter((r) => r.severity !== 'info' || args.verbose).map((r) => `${formatResult(r)}\n`).join(''));
      if (out.stdout) await writeStdout(out.stdout);
      return out.exitCode;
    }
    case 'resource-list': {
      const input = readStdin();
      const options: RunOptions = args.config === undefined ? {} : { functionConfig: readConfigFile(args.config) };
      const threads = threadSetting(process.env.EXPAND_POOL_BACKUPS_THREADS);
      // Started now, the worker loads while the input is scanned; small inputs never need one.
      const worker = threads === 2 || (threads === 'auto' && input.length >= PARALLEL_MIN_INPUT) ? spawnWorker(new URL(import.meta.url)) : undefined;
      if (worker) options.parallel = { start: (work) => worker.start(work), ...(threads === 2 ? { always: true } : {}) };
      const out = runResourceList(input, options);
      await writeChunks(out.chunks());
      writeStderr(errorLines(out.results));
      return out.exitCode;
    }
  }
}

if (process.argv[2] === WORKER_ARGUMENT) {
  const { isMainThread, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (isMainThread) {
    process.stderr.write('expand-pool-backups: unknown argument\n');
    process.exitCode = 2;
  } else runWorker(workerData);
} else
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError || e instanceof UsageError) {
      process.stderr.write(`expand-pool-backups: ${e.message}\n`);
      process.exitCode = e instanceof UsageError ? 2 : 1;
    } else {
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`expand-pool-backups: internal error: ${message.split('\n')[0]} (please report it with the input that caused it)\n`);
      process.exitCode = 1;
    }
  },
);
