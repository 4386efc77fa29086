// The command line as a function: main(argv, io) reads its arguments, stdin and environment from
// `io` and writes its output there, and returns the exit code; it never exits and never throws.
// cli/bin.ts runs it on the real process (nodeIo: file descriptors 0, 1 and 2). Nothing else in
// the project does IO. Output is written in full before the exit code is returned, so kpt still
// shows the results of a failed run.
import { isUtf8 } from 'node:buffer';
import { fstatSync, readSync, writeSync } from 'node:fs';
import { ByteSink } from '../text/byte-sink.js';
import { scanBuffer } from '../text/line-scan.js';
import { tierForLongRun } from './tiering.js';
import { InputError, MAX_INPUT_BYTES } from '../text/parse.js';
import { runResourceList } from '../krm/run.js';
import type { Result } from '../krm/results.js';
import { formatResult } from './format.js';
import { HELP, PLAN_HELP, parseArgs, UsageError } from './args.js';
import { readConfigFile, renderCommand } from './render-command.js';
import { argoParameters } from './argocd-parameters.js';
import { planSchemaDocument, schemaDocument } from './schema-command.js';
import { planCommand } from './plan-command.js';
import { COMPATIBILITY } from '../api/rules.js';

/** Where the command line reads and writes: the process (nodeIo), or a test's buffers. */
export interface Io {
  /** stdin as bytes that are valid UTF-8, or as text (read only by the ResourceList mode); throws InputError when it cannot be read. */
  readStdin(): Uint8Array | string;
  /** Writes bytes to stdout, in order, synchronously; throws InputError when stdout is gone. */
  writeStdout(bytes: Uint8Array): void;
  /** Writes text to stderr; never throws (there is nowhere left to report that). */
  writeStderr(text: string): void;
  /** The environment (Argo CD's plugin parameters). */
  env: Readonly<Record<string, string | undefined>>;
}

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes bytes to a file descriptor, synchronously. kpt, kustomize and Argo CD hand over a blocking
 * pipe or a file; a non-blocking pipe that is full (EAGAIN) is retried after a millisecond, so the
 * output stays in order and nothing is held back in memory. Going around process.stdout also
 * skips loading Node's stream machinery, a noticeable share of start-up.
 */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else throw new InputError(`cannot write to ${fd === 1 ? 'stdout' : `file descriptor ${fd}`}: ${code ?? (e as Error).message}`);
    }
  }
}

/**
 * Writes to stderr, synchronously like stdout, so that nothing is pending when the process exits
 * (nothing at all for an empty text). A stderr that cannot be written is ignored: there is nowhere
 * left to report that.
 */
function writeStderr(text: string): void {
  if (!text) return;
  try {
    writeAll(2, Buffer.from(text, 'utf8'));
  } catch {
    // stderr is gone
  }
}

/**
 * stdin as bytes: at most MAX_INPUT_BYTES, and valid UTF-8 (a replacement character would change
 * bytes). They are not decoded: the items the function only passes through go out as these bytes.
 */
function readStdin(): Uint8Array {
  // Read into one buffer. Most inputs fit the first MiB; past it, a file on stdin says how big it
  // is (asked only then: the first fstat costs a small input more than the read), else it doubles.
  // A larger input is read into the line scanner's memory (text/line-scan.ts), which grows in
  // place, so that the scan of a ResourceList runs over it in WebAssembly.
  let size = 0;
  let buffer: Buffer = Buffer.allocUnsafe(FIRST_READ);
  let inScanner = false;
  for (;;) {
    if (size === buffer.length) {
      tierForLongRun();
      const wanted = Math.min(size === FIRST_READ ? Math.max(stdinSize() + 1, size * 2) : size * 2, MAX_INPUT_BYTES + 1);
      const grown = scanBuffer(wanted);
      if (grown !== undefined) {
        // The scanner's memory grows in place: what was read into it stays where it is (and the
        // earlier view of it is not used again).
        if (!inScanner) buffer.copy(grown, 0, 0, size);
        inScanner = true;
        buffer = grown;
      } else {
        const copy = Buffer.allocUnsafe(wanted);
        buffer.copy(copy, 0, 0, size);
        inScanner = false;
        buffer = copy;
      }
    }
    let n: number;
    try {
      n = readSync(0, buffer, size, buffer.length - size, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking stdin with nothing in it yet: wait a millisecond instead of spinning.
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === 'EOF') break;
      throw new InputError(`cannot read stdin: ${code ?? (e as Error).message}`);
    }
    if (n === 0) break;
    size += n;
    if (size > MAX_INPUT_BYTES) throw new InputError(`input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, the limit; split the package or render its parts separately`);
  }
  const input = buffer.subarray(0, size);
  // A byte-order mark stays in the bytes: a stream gives it back (text/read.ts decides).
  if (!isUtf8(input)) throw new InputError('input is not valid UTF-8; KRM function input must be UTF-8');
  return input;
}

