// What a command-line batch needs around extractMany: Ctrl-C/SIGTERM turned into an orderly
// stop (a second signal stops at once, still removing temporary files), and stdout writes
// that respect back-pressure and stop quietly when the reader goes away (`| head`).
import { removePendingTemps, WriteError } from '../index.js';

/** The reason a batch stopped early. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(
    readonly signal: NodeJS.Signals | 'EPIPE',
    /** the exit code a process stopped this way reports: 128 + the signal's number */
    readonly exitCode: number,
  ) {
    super(signal === 'EPIPE' ? 'the output was closed' : `interrupted (${signal})`);
  }
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
/** a signal this soon after the first is the same one (a terminal's, passed on by relaunch.ts too) */
const SAME_SIGNAL_MS = 300;

/** Abort `controller` on SIGINT/SIGTERM/SIGHUP until `dispose()` is called. */
export function onInterrupt(controller: AbortController): { dispose: () => void } {
  let first = 0;
  const handler = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT[signal] ?? 130;
    if (first && Date.now() - first < SAME_SIGNAL_MS) return;
    if (controller.signal.aborted) {
      // a second signal: no more waiting
      removePendingTemps();
      process.exit(code);
    }
    first = Date.now();
    controller.abort(new Interrupted(signal, code));
  };
  const signals = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];
  for (const s of signals) process.on(s, handler);
  return {
    dispose: () => {
      signals.forEach((s) => process.off(s, handler));
      // once interrupted the process is ending: a signal that comes late (the one a batch's first
      // process passes on, after a busy moment) is not to kill it on its way out
      if (first) signals.forEach((s) => process.on(s, () => undefined));
    },
  };
}

export interface StreamWriter {
  /** write a chunk, waiting when the stream's buffer is full; throws once the stream failed */
  write(chunk: string | Uint8Array): Promise<void>;
  /** wait until everything written has reached the stream; throws if it failed meanwhile */
  flush(): Promise<void>;
}

/**
 * Writes to stdout that respect back-pressure. The stream's failure aborts the batch: a closed
 * pipe quietly (Interrupted 'EPIPE'), any other (a full disk) as a WriteError.
 */
export function streamWriter(stream: NodeJS.WritableStream, name: string, controller: AbortController): StreamWriter {
  let failed: Error | undefined;
  const onError = (err: NodeJS.ErrnoException) => {
    failed ??= err.code === 'EPIPE' ? new Interrupted('EPIPE', 141) : new WriteError(name, err.code, err);
    if (!controller.signal.aborted) controller.abort(failed);
  };
  stream.on('error', onError);
  const check = () => {
    if (failed) throw failed;
  };
  return {
    async write(chunk) {
      check();
      if (!chunk.length) return;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
      check();
    },
    async flush() {
      check();
      await new Promise<void>((resolve) => stream.write('', () => resolve()));
      // an error is reported after the write's callback
      await new Promise<void>((resolve) => setImmediate(resolve));
      check();
    },
  };
}
