// Installs the system packages npm test's image tests need, when they are missing, so that
// `npm test` on a fresh clone passes by itself (as scripts/ensure-deps.mjs does for node_modules):
// podman, runc (the runtime test/podman/containers.conf gives podman: crun fails on hybrid
// cgroups) and, when there is no `docker`, podman-docker. With apt-get, as root; anything else
// gets one line that says what is missing and what fails without it, and the tests run anyway
// (each test that needs a missing tool fails with "<tool> not found on PATH").
// kpt and kubectl have no Debian package: a missing one is named, not installed.
import { spawnSync } from 'node:child_process';

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const say = (line) => process.stderr.write(`npm test: ${line}\n`);

const PACKAGES = [
  ['podman', 'podman'],
  ['runc', 'runc'],
  ['docker', 'podman-docker'],
];
const missing = PACKAGES.filter(([command]) => !onPath(command)).map(([, pkg]) => pkg);
// podman-docker alone is no reason to install anything: the tests put their own `docker` on PATH.
const needed = missing.includes('podman') || missing.includes('runc') ? missing : [];

for (const [tool, how] of [['kpt', 'https://kpt.dev/installation/'], ['kubectl', 'https://kubernetes.io/docs/tasks/tools/']]) {
  if (!onPath(tool)) say(`${tool} is not on PATH and Debian has no package for it; the tests that run it will fail (install it: ${how})`);
}

if (needed.length > 0) {
  const list = needed.join(', ');
  const command = `apt-get install -y ${needed.join(' ')}`;
  if (process.platform !== 'linux' || !onPath('apt-get')) {
    say(`${list} missing and there is no apt-get to install them; the image tests will fail (install ${list} yourself)`);
  } else if (process.getuid?.() !== 0) {
    say(`${list} missing and this is not root, so they cannot be installed; the image tests will fail (run: sudo ${command})`);
  } else {
    const apt = (args) =>
      spawnSync('apt-get', ['-q', '-o', 'DPkg::Lock::Timeout=600', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    say(`installing ${list} for the image tests (${command})`);
    let out = apt(['install', '-y', ...needed]);
    // A machine whose package lists were never fetched (or are stale) knows no such package yet.
    if (out.status !== 0) out = apt(['update']).status === 0 ? apt(['install', '-y', ...needed]) : out;
    const stillMissing = PACKAGES.filter(([command, pkg]) => needed.includes(pkg) && !onPath(command)).map(([, pkg]) => pkg);
    if (out.status !== 0 || stillMissing.length > 0) {
      const reason = `${out.stderr ?? ''}\n${out.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => /^(E:|W:)|error/i.test(l))[0] ?? `apt-get exited ${out.status}`;
      say(`could not install ${stillMissing.join(', ') || list} with apt-get (${reason}); the image tests will fail`);
    }
  }
}
