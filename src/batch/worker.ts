// An extraction worker: loads pdfjs once, then extracts one file per task message, one pdfjs
// document at a time (destroyed after use). Runs from dist/ (see pool.ts).
import { parentPort } from 'node:worker_threads';
import { extractBuffer, extractFile } from '../extract.js';
import { failureOf, internalReason } from '../model/errors.js';
import { loadPdfJs } from '../read/pdf.js';
import { digestOf, renderBytes } from '../write/json.js';
import { TaskOptionsSchema, type TaskMessage, type WorkerReply } from './protocol.js';

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

port.on('message', async (task: TaskMessage) => {
  current = task;
  try {
    const options = TaskOptionsSchema.parse(task.options);
    const result = task.bytes ? await extractBuffer(task.bytes, { ...options, name: task.file }) : await extractFile(task.file, options);
    if (task.render) {
      // the text's buffer moves to the main thread rather than being copied
      const text = renderBytes(task.render, result);
      port.postMessage({ type: 'rendered', id: task.id, digest: digestOf(result), text } satisfies WorkerReply, [text.buffer as ArrayBuffer]);
    } else reply({ type: 'done', id: task.id, result });
  } catch (err) {
    reply({ type: 'failed', id: task.id, failure: failureOf(err, task.file) });
  } finally {
    current = undefined;
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
