// One run of the command over its inputs: settle and check the output, expand the inputs,
// extract them in the pool (or read saved results back), stream JSON or collect and report,
// and end with an exit code. Every failure is reported on stderr and the batch goes on;
// Ctrl-C stops it and says how far it got.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  countFindings, CSV_FILES, digestOf, escapeControls, expandInputs, extractMany, failsOn, formatSummary, holdsOneResult, InputListError,
  isSavedResults, megabytes, oneLine, readSavedResults, reasonText, recheckResult, renderBytes, renderMany, sinkFor, t, translator,
  writeAtomic, WriteError, writeErrorText,
  type BatchInput, type CheckOptions, type ExtractManyOptions, type FileResult, type FindingCounts, type Lang, type ResultDigest,
  type SinkFormat, type Translate,
} from '../index.js';
import { EXIT, ExitError, exitCode, UsageError, type Verdict } from './exit.js';
import { streams } from './formats.js';
import type { MainOptions, Mode } from './options.js';
import { alreadyDone, checkTarget, outDirNames, planOutput, refuseInputs, targetFiles, type OutputPlan } from './output.js';
import { Progress } from './progress.js';
import { emitReport } from './report.js';
import { Interrupted, onInterrupt, streamWriter, type StreamWriter } from './session.js';

/**
 * The one-line messages of a file's errors, as printed on stderr: `eval-extract: FILE[: page N]: reason`,
 * control characters of the name or of PDF text in the reason escaped.
 */
const errorLines = (r: Pick<FileResult, 'file' | 'errors'>, lang: Lang): string[] =>
  r.errors.map((e) => `eval-extract: ${escapeControls(r.file)}${e.page ? `: ${t(lang, 'at.page', { page: e.page })}` : ''}: ${oneLine(reasonText(lang, e))}`);

const addCounts = (a: FindingCounts, b: FindingCounts) => {
  for (const k of Object.keys(a) as (keyof FindingCounts)[]) a[k] += b[k];
};

/** What the run has seen so far: the progress line, failures printed, findings, the verdict. */
class Tally {
  readonly verdict: Verdict = { failed: false, findings: false };
  readonly counts: FindingCounts = countFindings([]);
  /** results written to the output so far */
  written = 0;
  constructor(readonly progress: Progress, private readonly failOn: MainOptions['failOn'], private readonly lang: Lang) {}

  /** Every file as it finishes, in any order: the progress line. */
  settle(r: Pick<FileResult, 'pageCount' | 'errors'>, forms: number, failure?: unknown): void {
    this.progress.settle({ pages: r.pageCount, forms, failed: !!failure || r.errors.length > 0 });
  }

  /** Every finished file in input order: its errors on stderr, and the verdict. */
  report(r: Pick<FileResult, 'file' | 'errors'>, counts: FindingCounts): void {
    for (const line of errorLines(r, this.lang)) this.progress.log(line);
    addCounts(this.counts, counts);
    this.verdict.failed ||= r.errors.length > 0;
    this.verdict.findings ||= failsOn(counts, this.failOn);
  }
}

