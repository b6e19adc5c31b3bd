// The command line: wires options to the library (its public API only) and ends every run
// with an ExitError or nothing; bin/eval-extract maps that to the process exit.
// Commands: none (extract), `check` (the same command with the report defaults: --format text
// --fail-on error), `schema` and `help [command]`. A command is the first operand, also after
// global options (`--password x check a.pdf`); a file named like a command is ./check.
// Help and messages are in the language of --lang, else of the locale.
import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { oneLine, outputJsonSchema, translator, writeErrorText, type Lang, type Translate } from '../index.js';
import { EXIT, ExitError, UsageError } from './exit.js';
import { argvLang, buildProgram, localHelp, optionsWithValues, type Mode } from './options.js';
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

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The command a mistyped first operand meant (`chek` → check), as git does: only for an operand
 * that names no file, looks like no path and is at most two edits from a command.
 */
export function mistypedCommand(args: readonly string[], takesValue: ReadonlySet<string>, exists = existsSync): { operand: string; command: string } | undefined {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') return undefined;
    if (a.startsWith('-') && a !== '-') {
      if (takesValue.has(a)) k++;
      continue;
    }
    if (a.length < 3 || /[./\\*?]/.test(a) || exists(a)) return undefined;
    const command = COMMANDS.find((c) => c !== a && editDistance(a.toLowerCase(), c) <= 2);
    return command ? { operand: a, command } : undefined;
  }
  return undefined;
}

/** `eval-extract schema`: the JSON Schema of the JSON output. */
function schemaProgram(lang: Lang): Command {
  const program = new Command('eval-extract schema')
    .description(translator(lang)('help.schema'))
    .action(() => void process.stdout.write(JSON.stringify(outputJsonSchema(), null, 2) + '\n'));
  return localHelp(program, lang);
}

/** `eval-extract help [command]`. */
function help(args: string[], lang: Lang, m: Translate): void {
  if (args.length > 1) throw new UsageError(m('cli.extraArguments', { command: 'help', args: args.slice(1).join(' ') }));
  const topic = args[0] ?? 'extract';
  const program = topic === 'schema' ? schemaProgram(lang)
    : topic === 'check' ? buildProgram('check', run, lang)
    : topic === 'extract' || topic === 'help' ? buildProgram('extract', run, lang)
    : undefined;
  if (!program) throw new UsageError(m('cli.unknownHelpTopic', { topic }));
  program.outputHelp();
}

/**
 * A commander error as one line in the language: `error: unknown option '--x'\n(Did you mean
 * --y?)`, a bad or missing option value, read back from commander's English; else as it is.
 */
function commanderMessage(err: CommanderError, m: Translate): string {
  const text = err.message.replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
  let hit: RegExpExecArray | null;
  if (err.code === 'commander.unknownOption' && (hit = /^unknown option '([^']+)'(?: \(Did you mean (\S+)\?\))?$/.exec(text))) {
    return m('cli.unknownOption', { option: hit[1], suggestion: hit[2] ?? '' });
  }
  if (err.code === 'commander.optionMissingArgument' && (hit = /^option '([^']+)' argument missing$/.exec(text))) {
    return m('cli.missingValue', { option: hit[1] });
  }
  if (err.code === 'commander.invalidArgument' && (hit = /^option '([^']+)' argument '(.*)' is invalid\.\s*(.*)$/.exec(text))) {
    const choices = /^Allowed choices are (.*)\.$/.exec(hit[3]);
    const why = choices ? m('cli.choices', { choices: choices[1].split(', ') }) : hit[3];
    return m('cli.badValue', { option: hit[1], value: hit[2], why });
  }
  return text;
}

/**
 * What help, --version and schema print goes to stdout without the batch's writer: its failure
 * is kept from the start (a stream emits it a tick after the write) and told when they are done.
 */
function watchStdout(lang: Lang): () => Promise<void> {
  let failure: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => void (failure ??= err));
  return async () => {
    await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!failure) return;
    // a closed pipe (`eval-extract --help | head`) ends quietly, as the batch's output does
    if (failure.code === 'EPIPE') throw new ExitError(141, 'the output was closed');
    process.stderr.write(`eval-extract: ${oneLine(writeErrorText(lang, 'stdout', failure))}\n`);
    throw new ExitError(EXIT.output, failure.message);
  };
}

/** Run the command; resolves on exit code 0, throws ExitError otherwise. */
export async function main(argv: string[]): Promise<void> {
  // a closed stderr (`2>&1 >/dev/null | head`) loses the messages, never the output
  process.stderr.on('error', () => undefined);
  const lang = argvLang(argv.slice(2));
  const m = translator(lang);
  const printed = watchStdout(lang);
  const takesValue = optionsWithValues(buildProgram('extract', run, lang));
  const { command, args } = findCommand(argv.slice(2), takesValue);
  try {
    const meant = command === 'extract' ? mistypedCommand(args, takesValue) : undefined;
    if (meant) throw new UsageError(m('cli.mistypedCommand', meant));
    if (command === 'help') {
      help(args, lang, m);
      return await printed();
    }
    const program = command === 'schema' ? schemaProgram(lang) : buildProgram(command, run, lang);
    await program.parseAsync(args, { from: 'user' });
    if (command === 'schema') await printed();
  } catch (err) {
    const helpOf = command === 'extract' || command === 'help' ? '' : command;
    const usage = (message: string) => {
      process.stderr.write(`eval-extract: ${message}\n${m('cli.seeHelp', { command: helpOf })}\n`);
      return new UsageError(message);
    };
    if (err instanceof UsageError) throw usage(err.message);
    if (err instanceof ExitError) throw err;
    if (err instanceof CommanderError) {
      // --help and --version end "successfully"
      if (err.exitCode === 0) return await printed();
      throw usage(commanderMessage(err, m));
    }
    process.stderr.write(`eval-extract: ${oneLine(err)}\n`);
    throw new ExitError(EXIT.input, oneLine(err));
  }
}
