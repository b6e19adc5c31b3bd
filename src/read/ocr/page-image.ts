// The page image OCR reads: the page rendered at the settings' dpi — a scan drawn straight from
// its images (scan-images.ts), any other page by pdfjs onto @napi-rs/canvas in strips — turned
// upright, its stamp told apart, in planes of ./planes.ts that release() gives back.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { PageViewport } from 'pdfjs-dist/types/src/display/display_utils.js';
import { ReadError } from '../../model/errors.js';
import { drawingCanvas } from '../canvas.js';
import { loadPdfJs } from '../pdf.js';
import { OCR_INSTALL_HINT } from './engine.js';
import { greyRows, inkMask, otsu, rotate, skewAngle, type Gray } from './image.js';
import { paintEdgeDark } from './border.js';
import { givePlanes, takePlane } from './planes.js';
import { collectGarbage } from './collect.js';
import { drawable, drawImage, imagePaints, type DecodedImage, type DrawableImage, type ImagePaint } from './scan-images.js';
import { rawScanImages } from './scan-raw.js';
import type { PdfObjects } from './pdf-objects.js';
import { greySeal, sealFree } from './seal.js';
import { colourBits, fadeAway, stampFree, stampInk } from './stamp.js';
import type { OcrSettings } from './settings.js';

type Canvas = typeof import('@napi-rs/canvas');

/** A page turned upright, as pageImage makes it: its grey image and ink mask, in points and pixels. */
export interface PageImage {
  gray: Gray;
  /** on a page with a stamp, where its ink is (colourBits) */
  stamp?: Uint8Array;
  strongFade: () => Gray;
  mask: Uint8Array;
  threshold: number;
  scale: number;
  skew: number;
  widthPt: number;
  heightPt: number;
  /** give the planes back for the next page (planes.ts): the image is not to be read after */
  release: () => void;
}

let canvasModule: Promise<Canvas> | undefined;
function loadCanvas(): Promise<Canvas> {
  canvasModule ??= drawingCanvas().catch(() => {
    canvasModule = undefined;
    throw new ReadError(`scanned page: OCR needs @napi-rs/canvas to render pages, which is not installed (${OCR_INSTALL_HINT})`, undefined, 'no-text');
  });
  return canvasModule;
}

/**
 * The page rendered at S.dpi and turned upright: its grey image and ink mask, in planes of the
 * page's size taken from ./planes.ts (4 at most at a time; held: 2, 3 on a page with a stamp),
 * given back by release(). A scan is drawn from its images (decoded here when `raw`, the file's
 * objects, has them as plain JPEGs: scan-raw.ts), any other page by pdfjs.
 */
export async function pageImage(doc: PDFDocumentProxy, pageNumber: number, S: OcrSettings, raw?: PdfObjects): Promise<PageImage> {
  // the last page's planes and garbage collected before this page's images are decoded (the peak),
  // the decoder's buffers before the planes are taken, the decoded images before the rest are
  collectGarbage();
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: S.dpi / 72 });
  const width = Math.ceil(viewport.width), height = Math.ceil(viewport.height);
  const taken: Uint8Array[] = [];
  const take = () => {
    const plane = takePlane(width * height);
    taken.push(plane);
    return plane;
  };
  let rules: Gray, chroma: Uint8Array;
  try {
    try {
      const scan = (raw && page.ref && (await rawScanImages(raw, page.ref, viewport.transform as number[]))) || (await scanImages(page, viewport.transform as number[]));
      collectGarbage();
      rules = { width, height, data: take() };
      chroma = take();
      if (scan) drawScan(scan, width, height, rules.data, chroma);
      else await drawPage(page, viewport, rules.data, chroma, S);
    } finally {
      // pdfjs lets go of the page's decoded images
      page.cleanup();
      collectGarbage();
    }
    const scale = S.dpi / 72;
    let threshold = otsu(rules);
    // the third plane: the ink mask to find the skew, then the page turned upright
    let spare = inkMask(rules, threshold, take());
    // the scanner lid's dark band at the image's edges, and punch holes, are no print: paper, and
    // the tones measured again (the mask, eroded to find them, is made again either way)
    const px = (pt: number) => Math.round(pt * scale);
    if (paintEdgeDark(rules, chroma, spare, { solid: px(S.edgeSolid), margin: px(S.edgeMargin), hole: px(S.holeSize), roundFill: S.holeFill, holeMargin: px(S.holeMargin) })) threshold = otsu(rules);
    inkMask(rules, threshold, spare);
    const skew = skewAngle(spare, width, height, Math.max(1, Math.round((S.skewSmooth * S.dpi) / 72)), S);
    if (Math.abs(skew) >= S.skewFineStepDeg) {
      // turn the page back about its centre; the corners uncovered are paper, colourless
      [rules.data, spare] = [rotate(rules, -skew, 255, spare).data, rules.data];
      [chroma, spare] = [rotate({ width, height, data: chroma }, -skew, 0, spare).data, chroma];
      threshold = otsu(rules);
    }
    // a stamp on the page: how its ink looks, to take it out of what OCR reads
    const stamp = stampInk(rules, chroma, threshold, S.stampChroma, S.stampInkQuantile, S.minStampContrast);
    const image = { threshold, scale, skew, widthPt: viewport.width / scale, heightPt: viewport.height / scale };
    if (!stamp) {
      // no stamp: the page read, over the colour; the mask over the lightest channel
      fadeAway(rules.data, chroma, S.chromaWeight, chroma);
      const gray = { width, height, data: chroma };
      // a seal in grey (a page scanned in grey): taken out of the page read, and read round harder;
      // the mask keeps it (its rules: a hairline is as grey as the seal)
      const seal = greySeal(gray, threshold, S, spare);
      if (!seal) {
        givePlanes([spare]);
        return held({ ...image, gray, strongFade: () => gray, mask: inkMask(rules, threshold, rules.data) }, S);
      }
      const recheck = take();
      const sealBits = sealFree(gray, seal, threshold, spare, S, gray.data, recheck);
      givePlanes([spare]);
      const stronger = { width, height, data: recheck };
      return held({ ...image, gray, strongFade: () => stronger, stamp: sealBits, mask: inkMask(rules, threshold, rules.data) }, S);
    }
    // with a stamp: the page read and the page read again with the stamp taken out harder
    // (where a stamp covers a cell), the colour to tell where the stamp is
    const text = take();
    const recheck = stampFree(rules, chroma, {
      minChroma: S.stampChroma,
      area: Math.round(S.stampArea * scale),
      faintChroma: S.stampFaintChroma,
      shadeShare: S.stampShadeShare,
      text: { reach: Math.round(S.stampReach * scale), ink: Math.round(S.stampInkShare * threshold) },
      recheck: { reach: Math.round(S.recheckReach * scale), ink: Math.round(S.recheckInkShare * threshold) },
      weight: S.chromaWeight,
    }, stamp, text, spare);
    const stronger = { width, height, data: recheck };
    const colour = colourBits(chroma, S.stampChroma);
    givePlanes([chroma]);
    return held({ ...image, gray: { width, height, data: text }, strongFade: () => stronger, stamp: colour, mask: inkMask(rules, threshold, rules.data) }, S);
  } catch (err) {
    givePlanes(taken);
    throw err;
  }
}

