// The command line's options: commander wiring, value parsers (a bad value is a usage error)
// and the defaults of `eval-extract` and `eval-extract check`; the help in the chosen language.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  BATCH_DEFAULTS, displayWidth, FAIL_ON, langFromEnv, LANGS, oneLine, parseGradeBands, parseSeverityOverride, RuleIdSchema, SeveritySchema, t, translator,
  type CheckOptions, type FailOn, type Lang, type MessageKey, type Severity, type Translate,
} from '../index.js';
import { UsageError } from './exit.js';
import { FORMAT_NAMES, type FormatName } from './formats.js';
import { DEFAULT_FORMAT } from './output.js';
import { VERSION } from './version.js';

export type Mode = 'extract' | 'check';

export interface MainOptions {
  /** as given; the format of the run is settled by planOutput */
  format?: FormatName;
  output?: string;
  outDir?: string;
  skipExisting?: boolean;
  array?: boolean;
  password?: string;
  passwordFile?: string;
  ocr?: boolean;
  failOn: FailOn;
  gradeBands?: CheckOptions['gradeBands'];
  severity?: CheckOptions['severity'];
  /** reports and tables list findings at or above this severity */
  minSeverity: Severity;
  /** the text report: one line per file */
  summary?: boolean;
  /** JSON: keep each indicator cell's page and box */
  positions?: boolean;
  lang: Lang;
  bom: boolean;
  escapeFormulas?: boolean;
  color: boolean;
  filesFrom?: string;
  jobs: number;
  /** seconds per page; 0: no limit */
  timeout: number;
  /** megabytes per worker: heap in use plus buffers */
  maxMemory: number;
  quiet?: boolean;
}

/** An option value parser whose one-line Error (`why` of it, in the language) becomes a usage error. */
const usage = <T>(parse: (v: string) => T, why: (detail: string) => string = (d) => d) => (value: string): T => {
  try {
    return parse(value);
  } catch (err) {
    throw new InvalidArgumentError(why(oneLine(err)));
  }
};

const gradeBands = (m: Translate) => usage(parseGradeBands, (detail) => m('cli.gradeBands', { detail }));
const addSeverity = (m: Translate) =>
  usage(parseSeverityOverride, (detail) => m('cli.severityOverride', { detail, rules: RuleIdSchema.options }));

const positiveInt = (m: Translate) => usage((value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(m('cli.wholeNumber', { value }));
  return n;
});

const nonNegative = (m: Translate) => usage((value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new Error(m('cli.seconds', { value }));
  return n;
});

/** The commands, listed in the main help: [as typed (none: the main command), what it does]. */
const COMMANDS: [string | undefined, MessageKey][] = [
  [undefined, 'help.command.extract'],
  ['check [options] ...', 'help.command.check'],
  ['schema', 'help.command.schema'],
  ['help [command]', 'help.command.help'],
];

/** Examples of each command: [command line, what it does]. */
const EXAMPLES: Record<Mode, [string, MessageKey][]> = {
  extract: [
    ['eval-extract a.pdf > a.json', 'help.example.single'],
    ["eval-extract --array reports/ | jq '.[].forms[].projectName'", 'help.example.array'],
    ["eval-extract -o all.jsonl 'reports/**/*.pdf'", 'help.example.byExtension'],
    ['eval-extract --out-dir results/ --skip-existing reports/', 'help.example.outDir'],
    ['cat a.pdf | eval-extract -', 'help.example.stdin'],
    ['eval-extract --format csv -o tables/ reports/', 'help.example.tables'],
    ['eval-extract -o 自评.xlsx reports/', 'help.example.workbook'],
    ['eval-extract -o report.html reports/', 'help.example.html'],
  ],
  check: [
    ['eval-extract check reports/*.pdf', 'help.example.report'],
    ['eval-extract check --fail-on warning a.pdf', 'help.example.strict'],
    ['eval-extract check results.jsonl', 'help.example.saved'],
    ['eval-extract check --format csv -o tables/ reports/', 'help.example.tables'],
  ],
};

/** Help text this wide at most (as commander's own) where it can be broken at spaces. */
const HELP_WIDTH = 80;

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && displayWidth(last) + 1 + displayWidth(word) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A titled block of two columns, the second aligned and wrapped (under a long first one). */
function columns(title: string, rows: [string, string][]): string {
  const width = Math.min(48, Math.max(...rows.map(([a]) => displayWidth(a))) + 2);
  const indent = ' '.repeat(2 + width);
  const lines = rows.map(([a, b]) => {
    const [first, ...rest] = wrap(b, HELP_WIDTH - indent.length).map((l, k) => (k ? indent + l : l));
    const head = displayWidth(a) + 2 > width ? `  ${a}\n${indent}` : `  ${a}${' '.repeat(width - displayWidth(a))}`;
    return [head + first, ...rest].join('\n');
  });
  return `\n${title}\n${lines.join('\n')}`;
}

