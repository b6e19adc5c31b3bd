// An extraction worker: loads pdfjs once, then extracts one file per task message, one pdfjs
// document at a time (destroyed after use). Runs from dist/ (see pool.ts).
import { parentPort } from 'node:worker_threads';
import { extractFile, ExtractFailure } from '../extract.js';
import { loadPdfJs } from '../read/pdf.js';
import type { FailureCode, TaskMessage, WorkerReply } from './protocol.js';
import { digestOf, renderBytes } from './sink.js';

const port = parentPort;
if (!port) throw new Error('eval-extract: batch/worker.js runs only as a worker thread');

// Output belongs to the main thread: a stray console.log from a library must not reach stdout.
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[k] = () => undefined;
// A rejection pdfjs leaves unhandled on a broken file must not kill the worker: the task's own
// promise reports the failure.
process.on('unhandledRejection', () => undefined);

// Without DecompressionStream, pdfjs inflates with its own synchronous decoder: each stream
// through web streams and the libuv pool cost more than it saved (~17% of the time at -j 1,
// part of it waiting). This thread is ours; a library user's own thread keeps the global.
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;

const reply = (m: WorkerReply) => port.postMessage(m);
const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();

port.on('message', async (task: TaskMessage) => {
  try {
    const result = await extractFile(task.file, task.options);
    if (task.render) {
      // the text's buffer moves to the main thread rather than being copied
      const text = renderBytes(task.render, result);
      port.postMessage({ type: 'rendered', id: task.id, digest: digestOf(result), text } satisfies WorkerReply, [text.buffer as ArrayBuffer]);
    } else reply({ type: 'done', id: task.id, result });
  } catch (err) {
    const failure = err instanceof ExtractFailure
      ? { file: err.file, page: err.page, reason: err.reason, code: err.code as FailureCode }
      : { file: task.file, reason: `cannot read PDF: ${oneLine(err)}`, code: 'corrupt' as const };
    reply({ type: 'failed', id: task.id, failure });
  }
});

// Warm up before saying ready, so that a task's time limit counts its own work only.
await loadPdfJs().catch(() => undefined);
reply({ type: 'ready' });
