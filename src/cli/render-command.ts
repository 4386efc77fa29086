// `render`: collects manifest files from the given paths (directories recursively, in sorted
// order; `-` is stdin) and hands their text to krm/render.ts.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { normalize, resolve, sep } from 'node:path';
import { fileBuffer } from '../text/line-scan.js';
import { tierForLongRun } from './tiering.js';
import { parseConfigText, renderFiles, type RenderOutput, type SourceFile } from '../krm/render.js';
import { InputError, MAX_INPUT_BYTES } from '../text/parse.js';

const MANIFEST = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.expected']);
const SKIPPED_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

const toSlash = (p: string) => p.split(sep).join('/');

/** Whether a file found under a directory is a manifest to read (`path` is slash-separated, relative to it). */
export function isManifestPath(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1)!;
  return isManifestName(name) && !parts.slice(0, -1).some((d) => SKIPPED_DIRS.has(d));
}

/** A manifest, or a kpt package's Kptfile (read for the settings its pipeline gives this function). */
const isManifestName = (name: string): boolean => name === 'Kptfile' || (MANIFEST.test(name) && !SKIPPED_FILES.has(name));

/** A file's bytes, checked: within the size limit and valid UTF-8 (they are decoded only where they are read). */
export function checkedFile(path: string, bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_INPUT_BYTES) throw new InputError(`${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, the limit`);
  if (!isUtf8(bytes)) throw new InputError(`${path} is not valid UTF-8`);
  return bytes;
}

/**
 * A file's bytes, checked (`-`: stdin). A manifest that is a regular file is read into the memory
 * of the line scanner (text/line-scan.ts), so that the split of its documents runs in
 * WebAssembly; stdin, any other file (a pipe, a device), a functionConfig file (`inScanner`
 * false: making that memory, 256 MiB of address space, costs a run that reads no other file
 * milliseconds and a full garbage collection), or any file when that memory is full or there is
 * no WebAssembly, is read as usual.
 */
function read(path: string, inScanner = true): Uint8Array {
  const bytes = readBytes(path, inScanner);
  // A large package: tiering for a long run (cli/tiering.ts), as readStdin does past its first MiB.
  if ((bytesRead += bytes.length) > LONG_RUN_BYTES) tierForLongRun();
  return bytes;
}

/** The bytes the manifests and files read so far hold; LONG_RUN_BYTES: what makes a run long. */
let bytesRead = 0;
const LONG_RUN_BYTES = 1 << 20;

function readBytes(path: string, inScanner: boolean): Uint8Array {
  let fd: number;
  try {
    fd = path === '-' ? 0 : openSync(path, 'r');
  } catch (e) {
    throw cannotRead(path, e);
  }
  try {
    const stat = fd === 0 ? undefined : fstatSync(fd);
    const bytes = inScanner && stat?.isFile() && stat.size <= MAX_INPUT_BYTES ? fileBuffer(stat.size) : undefined;
    if (bytes === undefined) return checkedFile(path, readFileSync(fd));
    let n = 0;
    while (n < bytes.length) {
      const got = readSync(fd, bytes, n, bytes.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return checkedFile(path, bytes.subarray(0, n));
  } catch (e) {
    throw e instanceof InputError ? e : cannotRead(path, e);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

const cannotRead = (path: string, e: unknown) => new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);

function collect(root: string, out: SourceFile[], skip: string | undefined): void {
  if (root === '-') {
    out.push({ path: '-', text: read('-') });
    return;
  }
  let stat;
  try {
    stat = statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${root} does not exist` : `cannot read ${root}: ${code ?? (e as Error).message}`);
  }
  // Anything but a directory is read as a file (a device such as /dev/null, a pipe).
  if (!stat.isDirectory()) {
    out.push({ path: toSlash(root), text: read(root) });
    return;
  }
  // Paths are built as the walk goes down (what join and relative would give for directory
  // entries' names, without their work per file).
  const walk = (dir: string, rel: string) => {
    const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full, `${rel}${entry.name}/`);
      } else if (isManifestName(entry.name) && (skip === undefined || resolve(full) !== skip)) {
        out.push({ path: `${rel}${toSlash(entry.name)}`, text: read(full) });
      }
    }
  };
  walk(normalize(root), '');
}

/** A functionConfig file (`--config`): its one YAML document as plain data. */
export function readConfigFile(path: string): unknown {
  return parseConfigText(configSourceFile(path));
}

/** The manifest files under the given paths (the functionConfig file `config` left out), and that file. */
export function collectFiles(paths: readonly string[], config: string | undefined): { files: SourceFile[]; configFile?: SourceFile } {
  const files: SourceFile[] = [];
  const skip = config === undefined ? undefined : resolve(config);
  for (const p of paths) collect(p, files, skip);
  return config === undefined ? { files } : { files, configFile: configSourceFile(config) };
}

/** A --config file as a source file. */
export const configSourceFile = (path: string): SourceFile => ({ path: toSlash(path), text: read(path, false) });

export function renderCommand(paths: readonly string[], config: string | undefined, parameters: Readonly<Record<string, string>>): RenderOutput {
  const { files, configFile } = collectFiles(paths, config);
  return renderFiles(files, configFile, parameters);
}
