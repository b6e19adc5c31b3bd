// A pool of extraction worker threads. Each worker holds one pdfjs, loaded once, and extracts
// one file at a time. A worker that spends too long on a page is terminated; one whose memory
// (its heap and the buffers outside it, as it reports them, or the V8 heap limit) passes the
// limit is terminated too, and so is the largest when the process as a whole passes the
// pool's budget; one that crashes dies: its file fails with a one-line reason and a fresh
// worker takes its place, so the batch goes on.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FailureInfo } from '../model/errors.js';
import type { FileResult } from '../model/schema.js';
import { oneLine } from '../text/index.js';
import { concatBytes } from '../write/bytes.js';
import type { SinkFormat } from '../write/json.js';
import type { Rendered, TaskMessage, TaskOptions, WorkerReply } from './protocol.js';

export interface PoolOptions {
  /** number of worker threads */
  size: number;
  /** per-page time limit in milliseconds (0 or Infinity: none) */
  timeoutMs: number;
  /** per-worker memory limit in megabytes: heap plus buffers */
  maxMemoryMb: number;
}

/** The pool's own accounting of memory, in bytes: the highest values seen while it ran. */
export interface PoolStats {
  /** resident set of the whole process (main thread and every worker) */
  peakRss: number;
  /** one worker's heap plus buffers, as it reported them */
  peakWorker: number;
}

export interface TaskOutcome {
  result?: FileResult;
  /** instead of the result, when the task asked for it rendered */
  rendered?: Rendered;
  failure?: FailureInfo;
}

interface Pending {
  id: number;
  file: string;
  bytes?: Uint8Array;
  options: TaskOptions;
  render?: SinkFormat;
  resolve: (o: TaskOutcome) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Pending;
  timer?: NodeJS.Timeout;
  /** the worker holds the OCR reader (its last report said so) */
  ocr?: boolean;
  /** the worker's memory as it last reported it, bytes, and when (performance.now()) */
  memory: number;
  reportedAt: number;
  /** the process's resident set when that report came */
  rssAtReport: number;
  /** the task's forms rendered so far (render tasks) */
  parts: Uint8Array[];
  /** the task's last page done (0: the file is open; -1: not yet, or no task) */
  page: number;
  /** why the worker is going away, decided before its exit event */
  death?: { code: 'timeout' | 'memory' | 'crash' | 'stopped'; reason: string };
}

/** The compiled worker script: dist/batch/worker.js, also when this module runs from src/ (tests). */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = path.join(path.dirname(here), 'worker.js');
  if (!here.endsWith('.ts') && existsSync(beside)) return beside;
  return path.resolve(path.dirname(here), '../../dist/batch/worker.js');
}

/**
 * Defaults of the pool's limits (the CLI's --timeout, per page, and --max-memory, per worker:
 * its heap in use plus the buffers outside it). A worker reading the fixtures uses 50–90 MB
 * by that count, a 2,000-page report ~90 MB (pages are not kept).
 */
export const POOL_DEFAULTS = { timeoutMs: 60_000, maxMemoryMb: 160 } as const;

/**
 * What a worker reading scanned pages needs beyond --max-memory, in what it reports (its heap
 * and buffers): the 300-dpi page's grey images, ~9 MB each for A4 (measured: ~35 MB over the
 * 160 MB default on the fixtures and the lead's scans; room for A3).
 */
export const OCR_PAGE_MB = 150;
/**
 * What the process needs beyond that for each worker reading scanned pages, which the worker
 * cannot report: its tesseract thread (~110–160 MB of WebAssembly heap with the chi_sim model)
 * and the page canvas's native pixels (35 MB at 300 dpi, let go once read), and what the
 * allocator keeps of them (measured: 565 MB at -j 1 with the budget at 688). See BENCHMARKS.md.
 */
export const OCR_ENGINE_MB = 250;

