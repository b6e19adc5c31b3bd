// tesseract.js's worker script run in the calling thread instead of a thread of its own. In
// Node, tesseract.js's createWorker always starts a worker thread: a second V8 and Node, its
// heap and its malloc arena, ~30 MB on top of the engine itself (the compiled wasm and its
// ~40 MB heap). The thread that reads a scanned page waits for each recognition anyway, so
// here createWorker gets a stand-in for that thread which hands its messages to the worker
// script in this thread: tesseract.js's own code does all the rest. The stand-in is put where
// tesseract.js finds its Node worker functions (src/worker/node), before tesseract.js loads.
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

/** tesseract.js, its workers run in the calling thread; throws when it is not installed. */
export function tesseractInThread(): Tesseract {
  if (loaded) return loaded;
  const main = require.resolve('tesseract.js');
  const root = path.dirname(path.dirname(main));
  const nodeWorker = require.resolve('./src/worker/node/index.js', { paths: [root] });
  const real = require(nodeWorker) as Record<string, unknown>;
  const stub = new Module(nodeWorker);
  stub.filename = nodeWorker;
  stub.loaded = true;
  stub.exports = { ...real, spawnWorker: () => new ThreadStandIn(root), terminateWorker: (w: ThreadStandIn) => w.terminate() };
  require.cache[nodeWorker] = stub;
  loaded = require(main) as Tesseract;
  return loaded;
}
