// pdfjs's drawing package, @napi-rs/canvas (a 33 MB native library): pdfjs requires it as it is
// imported, to draw, and most threads never draw. In a thread of ours it is left out until
// something draws (OCR, the visual report's pictures): ~15 ms and ~20 MB less per thread.
import { createRequire, Module } from 'node:module';

type Canvas = typeof import('@napi-rs/canvas');

const require = createRequire(import.meta.url);
/** The pdfjs import needs a DOMMatrix (one constant); text and operator lists never use it. */
class StandInDOMMatrix {
  a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
}

let stub: { id: string; module: Module } | undefined;

/**
 * Before pdfjs loads, in a thread of ours: pdfjs's require of the canvas package finds an empty
 * module, and DOMMatrix a stand-in. A library caller's thread keeps pdfjs as it ships.
 */
export function leaveOutCanvas(pdfjsRoot: string): void {
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= StandInDOMMatrix;
  let id: string;
  try {
    id = require.resolve('@napi-rs/canvas', { paths: [pdfjsRoot] });
  } catch {
    return; // not installed: pdfjs does without
  }
  const module = new Module(id);
  module.filename = id;
  module.loaded = true;
  require.cache[id] = module;
  stub = { id, module };
}

let canvas: Promise<Canvas> | undefined;

/** The canvas package, to draw with, and with it pdfjs's drawing globals (undoes leaveOutCanvas). */
export function drawingCanvas(): Promise<Canvas> {
  canvas ??= (async () => {
    if (stub && require.cache[stub.id] === stub.module) delete require.cache[stub.id];
    const c = (await import('@napi-rs/canvas' as string)) as Canvas;
    const g = globalThis as Record<string, unknown>;
    if (!g.DOMMatrix || g.DOMMatrix === StandInDOMMatrix) g.DOMMatrix = c.DOMMatrix;
    g.ImageData ??= c.ImageData;
    g.Path2D ??= c.Path2D;
    return c;
  })().catch((err: unknown) => {
    canvas = undefined;
    throw err;
  });
  return canvas;
}

/** pdfjs 5 needs a DOMMatrix as it is imported: the canvas package's, else (not installed) the stand-in. */
export async function ensureDomMatrix(): Promise<void> {
  if ('DOMMatrix' in globalThis) return;
  await drawingCanvas().catch(() => {
    (globalThis as Record<string, unknown>).DOMMatrix = StandInDOMMatrix;
  });
}
