// The command line's options: commander wiring, value parsers (a bad value is a usage error)
// and the defaults of `eval-extract` and `eval-extract check`.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  BATCH_DEFAULTS, FAIL_ON, oneLine, parseGradeBands, parseSeverityOverride, type CheckOptions, type FailOn,
} from '../index.js';

export type Mode = 'extract' | 'check';

export interface MainOptions {
  format: 'json' | 'jsonl' | 'text' | 'csv';
  output?: string;
  password?: string;
  ocr?: boolean;
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

/** The command with its options; `action` runs once they are parsed. */
export function buildProgram(mode: Mode, action: (inputs: string[], opts: MainOptions) => Promise<void>): Command {
  const check = mode === 'check';
  return new Command(check ? 'eval-extract check' : 'eval-extract')
    .description(check
      ? 'Check the scores of 绩效自评表 forms in PDFs: a report of findings, exit 1 on errors'
      : 'Extract 绩效自评表 forms from PDFs into validated JSON (`eval-extract check --help` for the score check)')
    .argument('[inputs...]', 'PDF files, folders (every *.pdf below them) and glob patterns (quote them)')
    .addOption(new Option('-f, --format <format>', 'output format: json, jsonl, text (the check report) or csv')
      .choices(['json', 'jsonl', 'text', 'csv']).default(check ? 'text' : 'json'))
    .option('-o, --output <path>', 'write to PATH instead of stdout (csv: a folder for forms/indicators/findings.csv, or FILE.csv)')
    .option('--password <password>', 'user password of encrypted PDFs')
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
    .option('-j, --jobs <n>', 'worker threads extracting in parallel', usage(positiveInt), availableParallelism())
    .option('--timeout <seconds>', 'give up on a file after this long (0: never)', usage(nonNegative), BATCH_DEFAULTS.timeoutMs / 1000)
    .option('--max-memory <mb>', 'heap limit of each worker; a file needing more fails', usage(positiveInt), BATCH_DEFAULTS.maxMemoryMb)
    .option('-q, --quiet', 'no progress bar and no summary line (failures are still reported)')
    .showHelpAfterError()
    .exitOverride()
    .action(async (inputs: string[], opts: MainOptions, cmd: Command) => {
      if (!inputs.length && opts.filesFrom === undefined) cmd.error('error: no input: name PDF files, folders or patterns, or --files-from');
      await action(inputs, opts);
    });
}
