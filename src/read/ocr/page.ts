// The OCR reader of one page, in two steps with layout between them. scanPage: the page image
// (./page-image.ts: rendered, deskewed, its stamp told apart) and the ruling lines found in it.
// readScan: read each cell layout found between those lines, and each block of text outside the
// tables, with tesseract; return what the text-layer reader returns — positioned text items and
// ruling segments in points — plus each region's text and confidence.
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { Box } from '../../geometry/index.js';
import type { PageContent, TextItem } from '../../model/page.js';
import { beginOcr } from './engine.js';
import { isTemplateWord, lexiconWord } from './lexicon.js';
import type { PdfObjects } from './pdf-objects.js';
import { pageImage, type PageImage } from './page-image.js';
import { givePlanes, takePlane } from './planes.js';
import { readRegion } from './region.js';
import { findRules, ruleMask } from './rules.js';
import { OCR_SETTINGS, type OcrSettings } from './settings.js';

/** A region read by OCR: a table cell or a block of text outside the tables. */
export interface OcrRegion extends Box {
  page: number;
  /** its text, words joined without spaces */
  text: string;
  /** the lowest symbol confidence of the region, 0–100 */
  confidence: number;
  /** the lowest of its characters that spell numbers (digits . , % -): a number's confidence,
   * which an unsure bracket's width (（2024年度）) does not touch */
  numberConfidence: number;
}

export interface OcrPage {
  content: PageContent;
  regions: OcrRegion[];
  /** the skew corrected, degrees */
  skew: number;
}

/** A page image and the ruling lines found in it: what layout needs to find the cells. */
export interface ScannedPage {
  /** the rules, no text yet */
  content: PageContent;
  image: PageImage;
  /** the skew corrected, degrees */
  skew: number;
  /** the settings it was scanned with, read with */
  settings: OcrSettings;
}

/** Render, deskew and find the rules of a page. */
export async function scanPage(doc: PDFDocumentProxy, pageNumber: number, S: OcrSettings = OCR_SETTINGS, raw?: PdfObjects): Promise<ScannedPage> {
  beginOcr();
  const image = await pageImage(doc, pageNumber, S, raw);
  // the lighter mask of faint rules, in a plane of the thread's (one went back as the page was made)
  const faint = ruleMask(image.gray, image.mask, image.threshold, S, takePlane(image.mask.length));
  const segments = findRules(image.mask, image.gray.width, image.gray.height, image.scale, S, faint);
  givePlanes([faint]);
  return {
    content: { page: pageNumber, width: image.widthPt, height: image.heightPt, items: [], segments, drawsText: false, drawsImages: true },
    image,
    skew: image.skew,
    settings: S,
  };
}

/**
 * Read a scanned page: every cell (boxes in points, as layout found them between the rules),
 * then the blocks of text outside the `tables` (boxes in points).
 */
export async function readScan(scan: ScannedPage, cells: Box[], tables: Box[], rows: number[][] = []): Promise<OcrPage> {
  const S = scan.settings;
  const img = scan.image;
  const { gray, mask, scale } = img;
  if (!mask.length) throw new Error(`page ${scan.content.page}: its image was given back already`);
  const items: TextItem[] = [];
  const regions: OcrRegion[] = [];
  const lines: { region: OcrRegion; chars: number; width: number }[] = [];
  // what each cell read, by its index in `cells`
  const cellsRead: { region: OcrRegion; items: TextItem[] }[] = [];
  try {
    const boxes = [...cells, ...textBlocks(mask, gray.width, gray.height, scale, tables, S)];
    // cells at the top and the bottom of the page's tables: a page break may cut their text
    const top = Math.min(...tables.map((t) => t.y0)), bottom = Math.max(...tables.map((t) => t.y1));
    const near = (a: number, b: number) => Math.abs(a - b) <= S.ruleEndTolerance;
    for (const [k, box] of boxes.entries()) {
      const read = await readRegion(img, box, S, k < cells.length ? { start: near(box.y0, top), end: near(box.y1, bottom) } : {});
      if (!read) continue;
      items.push(...read.items);
      const region = { page: scan.content.page, ...box, text: read.text, confidence: read.confidence, numberConfidence: read.numberConfidence };
      regions.push(region);
      if (k < cells.length) cellsRead[k] = { region, items: read.items };
      for (const l of read.lines) if (/^\p{Script=Han}{4,}$/u.test(l.text)) lines.push({ region, chars: [...l.text].length, width: l.x1 - l.x0 });
    }
  } finally {
    // the planes go to the next page
    img.release();
  }
  headerWords(rows.map((row) => row.map((k) => cellsRead[k]).filter((c) => !!c)), S);
  // a line of Chinese read with more characters than its ink holds at the page's pitch (these
  // forms print CJK in em squares) has one too many, which tesseract is sure of all the same
  const pitches = lines.map((l) => l.width / l.chars).sort((a, b) => a - b);
  const pitch = pitches[Math.floor(pitches.length / 2)];
  for (const l of lines) if (l.chars > l.width / pitch + S.extraChars) l.region.confidence = Math.min(l.region.confidence, S.guessConfidence);
  return {
    content: { ...scan.content, items, drawsText: items.length > 0 },
    regions,
    skew: scan.skew,
  };
}

