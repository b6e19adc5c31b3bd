// The command line: wires options to the library and maps results to exit codes.
// Exit codes: 0 all inputs extracted; 1 a finding at or above --fail-on; 2 usage error;
// 3 an input could not be read, held no form or was read with errors (3 wins over 1);
// 128+N stopped by signal N (130 Ctrl-C, 143 SIGTERM).
// `eval-extract check …` is the same command with the report defaults (--format text --fail-on error).
import { fstatSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  countFindings, FAIL_ON, failsOn, parseGradeBands, parseSeverityOverride, type CheckOptions, type FailOn, type FindingCounts,
} from './check/index.js';
import { expandInputs, InputListError } from './batch/inputs.js';
import { DEFAULTS, extractInputs, renderInputs } from './batch/many.js';
import { Progress } from './batch/progress.js';
import { Interrupted, onInterrupt, streamWriter } from './batch/session.js';
import { sinkFor, type SinkFormat } from './batch/sink.js';
import type { FileResult } from './model/schema.js';
import { langFromEnv, LANGS, type Lang } from './i18n/index.js';
import { writeAtomic } from './write/atomic.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, input: 3 } as const;

interface MainOptions {
  format: 'json' | 'jsonl' | 'text' | 'csv';
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
}

const checkOptions = (opts: MainOptions): CheckOptions => ({ gradeBands: opts.gradeBands, severity: opts.severity });

const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();

/** The one-line messages of a file's errors, as printed on stderr: `eval-extract: FILE[: page N]: reason`. */
const errorLines = (r: Pick<FileResult, 'file' | 'errors'>): string[] =>
  r.errors.map((e) => `eval-extract: ${r.file}${e.page ? `: page ${e.page}` : ''}: ${e.message}`);

/**
 * Expand the inputs, extract them in a pool of workers and write the results in input order as
 * they come (json, jsonl), or all at the end (text, csv). Every failure is reported on stderr
 * and the batch goes on; Ctrl-C stops it and says how far it got.
 */
