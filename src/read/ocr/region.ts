// One region of a page image read by OCR (a table cell, a block of text): cropped and cleaned,
// read by tesseract (numbers again restricted to their characters, unsure text again at other
// scales, a cell under a stamp again with the stamp taken out harder), then put right
// (./correct.ts) and turned into positioned text items in points.
import type { Box } from '../../geometry/index.js';
import type { TextItem } from '../../model/page.js';
import { recognize, type OcrLine } from './engine.js';
import { decimalColons, dropJunkEnds, fragmentGlyphs, percentGhost, spacedDigits, unreadInk, type MarksIn, type Glyph, roundBrackets, midLineDots, fullWidth, sameInkTwice, atMost, glyphsOf, flatDigits, lineOf, numberGlyphs, percentUnit, type InkBox, type InkGaps } from './correct.js';
import { fixOperator, fixWrappedOperator, operatorUnderChinese, type OperatorShape } from './operators.js';
import { cropPgm, scalePgm, inkBox, inkCount, inkGaps, operatorShape, type Gray } from './image.js';
import { isTemplateWord, lexiconWord, unknownUnit, type Cut } from './lexicon.js';
import type { PageImage } from './page-image.js';
import { colourCount } from './stamp.js';
import { inkChars, missingChars, inkLeftOut, unopenedUnit } from './suspect.js';
import type { OcrSettings } from './settings.js';

/** A reading made of the number characters only (and their full-width look-alikes). */
const numberOnly = (chars: string) => new RegExp(`^[${chars.replace(/[-\\\]^]/g, '\\$&')}，．。％－Oo]+$`);

/** Lines read from an image scaled by f, in the unscaled image's pixels. */
function scaledBack(lines: OcrLine[], f: number): OcrLine[] {
  const box = (b: Box): Box => ({ x0: b.x0 / f, y0: b.y0 / f, x1: b.x1 / f, y1: b.y1 / f });
  return lines.map((l) => ({ ...l, ...box(l), starts: l.starts.map((x) => x / f), boxes: l.boxes.map(box) }));
}

/** The characters a number is spelt with, half and full width. */
const NUMBER_CHAR = /[0-9０-９.,，．%％\-－]/;

