// The line scanner's inner loops in WebAssembly. Cutting a ResourceList into its items means
// passing over every line of every item to the next one at the items' column; splitting a stream
// means finding the lines that can be `---` or `...`; naming a document's line in results means
// counting lines. Most of the input is lines inside items and documents, and one Buffer.indexOf
// per line costs a call into Node's C++ per line (about 80 ns), more than the rest of the work.
// This module does those loops in a few dozen WebAssembly instructions each, sixteen bytes at a
// time (SIMD), one call per item or document:
//   shallow    the next line at or left of a column (scan.ts nextShallow)
//   marker     the next line that starts with ---, ... or a byte-order mark (documents.ts)
//   lineFeeds  how many line feeds a span holds (documents.ts, when lines are counted)
//   docContent past a document's blank and comment lines after its `---`, to the next marker
//              line when content comes first (documents.ts)
//   docRun     docContent over each of the documents that follow one another, each after a bare
//              `---` line (documents.ts)
//
// It works on bytes in a WebAssembly memory, so the input must be read there: scanBuffer gives
// stdin (past its first MiB, cli/main.ts) a buffer in one memory, fileBuffer gives render's files
// room in another (cli/render-command.ts). The functions that use the kernel do so for any buffer
// that is a view of one of these memories, and their JavaScript loops for any other (a small
// input, a string's bytes, a test's input); both give the same answers (property tests run both
// on the same bytes, and the bundle tests compare whole runs with node --jitless, which has no
// WebAssembly: there every buffer is an ordinary one and everything runs in JavaScript).
//
// The module is assembled from its instructions in line-scan-module.ts.

import { moduleBytes, RUN_ENDS, SKIP_BLANK_BIT } from './line-scan-module.js';

const PAGE = 1 << 16;

/** What this module uses of the WebAssembly API (the TypeScript libraries here do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface Kernel {
  memory: WasmMemory;
  /**
   * The memory's buffer, kept: Memory's buffer getter is a call into the engine, and the memory
   * only grows here (scanBuffer), which sets it again.
   */
  buffer: ArrayBuffer;
  /** See nextShallowKernel. */
  shallow: (le: number, n: number, deeper: number) => number;
  /** See markerLineKernel. */
  marker: (ls: number, n: number) => number;
  /** See lineFeedsKernel. */
  lineFeeds: (from: number, to: number) => number;
  /** See docContentKernel. */
  docContent: (ls: number, n: number) => number;
  /** See docRunKernel. */
  docRun: (ls: number, n: number, area: number, max: number) => number;
}

/** The compiled module, once (null: no WebAssembly here). */
let compiled: { wasm: WasmApi; module: object } | null | undefined;
/** Every kernel made, to find the one whose memory a buffer is a view of. */
const kernels: Kernel[] = [];

/** A kernel over a new memory of `pages` pages; null without WebAssembly (or memory for it). */
function newKernel(pages: number): Kernel | null {
  try {
    if (compiled === undefined) {
      const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      compiled = wasm === undefined ? null : { wasm, module: new wasm.Module(moduleBytes()) };
    }
    if (compiled === null) return null;
    const memory = new compiled.wasm.Memory({ initial: Math.max(1, pages) });
    const instance = new compiled.wasm.Instance(compiled.module, { m: { memory } });
    const { shallow, marker, lineFeeds, docContent, docRun } = instance.exports as Pick<Kernel, 'shallow' | 'marker' | 'lineFeeds' | 'docContent' | 'docRun'>;
    const kernel = { memory, buffer: memory.buffer, shallow, marker, lineFeeds, docContent, docRun };
    kernels.push(kernel);
    return kernel;
  } catch {
    compiled ??= null;
    return null;
  }
}

function kernelOf(text: Buffer): Kernel | undefined {
  const buffer = text.buffer;
  for (const k of kernels) if (k.buffer === buffer) return k;
  return undefined;
}

/**
 * The last page of every kernel memory: where docRun writes what it found, never part of a
 * buffer handed out (a memory cannot grow once items are views of it).
 */
const RECORD_AREA = PAGE;

/** The kernel stdin is read into (null: none to be had). */
let stdinKernel: Kernel | null | undefined;

/**
 * A buffer of `size` bytes at the start of the memory stdin is read into, holding what an
 * earlier one held: growing it keeps the bytes in place (the memory grows, nothing is copied),
 * and an earlier buffer must not be used after. Undefined without WebAssembly.
 */
export function scanBuffer(size: number): Buffer | undefined {
  const needed = Math.ceil((size + RECORD_AREA) / PAGE);
  stdinKernel ??= newKernel(needed);
  const k = stdinKernel;
  if (k === null) return undefined;
  const pages = k.buffer.byteLength / PAGE;
  const missing = needed - pages;
  if (missing > 0) {
    // At least doubled, so that a buffer grown many times is grown few times.
    try {
      k.memory.grow(Math.max(missing, pages));
    } catch {
      try {
        k.memory.grow(missing);
      } catch {
        return undefined;
      }
    }
    k.buffer = k.memory.buffer;
  }
  return Buffer.from(k.buffer, 0, size);
}

