// One run of the command over its inputs: expand them, extract them in the pool, stream JSON
// or collect and report, and end with an exit code. Every failure is reported on stderr and
// the batch goes on; Ctrl-C stops it and says how far it got.
import { stat } from 'node:fs/promises';
import {
  countFindings, expandInputs, extractMany, failsOn, InputListError, renderMany, sinkFor, writeAtomic,
  type BatchInput, type ExtractManyOptions, type FileResult, type FindingCounts, type SinkFormat,
} from '../index.js';
import { EXIT, ExitError, exitCode, type Verdict } from './exit.js';
import type { MainOptions } from './options.js';
import { Progress } from './progress.js';
import { emitReport } from './report.js';
import { Interrupted, onInterrupt, streamWriter } from './session.js';

/** The one-line messages of a file's errors, as printed on stderr: `eval-extract: FILE[: page N]: reason`. */
const errorLines = (r: Pick<FileResult, 'file' | 'errors'>): string[] =>
  r.errors.map((e) => `eval-extract: ${r.file}${e.page ? `: page ${e.page}` : ''}: ${e.message}`);

/** What the run has seen so far: the progress line, failures printed, the verdict. */
class Tally {
  readonly verdict: Verdict = { failed: false, findings: false };
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
    this.verdict.failed ||= r.errors.length > 0;
    this.verdict.findings ||= failsOn(counts, this.failOn);
  }
}

/** Run the command over `args`; resolves when every input is done, throws ExitError otherwise. */
export async function run(args: string[], opts: MainOptions): Promise<void> {
  const controller = new AbortController();
  const interrupts = onInterrupt(controller);
  let progress: Progress | undefined;
  try {
    const { inputs, single } = await expandInputs(args, { filesFrom: opts.filesFrom }).catch((err) => {
      if (!(err instanceof InputListError)) throw err;
      process.stderr.write(`eval-extract: ${err.message}\n`);
      throw new ExitError(EXIT.usage, err.message);
    });
    const bar = !opts.quiet && !!process.stderr.isTTY;
    progress = new Progress({ stream: process.stderr, total: inputs.length, bar });
    const tally = new Tally(progress, opts.failOn);
    const outputExisted = opts.output !== undefined && (await stat(opts.output).then(() => true, () => false));
    const batch: ExtractManyOptions = {
      password: opts.password,
      ocr: opts.ocr,
      check: { gradeBands: opts.gradeBands, severity: opts.severity },
      jobs: opts.jobs,
      timeoutMs: opts.timeout * 1000,
      maxMemoryMb: opts.maxMemory,
      signal: controller.signal,
    };
    const streaming = opts.format === 'json' || opts.format === 'jsonl';
    try {
      if (streaming) await streamJson(inputs, single, opts, batch, tally, controller);
      else await emitReport(await collect(inputs, batch, tally), opts);
    } catch (err) {
      const why = controller.signal.aborted ? controller.signal.reason : err;
      if (!(why instanceof Interrupted)) throw err;
      progress.stop();
      if (why.signal !== 'EPIPE') {
        const n = tally.written;
        const where = opts.output ? (outputExisted ? `${opts.output} left as it was` : `${opts.output} not written`)
          : streaming ? `stdout has the first ${n} result${n === 1 ? '' : 's'}` : 'nothing written';
        process.stderr.write(`eval-extract: ${why.message} after ${progress.tally.files} of ${inputs.length} files; ${where}\n`);
      }
      throw new ExitError(why.exitCode, why.message);
    }
    progress.stop();
    if (bar) process.stderr.write(`eval-extract: ${progress.summary()}\n`);
    const code = exitCode(tally.verdict);
    if (code !== EXIT.ok) throw new ExitError(code);
  } finally {
    progress?.stop();
    interrupts.dispose();
  }
}

/**
 * json and jsonl: each worker renders its file's text, written in input order as it comes,
 * to stdout (respecting back-pressure) or whole to -o's file.
 */
async function streamJson(
  inputs: BatchInput[], single: boolean, opts: MainOptions, batch: ExtractManyOptions, tally: Tally, controller: AbortController,
): Promise<void> {
  const format: SinkFormat = opts.format === 'jsonl' ? 'jsonl' : single ? 'json-single' : 'json';
  const sink = sinkFor(format);
  async function* chunks(): AsyncGenerator<string | Uint8Array> {
    yield sink.begin();
    const results = renderMany(inputs, format, { ...batch, onSettled: (r) => tally.settle(r.digest, r.digest.counts.forms, r.failure) });
    for await (const r of results) {
      tally.report(r.digest, r.digest.counts);
      yield sink.before(tally.written);
      yield r.text;
      tally.written++;
    }
    yield sink.end(tally.written);
  }
  if (opts.output) return writeAtomic(opts.output, chunks());
  const write = streamWriter(process.stdout, controller);
  for await (const chunk of chunks()) await write(chunk);
}

/** text and csv need every result whole. */
async function collect(inputs: BatchInput[], batch: ExtractManyOptions, tally: Tally): Promise<FileResult[]> {
  const collected: FileResult[] = [];
  const results = extractMany(inputs, { ...batch, onSettled: (r) => tally.settle(r.result, r.result.forms.length, r.failure) });
  for await (const r of results) {
    tally.report(r.result, countFindings([r.result]));
    collected.push(r.result);
  }
  return collected;
}
