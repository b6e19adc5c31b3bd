// One run of the command over its inputs: settle and check the output, expand the inputs,
// extract them in the pool (or read saved results back), stream JSON or collect and report,
// and end with an exit code. Every failure is reported on stderr and the batch goes on;
// Ctrl-C stops it and says how far it got.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  countFindings, CSV_FILES, digestOf, escapeControls, expandInputs, extractMany, failsOn, formatSummary, holdsOneResult, InputListError, isSavedResults,
  oneLine, readSavedResults, recheckResult, renderBytes, renderMany, sinkFor, writeAtomic, WriteError,
  type BatchInput, type CheckOptions, type ExtractManyOptions, type FileResult, type FindingCounts, type ResultDigest, type SinkFormat,
} from '../index.js';
import { EXIT, ExitError, exitCode, UsageError, type Verdict } from './exit.js';
import { FORMATS } from './formats.js';
import { MESSAGES as M } from './messages.js';
import type { MainOptions, Mode } from './options.js';
import { alreadyDone, checkTarget, outDirNames, planOutput, refuseInputs, targetFiles, type OutputPlan } from './output.js';
import { Progress } from './progress.js';
import { emitReport } from './report.js';
import { Interrupted, onInterrupt, streamWriter, type StreamWriter } from './session.js';

/**
 * The one-line messages of a file's errors, as printed on stderr: `eval-extract: FILE[: page N]: reason`,
 * control characters of the name or of PDF text in the reason escaped.
 */
const errorLines = (r: Pick<FileResult, 'file' | 'errors'>): string[] =>
  r.errors.map((e) => `eval-extract: ${escapeControls(r.file)}${e.page ? `: page ${e.page}` : ''}: ${oneLine(e.message)}`);

const addCounts = (a: FindingCounts, b: FindingCounts) => {
  for (const k of Object.keys(a) as (keyof FindingCounts)[]) a[k] += b[k];
};

/** What the run has seen so far: the progress line, failures printed, findings, the verdict. */
class Tally {
  readonly verdict: Verdict = { failed: false, findings: false };
  readonly counts: FindingCounts = countFindings([]);
  /** results written to the output so far */
  written = 0;
  constructor(readonly progress: Progress, private readonly failOn: MainOptions['failOn']) {}

  /** Every file as it finishes, in any order: the progress line. */
  settle(r: Pick<FileResult, 'pageCount' | 'errors'>, forms: number, failure?: unknown): void {
    this.progress.settle({ pages: r.pageCount, forms, failed: !!failure || r.errors.length > 0 });
  }

  /** Every finished file in input order: its errors on stderr, and the verdict. */
  report(r: Pick<FileResult, 'file' | 'errors'>, counts: FindingCounts): void {
    for (const line of errorLines(r)) this.progress.log(line);
    addCounts(this.counts, counts);
    this.verdict.failed ||= r.errors.length > 0;
    this.verdict.findings ||= failsOn(counts, this.failOn);
  }
}

/** --password, else --password-file's first line, else EVAL_EXTRACT_PASSWORD. */
async function passwordOf(opts: MainOptions): Promise<string | undefined> {
  if (opts.password !== undefined && opts.passwordFile !== undefined) throw new UsageError(M.passwordTwice);
  if (opts.passwordFile !== undefined) {
    const text = await readFile(opts.passwordFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(M.passwordFile(opts.passwordFile!, err.code === 'ENOENT' ? 'no such file' : err.code ?? err.message));
    });
    return text.split(/\r?\n/)[0];
  }
  return opts.password ?? (process.env.EVAL_EXTRACT_PASSWORD || undefined);
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Where the output went, for the closing line and the interruption message. */
function whereWritten(plan: OutputPlan, written: number): string {
  const t = plan.target;
  if (t.kind === 'folder') return M.tablesIn(t.path, CSV_FILES);
  if (t.kind === 'per-input') return M.resultsIn(t.path, written);
  return t.kind === 'file' ? M.writtenTo(t.path) : '';
}