/** The text after the options: the commands (main help) and examples. */
function helpAfter(mode: Mode, m: Translate): string {
  const commands = mode === 'extract' ? [columns(m('help.commands'), COMMANDS.map(([c, k]) => [c ?? m('help.noCommand'), m(k)]))] : [];
  return [...commands, columns(m('help.examples'), EXAMPLES[mode].map(([c, k]) => [c, m(k)]))].join('\n');
}

/** commander's headings, in the catalogue */
const TITLES: Record<string, MessageKey> = { 'Usage:': 'help.usage', 'Arguments:': 'help.arguments', 'Options:': 'help.options' };

/** The language of the help and of usage errors, before the options are parsed: --lang, else the locale. */
export function argvLang(args: readonly string[]): Lang {
  const k = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = k === -1 ? undefined : args[k].includes('=') ? args[k].split('=')[1] : args[k + 1];
  return (LANGS as readonly string[]).includes(v ?? '') ? (v as Lang) : langFromEnv();
}

/** Apply commander's help and output settings shared by every command of ours. */
export function localHelp(program: Command, lang: Lang): Command {
  const m = translator(lang);
  return program
    .helpOption('-h, --help', m('help.help'))
    .configureHelp({
      styleTitle: (title: string) => (TITLES[title] ? m(TITLES[title]) : title),
      optionDescription: (o: Option) => {
        const choices = o.argChoices?.join(lang === 'zh' ? '、' : ', ') ?? '';
        const shown = o.required || o.optional ? o.defaultValue : undefined;
        const extra = choices || shown !== undefined ? ` ${m('help.extra', { choices, default: shown === undefined ? '' : String(shown) })}` : '';
        return `${o.description}${extra}`;
      },
    })
    .exitOverride()
    .configureOutput({ outputError: () => undefined }); // main prints usage errors its own way
}

/** The command with its options; `action` runs once they are parsed. */
export function buildProgram(
  mode: Mode, action: (inputs: string[], opts: MainOptions, mode: Mode) => Promise<void>, lang: Lang = langFromEnv(),
): Command {
  const check = mode === 'check';
  const m = translator(lang);
  const program = new Command(check ? 'eval-extract check' : 'eval-extract')
    .description(m(check ? 'help.check' : 'help.extract'))
    .version(VERSION, '-V, --version', m('help.version'))
    .argument('[inputs...]', m(check ? 'help.inputsCheck' : 'help.inputs'))
    .addOption(new Option('-f, --format <format>', m('help.format', { default: DEFAULT_FORMAT[mode] })).choices(FORMAT_NAMES))
    .option('-o, --output <path>', m('help.output'))
    .option('--out-dir <dir>', m('help.outDir'))
    .option('--skip-existing', m('help.skipExisting'))
    .option('--array', m('help.array'))
    .option('--password <password>', m('help.password'))
    .option('--password-file <file>', m('help.passwordFile'))
    .option('--ocr', m('help.ocr'))
    .addOption(new Option('--fail-on <severity>', m('help.failOn')).choices(FAIL_ON).default(check ? 'error' : 'never'))
    .addOption(new Option('--min-severity <severity>', m('help.minSeverity')).choices(SeveritySchema.options).default('info'))
    .option('--summary', m('help.summary'))
    .option('--grade-bands <bands>', m('help.gradeBands'), gradeBands(m))
    .option('--severity <rule=level>', m('help.severity'),
      (v: string, prev?: CheckOptions['severity']) => ({ ...prev, ...Object.fromEntries([addSeverity(m)(v)]) }))
    .option('--positions', m('help.positions'))
    .addOption(new Option('--lang <lang>', m('help.lang')).choices(LANGS).default(lang))
    .option('--no-bom', m('help.noBom'))
    .option('--escape-formulas', m('help.escapeFormulas'))
    .option('--no-color', m('help.noColor'))
    .option('--files-from <file>', m('help.filesFrom'))
    .option('-j, --jobs <n>', m('help.jobs'), positiveInt(m), availableParallelism())
    .option('--timeout <seconds>', m('help.timeout'), nonNegative(m), BATCH_DEFAULTS.timeoutMs / 1000)
    .option('--max-memory <mb>', m('help.maxMemory'), positiveInt(m), BATCH_DEFAULTS.maxMemoryMb)
    .option('-q, --quiet', m('help.quiet'))
    .addHelpText('after', helpAfter(mode, m))
    .action(async (inputs: string[], opts: MainOptions) => {
      if (!inputs.length && opts.filesFrom === undefined) throw new UsageError(t(opts.lang, 'help.noInput'));
      await action(inputs, opts, mode);
    });
  return localHelp(program, lang);
}

/** The options of a program that take a value (so that their value is not taken for a command). */
export function optionsWithValues(program: Command): Set<string> {
  const out = new Set<string>();
  for (const o of program.options) {
    if (!o.required && !o.optional) continue;
    if (o.long) out.add(o.long);
    if (o.short) out.add(o.short);
  }
  return out;
}
