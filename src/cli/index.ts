// The command line: wires options to the library (its public API only) and ends every run
// with an ExitError or nothing; bin/eval-extract maps that to the process exit.
// `eval-extract check …` is the same command with the report defaults (--format text --fail-on error).
import { CommanderError } from 'commander';
import { oneLine } from '../index.js';
import { EXIT, ExitError } from './exit.js';
import { buildProgram } from './options.js';
import { run } from './run.js';

export { ExitError } from './exit.js';

/** Run the command; resolves on exit code 0, throws ExitError otherwise. */
export async function main(argv: string[]): Promise<void> {
  // `eval-extract check FILES…`: the same options, other defaults (a file named check: ./check)
  const check = argv[2] === 'check';
  const program = buildProgram(check ? 'check' : 'extract', run);
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(check ? [...argv.slice(0, 2), ...argv.slice(3)] : argv);
  } catch (err) {
    if (err instanceof ExitError) throw err;
    // --help and --version end "successfully"
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return;
      throw new ExitError(EXIT.usage, err.message);
    }
    process.stderr.write(`eval-extract: ${oneLine(err)}\n`);
    throw new ExitError(EXIT.input, oneLine(err));
  }
}