/** Run the command over `args`; resolves when every input is done, throws ExitError otherwise. */
export async function run(args: string[], opts: MainOptions, mode: Mode): Promise<void> {
  if (args.includes('-') && opts.filesFrom === '-') throw new UsageError(M.stdinTwice);
  const password = await passwordOf(opts);
  const controller = new AbortController();
  const interrupts = onInterrupt(controller);
  let progress: Progress | undefined;
  try {
    const expanded = await expandInputs(args, { filesFrom: opts.filesFrom }).catch((err) => {
      throw err instanceof InputListError ? new UsageError(err.message) : err;
    });
    let inputs = expanded.inputs;
    const read = inputs.filter((i) => !i.error && i.file !== '-').map((i) => i.file);
    for (const f of [opts.filesFrom, opts.passwordFile]) if (f !== undefined && f !== '-') read.push(f);
    // `-o a.pdf a.pdf`: said before anything else about that name
    if (opts.output !== undefined && opts.output !== '-') await refuseInputs([opts.output], read);
    const plan = planOutput(opts, mode);
    // `check results.json`: saved results checked again (the main command reads only PDFs)
    const saved = mode === 'check' && inputs.length > 0 && inputs.every((i) => isSavedResults(i.file));
    if (mode === 'check' && !saved && inputs.some((i) => isSavedResults(i.file))) throw new UsageError(M.mixedInputs);
    if (saved && plan.target.kind === 'per-input') throw new UsageError(M.outDirWithSaved);
    // one input, one object: a saved file holding one result is printed as one too
    const single = expanded.single && !plan.array && (!saved || (await holdsOneResult(inputs[0].file)));

    // the output, checked before any work
    await checkTarget(plan);
    let names = plan.target.kind === 'per-input' ? outDirNames(inputs) : [];
    await refuseInputs(targetFiles(plan, names), read);
    const outputExisted = plan.target.kind === 'file' && (await stat(plan.target.path).then(() => true, () => false));

    if (opts.skipExisting && plan.target.kind === 'per-input') {
      const done = await alreadyDone(plan.target.path, inputs, names);
      const skipped = done.filter(Boolean).length;
      inputs = inputs.filter((_, k) => !done[k]);
      names = names.filter((_, k) => !done[k]);
      if (skipped && !opts.quiet) process.stderr.write(`eval-extract: ${M.skipped(skipped, plan.target.path)}\n`);
    }
    const stdin = inputs.find((i) => i.file === '-');
    if (stdin) {
      if (process.stdin.isTTY) throw new UsageError(M.stdinIsTerminal);
      stdin.bytes = await readStdin();
    }

    const streaming = FORMATS[plan.format].streams;
    const toStdout = plan.target.kind === 'stdout';
    const terminal = !opts.quiet && !!process.stderr.isTTY;
    // the bar never shares a terminal with results streaming to it
    const bar = terminal && !saved && !(streaming && toStdout && process.stdout.isTTY);
    progress = new Progress({ stream: process.stderr, total: inputs.length, bar });
    const tally = new Tally(progress, opts.failOn);
    const batch: ExtractManyOptions = {
      password,
      ocr: opts.ocr,
      check: { gradeBands: opts.gradeBands, severity: opts.severity },
      jobs: opts.jobs,
      timeoutMs: opts.timeout * 1000,
      maxMemoryMb: opts.maxMemory,
      signal: controller.signal,
    };
    const source: Source = saved ? savedSource(inputs, batch.check || {}) : pdfSource(inputs, batch);
    const stdout = streamWriter(process.stdout, 'stdout', controller);
    try {
      if (plan.target.kind === 'per-input') await writePerInput(source, plan.target.path, names, tally);
      else if (streaming) await streamJson(source, single, plan, tally, stdout);
      else {
        const results = await collect(source, tally);
        progress.stop(); // before the report: nothing shares a line with the bar
        await emitReport(results, plan, opts, stdout);
      }
      await stdout.flush();
    } catch (err) {
      const why = controller.signal.aborted ? controller.signal.reason : err;
      if (why instanceof WriteError) {
        progress.stop();
        process.stderr.write(`eval-extract: ${oneLine(why)}\n`);
        throw new ExitError(EXIT.output, why.message);
      }
      if (!(why instanceof Interrupted)) throw err;
      progress.stop();
      if (why.signal !== 'EPIPE') {
        const n = tally.written;
        const t = plan.target;
        const where = t.kind === 'file' ? (outputExisted ? M.leftAsItWas(t.path) : M.notWritten(t.path))
          : t.kind === 'per-input' ? M.firstResultFiles(t.path, n)
          : streaming && toStdout ? M.firstResults(n) : M.nothingWritten;
        process.stderr.write(`eval-extract: ${M.interrupted(why.message, progress.tally.files, inputs.length, where)}\n`);
      }
      throw new ExitError(why.exitCode, why.message);
    }
    progress.stop();
    if (!opts.quiet) closingLine(mode, plan, tally, terminal);
    const code = exitCode(tally.verdict);
    if (code !== 0) throw new ExitError(code);
  } finally {
    progress?.stop();
    interrupts.dispose();
  }
}