/**
 * The images of a page that paints only images (a scan), decoded, and how each is painted; null
 * for any other page.
 */
async function scanImages(page: PDFPageProxy, viewport: number[]): Promise<{ paints: ImagePaint[]; images: DrawableImage[] } | null> {
  const { OPS } = await loadPdfJs();
  const ops = await page.getOperatorList({ intent: 'display' });
  const paints = imagePaints(OPS, ops.fnArray, ops.argsArray, viewport);
  if (!paints) return null;
  const images: DrawableImage[] = [];
  for (const p of paints) {
    const img = typeof p.image === 'string' ? await decodedImage(page, p.image) : p.image;
    if (!drawable(img)) return null;
    images.push(img);
  }
  return { paints, images };
}

/** A scan drawn straight from its images into the planes (scan-images.ts). */
function drawScan({ paints, images }: { paints: ImagePaint[]; images: DrawableImage[] }, width: number, height: number, rules: Uint8Array, chroma: Uint8Array): void {
  rules.fill(255);
  chroma.fill(0);
  paints.forEach((p, k) => drawImage(images[k], p.matrix, width, height, rules, chroma));
}

/** An image pdfjs decoded for the page (its objects, or the document's shared ones: g_…). */
function decodedImage(page: PDFPageProxy, id: string): Promise<DecodedImage | null> {
  const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => objs.get(id, (img: unknown) => resolve(img as DecodedImage | null)));
}

/**
 * Any other page drawn by pdfjs, a strip of rows at a time, onto a small canvas (a canvas of
 * the whole page would be 35 MB at 300 dpi), each strip turned into the planes at once.
 */
async function drawPage(page: PDFPageProxy, viewport: PageViewport, rules: Uint8Array, chroma: Uint8Array, S: OcrSettings): Promise<void> {
  const { createCanvas } = await loadCanvas();
  const width = Math.ceil(viewport.width), height = Math.ceil(viewport.height);
  let rows = Math.max(1, Math.min(height, Math.floor(S.stripPixels / width)));
  const canvas = createCanvas(width, rows);
  try {
    const ctx = canvas.getContext('2d');
    for (let y = 0; y < height; ) {
      await page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport, transform: [1, 0, 0, 1, 0, -y], background: '#fff' }).promise;
      // the canvas's own pixels (not a copy), read before it draws the next strip
      const n = Math.min(rows, height - y);
      greyRows(canvas.data(), width, n, y, rules, chroma);
      y += n;
      // pdfjs copies each image of the page twice for every strip it draws (a canvas of the
      // image, then a snapshot of that): images with more pixels than the page drawn (a scan
      // above S.dpi) cost more per strip than a canvas of the rest of the page, drawn at once
      if (y === n && y < height && imagePixels(page) > width * height) canvas.height = rows = height - y;
    }
  } finally {
    // a canvas's pixels are native memory: let go of them at once (width 0)
    canvas.width = 0;
  }
}

/** Pixels of the images pdfjs holds for a page it has drawn (decoded, each drawn once a strip). */
function imagePixels(page: PDFPageProxy): number {
  let n = 0;
  for (const [, data] of page.objs) {
    const img = data as { width?: unknown; height?: unknown } | null;
    if (typeof img?.width === 'number' && typeof img.height === 'number') n += img.width * img.height;
  }
  return n;
}

/** A page image whose release() gives its planes back and leaves it empty (read no more). */
function held(image: Omit<PageImage, 'release'>, S: OcrSettings): PageImage {
  const planes = [image.gray.data, image.strongFade().data, image.mask];
  const img: PageImage = {
    ...image,
    release() {
      givePlanes([...new Set(planes)]);
      planes.length = 0;
      const empty = { width: 0, height: 0, data: new Uint8Array(0) };
      Object.assign(img, { gray: empty, strongFade: () => empty, stamp: undefined, mask: empty.data });
    },
  };
  return img;
}
