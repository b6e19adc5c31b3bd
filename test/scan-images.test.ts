// A scan's page image drawn straight from its decoded image: the same pixels as pdfjs drawing the
// page onto a canvas (what the OCR reader was validated on), and only for pages that paint
// nothing but images. Real fixtures through the real pdfjs and @napi-rs/canvas.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawingCanvas } from '../src/read/canvas.js';
import { greyRows } from '../src/read/ocr/image.js';
import { drawable, drawImage, imagePaints, type DecodedImage } from '../src/read/ocr/scan-images.js';
import { loadPdfJs, openPdf } from '../src/read/pdf.js';
import { fixture } from './helpers/truth.js';

const DPI = 300;

/** A page's planes (lightest channel, colourfulness) drawn both ways, and what the page paints. */
async function bothWays(file: string, pageNumber: number) {
  const { OPS } = await loadPdfJs();
  const { createCanvas } = await drawingCanvas();
  const doc = await openPdf(new Uint8Array(readFileSync(fixture(file))), { draw: true });
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: DPI / 72 });
    const width = Math.ceil(viewport.width), height = Math.ceil(viewport.height);
    const ops = await page.getOperatorList({ intent: 'display' });
    const paints = imagePaints(OPS, ops.fnArray, ops.argsArray, viewport.transform as number[]);
    if (!paints) return { paints };
    const canvas = { rules: new Uint8Array(width * height), chroma: new Uint8Array(width * height) };
    const c = createCanvas(width, height);
    await page.render({ canvasContext: c.getContext('2d') as never, canvas: c as never, viewport, background: '#fff' }).promise;
    greyRows(c.data(), width, height, 0, canvas.rules, canvas.chroma);
    const direct = { rules: new Uint8Array(width * height).fill(255), chroma: new Uint8Array(width * height) };
    for (const p of paints) {
      const img = await new Promise<DecodedImage>((resolve) => page.objs.get(p.image as string, resolve));
      if (!drawable(img)) throw new Error(`image ${String(p.image)}: no pixels pdfjs gave`);
      drawImage(img, p.matrix, width, height, direct.rules, direct.chroma);
    }
    return { paints, canvas, direct };
  } finally {
    await doc.destroy();
  }
}

/** Share of pixels that differ by more than one level, in either plane. */
function differing(a: { rules: Uint8Array; chroma: Uint8Array }, b: { rules: Uint8Array; chroma: Uint8Array }): number {
  let n = 0;
  for (let i = 0; i < a.rules.length; i++) if (Math.abs(a.rules[i] - b.rules[i]) > 1 || Math.abs(a.chroma[i] - b.chroma[i]) > 1) n++;
  return n / a.rules.length;
}

describe('a scan drawn from its image', () => {
  it.each([
    // 150 dpi: every image pixel drawn as 2×2 (nearest)
    ['scanned/year-spaced-150dpi.pdf', 1, 0],
    // 200 dpi at 300: 1.5 device pixels an image pixel (nearest, a canvas's rounding at pixel edges)
    ['scanned/thead-split-rows-200dpi.pdf', 1, 0.001],
  ])('%s page %i: the pixels pdfjs draws on a canvas', async (file, page, share) => {
    const { paints, canvas, direct } = await bothWays(file, page);
    expect(paints).toHaveLength(1);
    expect(differing(canvas!, direct!)).toBeLessThanOrEqual(share);
  }, 60_000);

  it('a page that paints anything besides images is left to pdfjs', async () => {
    // page 1 of the mixed file has a text layer and ruled tables; page 3 is its scan
    expect((await bothWays('scanned/mixed-rects-page3.pdf', 1)).paints).toBeNull();
    expect((await bothWays('scanned/mixed-rects-page3.pdf', 3)).paints).toHaveLength(1);
  }, 60_000);
});