/**
 * One summary line at the end, never two: `check` states its verdict (on stdout when the
 * results went to files, with where; on stderr beside machine output), unless its report on
 * stdout ends with it; the main command sums up the batch on a terminal.
 */
function closingLine(mode: Mode, plan: OutputPlan, tally: Tally, terminal: boolean): void {
  const reportOnStdout = plan.target.kind === 'stdout' && !FORMATS[plan.format].streams && plan.format === 'text';
  if (reportOnStdout) return;
  if (mode === 'check') {
    const verdict = formatSummary(tally.counts).trimEnd();
    if (plan.target.kind === 'stdout') process.stderr.write(`eval-extract: ${verdict}\n`);
    else process.stdout.write(`${verdict}; ${whereWritten(plan, tally.written)}\n`);
  } else if (terminal) process.stderr.write(`eval-extract: ${tally.progress.summary()}\n`);
}

/** A finished input, as output text (json, jsonl: rendered by the worker) or whole. */
interface Source {
  rendered(format: SinkFormat, tally: Tally): AsyncIterable<{ index: number; digest: ResultDigest; text: string | Uint8Array }>;
  results(tally: Tally): AsyncIterable<FileResult>;
}

/** PDFs through the worker pool. */
function pdfSource(inputs: BatchInput[], batch: ExtractManyOptions): Source {
  return {
    rendered: (format, tally) =>
      renderMany(inputs, format, { ...batch, onSettled: (r) => tally.settle(r.digest, r.digest.counts.forms, r.failure) }),
    async *results(tally) {
      for await (const r of extractMany(inputs, { ...batch, onSettled: (m) => tally.settle(m.result, m.result.forms.length, m.failure) })) {
        yield r.result;
      }
    },
  };
}

/** Saved results (check results.json), checked again in this thread: no PDF is read. */
function savedSource(inputs: BatchInput[], check: CheckOptions): Source {
  async function* results(tally: Tally): AsyncGenerator<FileResult> {
    for (const input of inputs) {
      const all = input.error
        ? [{ file: input.file, pageCount: 0, forms: [], errors: [{ message: input.error, code: 'input' as const }] }]
        : readSavedResults(input.file);
      for await (const saved of all) {
        const r = recheckResult(saved, check);
        tally.settle(r, r.forms.length);
        yield r;
      }
    }
  }
  return {
    async *rendered(format, tally) {
      let index = 0;
      for await (const r of results(tally)) yield { index: index++, digest: digestOf(r), text: renderBytes(format, r) };
    },
    results,
  };
}

/**
 * json and jsonl: each result's text written in input order as it comes, to stdout
 * (respecting back-pressure) or whole to -o's file.
 */
async function streamJson(source: Source, single: boolean, plan: OutputPlan, tally: Tally, stdout: StreamWriter): Promise<void> {
  const format: SinkFormat = plan.format === 'jsonl' ? 'jsonl' : single ? 'json-single' : 'json';
  const sink = sinkFor(format);
  async function* chunks(): AsyncGenerator<string | Uint8Array> {
    yield sink.begin();
    for await (const r of source.rendered(format, tally)) {
      tally.report(r.digest, r.digest.counts);
      yield sink.before(tally.written);
      yield r.text;
      tally.written++;
    }
    yield sink.end(tally.written);
  }
  if (plan.target.kind === 'file') return writeAtomic(plan.target.path, chunks());
  for await (const chunk of chunks()) await stdout.write(chunk);
}

/** --out-dir: each input's result in its own file, written whole as it comes. */
async function writePerInput(source: Source, dir: string, names: readonly string[], tally: Tally): Promise<void> {
  for await (const r of source.rendered('json-single', tally)) {
    tally.report(r.digest, r.digest.counts);
    await writeAtomic(path.join(dir, names[r.index]), [r.text]);
    tally.written++;
  }
}

/** text and csv need every result whole. */
async function collect(source: Source, tally: Tally): Promise<FileResult[]> {
  const collected: FileResult[] = [];
  for await (const r of source.results(tally)) {
    tally.report(r, countFindings([r]));
    collected.push(r);
  }
  return collected;
}
