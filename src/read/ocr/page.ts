// The OCR reader of one page, in two steps with layout between them. scanPage: the page image
// (./page-image.ts: rendered, deskewed, its stamp told apart) and the ruling lines found in it.
// readScan: read each cell layout found between those lines, and each block of text outside the
// tables, with tesseract; return what the text-layer reader returns — positioned text items and
// ruling segments in points — plus each region's text and confidence.
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { Box } from '../../geometry/index.js';
import type { PageContent, TextItem } from '../../model/page.js';
import { beginOcr, recognize, type OcrLine } from './engine.js';
import { decimalColons, dropJunkEnds, percentGhost, spacedDigits, unreadInk, type MarksIn, roundBrackets, fixOperator, fullWidth, sameInkTwice, atMost, isTemplateWord, glyphsOf, flatDigits, lexiconWord, lineOf, numberGlyphs, percentUnit, type InkBox, type InkGaps, type OperatorShape } from './correct.js';
import { cropPgm, scalePgm, inkBox, inkCount, inkGaps, operatorShape, type Gray } from './image.js';
import { pageImage, type PageImage } from './page-image.js';
import { givePlanes, takePlane } from './planes.js';
import { colourCount } from './stamp.js';
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

/** A reading made of the number characters only (and their full-width look-alikes). */
const numberOnly = (chars: string) => new RegExp(`^[${chars.replace(/[-\\\]^]/g, '\\$&')}，．。％－Oo]+$`);

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
export async function scanPage(doc: PDFDocumentProxy, pageNumber: number, S: OcrSettings = OCR_SETTINGS): Promise<ScannedPage> {
  beginOcr();
  const image = await pageImage(doc, pageNumber, S);
  // the lighter mask of faint rules, in a plane of the thread's (one went back as the page was made)
  const faint = ruleMask(image.gray, image.mask, image.threshold, S, takePlane(image.mask.length));
  const segments = findRules(image.mask, image.gray.width, image.gray.height, image.scale, S, faint);
  givePlanes([faint], S.keepPlanesMs);
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
    for (const [k, box] of boxes.entries()) {
      const read = await readRegion(img, box, S);
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

/** Lines read from an image scaled by f, in the unscaled image's pixels. */
function scaledBack(lines: OcrLine[], f: number): OcrLine[] {
  const box = (b: Box): Box => ({ x0: b.x0 / f, y0: b.y0 / f, x1: b.x1 / f, y1: b.y1 / f });
  return lines.map((l) => ({ ...l, ...box(l), starts: l.starts.map((x) => x / f), boxes: l.boxes.map(box) }));
}

/** The characters a number is spelt with, half and full width. */
const NUMBER_CHAR = /[0-9０-９.,，．%％\-－]/;

/** Read one region (points); null when it holds no ink. Numbers are read again restricted. */
async function readRegion(img: PageImage, box: Box, S: OcrSettings) {
  const { gray, mask, scale } = img;
  const inset = S.cellInset * scale;
  const x0 = Math.max(0, Math.round(box.x0 * scale + inset)), y0 = Math.max(0, Math.round(box.y0 * scale + inset));
  const x1 = Math.min(gray.width, Math.round(box.x1 * scale - inset)), y1 = Math.min(gray.height, Math.round(box.y1 * scale - inset));
  if (x1 - x0 < 4 || y1 - y0 < 4 || inkCount(mask, gray.width, x0, y0, x1, y1) < S.minInkPx) return null;
  const pad = Math.round(S.cellInset * scale * 4);
  // a shaded cell's fill is paper too: what is about as light as the cell's own background (most of its pixels)
  const paper = Math.min(img.threshold + S.paperMargin, median(gray, x0, y0, x1, y1) - S.shadeMargin);
  const crop = (from: Gray) => cropPgm(from, x0, y0, x1, y1, pad, paper, {
    maxSpeck: Math.round(S.maxSpeck * scale * scale),
    maxDot: Math.round(S.maxDot * scale * scale),
    reach: Math.round(S.dotReach * scale),
    colonReach: Math.round(S.colonReach * scale),
  });
  const sureOf = (ls: OcrLine[]) => (ls.length ? Math.min(...ls.map((l) => l.confidence)) : 0);
  const spell = (ls: OcrLine[]) => ls.map((l) => l.text).join('').replace(/\s+/g, '');
  const read = async (image: Buffer) => {
    let lines = await recognize(image, '', '6', S.dpi);
    // a short reading, unsure: read again as sparse text (a lone 一 in a narrow header cell defeats
    // block mode); the surer reading wins
    if (sureOf(lines) < S.retryBelow && [...lines.map((l) => l.text).join('')].length <= S.retryMaxChars) {
      const sparse = await recognize(image, '', '11', S.dpi);
      if (sureOf(sparse) > sureOf(lines)) lines = sparse;
    }
    const text = lines.map((l) => l.text).join('').replace(/\s+/g, '');
    // (a cell of O alone is a 0 read as a letter: no value of these forms is the letter; read
    // again as digits, unsure, since the first reading saw no digit)
    if (text && numberOnly(S.numberChars).test(text) && /[\dOo]/.test(text)) {
      const digits = await recognize(image, S.numberChars, '6', S.dpi);
      const unsure = !/\d/.test(text);
      if (digits.length) return unsure ? atMost(digits, S.guessConfidence) : digits;
    }
    // text read less surely than secondLookBelow is read again larger: the model's confusions
    // (梁 染, 日 月, a 小 read as 人小) change with the glyphs' size. Readings that differ are
    // unsure; a third, smaller, decides which is kept (two of three alike, else the surer)
    if (text && sureOf(lines) < S.secondLookBelow) {
      const at = async (f: number) => scaledBack(await recognize(scalePgm(image, f), '', '6', Math.round(S.dpi * f)), f);
      const larger = await at(S.secondLookLarger);
      if (spell(larger) !== text) {
        const smaller = await at(S.secondLookSmaller);
        const kept = spell(smaller) === spell(larger) ? larger : spell(smaller) === text || sureOf(lines) >= sureOf(larger) ? lines : larger;
        return atMost(kept, S.disagreeConfidence);
      }
    }
    return lines;
  };
  const image = crop(gray);
  let lines = await read(image);
  // under a stamp, read again with the stamp taken out harder: two readings that differ are unsure
  const stamped = !!img.stamp && colourCount(img.stamp, gray.width, x0, y0, x1, y1) >= S.minStampShare * (x1 - x0) * (y1 - y0);
  if (stamped) {
    const again = await read(crop(img.strongFade()));
    // the surer reading wins, unsure still
    if (spell(again) !== spell(lines)) lines = atMost(sureOf(again) > sureOf(lines) ? again : lines, S.disagreeConfidence);
  }
  const onPage = (b: Box): Box => ({ x0: b.x0 - pad + x0, y0: b.y0 - pad + y0, x1: b.x1 - pad + x0, y1: b.y1 - pad + y0 });
  lines = corrected(sameInkTwice(lines, S), {
    shapeOf: (b) => operatorShape(mask, gray.width, onPage(b)),
    gaps: (b) => inkGaps(mask, gray.width, onPage(b), Math.round(2 * (b.y1 - b.y0))),
    inkOf: (b) => {
      const ink = inkBox(mask, gray.width, onPage(b));
      return ink && { x0: ink.x0 + pad - x0, y0: ink.y0 + pad - y0, x1: ink.x1 + pad - x0, y1: ink.y1 + pad - y0 };
    },
    marksIn: (b) => marksIn(image, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, b, img.threshold, S.unreadInk * scale * scale),
    edges: { x0: pad, x1: pad + x1 - x0 },
  }, S);
  const cropW = x1 - x0 + 2 * pad, cropH = y1 - y0 + 2 * pad;
  if (!lines.length) {
    // ink (more than specks) that OCR read nothing from: a value may be lost, so it is listed as unsure text
    let dark = 0;
    for (let i = image.length - cropW * cropH; i < image.length; i++) if (image[i] < 255) dark++;
    return dark >= S.minInkPx ? { items: [], text: '', confidence: 0, numberConfidence: 0, lines } : null;
  }
  // a line of ink no line read covers (a lone ≥ wrapped onto a line of its own): a value may have lost it
  const edge = pad + Math.round(inset);
  if (unreadLine(image.subarray(image.length - cropW * cropH), cropW, cropH, lines, S.minInkPx, edge, cropW - edge)) {
    lines = atMost(lines, S.guessConfidence);
  }
  const toPt = (px: number, origin: number) => (px - pad + origin) / scale;
  const items = lines.map((l): TextItem => lineItem(l, (px) => toPt(px, x0), (px) => toPt(px, y0), scale));
  return {
    items,
    text: lines.map((l) => l.text).join('').replace(/\s+/g, ''),
    confidence: Math.min(...lines.map((l) => l.confidence)),
    numberConfidence: Math.min(100, ...lines.flatMap((l) => [...l.text].flatMap((ch, k) => (NUMBER_CHAR.test(ch) ? [l.confidences[k]] : [])))),
    lines,
  };
}

/**
 * Has a crop (paper 255) a line of ink that no read line covers: rows with ink one after another
 * (between columns x0 and x1: a rule's fringe at the cell's edge is none), at least minInk pixels
 * as wide as half a line is high (a glyph, not a speck), clear of the lines read? Rows within a
 * quarter of the lines' height of a line count as its (tesseract's line boxes leave out a
 * stroke's tip now and then).
 */
export function unreadLine(pixels: Uint8Array, width: number, height: number, lines: { y0: number; y1: number }[], minInk: number, x0 = 0, x1 = width): boolean {
  const reach = Math.round(Math.min(...lines.map((l) => l.y1 - l.y0)) / 4);
  let band = 0, left = width, right = -1;
  for (let y = 0; y < height; y++) {
    let ink = 0;
    if (!lines.some((l) => y >= l.y0 - reach && y < l.y1 + reach)) {
      for (let x = x0, i = y * width + x0; x < x1; x++, i++) {
        if (pixels[i] === 255) continue;
        ink++;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    if (!ink) [band, left, right] = [0, width, -1];
    else if ((band += ink) >= minInk && right - left + 1 >= 2 * reach) return true;
  }
  return false;
}

/** The median grey level of a rectangle (every other pixel). */
function median(img: Gray, x0: number, y0: number, x1: number, y1: number): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2, n++) hist[img.data[y * img.width + x]]++;
  for (let v = 0, seen = 0; v < 256; v++) if ((seen += hist[v]) * 2 >= n) return v;
  return 255;
}

/**
 * The marks of ink (8-connected pixels at most `ink`, at least `minPx` of them) of a PGM image
 * `W`×`H` that lie wholly inside `box`.
 */
function marksIn(pgm: Buffer, W: number, H: number, box: Box, ink: number, minPx: number): Box[] {
  const head = pgm.length - W * H;
  const bx0 = Math.max(0, Math.ceil(box.x0)), by0 = Math.max(0, Math.ceil(box.y0));
  const bx1 = Math.min(W, Math.floor(box.x1)), by1 = Math.min(H, Math.floor(box.y1));
  const seen = new Set<number>();
  const out: Box[] = [];
  for (let y = by0; y < by1; y++) {
    for (let x = bx0; x < bx1; x++) {
      const start = y * W + x;
      if (seen.has(start) || pgm[head + start] > ink) continue;
      const stack = [start];
      seen.add(start);
      let n = 0, inside = true, x0 = x, y0 = y, x1 = x, y1 = y;
      while (stack.length) {
        const i = stack.pop()!;
        const px = i % W, py = (i - px) / W;
        n++;
        if (px < bx0 || px >= bx1 || py < by0 || py >= by1) inside = false;
        x0 = Math.min(x0, px); x1 = Math.max(x1, px); y0 = Math.min(y0, py); y1 = Math.max(y1, py);
        // a mark reaching far out of the box is part of a glyph: stop following it
        if (n > (bx1 - bx0 + 2) * (by1 - by0 + 2)) { inside = false; break; }
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
          const qx = px + dx, qy = py + dy, q = qy * W + qx;
          if (qx < 0 || qy < 0 || qx >= W || qy >= H || seen.has(q) || pgm[head + q] > ink) continue;
          seen.add(q);
          stack.push(q);
        }
      }
      if (inside && n >= minPx) out.push({ x0, y0, x1: x1 + 1, y1: y1 + 1 });
    }
  }
  return out;
}

/** The lines of a region with what ./correct.ts puts right. */
function corrected(lines: OcrLine[], ink: { shapeOf: (box: Box) => OperatorShape; gaps: InkGaps; inkOf: InkBox; marksIn: MarksIn; edges: { x0: number; x1: number } }, S: OcrSettings): OcrLine[] {
  const heights = lines.map((l) => l.y1 - l.y0).sort((a, b) => a - b);
  const lh = heights[Math.floor(heights.length / 2)] ?? 0;
  const open = { full: false };
  const readLines = lines
    .map((l) => lineOf(fullWidth(fixOperator(percentUnit(decimalColons(numberGlyphs(flatDigits(percentGhost(spacedDigits(dropJunkEnds(unreadInk(glyphsOf(l), lh, ink.marksIn, S), lh, ink.inkOf, ink.edges, S), S), S), ink.inkOf, S)), S), S), ink.shapeOf, S), lh, ink.gaps, open, S), l))
    .filter((l) => l.text.trim());
  const out = roundBrackets(readLines.map((l) => l.text)).map((text, k) => ({ ...readLines[k], text }));
  // a header word one character off, over the whole cell (it may wrap)
  const text = out.map((l) => l.text).join('');
  const word = /\s/.test(text) ? undefined : lexiconWord(text);
  if (!word) return out;
  // line by line; a character dropped or added goes to (or from) the line where the two part
  const chars = [...word], read = [...text];
  let edit = 0;
  while (edit < read.length && read[edit] === chars[edit]) edit++;
  let k = 0, seen = 0;
  return out.map((l) => {
    let n = [...l.text].length;
    if (edit >= seen && (edit < seen + n || l === out[out.length - 1])) n += chars.length - read.length;
    seen += [...l.text].length;
    const part = chars.slice(k, k + n);
    k += n;
    if (part.length === l.starts.length) return { ...l, text: part.join('') };
    // a character more or fewer: the line's width shared out evenly
    const step = (l.x1 - l.x0) / Math.max(1, part.length);
    const boxes = part.map((_, j) => ({ x0: l.x0 + j * step, y0: l.y0, x1: l.x0 + (j + 1) * step, y1: l.y1 }));
    return { ...l, text: part.join(''), starts: boxes.map((b) => b.x0), boxes, confidences: part.map(() => l.confidence) };
  });
}

function lineItem(l: OcrLine, px: (v: number) => number, py: (v: number) => number, scale: number): TextItem {
  return {
    str: l.text,
    // tesseract's line box is the ink of the line, a little less than the font size
    size: Math.max(1, (l.y1 - l.y0) / scale),
    x0: px(l.x0), y0: py(l.y0), x1: px(l.x1), y1: py(l.y1),
    starts: l.starts.map(px),
  };
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
