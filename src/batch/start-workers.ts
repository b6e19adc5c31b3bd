// Starting extraction worker threads: the compiled script, each worker's resource limits and
// flags, and workers started early (prestartWorkers), while the command line loads, for the pool
// to adopt.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerReply } from './protocol.js';
import { POOL_DEFAULTS, POOL_SETTINGS } from './settings.js';

/** The compiled worker script: dist/batch/worker.js, also when this module runs from src/ (tests). */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = path.join(path.dirname(here), 'worker.js');
  if (!here.endsWith('.ts') && existsSync(beside)) return beside;
  return path.resolve(path.dirname(here), '../../dist/batch/worker.js');
}

/** A worker running `script`, its heap limited to `maxMemoryMb` (at least POOL_SETTINGS.v8HeapMb). */
export function newWorker(script: string, maxMemoryMb: number): Worker {
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: Math.max(maxMemoryMb, POOL_SETTINGS.v8HeapMb), maxYoungGenerationSizeMb: POOL_SETTINGS.youngGenerationMb, stackSizeMb: POOL_SETTINGS.stackMb },
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

/**
 * Stop the prestarted workers no pool adopted, and wait until they are gone: a process that
 * ends while a worker is still loading can crash in its teardown (killed by a signal instead of
 * its exit code; nodejs/node#25007), as after a usage error.
 */
export async function stopPrestarted(): Promise<void> {
  await Promise.all(early.splice(0).map((e) => {
    e.off();
    return e.worker.terminate().catch(() => undefined);
  }));
}

/** A prestarted worker with this memory limit, for the pool (those with another are terminated). */
export function adoptPrestarted(maxMemoryMb: number): { worker: Worker; ready: boolean } | undefined {
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