const FIRST_READ = 1 << 20;

/** The size of stdin when it is a regular file, else 0. */
function stdinSize(): number {
  try {
    const stat = fstatSync(0);
    if (stat.isFile()) return stat.size;
  } catch {
    // not a file descriptor fstat can look at: read in chunks
  }
  return 0;
}

/** The process's own stdin, stdout, stderr and environment. */
export const nodeIo: Io = {
  readStdin,
  writeStdout: (bytes) => writeAll(1, bytes),
  writeStderr,
  env: process.env,
};

/** Results for stderr: errors (kpt shows the rest from the ResourceList), warnings too for a plain stream, which has no place for results. */
const stderrLines = (results: readonly Result[], withWarnings: boolean) =>
  results
    .filter((r) => r.severity === 'error' || (withWarnings && r.severity === 'warning'))
    .map((r) => `${formatResult(r)}\n`)
    .join('');

/** Runs the command line `argv` (without node and the script) on `io`; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await command(argv, io);
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) {
      io.writeStderr(`expand-pool-backups: ${e.message}\n`);
      return e instanceof UsageError ? 2 : 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.writeStderr(`expand-pool-backups: internal error: ${message.split('\n')[0]} (please report it with the input that caused it)\n`);
    return 1;
  }
}

async function command(argv: readonly string[], io: Io): Promise<number> {
  const toStdout = (text: string): void => io.writeStdout(Buffer.from(text, 'utf8'));
  const toStderr = (text: string): void => {
    if (text) io.writeStderr(text);
  };
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      toStdout(args.topic === 'plan' ? PLAN_HELP : HELP);
      return 0;
    case 'version':
      toStdout(`expand-pool-backups ${VERSION}\nobjects as ${COMPATIBILITY.operator} renders them; the backup flags need ${COMPATIBILITY.pgctld}\n`);
      return 0;
    case 'schema':
      toStdout(args.kind === 'plan' ? planSchemaDocument() : schemaDocument(args.kind));
      return 0;
    case 'render': {
      const out = renderCommand(args.paths, args.config, argoParameters(io.env));
      toStderr(out.results.filter((r) => r.severity !== 'info' || args.verbose).map((r) => `${formatResult(r)}\n`).join(''));
      const sink = new ByteSink((bytes) => io.writeStdout(bytes));
      out.writeTo(sink);
      sink.flush();
      return out.exitCode;
    }
    case 'plan': {
      const { command: _, ...planArgs } = args;
      const out = planCommand(planArgs);
      toStderr(out.errors.map((r) => `${formatResult(r)}\n`).join(''));
      if (out.stdout) toStdout(out.stdout);
      return out.exitCode;
    }
    case 'resource-list': {
      const input = io.readStdin();
      const out = runResourceList(input, args.config === undefined ? {} : { functionConfig: readConfigFile(args.config) });
      const sink = new ByteSink((bytes) => io.writeStdout(bytes));
      out.writeTo(sink);
      sink.flush();
      toStderr(stderrLines(out.results, out.form === 'stream'));
      return out.exitCode;
    }
  }
}