/**
 * A header row (headerRowWords of its cells template words as printed): a cell of it one
 * character off a template word, short ones too (分什 → 分值, 完成什 → 完成值), is that word.
 * Short words are put right nowhere else (a 分钟 in a unit column is no 分值).
 */
export function headerWords(rows: { region: OcrRegion; items: TextItem[] }[][], S: OcrSettings = OCR_SETTINGS): void {
  for (const row of rows) {
    if (row.filter((c) => isTemplateWord(c.region.text)).length < S.headerRowWords) continue;
    for (const cell of row) {
      if (cell.items.length !== 1 || isTemplateWord(cell.region.text)) continue;
      const word = lexiconWord(cell.region.text, 2);
      // one character for one: the line's character positions stay
      if (!word || [...word].length !== [...cell.items[0].str].length) continue;
      cell.region.text = word;
      cell.items[0].str = word;
    }
  }
}

/**
 * Blocks of text outside the tables: runs of rows with ink (outside every table box) separated
 * by blank gaps, each as wide as its ink. Rows with a few specks only do not count.
 */
function textBlocks(mask: Uint8Array, W: number, H: number, scale: number, tables: Box[], S: OcrSettings): Box[] {
  const inTable = (x: number, y: number) => tables.some((t) => x >= t.x0 * scale - 2 && x <= t.x1 * scale + 2 && y >= t.y0 * scale - 2 && y <= t.y1 * scale + 2);
  const rowInk = new Int32Array(H);
  const rowMin = new Int32Array(H).fill(W);
  const rowMax = new Int32Array(H).fill(-1);
  for (let y = 0; y < H; y++) {
    const spans = tables.filter((t) => y >= t.y0 * scale - 2 && y <= t.y1 * scale + 2);
    for (let x = 0; x < W; x++) {
      if (!mask[y * W + x] || (spans.length && inTable(x, y))) continue;
      rowInk[y]++;
      if (x < rowMin[y]) rowMin[y] = x;
      if (x > rowMax[y]) rowMax[y] = x;
    }
  }
  const gap = S.blockGap * scale;
  const minRowInk = 3;
  const blocks: Box[] = [];
  let start = -1, last = -1, bx0 = W, bx1 = -1;
  const flush = () => {
    // a block taller than any heading is no line of text (a photo, a page of noise): not read
    if (start >= 0 && last - start >= 2 * scale && last - start <= S.maxBlockHeight * scale) blocks.push({ x0: (bx0 - 2) / scale, y0: (start - 2) / scale, x1: (bx1 + 3) / scale, y1: (last + 3) / scale });
    start = -1;
    bx0 = W;
    bx1 = -1;
  };
  for (let y = 0; y < H; y++) {
    if (rowInk[y] < minRowInk) {
      if (start >= 0 && y - last > gap) flush();
      continue;
    }
    if (start < 0) start = y;
    last = y;
    bx0 = Math.min(bx0, rowMin[y]);
    bx1 = Math.max(bx1, rowMax[y]);
  }
  flush();
  // readRegion insets by cellInset: give it back
  const inset = S.cellInset;
  return blocks.map((b) => ({ x0: b.x0 - inset, y0: b.y0 - inset, x1: b.x1 + inset, y1: b.y1 + inset }));
}
