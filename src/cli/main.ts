// The command line: argv, stdin, stdout, stderr, files and the exit code. Nothing else in the
// project does IO. Output is written in full before the process exits non-zero, so kpt still
// shows the results of a failed run.
import { readFileSync } from 'node:fs';
import { InputError } from '../krm/parse.js';
import { runResourceList } from '../krm/run.js';
import { formatResult } from './format.js';
import { HELP, parseArgs, UsageError } from './args.js';
import { readConfigFile, renderCommand } from './render-command.js';
import { argoParameters } from './argocd-parameters.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

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
    case 'render': {
      const out = renderCommand(args.paths, args.config, argoParameters(process.env));
      process.stderr.write(out.results.filter((r) => r.severity !== 'info' || args.verbose).map((r) => `${formatResult(r)}\n`).join(''));
      if (out.stdout) await writeStdout(out.stdout);
      return out.exitCode;
    }
    case 'resource-list': {
      const input = readFileSync(0, 'utf8');
      const out = runResourceList(input, args.config === undefined ? {} : { functionConfig: readConfigFile(args.config) });
      await writeStdout(out.stdout);
      process.stderr.write(errorLines(out.results));
      return out.exitCode;
    }
  }
}

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
