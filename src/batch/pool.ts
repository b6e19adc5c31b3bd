// A pool of extraction worker threads. Each worker holds one pdfjs, loaded once, and extracts
// one file at a time. A worker that overruns the time limit is terminated; one that runs out of
// memory (resourceLimits) or crashes dies: either way its file fails with a one-line reason and
// a fresh worker takes its place, so the batch goes on.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FailureInfo } from '../model/errors.js';
import type { FileResult } from '../model/schema.js';
import { oneLine } from '../text/index.js';
import type { SinkFormat } from '../write/json.js';
import type { Rendered, TaskMessage, TaskOptions, WorkerReply } from './protocol.js';

export interface PoolOptions {
  /** number of worker threads */
  size: number;
  /** per-file time limit in milliseconds (0 or Infinity: none) */
  timeoutMs: number;
  /** per-worker heap limit in megabytes (V8 old generation) */
  maxMemoryMb: number;
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
 * Defaults of the pool's limits (the CLI's --timeout and --max-memory). The heap limit also
 * sets how far V8 lets a worker's heap grow between full collections (its growing factor:
 * ~1.4 at 512 MB, ~1.6 at 1024 MB, 4 from 2048 MB): 2048 MB makes a 2-worker batch ~30%
 * faster but lifts its peak RSS by ~170 MB (BENCHMARKS.md).
 */
export const POOL_DEFAULTS = { timeoutMs: 60_000, maxMemoryMb: 512 } as const;

/**
 * Young generation of each worker. 28–48 MB are 10–18% faster at -j 2 but peak at 290–340 MB
 * RSS; 24 MB keeps two workers under 300 MB (16 saves nothing more). See BENCHMARKS.md.
 */
const YOUNG_GENERATION_MB = 24;

const newWorker = (script: string, maxMemoryMb: number) =>
  new Worker(script, {
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    // a worker's console output never reaches our stdout
    stdout: true,
    stderr: true,
  });

interface Early {
  worker: Worker;
  maxMemoryMb: number;
  ready: boolean;
  dead: boolean;
  off: () => void;
}
let early: Early | undefined;

/**
 * Start the first worker now, while the command line loads (pdfjs takes a worker ~150 ms to
 * load): the pool adopts it if its memory limit matches. It does not keep the process alive.
 */
export function prestartWorker(maxMemoryMb: number = POOL_DEFAULTS.maxMemoryMb): void {
  if (early) return;
  const worker = newWorker(workerScript(), maxMemoryMb);
  const e: Early = { worker, maxMemoryMb, ready: false, dead: false, off: () => undefined };
  const onMessage = (m: WorkerReply) => void (m.type === 'ready' && (e.ready = true));
  const onGone = () => void (e.dead = true);
  worker.on('message', onMessage).on('error', onGone).on('exit', onGone);
  e.off = () => worker.off('message', onMessage).off('error', onGone).off('exit', onGone);
  // after the listeners (a 'message' listener refs the worker again); reading its stdout or
  // stderr would keep the process alive too: done on adoption
  worker.unref();
  early = e;
}

function adoptPrestarted(maxMemoryMb: number): { worker: Worker; ready: boolean } | undefined {
  const e = early;
  early = undefined;
  if (!e) return undefined;
  e.off();
  if (e.dead || e.maxMemoryMb !== maxMemoryMb) {
    void e.worker.terminate();
    return undefined;
  }
  e.worker.ref();
  return { worker: e.worker, ready: e.ready };
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** set when workers cannot even start (a missing build): every task fails with it */
  private broken: string | undefined;
  private readonly script = workerScript();

  constructor(private readonly options: PoolOptions) {}

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
  }

  private pump(): void {
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
    const { timeoutMs } = this.options;
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      slot.timer = setTimeout(() => {
        slot.death = { code: 'timeout', reason: `took longer than ${formatSeconds(timeoutMs)} (--timeout); stopped` };
        void slot.worker.terminate();
      }, timeoutMs);
    }
    const msg: TaskMessage = { type: 'task', id: task.id, file: task.file, bytes: task.bytes, options: task.options, render: task.render };
    slot.worker.postMessage(msg);
  }

  private spawn(): void {
    const adopted = adoptPrestarted(this.options.maxMemoryMb);
    const worker = adopted?.worker ?? newWorker(this.script, this.options.maxMemoryMb);
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, ready: adopted?.ready ?? false };
    this.slots.add(slot);
    if (slot.ready) queueMicrotask(() => this.pump());

    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') {
        slot.ready = true;
        this.pump();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      clearTimeout(slot.timer);
      slot.task = undefined;
      task.resolve(
        m.type === 'done' ? { result: m.result }
          : m.type === 'rendered' ? { rendered: { digest: m.digest, text: m.text } }
          : { failure: m.failure },
      );
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.death) return;
      slot.death = err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? { code: 'memory', reason: `ran out of memory (worker limit ${this.options.maxMemoryMb} MB, --max-memory); stopped` }
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
