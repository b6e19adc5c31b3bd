// A pool of extraction worker threads. Each worker holds one pdfjs, loaded once, and extracts
// one file at a time. A worker that spends too long on a page is terminated; one whose memory
// (its heap and the buffers outside it, as it reports them, or the V8 heap limit) passes the
// limit is terminated too, and so is one busy in a long step that grows the process by more
// than a step may (POOL_SETTINGS), and the largest when the process as a whole passes the
// pool's budget; one that crashes dies: its file fails with a one-line reason and a fresh
// worker takes its place, so the batch goes on. Scanned pages go to one worker: ocr-routing.ts.
import { readFileSync } from 'node:fs';
import type { FailureInfo } from '../model/errors.js';
import type { FileResult } from '../model/schema.js';
import { oneLine } from '../text/index.js';
import { concatBytes } from '../write/bytes.js';
import type { SinkFormat } from '../write/json.js';
import { OcrRouting, type RoutedSlot } from './ocr-routing.js';
import type { Rendered, TaskMessage, TaskOptions, WorkerReply } from './protocol.js';
import { POOL_SETTINGS } from './settings.js';
import { adoptPrestarted, newWorker, workerScript } from './start-workers.js';

// started early by the command line (src/prestart.ts)

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
  /** most tesseract engines alive at once in the process (the pool's, and any a worker reported) */
  ocrEngines: number;
  /** most page images (turns to read a scanned page) held at once */
  ocrPages: number;
  /** workers that made page images, as they reported it: the OCR worker, and each that replaced it */
  ocrWorkers: number;
  /** files handed back by a worker, when they needed OCR, to be read by the OCR worker */
  handedBack: number;
  /** workers let go while idle as the OCR worker read */
  letGo: number;
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

interface Slot extends RoutedSlot {
  task?: Pending;
  /** the worker has read scanned pages (its last report said so) */
  ocr?: boolean;
  /** tesseract engines alive in the worker's own thread, as it last reported */
  engines?: number;
  /** the worker's memory as it last reported it, bytes, and when (performance.now()) */
  memory: number;
  reportedAt: number;
  /** the process's resident set when that report came, and what the rest of it reported then */
  rssAtReport: number;
  othersAtReport: number;
  /** the worker's thread in the OS, and the CPU time it had used (ms) when that report came */
  tid?: number;
  cpuAtReport: number;
  /** the task's forms rendered so far (render tasks) */
  parts: Uint8Array[];
  /** the task's last page done (0: the file is open; -1: not yet, or no task) */
  page: number;
  /** the size of the task's file, which the worker holds while it reads it (0: not read yet, or no task) */
  input: number;
}

