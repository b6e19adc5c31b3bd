// The OCR engine: one tesseract.js worker, created on first use with the simplified Chinese
// model from the installed @tesseract.js-data/chi_sim package (nothing is downloaded),
// terminated when unused for a moment so that its memory goes. What is missing is named. In a
// pool's worker it runs in that thread (in-thread.ts, engineInThisThread: a thread of its own is
// ~30 MB more), and the turn to hold a page image is the pool's (usePageTurns), which gives it to
// one worker, its OCR worker: a process has one engine and one page image whatever -j. In a
// library caller's thread it is tesseract.js's own worker thread, so recognitions do not hold up
// the caller's event loop.
import { createRequire } from 'node:module';
import path from 'node:path';
import { isCjkChar } from '../../text/normalize.js';
import { oneLine } from '../../text/index.js';
import { ReadError } from '../../model/errors.js';
import type { Box } from '../../geometry/index.js';
import { OCR_SETTINGS as S } from './settings.js';
import { pgmBands } from './bands.js';
import { endStrayWorkers, loadTesseract } from './in-thread.js';

type Tesseract = typeof import('tesseract.js');
type TWorker = Awaited<ReturnType<Tesseract['createWorker']>>;

/** What to install when the OCR reader cannot load (exact versions: package.json's). */
export const OCR_INSTALL_HINT = 'npm install tesseract.js@7.0.0 @tesseract.js-data/chi_sim@1.0.0 @napi-rs/canvas@0.1.100';

const require = createRequire(import.meta.url);

