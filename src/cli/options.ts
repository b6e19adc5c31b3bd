// The command line's options: commander wiring, value parsers (a bad value is a usage error)
// and the defaults of `eval-extract` and `eval-extract check`.
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  BATCH_DEFAULTS, FAIL_ON, langFromEnv, LANGS, oneLine, parseGradeBands, parseSeverityOverride, SeveritySchema, t, type CheckOptions,
  type FailOn, type Lang, type Severity,
} from '../index.js';

export type Mode = 'extract' | 'check';

export interface MainOptions {
  format: (typeof FORMATS)[number];
  output?: string;
  password?: string;
  failOn: FailOn;
  gradeBands?: CheckOptions['gradeBands'];
  severity?: CheckOptions['severity'];
  bom: boolean;
  escapeFormulas?: boolean;
  color: boolean;
  filesFrom?: string;
  jobs: number;
  /** seconds per file; 0: no limit */
  timeout: number;
  /** megabytes of heap per worker */
  maxMemory: number;
  quiet?: boolean;
  lang: Lang;
  /** reports and tables list findings at or above this severity */
  minSeverity: Severity;
  /** the text report: one line per file */
  summary?: boolean;
  /** JSON: keep each indicator cell's page and box */
  positions?: boolean;
}

/** An option value parser whose one-line Error becomes a usage error. */
const usage = <T>(parse: (v: string) => T) => (value: string): T => {
  try {
    return parse(value);
  } catch (err) {
    throw new InvalidArgumentError(oneLine(err));
  }
};

const addSeverity = usage((v: string) => parseSeverityOverride(v));

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number of at least 1, got "${v}"`);
  return n;
}

function nonNegative(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || v.trim() === '') throw new Error(`expected a number of seconds, got "${v}"`);
  return n;
}

export const FORMATS = ['json', 'jsonl', 'text', 'csv', 'xlsx', 'html'] as const;
/** Formats chosen by the extension of -o when --format is not given. */
const BY_EXTENSION: Record<string, MainOptions['format']> = { '.xlsx': 'xlsx', '.html': 'html', '.htm': 'html' };

/** commander's headings, in the catalogue */
const TITLES: Record<string, 'help.usage' | 'help.arguments' | 'help.options'> = {
  'Usage:': 'help.usage', 'Arguments:': 'help.arguments', 'Options:': 'help.options',
};

/** The language of the help and of usage errors, before the options are parsed: --lang, else the locale. */
export function argvLang(argv: string[]): Lang {
  const k = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = k === -1 ? undefined : argv[k].includes('=') ? argv[k].split('=')[1] : argv[k + 1];
  return (LANGS as readonly string[]).includes(v ?? '') ? (v as Lang) : langFromEnv();
}

/** The command with its options; `action` runs once they are parsed. */
export function buildProgram(mode: Mode, action: (inputs: string[], opts: MainOptions) => Promise<void>, lang: Lang = langFromEnv()): Command {
  const check = mode === 'check';
  const h = (key: Parameters<typeof t>[1]) => t(lang, key as 'help.jobs');
  return new Command(check ? 'eval-extract check' : 'eval-extract')
    .description(h(check ? 'help.check' : 'help.extract'))
    .argument('[inputs...]', h('help.inputs'))
    .addOption(new Option('-f, --format <format>', h('help.format')).choices(FORMATS).default(check ? 'text' : 'json'))
    .option('-o, --output <path>', h('help.output'))
    .option('--password <password>', h('help.password'))
    .addOption(new Option('--fail-on <severity>', h('help.failOn')).choices(FAIL_ON).default(check ? 'error' : 'never'))
    .addOption(new Option('--min-severity <severity>', h('help.minSeverity')).choices(SeveritySchema.options).default('info'))
    .option('--summary', h('help.summary'))
    .option('--grade-bands <bands>', h('help.gradeBands'), usage(parseGradeBands))
    .option('--severity <rule=level>', h('help.severity'),
      (v: string, prev?: CheckOptions['severity']) => ({ ...prev, ...Object.fromEntries([addSeverity(v)]) }))
    .option('--positions', h('help.positions'))
    .addOption(new Option('--lang <lang>', h('help.lang')).choices(LANGS).default(lang))
    .option('--no-bom', h('help.noBom'))
    .option('--escape-formulas', h('help.escapeFormulas'))
    .option('--no-color', h('help.noColor'))
    .option('--files-from <file>', h('help.filesFrom'))
    .option('-j, --jobs <n>', h('help.jobs'), usage(positiveInt), availableParallelism())
    .option('--timeout <seconds>', h('help.timeout'), usage(nonNegative), BATCH_DEFAULTS.timeoutMs / 1000)
    .option('--max-memory <mb>', h('help.maxMemory'), usage(positiveInt), BATCH_DEFAULTS.maxMemoryMb)
    .option('-q, --quiet', h('help.quiet'))
    .helpOption('-h, --help', h('help.help'))
    .configureHelp({
      styleTitle: (title: string) => TITLES[title] ? h(TITLES[title]) : title,
      optionDescription: (o: Option) => {
        const choices = o.argChoices?.join(lang === 'zh' ? '、' : ', ') ?? '';
        const shown = o.required || o.optional ? o.defaultValue : undefined;
        const extra = choices || shown !== undefined ? ` ${t(lang, 'help.extra', { choices, default: shown === undefined ? '' : String(shown) })}` : '';
        return `${o.description}${extra}`;
      },
    })
    .showHelpAfterError()
    .exitOverride()
    .action(async (inputs: string[], opts: MainOptions, cmd: Command) => {
      if (!inputs.length && opts.filesFrom === undefined) cmd.error(`error: ${h('help.noInput')}`);
      if (opts.output && cmd.getOptionValueSource('format') === 'default') {
        opts.format = BY_EXTENSION[extname(opts.output).toLowerCase()] ?? opts.format;
      }
      if ((opts.format === 'xlsx' || opts.format === 'html') && !opts.output) {
        cmd.error(`error: ${t(opts.lang, 'help.needsOutput', { format: opts.format })}`);
      }
      await action(inputs, opts);
    });
}
