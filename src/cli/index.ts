// The command line: wires options to the library (its public API only) and ends every run
// with an ExitError or nothing; bin/eval-extract maps that to the process exit.
// Commands: none (extract), `check` (the same command with the report defaults: --format text
// --fail-on error), `schema` and `help [command]`. A command is the first operand, also after
// global options (`--password x check a.pdf`); a file named like a command is ./check.
import { Command, CommanderError } from 'commander';
import { oneLine, outputJsonSchema } from '../index.js';
import { EXIT, ExitError, UsageError } from './exit.js';
import { MESSAGES as M } from './messages.js';
import { buildProgram, optionsWithValues, type Mode } from './options.js';
import { run } from './run.js';

export { ExitError } from './exit.js';

const COMMANDS = ['check', 'schema', 'help'] as const;
type CommandName = Mode | 'schema' | 'help';

/** The command named by the first operand of `args`, and the arguments without it. */
export function findCommand(args: readonly string[], takesValue: ReadonlySet<string>): { command: CommandName; args: string[] } {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      if (takesValue.has(a)) k++; // `--password x`: x is a value, not a command
      continue;
    }
    const command = COMMANDS.find((c) => c === a);
    return command ? { command, args: [...args.slice(0, k), ...args.slice(k + 1)] } : { command: 'extract', args: [...args] };
  }
  return { command: 'extract', args: [...args] };
}

/** `eval-extract schema`: the JSON Schema of the JSON output. */
function schemaProgram(): Command {
  return new Command('eval-extract schema')
    .description('Print the JSON Schema (draft 2020-12) of the JSON output, generated from the data model')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .action(() => void process.stdout.write(JSON.stringify(outputJsonSchema(), null, 2) + '\n'));
}

/** `eval-extract help [command]`. */
function help(args: string[]): void {
  if (args.length > 1) throw new UsageError(M.extraArguments('help', args.slice(1)));
  const topic = args[0] ?? 'extract';
  const program = topic === 'schema' ? schemaProgram()
    : topic === 'check' ? buildProgram('check', run)
    : topic === 'extract' || topic === 'help' ? buildProgram('extract', run)
    : undefined;
  if (!program) throw new UsageError(M.unknownHelpTopic(topic));
  program.outputHelp();
}

/** A commander error as one line: `error: unknown option '--x'\n(Did you mean --y?)` → one line. */
const commanderMessage = (err: CommanderError) => err.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');

/** Run the command; resolves on exit code 0, throws ExitError otherwise. */
export async function main(argv: string[]): Promise<void> {
  // a closed stderr (`2>&1 >/dev/null | head`) loses the messages, never the output
  process.stderr.on('error', () => undefined);
  const { command, args } = findCommand(argv.slice(2), optionsWithValues(buildProgram('extract', run)));
  try {
    if (command === 'help') return help(args);
    const program = command === 'schema' ? schemaProgram() : buildProgram(command, run);
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    const helpOf = command === 'extract' || command === 'help' ? undefined : command;
    const usage = (message: string) => {
      process.stderr.write(`eval-extract: ${message}\n${M.seeHelp(helpOf)}\n`);
      return new UsageError(message);
    };
    if (err instanceof UsageError) throw usage(err.message);
    if (err instanceof ExitError) throw err;
    if (err instanceof CommanderError) {
      // --help and --version end "successfully"
      if (err.exitCode === 0) return;
      throw usage(commanderMessage(err));
    }
    process.stderr.write(`eval-extract: ${oneLine(err)}\n`);
    throw new ExitError(EXIT.input, oneLine(err));
  }
}
