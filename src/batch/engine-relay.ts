// The process's one OCR engine, held by the pool's main thread for its workers: their
// recognitions come over the pool's protocol and go back as answers. Loaded on the first
// recognition and kept until the pool closes (a caller of this thread may still use it then).
import type { FailureCode } from '../model/errors.js';
import { oneLine } from '../text/index.js';
import type { OcrReply, WorkerReply } from './protocol.js';

type Engine = typeof import('../read/ocr/engine.js');

export class EngineRelay {
  private engine: Promise<Engine> | undefined;
  private module: Engine | undefined;
  private release: ((stopNow: boolean) => void) | undefined;
  private closed = false;
  /** engines alive in this thread (the engine module's count, as of its last answer) */
  alive = 0;

  /** Recognise for a worker; `answer` gets the lines, or the error as a one-line message. */
  recognize(m: Extract<WorkerReply, { type: 'recognize' }>, answer: (reply: OcrReply) => void): void {
    this.engine ??= import('../read/ocr/engine.js').then((engine) => {
      if (!this.closed) this.release = engine.holdOcr();
      return engine;
    });
    const reply = (r: OcrReply) => {
      this.alive = this.module?.ocrEngines().alive ?? 0;
      answer(r);
    };
    const { call, image, chars, psm, dpi } = m;
    this.engine
      .then((engine) => {
        this.module = engine;
        return engine.recognizeHere({ image, chars, psm, dpi });
      })
      .then(
        (lines) => reply({ type: 'recognized', call, lines }),
        (err: Error & { code?: FailureCode }) => reply({ type: 'recognized', call, error: { message: oneLine(err), ...(err.name === 'ReadError' ? { code: err.code } : {}) } }),
      );
  }

  /** The engine is stopped now, unless a caller of this thread still uses it. */
  close(): void {
    this.closed = true;
    this.release?.(true);
    this.release = undefined;
  }
}
