// The command line's options: commander wiring, value parsers (a bad value is a usage error)
// and the defaults of `eval-extract` and `eval-extract check`.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  BATCH_DEFAULTS, FAIL_ON, oneLine, parseGradeBands, parseSeverityOverride, type CheckOptions, type FailOn,
} from '../index.js';
import { UsageError } from './exit.js';
import { FORMAT_NAMES, type FormatName } from './formats.js';
import { MESSAGES } from './messages.js';
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

const COMMANDS = `
Commands:
  (none)                extract forms from PDFs into JSON (this help)
  check [options] ...   check the scores: a report of findings, exit 1 on errors; also
                        re-checks saved results (.json, .jsonl) without the PDFs
  schema                print the JSON Schema of the JSON output
  help [command]        show the help of a command`;

const EXAMPLES: Record<Mode, string> = {
  extract: `
Examples:
  eval-extract a.pdf > a.json                  one file: its result as an object
  eval-extract --array reports/ | jq '.[].forms[].projectName'
  eval-extract -o all.jsonl 'reports/**/*.pdf' the format follows the extension
  eval-extract --out-dir results/ --skip-existing reports/   one file per input; resumable
  cat a.pdf | eval-extract -                   a PDF on stdin
  eval-extract --format csv -o tables/ reports/`,
  check: `
Examples:
  eval-extract check reports/*.pdf             report; exit 1 on an error-level finding
  eval-extract check --fail-on warning a.pdf   a stricter CI gate
  eval-extract check results.jsonl             the same checks on saved results, no PDFs
  eval-extract check --format csv -o tables/ reports/`,
};

/** The command with its options; `action` runs once they are parsed. */
export function buildProgram(mode: Mode, action: (inputs: string[], opts: MainOptions, mode: Mode) => Promise<void>): Command {
  const check = mode === 'check';
  return new Command(check ? 'eval-extract check' : 'eval-extract')
    .description(check
      ? 'Check the scores of 绩效自评表 forms in PDFs or saved results: a report of findings, exit 1 on errors'
      : 'Extract 绩效自评表 forms from PDFs into validated JSON')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('[inputs...]', 'PDF files, folders (every *.pdf below them), glob patterns (quote them), - for stdin' +
      (check ? ', or saved results (.json, .jsonl)' : ''))
    .addOption(new Option('-f, --format <format>', `output format, text being the check report (default: ${check ? 'text' : 'json'}, or from -o's extension)`)
      .choices(FORMAT_NAMES))
    .option('-o, --output <path>', 'write to PATH instead of stdout (- for stdout; csv: a folder for forms/indicators/findings.csv, or FILE.csv)')
    .option('--out-dir <dir>', 'write one result file per input, DIR/<name>.json')
    .option('--skip-existing', 'with --out-dir: skip inputs whose result file is already there (resume a batch)')
    .option('--array', 'json: print an array even for one input')
    .option('--password <password>', 'user password of encrypted PDFs (shows in ps: prefer EVAL_EXTRACT_PASSWORD or --password-file)')
    .option('--password-file <file>', 'read the password from the first line of FILE')
    .option('--ocr', 'read every page by OCR, text layer or not (pages without one always are)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists')
      .choices(FAIL_ON).default(check ? 'error' : 'never'))
    .option('--grade-bands <bands>', 'grade bands of the grade-band rule (default 优:90,良:80,中:60,差:0)', usage(parseGradeBands))
    .option('--severity <rule=level>', 'change a rule\'s severity: error, warning, info or off (repeatable)',
      (v: string, prev?: CheckOptions['severity']) => ({ ...prev, ...Object.fromEntries([addSeverity(v)]) }))
    .option('--no-bom', 'csv files: no UTF-8 byte order mark (stdout never gets one)')
    .option('--escape-formulas', 'csv: prefix texts starting with = + - @ with \' so spreadsheets do not run them')
    .option('--no-color', 'text report: no colours (also NO_COLOR=1; colours only on a terminal)')
    .option('--files-from <file>', 'also read the paths in FILE, one per line (- for stdin)')
    .option('-j, --jobs <n>', 'worker threads extracting in parallel (at most the cores)', usage(positiveInt), availableParallelism())
    .option('--timeout <seconds>', 'give up on a file when one of its pages takes this long (0: never)', usage(nonNegative), BATCH_DEFAULTS.timeoutMs / 1000)
    .option('--max-memory <mb>', 'memory of each worker (heap and buffers); a file needing more fails', usage(positiveInt), BATCH_DEFAULTS.maxMemoryMb)
    .option('-q, --quiet', 'no progress bar, summary or verdict line (failures are still reported)')
    .addHelpText('after', (check ? '' : COMMANDS) + EXAMPLES[mode])
    .exitOverride()
    .configureOutput({ outputError: () => undefined }) // main prints usage errors its own way
    .action(async (inputs: string[], opts: MainOptions) => {
      if (!inputs.length && opts.filesFrom === undefined) throw new UsageError(MESSAGES.noInput);
      await action(inputs, opts, mode);
    });
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
