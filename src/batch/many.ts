// extractMany: many PDFs through a pool of worker threads, results yielded in input order as
// soon as each file and all before it are done. Memory stays flat: at most `window` results
// wait for a slower earlier file, and each worker holds one document at a time.
import { availableParallelism, freemem } from 'node:os';
import type { ExtractOptions } from '../extract.js';
import type { FailureInfo } from '../model/errors.js';
import type { FileResult } from '../model/schema.js';
import { resolveSettings } from '../settings.js';
import { digestOf, renderBytes, type SinkFormat } from '../write/json.js';
import type { BatchInput } from './inputs.js';
import { WorkerPool, type PoolStats, type TaskOutcome } from './pool.js';
import { POOL_DEFAULTS } from './settings.js';
import type { Rendered, TaskOptions } from './protocol.js';

export interface ExtractManyOptions extends Omit<ExtractOptions, 'name'> {
  /** worker threads (default and at most: the number of cores, and what free memory allows) */
  jobs?: number;
  /** per-page time limit in milliseconds; the worker is terminated and replaced (default 60 000; 0: none) */
  timeoutMs?: number;
  /** per-worker memory limit in megabytes (heap and buffers); a worker over it is replaced (default 512) */
  maxMemoryMb?: number;
  /** filled in as the batch runs: the worker threads used and the pool's peaks of memory */
  stats?: BatchStats;
  /** stops the batch: workers are terminated and the iterator throws the signal's reason */
  signal?: AbortSignal;
  /** yield in input order (default) or as files finish */
  ordered?: boolean;
}

export interface BatchStats extends PoolStats {
  /** worker threads used (-j, capped) */
  jobs: number;
}

/**
 * Worker threads for a batch: as asked, but no more than the cores, nor than free memory holds
 * at each worker's limit (more would only make the machine swap).
 */
export function effectiveJobs(asked: number | undefined, maxMemoryMb: number): number {
  const cores = availableParallelism();
  const byMemory = Math.floor(freemem() / (maxMemoryMb * 1024 * 1024));
  return Math.max(1, Math.min(Math.floor(asked ?? cores), cores, byMemory));
}

interface Settled {
  /** position of the file in the input */
  index: number;
  file: string;
  /** set when the file could not be extracted at all (not a PDF, encrypted, timed out, …) */
  failure?: FailureInfo;
  /** wall time of the file, milliseconds */
  ms: number;
}

export interface ManyResult extends Settled {
  /** the file's result; a file that could not be extracted has no forms and its error */
  result: FileResult;
}

/** A file's result as output text, rendered by the worker that extracted it (json, jsonl). */
export interface RenderedResult extends Settled, Rendered {}

/** Called as each file finishes, in completion order (for progress displays). */
export type OnSettled<T> = { onSettled?: (r: T) => void };

type Inputs = Iterable<string | BatchInput> | AsyncIterable<string | BatchInput>;

/**
 * Extract many PDFs in parallel worker threads; an async iterator of results in input order.
 * An input is a path or an expanded input (which may carry its own error, such as an empty
 * folder). A file that fails yields a result with its error; the iteration goes on.
 */
export function extractMany(inputs: Inputs, options: ExtractManyOptions & OnSettled<ManyResult> = {}): AsyncGenerator<ManyResult, void, undefined> {
  return runInputs(inputs, options, undefined, (index, file, o, ms): ManyResult =>
    o.result ? { index, file, result: o.result, ms } : { index, file, result: failedResult(o.failure!), failure: o.failure, ms });
}

/**
 * Like extractMany, but each worker renders its file's result as output text in `format`:
 * the main thread only writes bytes and never holds the results themselves.
 */
export function renderMany(
  inputs: Inputs,
  format: SinkFormat,
  options: ExtractManyOptions & OnSettled<RenderedResult> = {},
): AsyncGenerator<RenderedResult, void, undefined> {
  return runInputs(inputs, options, format, (index, file, o, ms): RenderedResult => {
    if (o.rendered) return { index, file, ...o.rendered, ms };
    const r = o.result ?? failedResult(o.failure!);
    return { index, file, digest: digestOf(r), text: renderBytes(format, r), ...(o.failure ? { failure: o.failure } : {}), ms };
  });
}

/** A failed file as a FileResult: no forms, its one error. */
const failedResult = (f: FailureInfo): FileResult =>
  ({ file: f.file, pageCount: 0, forms: [], errors: [{ ...(f.page ? { page: f.page } : {}), message: f.reason, code: f.code }] });

/** The options a worker gets: named one by one, so nothing else is posted to it. */
const taskOptions = (o: ExtractManyOptions): TaskOptions => ({
  ...(o.password !== undefined ? { password: o.password } : {}),
  ...(o.check !== undefined ? { check: o.check } : {}),
  ...(o.positions ? { positions: true } : {}),
  ...(o.settings !== undefined ? { settings: o.settings } : {}),
  ...(o.ocr ? { ocr: true } : {}),
});

async function* runInputs<T extends { index: number }>(
  inputs: Inputs,
  options: ExtractManyOptions & OnSettled<T>,
  render: SinkFormat | undefined,
  settle: (index: number, file: string, outcome: TaskOutcome, ms: number) => T,
): AsyncGenerator<T, void, undefined> {
  resolveSettings(options.settings); // a bad setting is the caller's error, not every file's
  const maxMemoryMb = options.maxMemoryMb ?? POOL_DEFAULTS.maxMemoryMb;
  const jobs = effectiveJobs(options.jobs, maxMemoryMb);
  const pool = new WorkerPool({ size: jobs, timeoutMs: options.timeoutMs ?? POOL_DEFAULTS.timeoutMs, maxMemoryMb });
  const stats = options.stats;
  if (stats) Object.assign(stats, { jobs }, pool.stats);
  const { signal, onSettled } = options;
  const task = taskOptions(options);
  const ordered = options.ordered ?? true;
  // how many files may be started ahead of the oldest one not yet yielded
  const window = Math.max(16, jobs * 8);
  const inflight = new Map<number, Promise<T>>();
  const it = (Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]()) as
    AsyncIterator<string | BatchInput> | Iterator<string | BatchInput>;
  let next = 0;
  let emit = 0;
  let exhausted = false;
  /** set once the batch is stopped: the files cut short are not "settled" */
  let stopped = false;
  const stop = () => {
    stopped = true;
    pool.close();
  };
  signal?.addEventListener('abort', stop, { once: true });

  const start = (index: number, input: BatchInput): Promise<T> => {
    const t0 = performance.now();
    const outcome: Promise<TaskOutcome> = input.error
      ? Promise.resolve({ failure: { file: input.file, reason: input.error, code: 'input' } })
      : pool.run(input.file, task, render, input.bytes);
    return outcome.then((o) => {
      const r = settle(index, input.file, o, performance.now() - t0);
      if (!stopped) onSettled?.(r);
      return r;
    });
  };

  try {
    for (;;) {
      signal?.throwIfAborted();
      while (!exhausted && inflight.size < window) {
        const n = await it.next();
        if (n.done) exhausted = true;
        else {
          inflight.set(next, start(next, typeof n.value === 'string' ? { file: n.value } : n.value));
          next++;
        }
      }
      if (!inflight.size) return;
      let r: T;
      if (ordered) {
        r = await inflight.get(emit)!;
        inflight.delete(emit++);
      } else {
        r = await Promise.race(inflight.values());
        inflight.delete(r.index);
      }
      signal?.throwIfAborted();
      yield r;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
    if (stats) Object.assign(stats, pool.stats);
  }
}
