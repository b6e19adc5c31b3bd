// An extraction worker: loads pdfjs once, then extracts one file per task message, one pdfjs
// document at a time (destroyed after use). Runs from dist/ (see pool.ts).
import { readlinkSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { extractOwned, readInput, type ExtractOptions } from '../extract.js';
import { failureOf, internalReason, ReadError } from '../model/errors.js';
import { engineInThisThread, ocrActive, ocrEngines, onOcrBegin, usePageTurns } from '../read/ocr/engine.js';
import { leanPdfJs, loadPdfJs, onPdfActivity } from '../read/pdf.js';
import { countFindings, type FindingCounts } from '../check/index.js';
import type { Form } from '../model/schema.js';
import { digestOf, renderFormBytes, renderShell } from '../write/json.js';
import { POOL_SETTINGS } from './settings.js';
import { TaskOptionsSchema, type PoolMessage, type TaskMessage, type WorkerReply } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('eval-extract: batch/worker.js runs only as a worker thread');

// Output belongs to the main thread: a stray console.log from a library must not reach stdout.
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[k] = () => undefined;

let current: TaskMessage | undefined;
const reply = (m: WorkerReply) => port.postMessage(m);

// pdfjs leaves some rejections unhandled on a broken file; the task's own promise reports that
// failure. Any other unhandled rejection is our bug: the file it happened in says so.
process.on('unhandledRejection', (reason) => {
  if (String((reason as Error | undefined)?.stack).includes('pdfjs-dist')) return;
  if (current) reply({ type: 'failed', id: current.id, failure: { file: current.file, reason: internalReason(reason), code: 'internal' } });
});

// Without DecompressionStream, pdfjs inflates with its own synchronous decoder: each stream
// through web streams and the libuv pool cost more than it saved (~17% of the time at -j 1,
// part of it waiting). This thread is ours; a library user's own thread keeps the global.
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
leanPdfJs();

// The pool watches this worker's real memory: its heap in use and, outside it, the buffers of file
// bytes and decoded streams (the V8 heap limit alone does not see them). Reported on a timer
// and, since pdfjs can keep this thread busy for long, as pdfjs hands over each operator chunk.
let lastReport = 0;
// this thread's id in the OS (Linux): the pool reads the CPU time it used from /proc
const tid = (() => {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || undefined;
  } catch {
    return undefined;
  }
})();
const reportMemory = () => {
  const now = Date.now();
  if (now - lastReport < POOL_SETTINGS.memoryReportMs) return;
  lastReport = now;
  const m = process.memoryUsage();
  const engines = ocrEngines().alive;
  reply({ type: 'memory', bytes: m.heapUsed + m.external, ...(tid ? { tid } : {}), ...(ocrActive() ? { ocr: true } : {}), ...(engines ? { engines } : {}) });
};
setInterval(reportMemory, POOL_SETTINGS.memoryReportMs).unref();
onPdfActivity(reportMemory);
// at once, not throttled: the pool must know of the OCR allowance before the page image is drawn
onOcrBegin(() => {
  lastReport = 0;
  reportMemory();
});

// Scanned pages: the turn to hold a page image is the pool's, and only its OCR worker gets it:
// another is told to hand its file back (its task stops, `stop`), before it has opened anything
// for OCR. The OCR worker's engine, run in this thread, is the process's one engine.
const turns: { resolve: () => void; reject: (err: unknown) => void }[] = [];
let stop: AbortController | undefined;
engineInThisThread();
usePageTurns(() => {
  const task = current;
  if (!task) return Promise.reject(new Error('OCR outside a task'));
  return new Promise((resolve, reject) => {
    turns.push({ resolve: () => resolve(() => reply({ type: 'turn-done', id: task.id })), reject });
    reply({ type: 'turn', id: task.id });
  });
});

const onTurnReply = (m: Exclude<PoolMessage, TaskMessage>) => {
  if (m.type === 'turn') return turns.shift()?.resolve();
  stop?.abort();
  return turns.shift()?.reject(stop?.signal.reason);
};

port.on('message', async (m: PoolMessage) => {
  if (m.type !== 'task') return onTurnReply(m);
  const task = m;
  current = task;
  const signal = (stop = new AbortController()).signal;
  try {
    const onPage = (page: number) => reply({ type: 'page', id: task.id, page });
    const options = { ...TaskOptionsSchema.parse(task.options), onPage, signal };
    // a file's bytes read by the main thread (stdin), or its path; held whole while it is read
    // (by pdfjs, uncopied): the pool adds their size to this worker's limit
    // (its size said before it is read: reading it is already holding it)
    const size = task.bytes?.byteLength ?? (await stat(task.file).catch(() => undefined))?.size ?? 0;
    reply({ type: 'input', id: task.id, bytes: size });
    const bytes = task.bytes ?? (await readInput(task.file, task.file));
    if (bytes.byteLength !== size) reply({ type: 'input', id: task.id, bytes: bytes.byteLength });
    const extract = (o: ExtractOptions) => extractOwned(bytes, { ...o, name: task.file });
    if (task.render) {
      // each form rendered as soon as it is complete and sent to the main thread, its objects
      // dropped: a long report's memory stays flat here; buffers move rather than being copied
      // the digest's counts, form by form (countFindings of each form alone, summed)
      let counts: FindingCounts | undefined;
      let formCount = 0;
      const format = task.render;
      const onForm = (form: Form) => {
        const bytes = renderFormBytes(format, form, formCount++);
        const c = countFindings([{ file: task.file, pageCount: 0, forms: [form], errors: [] }]);
        if (counts) for (const k of Object.keys(c) as (keyof FindingCounts)[]) counts[k] += c[k];
        else counts = c;
        port.postMessage({ type: 'part', id: task.id, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
      };
      const result = await extract({ ...options, onForm });
      const { head, tail } = renderShell(format, result, formCount);
      // one file: counted once, read (it has forms) or not
      const digest = { ...digestOf(result), counts: counts ? { ...counts, files: 1 } : countFindings([result]) };
      port.postMessage({ type: 'rendered', id: task.id, digest, text: head, tail } satisfies WorkerReply, [head.buffer as ArrayBuffer, tail.buffer as ArrayBuffer]);
    } else reply({ type: 'done', id: task.id, result: await extract(options) });
  } catch (err) {
    if (signal.aborted) reply({ type: 'handed-back', id: task.id });
    else reply({ type: 'failed', id: task.id, failure: failureOf(err, task.file) });
  } finally {
    current = undefined;
    stop = undefined;
  }
});

// The legacy build's core-js polyfills replace Array.prototype.push, JSON.stringify and
// JSON.parse with slower spec-edge-case versions (push alone was ~8% of extraction time). This
// thread is ours: put the engine's own back once pdfjs is loaded.
const native = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
// Warm up before saying ready, so that a task's time limit counts its own work only.
await loadPdfJs().catch(() => undefined);
Array.prototype.push = native.push;
JSON.stringify = native.stringify;
JSON.parse = native.parse;
reply({ type: 'ready' });