/** --password, else --password-file's first line, else EVAL_EXTRACT_PASSWORD. */
async function passwordOf(opts: MainOptions, m: Translate): Promise<string | undefined> {
  if (opts.password !== undefined && opts.passwordFile !== undefined) throw new UsageError(m('cli.passwordTwice'));
  const file = opts.passwordFile;
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(m('cli.passwordFile', { file, why: err.code === 'ENOENT' ? m('cli.noSuchFile') : err.code ?? err.message }));
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

/** Where the output went (with its size when told), for the closing line. */
function whereWritten(plan: OutputPlan, written: number, m: Translate, bytes?: number): string {
  const t = plan.target;
  if (t.kind === 'folder') return m('cli.tablesIn', { dir: t.path, names: CSV_FILES });
  if (t.kind === 'per-input') return m('cli.resultsIn', { dir: t.path, count: written });
  if (t.kind !== 'file') return '';
  return bytes === undefined ? m('cli.writtenTo', { path: t.path }) : m('cli.wrote', { path: t.path, mb: megabytes(bytes) });
}

/** Run the command over `args`; resolves when every input is done, throws ExitError otherwise. */
export async function run(args: string[], opts: MainOptions, mode: Mode): Promise<void> {
  const { lang } = opts;
  const m = translator(lang);
  if (args.includes('-') && opts.filesFrom === '-') throw new UsageError(m('cli.stdinTwice'));
  const password = await passwordOf(opts, m);
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
    if (opts.output !== undefined && opts.output !== '-') await refuseInputs([opts.output], read, lang);
    const plan = planOutput(opts, mode);
    // `check results.json`: saved results checked again (the main command reads only PDFs)
    const saved = mode === 'check' && inputs.length > 0 && inputs.every((i) => isSavedResults(i.file));
    if (mode === 'check' && !saved && inputs.some((i) => isSavedResults(i.file))) throw new UsageError(m('cli.mixedInputs'));
    if (saved && plan.target.kind === 'per-input') throw new UsageError(m('cli.outDirWithSaved'));
    // one input, one object: a saved file holding one result is printed as one too
    const single = expanded.single && !plan.array && (!saved || (await holdsOneResult(inputs[0].file)));

    // the output, checked before any work
    await checkTarget(plan, lang);
    let names = plan.target.kind === 'per-input' ? outDirNames(inputs) : [];
    await refuseInputs(targetFiles(plan, names), read, lang);
    const outputExisted = plan.target.kind === 'file' && (await stat(plan.target.path).then(() => true, () => false));

    if (opts.skipExisting && plan.target.kind === 'per-input') {
      const done = await alreadyDone(plan.target.path, inputs, names);
      const skipped = done.filter(Boolean).length;
      inputs = inputs.filter((_, k) => !done[k]);
      names = names.filter((_, k) => !done[k]);
      if (skipped && !opts.quiet) process.stderr.write(`eval-extract: ${m('cli.skipped', { count: skipped, dir: plan.target.path })}\n`);
    }
    const stdin = inputs.find((i) => i.file === '-');
    if (stdin) {
      if (process.stdin.isTTY) throw new UsageError(m('cli.stdinIsTerminal'));
      stdin.bytes = await readStdin();
    }

    const streaming = streams(plan.format);
    const toStdout = plan.target.kind === 'stdout';
    const terminal = !opts.quiet && !!process.stderr.isTTY;
    // the bar never shares a terminal with results streaming to it
    const bar = terminal && !saved && !(streaming && toStdout && process.stdout.isTTY);
    progress = new Progress({ stream: process.stderr, total: inputs.length, bar, lang });
    const tally = new Tally(progress, opts.failOn, lang);
    const batch: ExtractManyOptions = {
      password,
      ocr: opts.ocr,
      check: { gradeBands: opts.gradeBands, severity: opts.severity },
      // the visual report outlines the cells of its findings
      positions: opts.positions || plan.format === 'html',
      jobs: opts.jobs,
      timeoutMs: opts.timeout * 1000,
      maxMemoryMb: opts.maxMemory,
      signal: controller.signal,
    };
    const source: Source = saved ? savedSource(inputs, batch.check || {}) : pdfSource(inputs, batch);
    let bytes: number | undefined;
    const stdout = streamWriter(process.stdout, m('cli.stdout'), controller);
    try {
      if (plan.target.kind === 'per-input') await writePerInput(source, plan.target.path, names, tally);
      else if (streaming) await streamJson(source, single, plan, tally, stdout);
      else {
        const results = await collect(source, tally);
        progress.stop(); // before the report: nothing shares a line with the bar
        ({ bytes } = await emitReport(results, plan, opts, stdout));
      }
      await stdout.flush();
    } catch (err) {
      const why = controller.signal.aborted ? controller.signal.reason : err;
      if (why instanceof WriteError) {
        progress.stop();
        process.stderr.write(`eval-extract: ${oneLine(writeErrorText(lang, why.target, why.cause))}\n`);
        throw new ExitError(EXIT.output, why.message);
      }
      if (!(why instanceof Interrupted)) throw err;
      progress.stop();
      if (why.signal !== 'EPIPE') {
        const n = tally.written;
        const t = plan.target;
        const where = t.kind === 'file' ? m(outputExisted ? 'cli.leftAsItWas' : 'cli.notWritten', { path: t.path })
          : t.kind === 'per-input' ? m('cli.firstResultFiles', { dir: t.path, count: n })
          : streaming && toStdout ? m('cli.stdoutHas', { count: n }) : m('cli.nothingWritten');
        const line = m('cli.interrupted', { signal: why.signal, done: progress.tally.files, total: inputs.length, where });
        process.stderr.write(`eval-extract: ${line}\n`);
      }
      throw new ExitError(why.exitCode, why.message);
    }
    progress.stop();
    if (!opts.quiet) closingLine(mode, plan, tally, terminal, m, lang, bytes);
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
 * stdout ends with it; the main command sums up the batch on a terminal, else says how many
 * files the tables lack (their names are above) and how big a visual report came out.
 */
function closingLine(mode: Mode, plan: OutputPlan, tally: Tally, terminal: boolean, m: Translate, lang: Lang, bytes?: number): void {
  const toStdout = plan.target.kind === 'stdout';
  if (toStdout && plan.format === 'text') return;
  if (mode === 'check') {
    const verdict = formatSummary(tally.counts, { lang }).trimEnd();
    if (toStdout) process.stderr.write(`eval-extract: ${verdict}\n`);
    else process.stdout.write(`${verdict}${m('cli.sep')}${whereWritten(plan, tally.written, m, bytes)}\n`);
    return;
  }
  const failed = tally.progress.tally.failed;
  const parts = [
    terminal ? tally.progress.summary() : !streams(plan.format) && failed ? m('cli.failedFiles', { count: failed }) : '',
    bytes === undefined ? '' : whereWritten(plan, tally.written, m, bytes),
  ].filter(Boolean);
  if (parts.length) process.stderr.write(`eval-extract: ${parts.join(m('cli.sep'))}\n`);
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
