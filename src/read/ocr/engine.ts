// The OCR engine: one tesseract.js worker per thread, created on first use with the simplified
// Chinese model from the installed @tesseract.js-data/chi_sim package (nothing is downloaded),
// terminated when unused for a moment so that a process can exit. What is missing is named.
import { createRequire } from 'node:module';
import path from 'node:path';
import { isCjkChar } from '../../text/normalize.js';
import { ReadError } from '../../model/errors.js';
import type { Box } from '../../geometry/index.js';
import { OCR_SETTINGS as S } from './settings.js';

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
let busy = 0;

async function worker(): Promise<TWorker> {
  workerPromise ??= (async () => {
    const dir = modelDir();
    let tesseract: Tesseract;
    try {
      tesseract = (await import('tesseract.js')) as Tesseract;
    } catch {
      throw new ReadError(`scanned page: OCR needs tesseract.js, which is not installed (${OCR_INSTALL_HINT})`, undefined, 'no-text');
    }
    const createWorker = tesseract.createWorker ?? (tesseract as unknown as { default: Tesseract }).default.createWorker;
    // OEM 1: the LSTM engine only; cacheMethod none: never write the model beside the process
    return createWorker('chi_sim', 1, { langPath: dir, gzip: true, cacheMethod: 'none' });
  })();
  workerPromise.catch(() => (workerPromise = undefined));
  return workerPromise;
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

/** Stop the worker now (the next read starts a new one). */
export async function closeOcr(): Promise<void> {
  clearTimeout(idle);
  const w = workerPromise;
  workerPromise = undefined;
  await (await w?.catch(() => undefined))?.terminate().catch(() => undefined);
}

/**
 * Read one image (PGM/PNG bytes, at `dpi`) as a block of text lines (page segmentation mode 6;
 * 11: sparse text, found anywhere). `chars`: only these characters.
 * Calls are serialised by tesseract.js's own queue.
 */
export async function recognize(image: Buffer, chars = '', psm: '6' | '11' = '6', dpi = S.dpi): Promise<OcrLine[]> {
  busy++;
  clearTimeout(idle);
  try {
    const w = await worker();
    await w.setParameters({ tessedit_pageseg_mode: psm as never, tessedit_char_whitelist: chars, user_defined_dpi: String(dpi) });
    const { data } = await w.recognize(image, {}, { blocks: true, text: false });
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
    if (--busy === 0) {
      idle = setTimeout(() => void closeOcr(), S.idleMs);
      idle.unref?.();
    }
  }
}