/**
 * How much the memory files are read into holds. It never grows (growing would make the views
 * of files already read unusable): a run whose files do not fit reads the rest as usual. Only
 * what is written to it takes memory; the rest is address space.
 */
const FILE_MEMORY_BYTES = 256 * 1024 * 1024;
let fileKernel: Kernel | null | undefined;
let fileBytesUsed = 0;

/**
 * `size` bytes for a file's contents in a memory of its own, next to the files read before (its
 * bytes stay valid for the run); undefined when it is full, or without WebAssembly.
 */
export function fileBuffer(size: number): Buffer | undefined {
  fileKernel ??= newKernel(FILE_MEMORY_BYTES / PAGE);
  if (fileKernel === null || fileBytesUsed + size > FILE_MEMORY_BYTES - RECORD_AREA) return undefined;
  const bytes = Buffer.from(fileKernel.buffer, fileBytesUsed, size);
  fileBytesUsed += size;
  return bytes;
}

/**
 * nextShallow (scan.ts) on a buffer in the kernel's memory, or undefined for any other buffer.
 * The start of the first line after the line break at `le` that is not indented deeper than
 * `column` (a blank line is not deeper, or with `skipBlank` is passed over), the end of `text`
 * when there is none; `le` < its length.
 */
export function nextShallowKernel(column: number, text: Buffer, le: number, skipBlank = false): number | undefined {
  const kernel = kernelOf(text);
  if (kernel === undefined) return undefined;
  const base = text.byteOffset;
  return kernel.shallow(base + le, base + text.length, (column + 1) | (skipBlank ? 1 << SKIP_BLANK_BIT : 0)) - base;
}

/**
 * For a buffer in the kernel's memory (else undefined): the start of the first line at or after
 * the line start `ls` that starts with `---`, `...` or a byte-order mark, the end of `text` when
 * none does (documents.ts looks at what each is).
 */
export function markerLineKernel(text: Buffer, ls: number): number | undefined {
  const kernel = kernelOf(text);
  if (kernel === undefined) return undefined;
  const base = text.byteOffset;
  return kernel.marker(base + ls, base + text.length) - base;
}

/**
 * For a buffer in the kernel's memory (else undefined), from the line start `ls` after a
 * document's `---` line: past the lines that hold nothing but blanks and a comment, to the first
 * line that starts with `-`, `.`, `%` or a byte-order mark (which documents.ts looks at itself),
 * or to the end of `text` (`content` false); or, when a line with content comes first, on to
 * the next line that starts with `---`, `...` or a byte-order mark, or the end (`content` true).
 */
export function docContentKernel(text: Buffer, ls: number): { at: number; content: boolean } | undefined {
  const kernel = kernelOf(text);
  if (kernel === undefined) return undefined;
  const base = text.byteOffset;
  const found = kernel.docContent(base + ls, base + text.length);
  return found < 0 ? { at: (found & 0x7fffffff) - base, content: true } : { at: found - base, content: false };
}

/**
 * For a buffer in the kernel's memory (else undefined), from the line start `ls` of a `---` line
 * that documents.ts has taken as a marker with nothing after it: docContentKernel's pass over its
 * document and each that follows, as long as each has content and ends at another such line.
 * `ends`: where those end; then the line documents.ts goes on at, and whether the document it is
 * in (after the last of those ends, or the one at `ls`) has content so far.
 */
export function docRunKernel(text: Buffer, ls: number): { ends: number[]; at: number; content: boolean } | undefined {
  const kernel = kernelOf(text);
  if (kernel === undefined) return undefined;
  const base = text.byteOffset;
  const area = kernel.buffer.byteLength - RECORD_AREA;
  const count = kernel.docRun(base + ls, base + text.length, area, (RECORD_AREA - RUN_ENDS) / 4);
  const found = new Int32Array(kernel.buffer, area, RUN_ENDS / 4 + count);
  const ends = new Array<number>(count);
  for (let i = 0; i < count; i++) ends[i] = found[RUN_ENDS / 4 + i]! - base;
  return { ends, at: found[0]! - base, content: found[1] === 1 };
}

/** For a buffer in the kernel's memory (else undefined): how many line feeds it holds from `from` to `to`. */
export function lineFeedsKernel(text: Buffer, from: number, to: number): number | undefined {
  const kernel = kernelOf(text);
  if (kernel === undefined) return undefined;
  const base = text.byteOffset;
  return kernel.lineFeeds(base + from, base + to);
}
