// The command line in-process, as eemeli/yaml's tests/cli.ts tests its CLI: main(argv, io) with
// stdin, stdout, stderr and the environment in memory, checked for its output and exit code.
// The shipped bundle (dist/, `npm run build`) is run beside it where the two must agree.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../src/cli/main.js';
import { InputError } from '../src/text/parse.js';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main in-process with `stdin` and `env`; stdout and stderr as the text written to them. */
async function cli(argv: string[], options: { stdin?: string; env?: Record<string, string>; io?: Partial<Io> } = {}): Promise<Ran> {
  const out: Buffer[] = [];
  let stderr = '';
  const io: Io = {
    readStdin: () => options.stdin ?? '',
    writeStdout: (bytes) => void out.push(Buffer.from(bytes)),
    writeStderr: (text) => void (stderr += text),
    env: options.env ?? {},
    ...options.io,
  };
  const code = await main(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr };
}

const ok = (name: string, argv: string[], check: (r: Ran) => void, options?: Parameters<typeof cli>[1]) =>
  it(name, async () => {
    const r = await cli(argv, options);
    expect(r.code, r.stderr).toBe(0);
    check(r);
  });

const fail = (name: string, argv: string[], code: number, stderr: RegExp, options?: Parameters<typeof cli>[1]) =>
  it(name, async () => {
    const r = await cli(argv, options);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });

const golden = (name: string, file: string) => readFileSync(new URL(`../testdata/${name}/${file}`, import.meta.url), 'utf8');
const bundle = new URL('../dist/expand-pool-backups.mjs', import.meta.url).pathname;

describe('cli in-process', () => {
  describe('help and version', () => {
    ok('version names the program', ['version'], (r) => expect(r.stdout).toMatch(/^expand-pool-backups \S+\nobjects as /));
    ok('help prints the usage', ['help'], (r) => expect(r.stdout).toMatch(/render/));
    ok('help plan prints the plan usage', ['help', 'plan'], (r) => expect(r.stdout).toMatch(/plan/));
    ok('schema prints a JSON schema', ['schema'], (r) => expect(() => JSON.parse(r.stdout)).not.toThrow());
  });

  describe('usage errors', () => {
    fail('an unknown command exits 2', ['frobnicate'], 2, /^expand-pool-backups: /);
    fail('an unknown flag exits 2', ['render', '--no-such-flag'], 2, /^expand-pool-backups: /);
  });

  describe('ResourceList mode', () => {
    const name = 'filesystem-explicit';
    ok('writes the golden output for a golden input', [], (r) => expect(r.stdout).toBe(golden(name, 'expected.yaml')), { stdin: golden(name, 'input.yaml') });
    fail('reports a Shard error on stderr and exits 1', [], 1, /error/, { stdin: golden('error-cells-and-replicas', 'input.yaml') });
    fail('input that is neither a ResourceList nor a stream exits 1', [], 1, /^expand-pool-backups: /, { stdin: '- just\n- a list\n' });
    fail('stdin that cannot be read exits 1 with why', [], 1, /^expand-pool-backups: input is not valid UTF-8/, {
      io: {
        readStdin: () => {
          throw new InputError('input is not valid UTF-8; KRM function input must be UTF-8');
        },
      },
    });
    fail('a stdout that is gone exits 1 with why', [], 1, /^expand-pool-backups: cannot write to stdout/, {
      stdin: golden(name, 'input.yaml'),
      io: {
        writeStdout: () => {
          throw new InputError('cannot write to stdout: EPIPE');
        },
      },
    });
  });

  describe('render', () => {
    it('prints what the bundle prints for the quickstart', async () => {
      const r = await cli(['render', 'examples/quickstart']);
      const shipped = spawnSync(process.execPath, [bundle, 'render', 'examples/quickstart'], { encoding: 'utf8', env: {} });
      expect(r.code).toBe(shipped.status);
      expect(r.stdout).toBe(shipped.stdout);
      expect(r.stderr).toBe(shipped.stderr);
      expect(r.code).toBe(0);
    });
    fail('takes Argo CD parameters from io.env, not the process', ['render', 'examples/quickstart'], 1, /^expand-pool-backups: ARGOCD_APP_PARAMETERS is not JSON/, { env: { ARGOCD_APP_PARAMETERS: '{' } });
    fail('a path that does not exist exits 1', ['render', 'no/such/dir'], 1, /no\/such\/dir/);
  });
});