const MB = 1024 * 1024;
const S = POOL_SETTINGS;

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** set when workers cannot even start (a missing build): every task fails with it */
  private broken: string | undefined;
  private readonly script = workerScript();
  readonly stats: PoolStats = { peakRss: 0, peakWorker: 0, ocrEngines: 0, ocrPages: 0, ocrWorkers: 0, handedBack: 0, letGo: 0 };
  private sampler: NodeJS.Timeout | undefined;
  private readonly routing = new OcrRouting<Slot, Pending>(this.slots, this.stats, (slot) => this.startClock(slot));

  constructor(private readonly options: PoolOptions) {}

  /**
   * The worker is busy in one long step: it has not reported its memory for a while, and (where
   * its CPU time can be read) it worked all that while, rather than waited for a core.
   */
  private busy(slot: Slot, now: number): boolean {
    if (now - slot.reportedAt <= S.staleMs) return false;
    const cpu = threadCpuMs(slot.tid);
    return cpu === undefined || cpu - slot.cpuAtReport > S.staleMs;
  }

  /** The memory the main thread and every worker but `slot` account for: their heaps and buffers. */
  private othersOf(slot: Slot): number {
    const main = process.memoryUsage();
    let sum = main.heapUsed + main.external + this.engineBytes;
    for (const other of this.slots) if (other !== slot) sum += other.memory;
    return sum;
  }

  /** Tesseract engines alive in the process, as the workers reported them. */
  private get engines(): number {
    let n = 0;
    for (const slot of this.slots) n += slot.engines ?? 0;
    return n;
  }

  /** An engine's compiled code is reported by no one: each is counted as POOL_SETTINGS.ocrEngineMb. */
  private get engineBytes(): number {
    return this.engines * S.ocrEngineMb * MB;
  }

  /** The limit of the whole process: a worker's share of it each, and the rest. */
  private get budget(): number {
    let pages = 0;
    let inputs = 0;
    for (const slot of this.slots) {
      pages += Math.max(0, slot.page);
      inputs += slot.input;
    }
    const ocr = [...this.slots].filter((s) => s.ocr).length;
    return (this.options.size * (this.options.maxMemoryMb + S.workerBaseMb) + S.baseBudgetMb + ocr * (S.ocrPageMb + S.ocrNativeMb)) * MB + this.engineBytes + pages * S.pageAllowanceBytes + inputs * S.fileShare;
  }

  /**
   * Sample the process's resident set while tasks run: over the budget (memory no worker
   * accounts for, such as a decoder's native buffers), the largest busy worker is stopped.
   */
  private sample(): void {
    const rss = process.memoryUsage.rss();
    this.stats.peakRss = Math.max(this.stats.peakRss, rss);
    this.countEngines();
    const now = performance.now();
    // A worker too busy to report (pdfjs inflating a stream in one go) is charged with all the
    // process has grown by since its last report: stopped once that passes what one step may
    // grow by (beside the file's share, and OCR's page images), or its limit.
    for (const slot of this.slots) {
      if (!slot.task || slot.death || !this.busy(slot, now)) continue;
      // less what the main thread and the other workers say they grew by meanwhile (on a loaded
      // machine a worker waits for the CPU while the others work)
      const growth = rss - slot.rssAtReport - Math.max(0, this.othersOf(slot) - slot.othersAtReport);
      const step = (S.busyGrowthMb + (slot.turn === 'held' ? S.ocrPageMb + S.ocrNativeMb : 0)) * MB + slot.input * S.fileShare;
      if (growth > step || slot.memory + growth > this.limitOf(slot)) {
        this.kill(slot, 'memory', this.overLimit(slot));
      }
    }
    if (rss <= this.budget) return;
    // over the budget all the same: the stalest worker, else the largest
    const weight = (s: Slot) => (this.busy(s, now) ? Infinity : s.memory);
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
    return (this.options.maxMemoryMb + (slot.ocr ? S.ocrPageMb : 0)) * MB + Math.max(0, slot.page) * S.pageAllowanceBytes + slot.input * S.fileShare;
  }

  /** The limit in the message, with what made it: --max-memory, and a big file's share or OCR's. */
  private overLimit(slot: Slot): string {
    const limit = this.limitOf(slot);
    const file = limit - (this.options.maxMemoryMb + (slot.ocr ? S.ocrPageMb : 0)) * MB;
    const why = ['--max-memory', ...(slot.ocr ? ['OCR'] : []), ...(file >= MB / 2 ? ["the file's size"] : [])].join(' + ');
    return `ran out of memory (over ${Math.round(limit / MB)} MB, ${why}); stopped`;
  }

  private kill(slot: Slot, code: 'timeout' | 'memory', reason: string): void {
    slot.death ??= { code, reason };
    void slot.worker.terminate();
  }

  private watch(): void {
    const busy = [...this.slots].some((s) => s.task);
    if (busy && !this.sampler) {
      this.sampler = setInterval(() => this.sample(), S.rssSampleMs);
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
    for (const p of [...this.routing.drain(), ...this.queue.splice(0)]) p.resolve({ failure: { file: p.file, reason: 'the batch was stopped', code: 'stopped' } });
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      slot.death ??= { code: 'stopped', reason: 'the batch was stopped' };
      slot.worker.unref();
      void slot.worker.terminate();
    }
    clearInterval(this.sampler);
    this.routing.close();
  }

  private countEngines(): void {
    this.stats.ocrEngines = Math.max(this.stats.ocrEngines, this.engines);
  }

  /** The file handed back (or its worker gone as it did) waits for the OCR worker; none of its work is kept. */
  private requeue(slot: Slot): void {
    if (this.closed || !slot.task) return;
    this.routing.handedBack(this.free(slot));
    this.pump();
  }

  /** The slot's task taken off it, and what the slot held of it. */
  private free(slot: Slot): Pending {
    const task = slot.task!;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.handing = false;
    slot.parts = [];
    slot.page = -1;
    slot.input = 0;
    this.routing.endTurn(slot);
    return task;
  }

  private pump(): void {
    this.fill();
    this.watch();
  }

  private fill(): void {
    if (this.closed) return;
    if (this.broken) {
      for (const p of [...this.routing.drain(), ...this.queue.splice(0)]) p.resolve({ failure: { file: p.file, reason: this.broken, code: 'crash' } });
      return;
    }
    for (const slot of this.slots) {
      if (!slot.ready || slot.task || slot.death) continue;
      const task = this.routing.taskFor(slot) ?? this.queue.shift();
      if (task) this.assign(slot, task);
    }
    if (!this.queue.length) this.routing.letIdleGo();
    // as many workers as waiting tasks (counting those still starting), up to the pool's size
    const starting = () => [...this.slots].filter((s) => !s.ready && !s.death).length;
    const waiting = () => this.queue.length + this.routing.waiting;
    while (waiting() > starting() && this.slots.size < this.options.size) this.spawn();
  }

  private assign(slot: Slot, task: Pending): void {
    slot.task = task;
    slot.page = -1;
    slot.input = 0;
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
    const slot: Slot = { worker, ready: adopted?.ready ?? false, memory: 0, reportedAt: performance.now(), rssAtReport: process.memoryUsage.rss(), othersAtReport: 0, cpuAtReport: 0, page: 0, input: 0, parts: [] };
    slot.othersAtReport = this.othersOf(slot);
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
        if (m.ocr && !slot.ocr) this.stats.ocrWorkers++;
        slot.ocr = m.ocr === true;
        slot.engines = m.engines;
        this.countEngines();
        slot.reportedAt = performance.now();
        slot.tid = m.tid;
        slot.cpuAtReport = threadCpuMs(m.tid) ?? 0;
        this.stats.peakWorker = Math.max(this.stats.peakWorker, m.bytes);
        const limit = this.limitOf(slot);
        slot.rssAtReport = process.memoryUsage.rss();
        slot.othersAtReport = this.othersOf(slot);
        if (m.bytes > limit && slot.task) this.kill(slot, 'memory', this.overLimit(slot));
        return;
      }
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      if (m.type === 'part') {
        slot.parts.push(m.bytes);
        return;
      }
      if (m.type === 'turn') return this.routing.ask(slot);
      if (m.type === 'turn-done') return this.routing.endTurn(slot);
      if (m.type === 'handed-back') return this.requeue(slot);
      if (m.type === 'input') {
        slot.input = m.bytes;
        return;
      }
      if (m.type === 'page') {
        slot.page = m.page;
        if (!slot.death) this.startClock(slot);
        return;
      }
      const parts = slot.parts;
      this.free(slot);
      task.resolve(
        m.type === 'done' ? { result: m.result }
          : m.type === 'rendered' ? { rendered: { digest: m.digest, text: m.tail ? concatBytes([m.text, ...parts, m.tail]) : m.text } }
          : { failure: m.failure },
      );
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
      this.routing.gone(slot);
      // stopped as it handed its file back: the file is not the cause
      if (slot.handing && !this.closed) this.requeue(slot);
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

/**
 * CPU time (user + system, ms) a thread of this process has used, from /proc (Linux; its clock
 * ticks are always 1/100 s there); undefined elsewhere, or once the thread is gone.
 */
function threadCpuMs(tid: number | undefined): number | undefined {
  if (!tid) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    // after "pid (name) ": state is field 3; utime and stime are fields 14 and 15
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

const formatSeconds = (ms: number): string => `${+(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