/** Read one region (points); null when it holds no ink. Numbers are read again restricted. */
export async function readRegion(img: PageImage, box: Box, S: OcrSettings, cut: Cut = {}) {
  const { gray, mask, scale } = img;
  const inset = S.cellInset * scale;
  const x0 = Math.max(0, Math.round(box.x0 * scale + inset)), y0 = Math.max(0, Math.round(box.y0 * scale + inset));
  const x1 = Math.min(gray.width, Math.round(box.x1 * scale - inset)), y1 = Math.min(gray.height, Math.round(box.y1 * scale - inset));
  if (x1 - x0 < 4 || y1 - y0 < 4 || inkCount(mask, gray.width, x0, y0, x1, y1) < S.minInkPx) return null;
  const pad = Math.round(S.cellInset * scale * 4);
  const cropW = x1 - x0 + 2 * pad, cropH = y1 - y0 + 2 * pad;
  // a shaded cell's fill is paper too: what is about as light as the cell's own background (most of its pixels)
  const paper = Math.min(img.threshold + S.paperMargin, median(gray, x0, y0, x1, y1) - S.shadeMargin);
  const crop = (from: Gray) => cropPgm(from, x0, y0, x1, y1, pad, paper, {
    maxSpeck: Math.round(S.maxSpeck * scale * scale),
    maxDot: Math.round(S.maxDot * scale * scale),
    reach: Math.round(S.dotReach * scale),
    colonReach: Math.round(S.colonReach * scale),
  });
  const sureOf = (ls: OcrLine[]) => (ls.length ? Math.min(...ls.map((l) => l.confidence)) : 0);
  // an image read scaled by f (restricted to `chars`), the lines put back at its own size
  const scaledLook = async (image: Buffer, f: number, chars = '') => scaledBack(await recognize(scalePgm(image, f), chars, '6', Math.round(S.dpi * f)), f);
  const spell = (ls: OcrLine[]) => ls.map((l) => l.text).join('').replace(/\s+/g, '');
  // Chinese characters the cell's ink holds, counted once if asked
  let held: number | undefined;
  const inkHolds = () => (held ??= inkChars(mask, gray.width, { x0, y0, x1, y1 }, Math.round(S.minGlyphHeight * scale)));
  // does a reading leave a glyph's ink out (a digit lost)? then looks larger and smaller that both
  // leave none and agree on the digits (5.00 and 500: the point is the faintest mark) give the
  // reading, the fuller of the two, unsure; else the reading stays, unsure (one look alone read
  // .00 as 9.00 on a 150-dpi fax)
  const leftOutSettings = { minInk: S.minInkPx, runWidth: S.leftOutWidth, runHeight: S.leftOutHeight, pointWidth: S.pointWidth };
  const leftOut = (image: Buffer, ls: OcrLine[]) => inkLeftOut(image.subarray(image.length - cropW * cropH), cropW, ls, leftOutSettings, pad);
  const coveringLook = async (image: Buffer, ls: OcrLine[]) => {
    const looks = [await scaledLook(image, S.secondLookLarger, S.numberChars), await scaledLook(image, S.secondLookSmaller, S.numberChars)];
    const digits = (look: OcrLine[]) => spell(look).replace(/\D/g, '');
    const [a, b] = looks;
    const agree = looks.every((look) => look.length && !leftOut(image, look)) && digits(a) === digits(b);
    return agree ? atMost(spell(b).length > spell(a).length ? b : a, S.disagreeConfidence) : atMost(ls, S.guessConfidence);
  };
  const read = async (image: Buffer) => {
    let lines = await recognize(image, '', '6', S.dpi);
    // a short reading, unsure: read again as sparse text (a lone 一 in a narrow header cell defeats
    // block mode); the surer reading wins
    if (sureOf(lines) < S.retryBelow && [...lines.map((l) => l.text).join('')].length <= S.retryMaxChars) {
      const sparse = await recognize(image, '', '11', S.dpi);
      if (sureOf(sparse) > sureOf(lines)) lines = sparse;
    }
    const text = spell(lines);
    // (a cell of O alone is a 0 read as a letter: no value of these forms is the letter; read
    // again as digits, unsure, since the first reading saw no digit)
    if (text && numberOnly(S.numberChars).test(text) && /[\dOo]/.test(text)) {
      const digits = await recognize(image, S.numberChars, '6', S.dpi);
      const unsure = !/\d/.test(text);
      if (digits.length) return leftOut(image, digits) ? coveringLook(image, digits) : unsure ? atMost(digits, S.guessConfidence) : digits;
    }
    // Chinese read with characters missing for the width of its ink (偏差原因分析及改进 read 人:
    // a low-resolution scan drawn larger): read again larger and smaller, the reading that fits
    // the ink best kept, unsure if it is another (a look of nothing or of anything but Chinese
    // never fits)
    const missing = (ls: OcrLine[]) => missingChars(spell(ls), inkHolds()) ?? Infinity;
    if (missing(lines) >= S.missingChars && missing(lines) < Infinity) {
      const looks = [await scaledLook(image, S.secondLookLarger), await scaledLook(image, S.secondLookSmaller)];
      const best = looks.reduce((a, b) => (missing(b) < missing(a) ? b : a), lines);
      return best === lines || spell(best) === text ? lines : atMost(best, S.disagreeConfidence);
    }
    // text read less surely than secondLookBelow is read again larger: the model's confusions
    // (梁 染, 日 月, a 小 read as 人小) change with the glyphs' size. Readings that differ are
    // unsure; a third, smaller, decides which is kept (two of three alike, else the surer)
    if (text && sureOf(lines) < S.secondLookBelow) {
      const at = (f: number) => scaledLook(image, f);
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
    const harder = crop(img.strongFade());
    const again = await read(harder);
    if (spell(again) !== spell(lines)) {
      // which reading is kept (unsure either way): a header word (or one the lexicon puts right)
      // read one way only is that word (the stamp's strokes made the other); else what a look at
      // the harder image larger (then smaller) reads as well, or what those two agree on; else the surer
      const word = (ls: OcrLine[]) => isTemplateWord(spell(ls)) || !!lexiconWord(spell(ls), undefined, cut);
      let kept = word(again) !== word(lines) ? (word(again) ? again : lines) : undefined;
      // a reading that leaves a glyph's ink out loses to one that does not
      const out = [leftOut(image, lines), leftOut(harder, again)];
      if (!kept && out[0] !== out[1]) kept = out[0] ? again : lines;
      const chars = numberOnly(S.numberChars).test(spell(again)) ? S.numberChars : '';
      const looks: OcrLine[][] = [];
      for (const f of [S.secondLookLarger, S.secondLookSmaller]) {
        if (kept) break;
        const look = await scaledLook(harder, f, chars);
        kept = [again, lines, ...looks].find((ls) => spell(ls) === spell(look));
        looks.push(look);
      }
      kept ??= sureOf(again) > sureOf(lines) ? again : lines;
      lines = atMost(kept, S.disagreeConfidence);
    }
  }
  const onPage = (b: Box): Box => ({ x0: b.x0 - pad + x0, y0: b.y0 - pad + y0, x1: b.x1 - pad + x0, y1: b.y1 - pad + y0 });
  lines = corrected(sameInkTwice(lines, S), {
    shapeOf: (b) => operatorShape(mask, gray.width, onPage(b)),
    gaps: (b) => inkGaps(mask, gray.width, onPage(b), Math.round(2 * (b.y1 - b.y0))),
    inkOf: (b) => {
      const ink = inkBox(mask, gray.width, onPage(b));
      return ink && { x0: ink.x0 + pad - x0, y0: ink.y0 + pad - y0, x1: ink.x1 + pad - x0, y1: ink.y1 + pad - y0 };
    },
    marksIn: (b) => marksIn(image, cropW, cropH, b, img.threshold, S.unreadInk * scale * scale),
    edges: { x0: pad, x1: pad + x1 - x0 },
  }, S, cut);
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
  // a number closed by a bracket the cell never opened (=100.00(%) read =100.00096)), or its unit
  // read with a character no unit has (条/秘): the unit was misread
  const said = lines.map((l) => l.text).join('');
  if (unopenedUnit(said) || unknownUnit(said)) lines = atMost(lines, S.guessConfidence);
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
export function corrected(lines: OcrLine[], ink: { shapeOf: (box: Box) => OperatorShape; gaps: InkGaps; inkOf: InkBox; marksIn: MarksIn; edges: { x0: number; x1: number } }, S: OcrSettings, cut: Cut = {}): OcrLine[] {
  const heights = lines.map((l) => l.y1 - l.y0).sort((a, b) => a - b);
  const lh = heights[Math.floor(heights.length / 2)] ?? 0;
  const open = { full: false };
  // a number wrapped after its point (120. / 00 in a narrow cell): the point is no speck at a line's end
  const wrapsAtPoint = (k: number) => /\d[.．]$/.test(lines[k].text) && /^\d/.test(lines[k + 1]?.text ?? '');
  const readLines = lines
    .map((l, k) => {
      const glyphs = glyphsOf(l);
      const point = wrapsAtPoint(k) ? glyphs.pop() : undefined;
      // each correction of ./correct.ts and ./operators.ts in turn, first to last
      const steps: ((g: Glyph[]) => Glyph[])[] = [
        (g) => unreadInk(g, lh, ink.marksIn, S),
        (g) => dropJunkEnds(g, lh, ink.inkOf, ink.edges, S, k < lines.length - 1),
        (g) => spacedDigits(g, S),
        (g) => percentGhost(g, S),
        (g) => flatDigits(g, ink.inkOf, S),
        (g) => midLineDots(g, lh, ink.inkOf, S),
        numberGlyphs,
        (g) => decimalColons(g, S),
        (g) => percentUnit(g, S),
        (g) => fixOperator(g, ink.shapeOf, S),
        (g) => fixWrappedOperator(g, lines[k + 1]?.text ?? '', ink.shapeOf, S),
        (g) => operatorUnderChinese(g, ink.shapeOf, S),
        (g) => fragmentGlyphs(g, S),
        (g) => fullWidth(g, lh, ink.gaps, open, S),
      ];
      const fixed = steps.reduce((g, step) => step(g), glyphs);
      return lineOf(point ? [...fixed, point] : fixed, l);
    })
    .filter((l) => l.text.trim());
  const out = roundBrackets(readLines.map((l) => l.text)).map((text, k) => ({ ...readLines[k], text }));
  // a header word one character off, over the whole cell (it may wrap)
  const text = out.map((l) => l.text).join('');
  const word = /\s/.test(text) ? undefined : lexiconWord(text, undefined, cut);
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

