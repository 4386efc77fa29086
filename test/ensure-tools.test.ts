// scripts/ensure-tools.mjs, the first step of `npm test`: it installs podman, runc and
// podman-docker with apt-get when they are missing, and says in one line when it cannot. Run here
// with a PATH of its own (a fake apt-get that records its arguments), never the machine's apt;
// what it does as root is tested where the tests run as root (CI, the fresh machine of issue 22).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('../scripts/ensure-tools.mjs', import.meta.url).pathname;

const where = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();

/** A PATH directory with `sh`, the few commands the fakes use, and the given executables (shell script bodies). */
function bin(tools: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'epb-tools-'));
  chmodSync(dir, 0o755);
  for (const command of ['sh', 'dirname', 'chmod', 'touch']) symlinkSync(where(command), join(dir, command));
  for (const [name, body] of Object.entries(tools)) writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

const present = { kpt: 'exit 0', kubectl: 'exit 0' };

const isRoot = process.getuid?.() === 0;

/**
 * Runs the script with `path` as PATH, as root when this is root, or as another user. That user
 * runs a copy in `path` (readable by all): the checkout may sit where only its owner can read, as
 * in a directory from mktemp -d. The script imports only Node's built-ins.
 */
function run(path: string, asUser?: number) {
  let command = [process.execPath, script];
  if (asUser !== undefined && isRoot) {
    const copy = join(path, 'ensure-tools.mjs');
    copyFileSync(script, copy);
    chmodSync(copy, 0o644);
    command = [where('setpriv'), `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, copy];
  }
  const out = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env: { PATH: path, HOME: tmpdir() } });
  expect(out.status, out.stderr).toBe(0);
  return out.stderr;
}

describe('npm test installs the tools its image tests need', () => {
  it('does nothing when they are there', () => {
    const path = bin({ ...present, podman: 'exit 0', runc: 'exit 0', docker: 'exit 0', 'apt-get': 'echo called >> "$0.log"' });
    expect(run(path)).toBe('');
    expect(existsSync(join(path, 'apt-get.log'))).toBe(false);
  });

  it.runIf(isRoot)('installs them with apt-get as root, waiting for a lock another install holds', () => {
    // The fake apt-get "installs" by putting the commands on PATH.
    const path = bin({ ...present, 'apt-get': 'echo "$*" >> "$0.log"\nd=$(dirname "$0")\nfor c in podman runc docker; do printf "#!/bin/sh\\n" > "$d/$c"; chmod +x "$d/$c"; done' });
    expect(run(path)).toBe('npm test: installing podman, runc, podman-docker for the image tests (apt-get install -y podman runc podman-docker)\n');
    expect(readFileSync(join(path, 'apt-get.log'), 'utf8')).toBe('-q -o DPkg::Lock::Timeout=600 install -y podman runc podman-docker\n');
  });

  it.runIf(isRoot)('fetches the package lists when apt-get does not know the packages yet', () => {
    const path = bin({ ...present, 'apt-get': 'echo "$*" >> "$0.log"\ncase "$*" in *update*) touch "$0.updated"; exit 0;; esac\n[ -f "$0.updated" ] || { echo "E: Unable to locate package podman" >&2; exit 100; }\nd=$(dirname "$0"); for c in podman runc docker; do printf "#!/bin/sh\\n" > "$d/$c"; chmod +x "$d/$c"; done' });
    expect(run(path)).not.toContain('could not');
    expect(readFileSync(join(path, 'apt-get.log'), 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[3])).toEqual(['install', 'update', 'install']);
  });

  it.runIf(isRoot)('says in one line why when apt-get fails, and lets the tests run', () => {
    const path = bin({ ...present, 'apt-get': 'echo "E: Unable to locate package podman" >&2; exit 100' });
    expect(run(path).split('\n')[1]).toBe('npm test: could not install podman, runc, podman-docker with apt-get (E: Unable to locate package podman); the image tests will fail');
  });

  it('says in one line that it cannot when this is not root', () => {
    const path = bin({ ...present, 'apt-get': 'echo called >> /dev/null; exit 1' });
    expect(run(path, 65534)).toBe('npm test: podman, runc, podman-docker missing and this is not root, so they cannot be installed; the image tests will fail (run: sudo apt-get install -y podman runc podman-docker)\n');
  });

  it('says so when there is no apt-get, and names a missing kpt or kubectl', () => {
    const out = run(bin({}));
    expect(out).toContain('npm test: kpt is not on PATH and Debian has no package for it; the tests that run it will fail (install it: https://kpt.dev/installation/)\n');
    expect(out).toContain('npm test: kubectl is not on PATH');
    expect(out).toContain('npm test: podman, runc, podman-docker missing and there is no apt-get to install them; the image tests will fail (install podman, runc, podman-docker yourself)\n');
  });

  it('installs nothing for a missing docker alone (the tests bring their own)', () => {
    const path = bin({ ...present, podman: 'exit 0', runc: 'exit 0', 'apt-get': 'echo called >> "$0.log"' });
    expect(run(path)).toBe('');
    expect(existsSync(join(path, 'apt-get.log'))).toBe(false);
  });
});
