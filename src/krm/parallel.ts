// Two threads for a big render. Reading, checking and expanding a Shard, and writing its objects,
// depend on that Shard alone; only the checks across Shards need all of them. So the Shards are
// shared out: this thread takes them from the front of the list and a worker thread (the same
// bundle, started with WORKER_ARGUMENT) from the back, each claiming a few at a time from a shared
// counter, so neither waits for the other however fast it starts. This thread then checks across
// Shards with what the worker sends back (the normalized Shard, its issues and object names),
// decides what renders, and writes its own objects while the worker writes the objects it holds.
// Every step is a pure function of the Shard, and everything is put back in input order, so the
// output is byte-for-byte what one thread writes (tested). Waiting is synchronous (Atomics.wait
// and receiveMessageOnPort), so the rest of the function stays synchronous.
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Config } from '../api/model.js';
import type { KubernetesObject } from '../expand/object.js';
import { emitEntry } from './emit.js';
import type { InputItem } from './item.js';
import { classify, withPathAnnotations, type Classified, type OutputItem } from './process.js';

/** process.argv[2] of the worker thread (a NUL byte: no command line can pass it). */
export const WORKER_ARGUMENT = '\u0000expand-pool-backups-worker';

export interface ParallelInput {
  /** The Shard candidates, with their input index. */
  items: Array<InputItem & { index: number }>;
  config: Config;
  /** The column output entries are written at. */
  indent: number;
  /** Let the worker claim first, so that it takes part however few Shards there are (tests). */
  workerFirst?: boolean;
}

/** Where a worker Shard's objects go: its kpt file and first index there, when annotated. */
export interface RemoteEmit {
  index: number;
  file?: string;
  start?: number;
}

export interface Parallel {
  /** Input indexes of the items shared out (the rest this thread reads itself). */
  readonly indexes: readonly number[];
  /** The next few items for this thread; undefined when none are left. */
  claim(): number[] | undefined;
  /** Waits for what the worker read. An undefined entry is an item this thread must read itself. */
  collect(): Map<number, Classified | undefined>;
  /** Tells the worker which of its Shards render, in output order. */
  emit(remote: RemoteEmit[]): void;
  /** The text of `remote[at]`'s objects, waiting for the worker if need be. */
  text(at: number): string;
}

export interface StartParallel {
  start(input: ParallelInput): Parallel | undefined;
  /** Share out however few Shards there are (tests). */
  always?: boolean;
}

type ToMain =
  | { type: 'read'; results: Array<[number, Classified | undefined]> }
  | { type: 'texts'; texts: string[] }
  | { type: 'error'; message: string };

type ToWorker = ({ type: 'work' } & ParallelInput) | { type: 'emit'; remote: RemoteEmit[] };

interface WorkerData {
  port: MessagePort;
  /** (front << 32) | back over positions in `items`: [front, back) is still unclaimed. */
  range: BigInt64Array;
  /** Bumped after every message to this thread. */
  signal: Int32Array;
}

const MASK = 0xffffffffn;
const BATCH = 4;
/** A worker that sends nothing for this long has failed; waiting longer would hang the render. */
const STALL_MS = 120_000;

function claimRange(range: BigInt64Array, fromFront: boolean): [number, number] | undefined {
  for (;;) {
    const state = Atomics.load(range, 0);
    const front = Number(state >> 32n);
    const back = Number(state & MASK);
    if (front >= back) return undefined;
    const n = Math.min(BATCH, back - front);
    const next = fromFront ? (BigInt(front + n) << 32n) | BigInt(back) : (BigInt(front) << 32n) | BigInt(back - n);
    if (Atomics.compareExchange(range, 0, state, next) === state) return fromFront ? [front, front + n] : [back - n, back];
  }
}

const threads = (): typeof import('node:worker_threads') => require('node:worker_threads') as typeof import('node:worker_threads');

/**
 * Starts the worker thread from `file` (this bundle) before there is work for it, so that it has
 * loaded by the time the Shards are read. Returns undefined when no thread can be started (Node's
 * permission model without --allow-worker, for one): the render then runs on one thread, with the
 * same output. A worker that gets no work ends with the process.
 */
export function spawnWorker(file: string | URL): { start(input: ParallelInput): Parallel | undefined } | undefined {
  const { MessageChannel, Worker, receiveMessageOnPort } = threads();
  const range = new BigInt64Array(new SharedArrayBuffer(8));
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const data: WorkerData = { port: port2, range, signal };
    worker = new Worker(file, { argv: [WORKER_ARGUMENT], workerData: data, transferList: [port2] });
  } catch {
    port1.close();
    return undefined;
  }
  // The process ends when this thread is done, whatever the worker is doing.
  worker.unref();
  port1.unref();
  // One share-out per worker: a list read again after the fast path gave up runs on one thread.
  let used = false;
  return {
    start(input) {
      if (used) return undefined;
      used = true;
      return sharedWith(input, { port: port1, range, signal, receiveMessageOnPort });
    },
  };
}

