// How tesseract.js is loaded. Its Node worker functions (src/worker/node) are replaced, before
// tesseract.js loads, by ours:
//  - in a pool's worker, spawnWorker gives a stand-in for tesseract.js's worker thread that hands
//    its messages to tesseract.js's worker script in this thread. In Node, createWorker always
//    starts a worker thread: a second V8 and Node, its heap and its malloc arena, ~30 MB on top of
//    the engine itself (the compiled wasm and its ~40 MB heap), and the thread that reads a
//    scanned page waits for each recognition anyway. tesseract.js's own code does all the rest;
//  - everywhere, what throws in tesseract.js's message handler goes to the worker's onerror (its
//    createWorker then rejects) instead of out of an event where nothing can catch it: a model
//    that cannot be loaded is answered twice, and the second answer throws there (the process died).
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

type Tesseract = typeof import('tesseract.js');
type Packet = { action?: string };
type Listener = (message: unknown) => void;
interface WorkerScript {
  setAdapter(adapter: object): void;
  dispatchHandlers(packet: Packet, send: (message: unknown) => void): void;
}

const require = createRequire(import.meta.url);

/**
 * One engine's worker script: a fresh instance of tesseract.js's module (it keeps its engine in
 * module variables), let go of when the engine is terminated so that the engine's memory goes.
 */
function startScript(root: string): { script: WorkerScript; drop: () => void } {
  const id = require.resolve('./src/worker-script/index.js', { paths: [root] });
  delete require.cache[id];
  const script = require(id) as WorkerScript;
  const node = (file: string) => require(require.resolve(`./src/worker-script/node/${file}`, { paths: [root] })) as unknown;
  script.setAdapter({
    getCore: node('getCore.js'),
    gunzip: zlib.gunzipSync,
    // the model is read from its installed package (langPath); nothing is ever fetched
    fetch: () => Promise.reject(new Error('eval-extract never downloads an OCR model')),
    ...(node('cache.js') as object),
  });
  return { script, drop: () => void delete require.cache[id] };
}

/** The stand-in for tesseract.js's worker thread: what createWorker calls on it, in this thread. */
class ThreadStandIn {
  onerror?: (e: unknown) => void;
  private readonly listeners: Listener[] = [];
  private readonly script: WorkerScript;
  private readonly drop: () => void;

  constructor(root: string) {
    ({ script: this.script, drop: this.drop } = startScript(root));
  }

  on(event: string, listener: Listener): void {
    if (event === 'message') this.listeners.push(listener);
  }

  postMessage(packet: Packet): void {
    // the engine's C library sets the exit code when it gives up (emscripten's exit): not ours
    const exitCode = process.exitCode;
    const restore = () => void (process.exitCode = exitCode);
    // answers arrive as a thread's would, after the call that sent the message has returned
    this.script.dispatchHandlers(packet, (message) => {
      restore();
      setImmediate(() => {
        for (const l of this.listeners) l(message);
      });
    });
    restore();
  }

  terminate(): void {
    this.listeners.length = 0;
    this.drop();
  }
}

let loaded: Tesseract | undefined;
type Spawned = object;
/** Workers spawned and not terminated: a createWorker that failed leaves its own behind. */
const spawned = new Set<Spawned>();

let end: ((w: Spawned) => void) | undefined;

/** End the workers a failed createWorker left (a thread of its own would keep the process alive). */
export function endStrayWorkers(): void {
  for (const w of [...spawned]) {
    spawned.delete(w);
    end?.(w);
  }
}

/** Errors thrown by a worker's message handler, to its onerror (tesseract.js's createWorker rejects). */
function guardedOnMessage(onMessage: (worker: unknown, handler: Listener) => void) {
  return (worker: { onerror?: (e: { message: string }) => void }, handler: Listener) =>
    onMessage(worker, (message) => {
      try {
        handler(message);
      } catch (err) {
        worker.onerror?.({ message: err instanceof Error ? err.message : String(err) });
      }
    });
}

/**
 * tesseract.js, its workers run in the calling thread (`inThisThread`) or in threads of their
 * own; decided by the first call in a thread. Throws when it is not installed.
 */
export function loadTesseract(inThisThread: boolean): Tesseract {
  if (loaded) return loaded;
  const main = require.resolve('tesseract.js');
  const root = path.dirname(path.dirname(main));
  const nodeWorker = require.resolve('./src/worker/node/index.js', { paths: [root] });
  const real = require(nodeWorker) as { onMessage: (worker: unknown, handler: Listener) => void; spawnWorker: (options: unknown) => Spawned; terminateWorker: (w: Spawned) => void };
  const spawn = inThisThread ? () => new ThreadStandIn(root) : real.spawnWorker;
  end = inThisThread ? (w: Spawned) => (w as ThreadStandIn).terminate() : real.terminateWorker;
  const stub = new Module(nodeWorker);
  stub.filename = nodeWorker;
  stub.loaded = true;
  stub.exports = {
    ...real,
    onMessage: guardedOnMessage(real.onMessage),
    spawnWorker: (options: unknown) => {
      const w = spawn(options);
      spawned.add(w);
      return w;
    },
    terminateWorker: (w: Spawned) => {
      spawned.delete(w);
      end?.(w);
    },
  };
  require.cache[nodeWorker] = stub;
  loaded = require(main) as Tesseract;
  return loaded;
}