/** The model: the LSTM-only "best_int" chi_sim (small, and what the LSTM engine runs). */
function modelDir(): string {
  try {
    return path.join(path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
  } catch {
    throw new ReadError(`scanned page: OCR needs the simplified Chinese model, which is not installed (${OCR_INSTALL_HINT})`, undefined, 'no-text');
  }
}

/** One recognised text line: its text, box in the image given (px) and lowest symbol confidence. */
export interface OcrLine {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** where each character (code point) of `text` starts, px */
  starts: number[];
  /** each character's ink box (px; a space: the gap) and confidence */
  boxes: Box[];
  confidences: number[];
  confidence: number;
}

let workerPromise: Promise<TWorker> | undefined;
let idle: NodeJS.Timeout | undefined;
/** calls under way, and holds (a document being read, a pool running): the engine is kept while either lasts */
let busy = 0;
let holds = 0;
/** tesseract workers started in this thread, and alive now */
const engineCount = { started: 0, alive: 0 };
/** Tesseract engines this thread has started and has alive now (the pool's stats sum them over its threads). */
export const ocrEngines = (): { started: number; alive: number } => ({ ...engineCount });

let inThisThread = false;
/** Run the engine in this thread from now on (a pool's worker, which waits for each recognition anyway). */
export const engineInThisThread = (): void => void (inThisThread = true);

async function worker(): Promise<TWorker> {
  workerPromise ??= (async () => {
    const dir = modelDir();
    let tesseract: Tesseract;
    try {
      tesseract = loadTesseract(inThisThread);
    } catch {
      throw new ReadError(`scanned page: OCR needs tesseract.js, which is not installed (${OCR_INSTALL_HINT})`, undefined, 'no-text');
    }
    const createWorker = tesseract.createWorker ?? (tesseract as unknown as { default: Tesseract }).default.createWorker;
    // OEM 1: the LSTM engine only; cacheMethod none: never write the model beside the process;
    // errorHandler: a failed job already rejects its call, and without one tesseract.js throws
    // the error again from its message handler, where nothing can catch it (the process dies)
    // (what went wrong first, as the engine said it, names the cause best: a model it cannot load)
    let first: unknown;
    const w = await createWorker('chi_sim', 1, { langPath: dir, gzip: true, cacheMethod: 'none', errorHandler: (e: unknown) => void (first ??= e) }).catch((err: unknown) => {
      endStrayWorkers();
      throw new ReadError(`scanned page: the OCR engine could not start: ${oneLine(first ?? err).replace(/^Error:\s*/, '')} (the model in ${dir}: if it is damaged, ${OCR_INSTALL_HINT})`, undefined, 'no-text');
    });
    engineCount.started++;
    engineCount.alive++;
    return w;
  })();
  workerPromise.catch(() => (workerPromise = undefined));
  return workerPromise;
}

/** Stop the engine once nothing uses or holds it for S.idleMs (so that the process can exit). */
function idleLater(): void {
  clearTimeout(idle);
  if (busy || holds) return;
  idle = setTimeout(() => void closeOcr(), S.idleMs);
  idle.unref?.();
}

/**
 * Keep the engine between calls until the returned function is called (a document's scanned
 * pages; a pool's batch): pages are read a second apart, and starting tesseract takes ~1 s.
 * `stopNow`: stop it at once if nothing else uses or holds it (a pool that closes).
 */
export function holdOcr(): (stopNow?: boolean) => void {
  holds++;
  clearTimeout(idle);
  let held = true;
  return (stopNow = false) => {
    if (!held) return;
    held = false;
    holds--;
    if (stopNow && !busy && !holds) void closeOcr();
    else idleLater();
  };
}

function push(line: OcrLine, ch: string, box: Box, confidence: number): void {
  line.text += ch;
  line.starts.push(box.x0);
  line.boxes.push({ x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1 });
  line.confidences.push(confidence);
}

/**
 * The OCR reader has been used in this thread: the pool allows it more memory from then on (the
 * page images' buffers linger until the heap is next collected, past the file and the engine).
 */
export const ocrActive = (): boolean => scanned;
let scanned = false;
const beginListeners: (() => void)[] = [];
/** Call `fn` whenever a page is about to be rendered for OCR (the pool's worker reports its memory then). */
export const onOcrBegin = (fn: () => void): void => void beginListeners.push(fn);
/** A page is about to be rendered for OCR. */
export const beginOcr = (): void => {
  scanned = true;
  for (const fn of beginListeners) fn();
};

/** Stop the engine now (the next read starts a new one). */
export async function closeOcr(): Promise<void> {
  clearTimeout(idle);
  const w = workerPromise;
  workerPromise = undefined;
  const engine = await w?.catch(() => undefined);
  if (!engine) return;
  engineCount.alive--;
  await engine.terminate().catch(() => undefined);
}

/** Page turns in this thread: one page image at a time (concurrent extractFile calls wait). */
let turns: Promise<void> = Promise.resolve();
function ownTurn(): Promise<() => void> {
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const before = turns;
  turns = before.then(() => mine);
  return before.then(() => done);
}
let turnSource = ownTurn;

/** Ask `source` for the turn to hold a page image from now on (a pool worker: its pool). */
export const usePageTurns = (source: () => Promise<() => void>): void => void (turnSource = source);

/** Wait for the turn to hold a page image; call the function returned once it is read. */
export const pageTurn = (): Promise<() => void> => turnSource();

/**
 * Read one image (PGM/PNG bytes, at `dpi`) as a block of text lines (page segmentation mode 6;
 * 11: sparse text, found anywhere). `chars`: only these characters. Calls are serialised by
 * tesseract.js's queue.
 */
export async function recognize(image: Uint8Array, chars = '', psm: '6' | '11' = '6', dpi: number = S.dpi): Promise<OcrLine[]> {
  // a large image in bands: the engine's WebAssembly heap grows to what the largest image read
  // needs (~15 MB a million pixels) and never shrinks (a table read as one cell, its rules lost,
  // took it 160 MB up); each band's lines moved down to where the band starts
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  const bands = bytes.toString('latin1', 0, 2) === 'P5' ? pgmBands(bytes, S.maxReadPixels) : [{ y0: 0, image: bytes }];
  const lines: OcrLine[] = [];
  for (const band of bands) {
    for (const line of await recognizeOne(band.image, chars, psm, dpi)) lines.push(band.y0 ? movedDown(line, band.y0) : line);
  }
  return lines;
}

function movedDown(line: OcrLine, dy: number): OcrLine {
  return { ...line, y0: line.y0 + dy, y1: line.y1 + dy, boxes: line.boxes.map((b) => ({ ...b, y0: b.y0 + dy, y1: b.y1 + dy })) };
}

async function recognizeOne(image: Uint8Array, chars: string, psm: '6' | '11', dpi: number): Promise<OcrLine[]> {
  busy++;
  clearTimeout(idle);
  try {
    const w = await worker();
    await w.setParameters({ tessedit_pageseg_mode: psm as never, tessedit_char_whitelist: chars, user_defined_dpi: String(dpi) });
    const { data } = await w.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { blocks: true, text: false }).catch((err: unknown) => {
      // tesseract.js rejects with the engine's message as a string
      throw new ReadError(`scanned page: OCR failed: ${oneLine(err).replace(/^Error:\s*/, '')}`, undefined, 'no-text');
    });
    const lines: OcrLine[] = [];
    for (const block of data.blocks ?? []) {
      for (const para of block.paragraphs) {
        for (const line of para.lines) {
          const out: OcrLine = { text: '', ...line.bbox, starts: [], boxes: [], confidences: [], confidence: 100 };
          for (const word of line.words) {
            const chars = [...word.text.replace(/\s+/g, '')];
            if (!chars.length) continue;
            // tesseract separates words by spaces; between CJK characters a space is never printed
            const prev = out.text.slice(-1);
            if (prev && !isCjkChar(prev) && !isCjkChar(chars[0])) {
              const gap = { x0: out.boxes[out.boxes.length - 1].x1, y0: line.bbox.y0, x1: word.bbox.x0, y1: line.bbox.y1 };
              push(out, ' ', gap, 100);
            }
            const symbols = word.symbols ?? [];
            const step = (word.bbox.x1 - word.bbox.x0) / chars.length;
            chars.forEach((c, k) => {
              const exact = symbols.length === chars.length;
              const box = exact ? symbols[k].bbox : { ...word.bbox, x0: word.bbox.x0 + k * step, x1: word.bbox.x0 + (k + 1) * step };
              push(out, c, box, exact ? symbols[k].confidence : word.confidence);
            });
            const conf = symbols.length ? Math.min(...symbols.map((sym) => sym.confidence)) : word.confidence;
            out.confidence = Math.min(out.confidence, conf);
          }
          if (out.text) lines.push(out);
        }
      }
    }
    return lines;
  } finally {
    busy--;
    idleLater();
  }
}