async function runMain(args: string[], opts: MainOptions): Promise<number> {
  const controller = new AbortController();
  const interrupts = onInterrupt(controller);
  let progress: Progress | undefined;
  try {
    const { inputs, single } = await expandInputs(args, { filesFrom: opts.filesFrom });
    const bar = !opts.quiet && !!process.stderr.isTTY;
    const p = (progress = new Progress({ stream: process.stderr, total: inputs.length, bar }));
    const outputExisted = opts.output !== undefined && (await stat(opts.output).then(() => true, () => false));
    let failed = false;
    let findings = false;
    let written = 0;
    // every finished file, whichever way it was extracted: its errors, and the exit code
    const report = (r: Pick<FileResult, 'file' | 'errors'>, counts: FindingCounts) => {
      for (const line of errorLines(r)) p.log(line);
      failed ||= r.errors.length > 0;
      findings ||= failsOn(counts, opts.failOn);
    };
    // every file as it finishes, in any order: the progress line
    const settle = (r: Pick<FileResult, 'pageCount' | 'errors'>, forms: number, failure?: unknown) =>
      p.settle({ pages: r.pageCount, forms, failed: !!failure || r.errors.length > 0 });
    const streaming = opts.format === 'json' || opts.format === 'jsonl';
    const collected: FileResult[] = [];
    const batch = {
      password: opts.password,
      check: checkOptions(opts),
      jobs: opts.jobs,
      timeoutMs: opts.timeout * 1000,
      maxMemoryMb: opts.maxMemory,
      signal: controller.signal,
    };
    // json and jsonl: each worker renders its file's text, which is written in input order
    const format: SinkFormat = opts.format === 'jsonl' ? 'jsonl' : single ? 'json-single' : 'json';
    const sink = sinkFor(format);
    async function* chunks(): AsyncGenerator<string | Uint8Array> {
      yield sink.begin();
      const results = renderInputs(inputs, format, {
        ...batch,
        onSettled: (r) => settle(r.digest, r.digest.counts.forms, r.failure),
      });
      for await (const r of results) {
        report(r.digest, r.digest.counts);
        yield sink.before(written);
        yield r.text;
        written++;
      }
      yield sink.end(written);
    }
    // text and csv need every result whole
    async function collect(): Promise<void> {
      const results = extractInputs(inputs, {
        ...batch,
        onSettled: (r) => settle(r.result, r.result.forms.length, r.failure),
      });
      for await (const r of results) {
        report(r.result, countFindings([r.result]));
        collected.push(r.result);
      }
    }

    try {
      if (!streaming) {
        await collect();
        await emitReport(collected, opts);
      } else if (opts.output) await writeAtomic(opts.output, chunks());
      else {
        const write = streamWriter(process.stdout, controller);
        for await (const chunk of chunks()) await write(chunk);
      }
    } catch (err) {
      const why = controller.signal.aborted ? controller.signal.reason : err;
      if (!(why instanceof Interrupted)) throw err;
      p.stop();
      if (why.signal !== 'EPIPE') {
        const where = opts.output ? (outputExisted ? `${opts.output} left as it was` : `${opts.output} not written`)
          : streaming ? `stdout has the first ${written} result${written === 1 ? '' : 's'}` : 'nothing written';
        process.stderr.write(`eval-extract: ${why.message} after ${p.tally.files} of ${inputs.length} files; ${where}\n`);
      }
      return why.exitCode;
    }
    p.stop();
    if (bar) process.stderr.write(`eval-extract: ${p.summary()}\n`);
    return failed ? EXIT.input : findings ? EXIT.findings : EXIT.ok;
  } catch (err) {
    if (err instanceof InputListError) {
      process.stderr.write(`eval-extract: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    progress?.stop();
    interrupts.dispose();
  }
}

/** --format text (the check report) or csv (indicators to stdout or FILE.csv, three tables to a folder). */
async function emitReport(results: FileResult[], opts: MainOptions): Promise<void> {
  // loaded only when asked for: JSON runs over thousands of files keep the main thread small
  let text: string;
  if (opts.format === 'csv') {
    const { toIndicatorsCsv, writeCsv } = await import('./write/csv.js');
    const csv = { escapeFormulas: opts.escapeFormulas, lang: opts.lang };
    if (opts.output) {
      await writeCsv(opts.output, results, { ...csv, bom: opts.bom });
      return;
    }
    // a BOM when stdout is a file (`> indicators.csv`), never into a pipe or a terminal
    text = toIndicatorsCsv(results, { ...csv, bom: opts.bom && stdoutIsFile() });
  } else {
    const { colorLevel, formatReport } = await import('./report/index.js');
    text = formatReport(results, { color: opts.output || !opts.color ? 0 : colorLevel(process.stdout), lang: opts.lang });
  }
  if (opts.output) await writeAtomic(opts.output, [text]);
  else process.stdout.write(text);
}

/** Is stdout redirected to a regular file? */
function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
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

export function buildProgram(mode: 'extract' | 'check' = 'extract'): Command {
  const check = mode === 'check';
  const program = new Command(check ? 'eval-extract check' : 'eval-extract')
    .description(check
      ? 'Check the scores of 绩效自评表 forms in PDFs: a report of findings, exit 1 on errors'
      : 'Extract 绩效自评表 forms from PDFs into validated JSON (`eval-extract check --help` for the score check)')
    .argument('[inputs...]', 'PDF files, folders (every *.pdf below them) and glob patterns (quote them)')
    .addOption(new Option('-f, --format <format>', 'output format: json, jsonl, text (the check report) or csv')
      .choices(['json', 'jsonl', 'text', 'csv']).default(check ? 'text' : 'json'))
    .option('-o, --output <path>', 'write to PATH instead of stdout (csv: a folder for forms/indicators/findings.csv, or FILE.csv)')
    .option('--password <password>', 'user password of encrypted PDFs')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists')
      .choices(FAIL_ON).default(check ? 'error' : 'never'))
    .option('--grade-bands <bands>', 'grade bands of the grade-band rule (default 优:90,良:80,中:60,差:0)', usage(parseGradeBands))
    .option('--severity <rule=level>', 'change a rule\'s severity: error, warning, info or off (repeatable)',
      (v: string, prev?: CheckOptions['severity']) => ({ ...prev, ...Object.fromEntries([addSeverity(v)]) }))
    .option('--no-bom', 'csv: no UTF-8 byte order mark (written to files, and to stdout redirected to a file, never to a pipe)')
    .option('--escape-formulas', 'csv: prefix texts starting with = + - @ with \' so spreadsheets do not run them')
    .option('--no-color', 'text report: no colours (also NO_COLOR=1; colours only on a terminal)')
    .option('--files-from <file>', 'also read the paths in FILE, one per line (- for stdin)')
    .option('-j, --jobs <n>', 'worker threads extracting in parallel', usage(positiveInt), availableParallelism())
    .option('--timeout <seconds>', 'give up on a file after this long (0: never)', usage(nonNegative), DEFAULTS.timeoutMs / 1000)
    .option('--max-memory <mb>', 'heap limit of each worker; a file needing more fails', usage(positiveInt), DEFAULTS.maxMemoryMb)
    .addOption(new Option('--lang <lang>', 'language of reports, messages and table headers (default: zh when LC_ALL/LC_MESSAGES/LANG is zh*)')
      .choices(LANGS).default(langFromEnv()))
    .option('-q, --quiet', 'no progress bar and no summary line (failures are still reported)')
    .showHelpAfterError()
    .exitOverride()
    .action(async (inputs: string[], opts: MainOptions, cmd: Command) => {
      if (!inputs.length && opts.filesFrom === undefined) cmd.error('error: no input: name PDF files, folders or patterns, or --files-from');
      process.exitCode = await runMain(inputs, opts);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `eval-extract check FILES…`: the same options, other defaults (a file named check: ./check)
  const check = argv[2] === 'check';
  const program = buildProgram(check ? 'check' : 'extract');
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(check ? [...argv.slice(0, 2), ...argv.slice(3)] : argv);
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end "successfully"
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`eval-extract: ${oneLine(err)}\n`);
    return EXIT.input;
  }
}