function sharedWith(
  input: ParallelInput,
  { port, range, signal, receiveMessageOnPort }: Pick<WorkerData, 'port' | 'range' | 'signal'> & Pick<typeof import('node:worker_threads'), 'receiveMessageOnPort'>,
): Parallel {
  range[0] = BigInt(input.items.length);
  const work: ToWorker = { type: 'work', items: input.items, config: input.config, indent: input.indent };
  port.postMessage(work);

  const byIndex = new Map(input.items.map(({ index, ...item }) => [index, item]));
  const read = new Map<number, Classified | undefined>();
  const texts: Array<string | undefined> = [];
  let textCount = 0;
  const receive = (): void => {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const message = m.message as ToMain;
      if (message.type === 'error') throw new Error(`the second thread failed: ${message.message}`);
      if (message.type === 'read') for (const [index, c] of message.results) read.set(index, c && restoreOriginal(c, byIndex.get(index)!));
      else for (const text of message.texts) texts[textCount++] = text;
    }
  };
  const waitFor = (done: () => boolean): void => {
    for (;;) {
      const seen = Atomics.load(signal, 0);
      receive();
      if (done()) return;
      if (Atomics.wait(signal, 0, seen, STALL_MS) === 'timed-out') throw new Error(`the second thread sent nothing for ${STALL_MS / 1000} s`);
    }
  };

  let remoteCount = 0;
  return {
    indexes: input.items.map((i) => i.index),
    claim() {
      if (input.workerFirst && input.items.length > 0) {
        // Tests: the worker takes its first few Shards before this thread takes any.
        waitFor(() => Number(Atomics.load(range, 0) & MASK) < input.items.length);
        input.workerFirst = false;
      }
      const r = claimRange(range, true);
      return r && input.items.slice(r[0], r[1]).map((i) => i.index);
    },
    collect() {
      // Nothing is left to claim, so the back end no longer moves: the worker took [back, length).
      const back = Number(Atomics.load(range, 0) & MASK);
      waitFor(() => read.size >= input.items.length - back);
      return read;
    },
    emit(remote) {
      remoteCount = remote.length;
      const message: ToWorker = { type: 'emit', remote };
      port.postMessage(message);
    },
    text(at) {
      if (at >= remoteCount) throw new Error(`internal error: no worker text ${at}`);
      waitFor(() => textCount > at);
      const text = texts[at]!;
      texts[at] = undefined;
      return text;
    },
  };
}

/** The worker sends Shard outputs without the original item; this thread has it. */
function restoreOriginal(c: Classified, item: InputItem): Classified {
  if (c.kind !== 'shard') return c;
  const output = c.local.output;
  if (output.kind === 'changed') output.original = item;
  else if (output.kind === 'source') output.item = item;
  return c;
}

/** The worker thread: reads and expands Shards from the back, then writes the ones it is told to. */
export function runWorker(data: WorkerData): void {
  const { port, range, signal } = data;
  const post = (message: ToMain): void => {
    port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const fail = (e: unknown): void => post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  const objects = new Map<number, KubernetesObject[]>();
  let indent = 0;

  const read = (items: ParallelInput['items'], config: Config): void => {
    for (let r = claimRange(range, false), first = true; r; r = claimRange(range, false), first = false) {
      if (first) {
        // A thread waiting for the worker to start (workerFirst) may go on.
        Atomics.add(signal, 0, 1);
        Atomics.notify(signal, 0);
      }
      const results: Array<[number, Classified | undefined]> = [];
      for (let pos = r[0]; pos < r[1]; pos++) {
        const { index, ...item } = items[pos]!;
        const c = classify(item, index, config);
        if (c.kind === 'shard') {
          const { objects: built, output, ...local } = c.local;
          if (built) objects.set(index, built);
          results.push([index, { kind: 'shard', local: { ...local, output: withoutOriginal(output) } }]);
        } else results.push([index, c.kind === 'unreadable' ? c : undefined]);
      }
      post({ type: 'read', results });
    }
  };

  const write = (remote: RemoteEmit[]): void => {
    let batch: string[] = [];
    let size = 0;
    for (const r of remote) {
      let next = r.start ?? 0;
      const text = objects
        .get(r.index)!
        .map((o) => emitEntry(r.file === undefined ? o : withPathAnnotations(o, r.file, next++), indent))
        .join('');
      objects.delete(r.index);
      batch.push(text);
      size += text.length;
      if (size >= 1 << 20) {
        post({ type: 'texts', texts: batch });
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) post({ type: 'texts', texts: batch });
  };

  port.on('message', (message: ToWorker) => {
    try {
      if (message.type === 'work') {
        indent = message.indent;
        read(message.items, message.config);
      } else {
        write(message.remote);
        port.close();
      }
    } catch (e) {
      fail(e);
      port.close();
    }
  });
}

const withoutOriginal = (output: OutputItem): OutputItem =>
  output.kind === 'changed' ? ({ ...output, original: undefined } as unknown as OutputItem) : output.kind === 'source' ? ({ kind: 'source' } as unknown as OutputItem) : output;
