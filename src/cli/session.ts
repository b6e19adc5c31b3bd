// What a command-line batch needs around extractMany: Ctrl-C/SIGTERM turned into an orderly
// stop (a second signal stops at once, still removing temporary files), and stdout writes
// that respect back-pressure and stop quietly when the reader goes away (`| head`).
import { removePendingTemps } from '../index.js';

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

/** Abort `controller` on SIGINT/SIGTERM/SIGHUP until `dispose()` is called. */
export function onInterrupt(controller: AbortController): { dispose: () => void } {
  const handler = (signal: NodeJS.Signals) => {
    const code = SIGNAL_EXIT[signal] ?? 130;
    if (controller.signal.aborted) {
      // a second signal: no more waiting
      removePendingTemps();
      process.exit(code);
    }
    controller.abort(new Interrupted(signal, code));
  };
  const signals = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];
  for (const s of signals) process.on(s, handler);
  return { dispose: () => signals.forEach((s) => process.off(s, handler)) };
}

/** Write to a stream, waiting when its buffer is full; a closed pipe aborts the batch. */
export function streamWriter(stream: NodeJS.WritableStream, controller: AbortController): (chunk: string | Uint8Array) => Promise<void> {
  let failed: Error | undefined;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    failed = err;
    if (!controller.signal.aborted) controller.abort(err.code === 'EPIPE' ? new Interrupted('EPIPE', 141) : err);
  });
  return async (chunk: string | Uint8Array) => {
    if (failed || !chunk) return;
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
  };
}