/**
 * The V8 heap limit of each worker, at least 512 MB whatever --max-memory says: it also sets
 * how far V8 lets a heap grow between full collections (its growing factor: ~1.4 at 512 MB,
 * ~1.6 at 1024 MB, 4 from 2048 MB), so a smaller one makes every file slower. The pool's
 * own watch keeps the memory actually used under --max-memory.
 */
const V8_HEAP_MB = 512;

const MB = 1024 * 1024;
/** How often the main thread samples the process's resident set while tasks run. */
const RSS_SAMPLE_MS = 50;
/** What a worker may grow by for each page of its file read (pdfjs: ~6 KB a page). */
const PAGE_ALLOWANCE = 8 * 1024;
/** A worker that has not reported its memory for this long is busy in one long step. */
const STALE_MS = 150;
/**
 * The main thread, each worker's code and pdfjs, and what the allocator keeps: the process's
 * budget is this plus every worker's limit (its resident set at rest is ~90 MB with one
 * worker, ~140 MB with two).
 */
const BASE_BUDGET_MB = 64;
const WORKER_BASE_MB = 64;

/**
 * Young generation of each worker. 28–48 MB are 10–18% faster at -j 2 but peak at 290–340 MB
 * RSS; 24 MB keeps two workers under 300 MB (16 saves nothing more). See BENCHMARKS.md.
 */
const YOUNG_GENERATION_MB = 24;

/**
 * Stack of each worker: pdfjs reads nested form XObjects by recursion, ~10 frames a level; the
 * default 4 MB overflows near 1,000 levels (and V8 prints the overflow to the terminal itself).
 */
const STACK_MB = 64;

function newWorker(script: string, maxMemoryMb: number): Worker {
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: Math.max(maxMemoryMb, V8_HEAP_MB), maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, stackSizeMb: STACK_MB },
    // a worker's console output never reaches our stdout
    stdout: true,
    stderr: true,
  };
  try {
    // the host's flags, but not those that only make sense for its own entry (`node --input-type=module -e`)
    return new Worker(script, { ...options, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
  } catch (err) {
    // V8's flags (`node --max-semi-space-size=64 eval-extract`) are refused in a worker's
    // arguments: they are the whole process's already
    if ((err as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    return new Worker(script, { ...options, execArgv: [] });
  }
}

interface Early {
  worker: Worker;
  maxMemoryMb: number;
  ready: boolean;
  dead: boolean;
  off: () => void;
}
const early: Early[] = [];

/**
 * Start `count` workers now, while the command line loads (pdfjs takes a worker ~150 ms to
 * load): the pool adopts them if their memory limit matches. They do not keep the process alive.
 */
export function prestartWorkers(count: number, maxMemoryMb: number = POOL_DEFAULTS.maxMemoryMb): void {
  while (early.length < count) {
    const worker = newWorker(workerScript(), maxMemoryMb);
    const e: Early = { worker, maxMemoryMb, ready: false, dead: false, off: () => undefined };
    const onMessage = (m: WorkerReply) => void (m.type === 'ready' && (e.ready = true));
    const onGone = () => void (e.dead = true);
    worker.on('message', onMessage).on('error', onGone).on('exit', onGone);
    e.off = () => worker.off('message', onMessage).off('error', onGone).off('exit', onGone);
    // after the listeners (a 'message' listener refs the worker again); reading its stdout or
    // stderr would keep the process alive too: done on adoption
    worker.unref();
    early.push(e);
  }
}

function adoptPrestarted(maxMemoryMb: number): { worker: Worker; ready: boolean } | undefined {
  for (let e = early.shift(); e; e = early.shift()) {
    e.off();
    if (e.dead || e.maxMemoryMb !== maxMemoryMb) {
      void e.worker.terminate();
      continue;
    }
    e.worker.ref();
    return { worker: e.worker, ready: e.ready };
  }
  return undefined;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** set when workers cannot even start (a missing build): every task fails with it */
  private broken: string | undefined;
  private readonly script = workerScript();
  readonly stats: PoolStats = { peakRss: 0, peakWorker: 0 };
  private sampler: NodeJS.Timeout | undefined;

  constructor(private readonly options: PoolOptions) {}

  /** The limit of the whole process: a worker's share of it each, and the rest. */
  private get budget(): number {
    let pages = 0;
    for (const slot of this.slots) pages += Math.max(0, slot.page);
    const ocr = [...this.slots].filter((s) => s.ocr).length;
    return (this.options.size * (this.options.maxMemoryMb + WORKER_BASE_MB) + BASE_BUDGET_MB + ocr * (OCR_PAGE_MB + OCR_ENGINE_MB)) * MB + pages * PAGE_ALLOWANCE;
  }

  /**
   * Sample the process's resident set while tasks run: over the budget (memory no worker
   * accounts for, such as a decoder's native buffers), the largest busy worker is stopped.
   */
  private sample(): void {
    const rss = process.memoryUsage.rss();
    this.stats.peakRss = Math.max(this.stats.peakRss, rss);
    const now = performance.now();
    // A worker too busy to report (pdfjs inflating a stream in one go) is charged with all the
    // process has grown by since its last report.
    for (const slot of this.slots) {
      if (!slot.task || slot.death || now - slot.reportedAt <= STALE_MS) continue;
      const estimate = slot.memory + Math.max(0, rss - slot.rssAtReport);
      if (estimate > this.limitOf(slot)) this.kill(slot, 'memory', this.overLimit(slot));
    }
    if (rss <= this.budget) return;
    // over the budget all the same: the stalest worker, else the largest
    const weight = (s: Slot) => (now - s.reportedAt > STALE_MS ? Infinity : s.memory);
    let largest: Slot | undefined;
    for (const slot of this.slots) if (slot.task && !slot.death && (!largest || weight(slot) > weight(largest))) largest = slot;
    if (largest) this.kill(largest, 'memory', this.overLimit(largest));
  }

  /**
   * A worker's limit: --max-memory, plus a little for each page of its file read so far (pdfjs
   * keeps every page's objects for the document's life). Pages count only once read, so a
   * file claiming many pages gains nothing before it does the work.
   */
  private limitOf(slot: Slot): number {
    return (this.options.maxMemoryMb + (slot.ocr ? OCR_PAGE_MB : 0)) * MB + Math.max(0, slot.page) * PAGE_ALLOWANCE;
  }

  private overLimit(slot: Slot): string {
    return `ran out of memory (over ${Math.round(this.limitOf(slot) / MB)} MB, --max-memory); stopped`;
  }

  private kill(slot: Slot, code: 'timeout' | 'memory', reason: string): void {
    slot.death ??= { code, reason };
    void slot.worker.terminate();
  }

  private watch(): void {
    const busy = [...this.slots].some((s) => s.task);
    if (busy && !this.sampler) {
      this.sampler = setInterval(() => this.sample(), RSS_SAMPLE_MS);
      this.sampler.unref();
    } else if (!busy && this.sampler) {
      clearInterval(this.sampler);
      this.sampler = undefined;
    }
  }

  /**
   * Extract one file in a worker (`bytes`: the PDF itself, `file` only its name); with
   * `render`, get it back as output text in that format. Never rejects: a failure is an outcome.
   */
  run(file: string, options: TaskOptions = {}, render?: SinkFormat, bytes?: Uint8Array): Promise<TaskOutcome> {
    if (this.closed) return Promise.resolve({ failure: { file, reason: 'the batch was stopped', code: 'stopped' } });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, bytes, options, render, resolve });
      this.pump();
    });
  }

  /**
   * Stop: terminate every worker; tasks not finished resolve as failures. Workers are not
   * waited for (~25 ms each) and no longer keep the process alive.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ failure: { file: p.file, reason: 'the batch was stopped', code: 'stopped' } });
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      slot.death ??= { code: 'stopped', reason: 'the batch was stopped' };
      slot.worker.unref();
      void slot.worker.terminate();
    }
    clearInterval(this.sampler);
  }

  private pump(): void {
    this.fill();
    this.watch();
  }

  private fill(): void {
    if (this.closed) return;
    if (this.broken) {
      for (const p of this.queue.splice(0)) p.resolve({ failure: { file: p.file, reason: this.broken, code: 'crash' } });
      return;
    }
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.ready && !slot.task && !slot.death) this.assign(slot, this.queue.shift()!);
    }
    // as many workers as waiting tasks (counting those still starting), up to the pool's size
    const starting = () => [...this.slots].filter((s) => !s.ready && !s.death).length;
    while (this.queue.length > starting() && this.slots.size < this.options.size) this.spawn();
  }

  private assign(slot: Slot, task: Pending): void {
    slot.task = task;
    slot.page = -1;
    slot.parts = [];
    this.startClock(slot);
    const msg: TaskMessage = { type: 'task', id: task.id, file: task.file, bytes: task.bytes, options: task.options, render: task.render };
    slot.worker.postMessage(msg);
  }

  /** The time limit counts per page: it starts again as each page is done. */
  private startClock(slot: Slot): void {
    clearTimeout(slot.timer);
    const { timeoutMs } = this.options;
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return;
    slot.timer = setTimeout(() => {
      const what = slot.page < 0 ? 'opening the file' : `page ${slot.page + 1}`;
      this.kill(slot, 'timeout', `${what} took longer than ${formatSeconds(timeoutMs)} (--timeout); stopped`);
    }, timeoutMs);
  }

  private spawn(): void {
    const adopted = adoptPrestarted(this.options.maxMemoryMb);
    const worker = adopted?.worker ?? newWorker(this.script, this.options.maxMemoryMb);
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, ready: adopted?.ready ?? false, memory: 0, reportedAt: performance.now(), rssAtReport: process.memoryUsage.rss(), page: 0, parts: [] };
    this.slots.add(slot);
    if (slot.ready) queueMicrotask(() => this.pump());

    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') {
        slot.ready = true;
        this.pump();
        return;
      }
      if (m.type === 'memory') {
        slot.memory = m.bytes;
        slot.ocr = m.ocr === true;
        slot.reportedAt = performance.now();
        this.stats.peakWorker = Math.max(this.stats.peakWorker, m.bytes);
        const limit = this.limitOf(slot);
        slot.rssAtReport = process.memoryUsage.rss();
        if (m.bytes > limit && slot.task) this.kill(slot, 'memory', this.overLimit(slot));
        return;
      }
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      if (m.type === 'part') {
        slot.parts.push(m.bytes);
        return;
      }
      if (m.type === 'page') {
        slot.page = m.page;
        if (!slot.death) this.startClock(slot);
        return;
      }
      clearTimeout(slot.timer);
      slot.task = undefined;
      task.resolve(
        m.type === 'done' ? { result: m.result }
          : m.type === 'rendered' ? { rendered: { digest: m.digest, text: m.tail ? concatBytes([m.text, ...slot.parts, m.tail]) : m.text } }
          : { failure: m.failure },
      );
      slot.parts = [];
      slot.page = -1;
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.death) return;
      slot.death = err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { code: 'memory', reason: this.overLimit(slot) }
        : { code: 'crash', reason: `the extraction worker crashed: ${oneLine(err)}` };
    });
    worker.on('exit', () => {
      clearTimeout(slot.timer);
      this.slots.delete(slot);
      const death = slot.death ?? { code: 'crash' as const, reason: 'the extraction worker stopped unexpectedly' };
      if (!slot.ready && !this.closed) {
        // a worker that dies before it is ready will not do better next time
        this.broken = `cannot start an extraction worker (${this.script}): ${death.reason}`;
      }
      if (slot.task) slot.task.resolve({ failure: { file: slot.task.file, reason: death.reason, code: death.code } });
      slot.task = undefined;
      this.pump(); // a fresh worker takes its place when tasks wait
    });
  }
}

const formatSeconds = (ms: number): string => `${+(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
