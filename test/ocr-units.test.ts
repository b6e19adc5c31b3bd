// The OCR reader's pure parts on synthetic pixels and glyphs: rules found in an image (broken,
// beside text strokes), the skew, operator shapes, and each correction.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OcrLine } from '../src/read/ocr/engine.js';
import { OCR_INSTALL_HINT } from '../src/read/ocr/engine.js';
import { headerWords } from '../src/read/ocr/page.js';
import { corrected, unreadLine } from '../src/read/ocr/region.js';
import { inkChars, inkLeftOut, missingChars, unopenedUnit } from '../src/read/ocr/suspect.js';
import { lexiconWord, unknownUnit } from '../src/read/ocr/lexicon.js';
import { ocrInfo } from '../src/read/ocr/fields.js';
import type { Form } from '../src/model/schema.js';
import { fragmentGlyphs, decimalColons, percentGhost, spacedDigits, midLineDots, flatDigits, roundBrackets, fullWidth, sameInkTwice, glyphsOf, lineOf, numberGlyphs, percentUnit, dropJunkEnds, unreadInk, type Glyph } from '../src/read/ocr/correct.js';
import { fixOperator, fixWrappedOperator, operatorUnderChinese } from '../src/read/ocr/operators.js';
import { OCR_SETTINGS } from '../src/read/ocr/settings.js';
import { despeckle, operatorShape, scalePgm, skewAngle } from '../src/read/ocr/image.js';
import { pgmBands } from '../src/read/ocr/bands.js';
import { findRules, ruleMask } from '../src/read/ocr/rules.js';
import { greySeal, sealFree } from '../src/read/ocr/seal.js';
import { erode, paintEdgeDark } from '../src/read/ocr/border.js';
import { otsu } from '../src/read/ocr/image.js';

/** A blank mask with filled rectangles [x0, y0, x1, y1) set. */
function mask(width: number, height: number, rects: number[][]): Uint8Array {
  const m = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * width + x] = 1;
  return m;
}

/** A line of glyphs, one per character, each `w` px wide with `gap` px between them. */
function line(text: string, w = 30, gap = 4, h = 36): OcrLine {
  const chars = [...text];
  const boxes = chars.map((_, k) => ({ x0: k * (w + gap), y0: 0, x1: k * (w + gap) + w, y1: h }));
  return { text, x0: 0, y0: 0, x1: boxes[boxes.length - 1].x1, y1: h, starts: boxes.map((b) => b.x0), boxes, confidences: chars.map(() => 95), confidence: 95 };
}
const text = (g: Glyph[]) => g.map((x) => x.ch).join('');

describe('rules in a page image', () => {
  const scale = 300 / 72;
  it('finds a table: rules bridged over small breaks, a run of text strokes is not a rule', () => {
    const W = 1200, H = 600;
    const m = mask(W, H, [
      [100, 100, 1100, 102], [100, 300, 590, 302], [594, 300, 1100, 302], // the second one broken by 4 px
      [100, 500, 1100, 502],
      [100, 100, 102, 502], [600, 100, 602, 502], [1098, 100, 1100, 502],
      // a "text" row: short strokes 6 px apart with ink above and below (characters)
      ...Array.from({ length: 30 }, (_, k) => [150 + k * 12, 200, 158 + k * 12, 202]),
      ...Array.from({ length: 30 }, (_, k) => [152 + k * 12, 190, 154 + k * 12, 212]),
    ]);
    const segs = findRules(m, W, H, scale);
    const h = segs.filter((s) => s.orientation === 'h').map((s) => [Math.round(s.y0 * scale), Math.round(s.x0 * scale), Math.round(s.x1 * scale)]);
    expect(h.sort((a, b) => a[0] - b[0])).toEqual([[101, 100, 1100], [301, 100, 1100], [501, 100, 1100]]);
    expect(segs.filter((s) => s.orientation === 'v')).toHaveLength(3);
  });

  it("a seal's ring running beside a rule near where it touches neither thickens the rule nor moves it", () => {
    const W = 1200, H = 1000;
    // a table's vertical rule at x 600-602, a ring (radius 240, 12 px thick) whose outer edge touches it
    const m = mask(W, H, [[100, 100, 1100, 102], [100, 900, 1100, 902], [100, 100, 102, 902], [600, 100, 603, 902], [1098, 100, 1100, 902]]);
    const cx = 603 - 240, cy = 500;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const d = Math.hypot(x - cx, y - cy);
      if (d <= 240 && d >= 228) m[y * W + x] = 1;
    }
    const v = findRules(m, W, H, scale).filter((s) => s.orientation === 'v').map((s) => [Math.round(s.x0 * scale), Math.round(s.y0 * scale), Math.round(s.y1 * scale)]);
    expect(v.filter(([x]) => x >= 598 && x <= 605)).toEqual([[602, 100, 902]]);
  });

  it('measures the skew of a rotated rule', () => {
    const W = 1000, H = 400;
    const m = new Uint8Array(W * H);
    const t = Math.tan((0.7 * Math.PI) / 180);
    for (const y0 of [100, 250]) for (let x = 0; x < W; x++) for (let d = 0; d < 2; d++) m[(Math.round(y0 + x * t) + d) * W + x] = 1;
    expect(skewAngle(m, W, H, 4)).toBeCloseTo(0.7, 1);
  });
});

describe('a seal on a page scanned in grey', () => {
  // a page at OCR_SETTINGS.dpi: paper 215, rows of black "text" (dark cores, grey edges), and a
  // grey seal's ring (radius 20 mm, 1 mm thick, grey 115) over some of it
  const W = 900, H = 900, px = OCR_SETTINGS.dpi / 25.4;
  const page = (ring: boolean, textGrey = 40) => {
    const data = new Uint8Array(W * H).fill(215);
    for (let y = 60; y < H - 60; y += 40) {
      for (let x = 60; x < W - 60; x += 18) {
        // a glyph-like stroke: a core of textGrey, a grey edge round it
        for (let dy = -2; dy <= 16; dy++) for (let dx = -2; dx <= 10; dx++) data[(y + dy) * W + x + dx] = dx < 0 || dy < 0 || dx > 8 || dy > 14 ? 150 : textGrey;
      }
    }
    if (ring) {
      const r = 20 * px;
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
        const d = Math.hypot(x - 450, y - 450) - r;
        if (Math.abs(d) <= 0.5 * px && data[y * W + x] === 215) data[y * W + x] = 115;
      }
    }
    return { width: W, height: H, data };
  };

  it('finds the ring drawn by grey ink with no dark ink near it, and takes it out', () => {
    const img = page(true);
    const threshold = otsu(img);
    const flags = new Uint8Array(W * H);
    const seal = greySeal(img, threshold, OCR_SETTINGS, flags);
    expect(seal).not.toBeNull();
    expect(Math.abs(seal!.cx - 450) + Math.abs(seal!.cy - 450)).toBeLessThan(0.6 * px);
    expect(Math.abs(seal!.r - 20 * px)).toBeLessThan(0.6 * px);
    const text = new Uint8Array(W * H), recheck = new Uint8Array(W * H);
    const bits = sealFree(img, seal!, threshold, flags, OCR_SETTINGS, text, recheck);
    const on = (x: number, y: number) => y * W + x;
    // the ring's ink, away from the text: paper, and marked as the seal's
    const ringAt = on(450 + Math.round(20 * px), 450);
    const ringIsText = img.data[ringAt] !== 115;
    if (!ringIsText) expect([text[ringAt], recheck[ringAt], (bits[ringAt >> 3] >> (ringAt & 7)) & 1]).toEqual([215, 215, 1]);
    // every pixel of the text's cores is as it was; outside the ring's reach, the page is untouched
    let coresKept = true, outsideKept = true;
    for (let i = 0; i < W * H; i++) {
      if (img.data[i] === 40 && (text[i] !== 40 || recheck[i] !== 40)) coresKept = false;
      const x = i % W, y = (i - x) / W;
      if (Math.hypot(x - 450, y - 450) > 23 * px && text[i] !== img.data[i]) outsideKept = false;
    }
    expect([coresKept, outsideKept]).toEqual([true, true]);
    // no grey ink of the ring is left in the page read but where it touches the text's cores
    const nearCore = (x: number, y: number) => {
      for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) if (img.data[on(x + dx, y + dy)] === 40) return true;
      return false;
    };
    let ring = 0, left = 0;
    for (let y = 5; y < H - 5; y++) for (let x = 5; x < W - 5; x++) {
      if (img.data[on(x, y)] !== 115 || nearCore(x, y)) continue;
      ring++;
      if (text[on(x, y)] !== 215) left++;
    }
    expect([ring > 1000, left]).toEqual([true, 0]);
  });

  it('a page without a ring, or printed faintly (grey cores everywhere), has no seal', () => {
    const flags = new Uint8Array(W * H);
    const plain = page(false);
    expect(greySeal(plain, otsu(plain), OCR_SETTINGS, flags)).toBeNull();
    const faint = page(false, 120);
    expect(greySeal(faint, otsu(faint), OCR_SETTINGS, flags)).toBeNull();
    // grey all over round a ring (a grey photo, shading): more grey than any seal holds
    const shaded = page(true);
    for (let i = 0; i < W * H; i++) if (shaded.data[i] === 215) shaded.data[i] = 120;
    expect(greySeal(shaded, 170, OCR_SETTINGS, flags)).toBeNull();
  });
});

describe("the scanner lid's dark band at the image's edges", () => {
  // a 300-dpi-like plane: paper 220, a band (30) along the left edge 40-60 px deep, a table's
  // rule and a bold stroke (ink 40), and a shaded block inside the page as dark as the band
  const W = 400, H = 300;
  const page = () => {
    const data = new Uint8Array(W * H).fill(220);
    for (let y = 0; y < H; y++) data.fill(30, y * W, y * W + 40 + Math.round(20 * Math.sin(y / 40) ** 2));
    for (let x = 80; x < 380; x++) for (let y = 100; y < 103; y++) data[y * W + x] = 40;
    for (let y = 150; y < 250; y++) data.fill(40, y * W + 120, y * W + 130);
    for (let y = 200; y < 260; y++) data.fill(30, y * W + 200, y * W + 260);
    return { width: W, height: H, data };
  };
  const mask = (g: { data: Uint8Array }) => Uint8Array.from(g.data, (v) => (v <= 128 ? 1 : 0));

  it('erodes by a square, the image edge counting as dark', () => {
    const m = new Uint8Array(20 * 10);
    for (let y = 0; y < 10; y++) m.fill(1, y * 20, y * 20 + 5);
    for (let y = 2; y < 9; y++) m.fill(1, y * 20 + 10, y * 20 + 17);
    erode(m, 20, 10, 2);
    const at = (x: number, y: number) => m[y * 20 + x];
    // the band at the edge keeps its edge side and its rows to the top and bottom edges
    expect([at(0, 0), at(2, 9), at(3, 5), at(4, 5)]).toEqual([1, 1, 0, 0]);
    // the 7 × 7 block inside keeps its 3 × 3 core
    expect([at(13, 5), at(12, 4), at(14, 6), at(11, 5), at(13, 3)]).toEqual([1, 1, 1, 0, 0]);
  });

  const dark = { solid: 24, margin: 6, hole: 80, roundFill: 0.9, holeMargin: 120 };
  it('paints the band and a punch hole paper, and leaves rules, strokes, solid rectangles and blots further in', () => {
    const g = page();
    // a punch hole: a disc 60 px across
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x - 330, y - 200) <= 30) g.data[y * W + x] = 30;
    // a round blot as dark further in than holes are punched (a seal's star): kept
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x - 190, y - 140) <= 30) g.data[y * W + x] = 30;
    const before = Uint8Array.from(g.data);
    const chroma = new Uint8Array(W * H).fill(7);
    expect(paintEdgeDark(g, chroma, mask(g), dark)).toBe(true);
    for (const [x, y] of [[330, 200], [302, 200], [330, 229]]) expect(g.data[y * W + x]).toBe(255);
    // the band and its rim are paper (and colourless)
    for (const y of [0, 60, 150, 299]) for (const x of [0, 39, 45]) expect([g.data[y * W + x], chroma[y * W + x]]).toEqual([255, 0]);
    // the rule, the stroke and the block inside the page are as they were
    for (const [x, y] of [[90, 101], [370, 101], [125, 200], [250, 230], [205, 255], [190, 140], [165, 140]]) expect(g.data[y * W + x]).toBe(before[y * W + x]);
    // a page with no band: nothing painted
    const clean = page();
    for (let y = 0; y < H; y++) clean.data.fill(220, y * W, y * W + 70);
    const same = Uint8Array.from(clean.data);
    expect(paintEdgeDark(clean, new Uint8Array(W * H), mask(clean), dark)).toBe(false);
    expect(clean.data).toEqual(same);
  });
});

describe('characters the ink holds', () => {
  it('counts em squares of ink line by line, not the blanks between spaced glyphs nor a rule fringe', () => {
    const W = 400, H = 120;
    // a 20-px glyph: bars at its top and foot, three strokes down between them
    const glyph = (x: number, y: number) => [[x, y, x + 20, y + 2], [x, y + 18, x + 20, y + 20], [x, y, x + 2, y + 20], [x + 18, y, x + 20, y + 20], [x + 9, y, x + 11, y + 20]];
    // line 1: four glyphs spaced 40 px apart; line 2: two side by side; a rule's 2-px fringe at the
    // top, a rule down the right edge
    const m = mask(W, H, [[0, 0, 400, 2], [396, 0, 398, H], ...[0, 1, 2, 3].flatMap((k) => glyph(10 + 40 * k, 20)), ...glyph(10, 60), ...glyph(30, 60)]);
    expect(inkChars(m, W, { x0: 0, y0: 0, x1: W, y1: H }, 8)).toBe(6);
    // a rule under a line of text, touching it: still the glyphs alone
    const ruled = mask(W, H, [...[0, 1, 2, 3].flatMap((k) => glyph(10 + 40 * k, 20)), [0, 40, 400, 42]]);
    expect(inkChars(ruled, W, { x0: 0, y0: 0, x1: W, y1: H }, 8)).toBe(4);
    // a row of a table between two rules, its cells' rules down it (not the box's whole height):
    // never more than its glyphs (the rules lengthen the line, so fewer: what triggers a second look)
    const row = mask(W, H, [[0, 30, 400, 32], [0, 70, 400, 72], [5, 30, 7, 72], [200, 30, 202, 72], [395, 30, 397, 72], ...glyph(60, 40), ...glyph(80, 40), ...glyph(250, 40)]);
    expect(inkChars(row, W, { x0: 0, y0: 0, x1: W, y1: H }, 8)).toBeGreaterThanOrEqual(1);
    expect(inkChars(row, W, { x0: 0, y0: 0, x1: W, y1: H }, 8)).toBeLessThanOrEqual(3);
    // 偏差原因分析及改进 read 人: 8 missing; a reading with digits is not counted
    expect(missingChars('人', 9)).toBe(8);
    expect(missingChars('偏差原因分析及改进', 9)).toBe(0);
    expect(missingChars('5.00', 9)).toBeNull();
    expect(missingChars('', 9)).toBeNull();
  });

  it("a Chinese character boxed round a fragment of the em is a neighbour's stroke; punctuation and 一 are not", () => {
    const l = line('及时2人小时，一');
    const g = glyphsOf(l);
    // 人 over the 小's left stroke: 10 × 16 px in a line of 30 × 36 glyphs; ， small as punctuation is; 一 flat
    g[3] = { ...g[3], box: { x0: g[3].box.x0, y0: 10, x1: g[3].box.x0 + 10, y1: 26 } };
    g[6] = { ...g[6], box: { x0: g[6].box.x0, y0: 28, x1: g[6].box.x0 + 8, y1: 36 } };
    g[7] = { ...g[7], box: { x0: g[7].box.x0, y0: 16, x1: g[7].box.x1, y1: 19 } };
    const unsure = (x: Glyph[]) => x.filter((y) => y.confidence <= OCR_SETTINGS.guessConfidence).map((y) => y.ch).join('');
    expect(unsure(fragmentGlyphs(g))).toBe('人');
    expect(unsure(fragmentGlyphs(glyphsOf(line('及时2小时'))))).toBe('');
  });

  it("a number read with a digit's ink left out (5.00 read .00): in no character's box, or in a point's box; a fleck is no digit", () => {
    // a crop (paper 255) of 5.00: four 30 × 36 glyphs 4 px apart, the point 8 px wide, a dark band at the left edge
    const W = 200, H = 60;
    const crop = new Uint8Array(W * H).fill(255);
    const ink = (x0: number, x1: number, y0 = 10, y1 = 46) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) crop[y * W + x] = 0; };
    ink(0, 12, 0, H);
    [[20, 50], [54, 62, 38, 46], [66, 96], [100, 130]].forEach(([x0, x1, y0, y1]) => ink(x0, x1, y0, y1));
    const read = (text: string, boxes: number[][]): OcrLine => ({ ...line(text), x0: 20, y0: 10, x1: 130, y1: 46, boxes: boxes.map(([x0, x1]) => ({ x0, y0: 10, x1, y1: 46 })) });
    const S = { minInk: 40, runWidth: OCR_SETTINGS.leftOutWidth, runHeight: OCR_SETTINGS.leftOutHeight, pointWidth: OCR_SETTINGS.pointWidth };
    expect(inkLeftOut(crop, W, [read('5.00', [[20, 50], [54, 62], [66, 96], [100, 130]])], S, 14)).toBe(false);
    // a flat fleck after it (a stamp's, a speck: 14 × 4 px, 56 px of ink) is no digit left out
    ink(140, 154, 40, 44);
    expect(inkLeftOut(crop, W, [read('5.00', [[20, 50], [54, 62], [66, 96], [100, 130]])], S, 14)).toBe(false);
    // the 5 in no box (tesseract's line box holds it: it is not what counts)
    expect(inkLeftOut(crop, W, [read('.00', [[54, 62], [66, 96], [100, 130]])], S, 14)).toBe(true);
    // the 5 boxed with the point
    expect(inkLeftOut(crop, W, [read('.00', [[20, 62], [66, 96], [100, 130]])], S, 14)).toBe(true);
    // a wide point box that another character's box spans (boxes tesseract drew over a stamp) holds nothing more
    expect(inkLeftOut(crop, W, [read('5.00', [[20, 50], [46, 70], [20, 96], [100, 130]])], S, 14)).toBe(false);
    // the band at the crop's edge is looked past only within `edge`
    expect(inkLeftOut(crop, W, [read('5.00', [[20, 50], [54, 62], [66, 96], [100, 130]])], S, 0)).toBe(true);
  });

  it('a unit after a number read with a character no unit has is misread (条/秘); units of letters and marks are units', () => {
    expect(unknownUnit('=50.00(条/秘)')).toBe(true);
    expect(unknownUnit('50.00(条/秒)')).toBe(false);
    for (const ok of ['≥90.00(%)', '2.00(小时*7天)', '4.00(TB)', '100（万元）', '3(人次)', '5(km²)', '0.00(起)']) expect(unknownUnit(ok)).toBe(false);
    // a bracket after words, not after a number, is no unit
    expect(unknownUnit('及时（承诺时间内）')).toBe(false);
  });

  it('a number closed by a bracket nothing opened is a unit misread; a list\'s 1) is not', () => {
    expect(unopenedUnit('=100.00096)')).toBe(true);
    expect(unopenedUnit('=100.00(%)')).toBe(false);
    expect(unopenedUnit('≥85000.00（个）')).toBe(false);
    expect(unopenedUnit('1)已完成2)未完成')).toBe(false);
    expect(unopenedUnit('(1)12.5)')).toBe(true);
  });
});

describe('faint rules', () => {
  it('a hairline scanned lighter than the text is a rule; the text beside it is not', () => {
    const scale = 300 / 72, W = 800, H = 300;
    const data = new Uint8Array(W * H).fill(225);
    const paint = (x0: number, y0: number, x1: number, y1: number, v: number) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = v; };
    paint(50, 100, 750, 102, 170); // the hairline: 2 px, light grey
    paint(50, 250, 750, 252, 40); // a printed rule
    for (let k = 0; k < 30; k++) paint(80 + k * 20, 150, 92 + k * 20, 152, 40); // a line of text: short dark strokes
    for (let k = 0; k < 30; k++) paint(84 + k * 20, 140, 86 + k * 20, 162, 40);
    const gray = { width: W, height: H, data };
    const threshold = 130;
    const ink = new Uint8Array(W * H).map((_, i) => (data[i] <= threshold ? 1 : 0));
    const rows = (faint?: Uint8Array) => findRules(ink, W, H, scale, OCR_SETTINGS, faint).filter((s) => s.orientation === 'h').map((s) => Math.floor(s.y0 * scale));
    expect(rows()).toEqual([251]);
    expect(rows(ruleMask(gray, ink, threshold)).sort((a, b) => a - b)).toEqual([101, 251]);
  });

  it('a hairline dark enough in places: its pieces joined over the lighter stretches between them', () => {
    const scale = 300 / 72, W = 800, H = 200;
    const data = new Uint8Array(W * H).fill(225);
    const paint = (x0: number, y0: number, x1: number, y1: number, v: number) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = v; };
    paint(50, 100, 750, 102, 170);
    // darker stretches the ink mask finds, 100 px (24 pt) apart: a short rule of its own there would not count
    paint(50, 100, 300, 102, 60);
    paint(400, 100, 750, 102, 60);
    const gray = { width: W, height: H, data };
    const ink = new Uint8Array(W * H).map((_, i) => (data[i] <= 130 ? 1 : 0));
    const spans = (faint?: Uint8Array) => findRules(ink, W, H, scale, OCR_SETTINGS, faint).filter((s) => s.orientation === 'h').map((s) => [s.x0, s.x1].map((v) => Math.round(v * scale)));
    expect(spans()).toEqual([[50, 300], [400, 750]]);
    expect(spans(ruleMask(gray, ink, 130))).toEqual([[50, 750]]);
  });

  it('a light hairline a seal crosses is a rule on either side of it; crossing rules do not part it', () => {
    const scale = 300 / 72, W = 1600, H = 300;
    const data = new Uint8Array(W * H).fill(225);
    const paint = (x0: number, y0: number, x1: number, y1: number, v: number) => { for (let y = y0; y < y1; y++) data.fill(v, y * W + x0, y * W + x1); };
    paint(50, 150, 1550, 152, 170); // the hairline, light
    for (const x of [50, 400, 1550]) paint(x, 20, x + 2, 280, 60); // rules across it
    // a seal over it from 820 to 1080: its ring (6 px) and a few strokes of lettering inside
    for (let y = 0; y < H; y++) for (let x = 800; x < 1100; x++) {
      const r = Math.hypot(x - 950, y - 151);
      if (r >= 124 && r <= 130) data[y * W + x] = 60;
    }
    for (const [x, y] of [[860, 120], [900, 140], [960, 145], [1010, 130], [1040, 150]]) paint(x, y, x + 5, y + 30, 60);
    const gray = { width: W, height: H, data };
    const ink = new Uint8Array(W * H).map((_, i) => (data[i] <= 130 ? 1 : 0));
    const rows = findRules(ink, W, H, scale, OCR_SETTINGS, ruleMask(gray, ink, 130)).filter((s) => s.orientation === 'h').map((s) => [s.x0, s.x1].map((v) => Math.round(v * scale)));
    expect(rows).toHaveLength(2);
    const [left, right] = rows.sort((a, b) => a[0] - b[0]);
    // left of the seal, over the rule across it at 400; right of it, to the end
    expect(left[0]).toBeLessThanOrEqual(52);
    expect(left[1]).toBeGreaterThan(790);
    expect(left[1]).toBeLessThan(822);
    expect(right[0]).toBeGreaterThan(1078);
    expect(right[1]).toBeGreaterThanOrEqual(1548);
  });

  it('past its last dark piece, a light hairline counts up to the rule across it; strokes of text do not', () => {
    const scale = 300 / 72, W = 2400, H = 200;
    const make = (end: (data: Uint8Array) => void) => {
      const data = new Uint8Array(W * H).fill(225);
      const paint = (x0: number, y0: number, x1: number, y1: number, v: number) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = v; };
      paint(30, 20, 32, 180, 60); // a rule across its line at each end
      paint(2300, 20, 2302, 180, 60);
      paint(30, 100, 2200, 102, 60); // the rule, dark up to 2200
      end(data);
      const ink = new Uint8Array(W * H).map((_, i) => (data[i] <= 130 ? 1 : 0));
      return findRules(ink, W, H, scale, OCR_SETTINGS, ruleMask({ width: W, height: H, data }, ink, 130)).filter((s) => s.orientation === 'h').map((s) => Math.round(s.x1 * scale));
    };
    const paint = (d: Uint8Array, x0: number, y0: number, x1: number, y1: number, v: number) => { for (let y = y0; y < y1; y++) d.fill(v, y * W + x0, y * W + x1); };
    // printed light from 2200 on: a rule up to the rule across it
    expect(make((d) => paint(d, 2200, 100, 2300, 102, 170))).toEqual([2301]);
    // on from 2200 along strokes of text (a row of a merged cell): not a rule's
    expect(make((d) => {
      for (let x = 2204; x < 2300; x += 20) paint(d, x, 86, x + 3, 116, 60);
      for (let x = 2200; x < 2300; x += 20) paint(d, x, 100, x + 9, 102, 170);
    })).toEqual([2200]);
  });

  it('a hairline scanned to one bit comes out dashed: still a rule, a row of text is not', () => {
    const scale = 300 / 72, W = 800, H = 300;
    const dashes = Array.from({ length: 13 }, (_, k) => [50 + k * 55, 100, 80 + k * 55, 102]);
    const text = [...Array.from({ length: 30 }, (_, k) => [80 + k * 20, 200, 92 + k * 20, 202]), ...Array.from({ length: 30 }, (_, k) => [84 + k * 20, 190, 86 + k * 20, 212])];
    const ink = mask(W, H, [...dashes, ...text, [50, 250, 750, 252]]);
    const rows = (faint?: Uint8Array) => findRules(ink, W, H, scale, OCR_SETTINGS, faint).filter((s) => s.orientation === 'h').map((s) => Math.floor(s.y0 * scale));
    expect(rows()).toEqual([251]);
    expect(rows(ink).sort((a, b) => a - b)).toEqual([101, 251]);
  });
});

describe('operators from their ink', () => {
  const W = 40;
  const chevron = (left: boolean) => Array.from({ length: 20 }, (_, k) => {
    const d = Math.abs(10 - k); // distance from the vertex row
    const x = left ? 5 + d * 2 : 35 - d * 2;
    return [x, 5 + k, x + 3, 6 + k];
  });
  it('≤ ≥ < > = and not a character', () => {
    const box = { x0: 0, y0: 0, x1: W, y1: 40 };
    const bar = [[5, 32, 35, 34]];
    expect(operatorShape(mask(W, 40, [...chevron(true), ...bar]), W, box)).toBe('≤');
    expect(operatorShape(mask(W, 40, [...chevron(false), ...bar]), W, box)).toBe('≥');
    expect(operatorShape(mask(W, 40, chevron(true)), W, box)).toBe('<');
    expect(operatorShape(mask(W, 40, chevron(false)), W, box)).toBe('>');
    expect(operatorShape(mask(W, 40, [[5, 12, 35, 14], [5, 24, 35, 26]]), W, box)).toBe('=');
    expect(operatorShape(mask(W, 40, [[5, 5, 35, 7], [5, 18, 35, 20], [5, 32, 35, 34]]), W, box)).toBeNull(); // 三
  });
});

describe('corrections', () => {
  it('a speck read as a mark at a line end is dropped; a full stop that belongs stays', () => {
    const asDrawn = (b: { x0: number; y0: number; x1: number; y1: number }) => b;
    const l = line('项目服务期刚过半-');
    l.boxes[8] = { x0: 8 * 34 + 20, y0: 16, x1: 8 * 34 + 26, y1: 19 }; // small and 18 px from 半
    expect(text(dropJunkEnds(glyphsOf(l), 36, asDrawn))).toBe('项目服务期刚过半');
    // symbol boxes are rough: a line-high box whose ink is a dot of dust
    const tall = line('项目服务期刚过半-');
    expect(text(dropJunkEnds(glyphsOf(tall), 36, (b) => (b.x0 === tall.boxes[8].x0 ? { x0: b.x0 + 2, y0: 20, x1: b.x0 + 5, y1: 23 } : b)))).toBe('项目服务期刚过半');
    const d = line('达成。');
    d.boxes[2] = { x0: 2 * 34, y0: 22, x1: 2 * 34 + 11, y1: 34 };
    expect(text(dropJunkEnds(glyphsOf(d), 36, asDrawn))).toBe('达成。');
    expect(text(dropJunkEnds(glyphsOf(line('-', 20, 4, 4)), 4, asDrawn))).toBe('-');
    // a ， whose ink came out small, at the end of a line the cell goes on from: the clause's end
    const comma = line('达到98%，');
    comma.boxes[5] = { x0: 5 * 34 + 10, y0: 28, x1: 5 * 34 + 14, y1: 32 };
    expect(text(dropJunkEnds(glyphsOf(comma), 36, asDrawn, undefined, OCR_SETTINGS, true))).toBe('达到98%，');
    expect(text(dropJunkEnds(glyphsOf(comma), 36, asDrawn))).toBe('达到98%');
    // a blot taller than wide read as a dash
    const blot = line('过半-');
    expect(text(dropJunkEnds(glyphsOf(blot), 36, (b) => (b.x0 === blot.boxes[2].x0 ? { x0: b.x0, y0: 14, x1: b.x0 + 5, y1: 27 } : b)))).toBe('过半');
  });

  it("a bar at the cell's edge is a rule's fringe; a bar inside the text stays", () => {
    const asDrawn = (b: { x0: number; y0: number; x1: number; y1: number }) => b;
    const l = line('过半|');
    expect(text(dropJunkEnds(glyphsOf(l), 36, asDrawn, { x0: 0, x1: l.boxes[2].x1 }))).toBe('过半');
    expect(text(dropJunkEnds(glyphsOf(l), 36, asDrawn, { x0: 0, x1: l.boxes[2].x1 + 20 }))).toBe('过半|');
  });

  it("a digit read out of the % sign's own ink is dropped, the % unsure; a digit before it stays", () => {
    const l = line('96.19%');
    l.boxes[4] = { x0: 168, y0: 0, x1: 178, y1: 36 }; // narrow, mostly inside the %
    l.boxes[5] = { x0: 170, y0: 0, x1: 195, y1: 36 };
    const fixed = percentGhost(glyphsOf(l));
    expect([text(fixed), fixed[4].confidence]).toEqual(['96.1%', OCR_SETTINGS.guessConfidence]);
    expect(text(percentGhost(glyphsOf(line('99%'))))).toBe('99%');
  });

  it('a number read with a blank inside (full-width digits, a point lost) is unsure', () => {
    const unsure = (t: string) => spacedDigits(glyphsOf(line(t))).filter((g) => g.confidence <= OCR_SETTINGS.guessConfidence).map((g) => g.ch).join('');
    expect(unsure('6 . 00(次)')).toBe('.0');
    expect(unsure('=24 .00(小时/天)')).toBe('.');
    expect(unsure('6.00(次) 2024年')).toBe('');
    expect(unsure('1,990.09')).toBe('');
    expect(unsure('及时（ 2小时内到达）')).toBe('2');
    expect(unsure('及时( 2小时内到达)')).toBe('2');
  });

  it('a mark OCR read as nothing between two glyphs makes the line unsure', () => {
    const sure = (g: Glyph[]) => Math.min(...g.map((x) => x.confidence));
    // 1 00: a decimal point between the digits, small and low
    const num = line('100');
    num.boxes[1] = { ...num.boxes[1], x0: num.boxes[1].x0 + 14, x1: num.boxes[1].x1 + 14 };
    num.boxes[2] = { ...num.boxes[2], x0: num.boxes[2].x0 + 14, x1: num.boxes[2].x1 + 14 };
    const dot = (b: { x0: number; x1: number }) => [{ x0: b.x0 + 3, y0: 30, x1: b.x0 + 8, y1: 35 }];
    expect(sure(unreadInk(glyphsOf(num), 36, dot))).toBe(OCR_SETTINGS.guessConfidence);
    expect(sure(unreadInk(glyphsOf(num), 36, () => []))).toBe(95);
    // a stroke high in the gap is no decimal point
    expect(sure(unreadInk(glyphsOf(num), 36, (b) => [{ x0: b.x0 + 3, y0: 2, x1: b.x0 + 8, y1: 7 }]))).toBe(95);
    // Chinese: a ， dropped leaves an em between two characters; a stroke a narrow box left out does not
    const cjk = line('资源优先充分');
    for (let k = 2; k < 6; k++) cjk.boxes[k] = { ...cjk.boxes[k], x0: cjk.boxes[k].x0 + 34, x1: cjk.boxes[k].x1 + 34 };
    expect(sure(unreadInk(glyphsOf(cjk), 36, dot))).toBe(OCR_SETTINGS.guessConfidence);
    expect(sure(unreadInk(glyphsOf(line('资源优先充分')), 36, dot))).toBe(95);
    // after a number's % before Chinese: a dropped ，
    expect(sure(unreadInk(glyphsOf(line('98%提升')), 36, dot))).toBe(OCR_SETTINGS.guessConfidence);
    expect(sure(unreadInk(glyphsOf(line('98%提升')), 36, () => []))).toBe(95);
    // Chinese before a number's first digit: any mark (a dropped ≥, tall; a sign) makes it unsure
    const tall = (b: { x0: number }) => [{ x0: b.x0 + 1, y0: 8, x1: b.x0 + 3, y1: 30 }];
    expect(sure(unreadInk(glyphsOf(line('为8500')), 36, tall))).toBe(OCR_SETTINGS.guessConfidence);
    expect(sure(unreadInk(glyphsOf(line('为8500')), 36, () => []))).toBe(95);
    expect(sure(unreadInk(glyphsOf(line('为八千')), 36, tall))).toBe(95);
  });

  it('a line tesseract found twice over the same ink: the longer reading, unsure', () => {
    const whole = line('日常运维完成率');
    // a line moved by (dx, dy), its characters' boxes with it
    const moved = (l: OcrLine, dx: number, dy: number): OcrLine => ({
      ...l, x0: l.x0 + dx, x1: l.x1 + dx, y0: l.y0 + dy, y1: l.y1 + dy, starts: l.starts.map((s) => s + dx),
      boxes: l.boxes.map((b) => ({ x0: b.x0 + dx, x1: b.x1 + dx, y0: b.y0 + dy, y1: b.y1 + dy })),
    });
    const piece = (t: string, from: number) => moved(line(t), from, 3);
    const out = sameInkTwice([whole, piece('运', 102), piece('维完成', 136), piece('次', 204)]);
    expect(out.map((l) => l.text)).toEqual(['日常运维完成率']);
    expect(out[0].confidence).toBe(OCR_SETTINGS.guessConfidence);
    // two lines of a cell, one under the other, are two lines
    const next = moved(line('日常运维'), 0, 40);
    expect(sameInkTwice([whole, next])).toEqual([whole, next]);
    // even where tesseract's line boxes overlap (一级 over 指标 in a narrow cell): their characters do not
    const top = { ...line('一级'), y1: 70 }, bottom = { ...moved(line('指标'), 0, 40), y0: 20 };
    expect(sameInkTwice([top, bottom])).toEqual([top, bottom]);
  });

  it('full-width brackets from the blank beside them, their pair on the next line too', () => {
    const open = { full: false };
    const wide = () => ({ before: 20, after: 2 });
    const first = fullWidth(glyphsOf(line('及时(按期运')), 36, wide, open);
    const second = fullWidth(glyphsOf(line('维)')), 36, () => ({ before: 2, after: 30 }), open);
    expect(text(first) + text(second)).toBe('及时（按期运维）');
    const narrow = { full: false };
    expect(text(fullWidth(glyphsOf(line('合规(按合同规定)')), 36, () => ({ before: 3, after: 3 }), narrow))).toBe('合规(按合同规定)');
    expect(text(fullWidth(glyphsOf(line('原因:一是')), 36, wide, { full: false }))).toBe('原因：一是');
    // before a Chinese character too, but not after a digit (a thousands separator)
    expect(text(fullWidth(glyphsOf(line('98.5% ,古城')), 36, wide, { full: false }))).toBe('98.5% ，古城');
    expect(text(fullWidth(glyphsOf(line('1,中')), 36, wide, { full: false }))).toBe('1,中');
    // a bracket that starts its line: the margin before it says nothing; its pair on the line may
    const sure = (g: Glyph[]) => g.map((x) => x.confidence);
    const alone = { full: false };
    const lineStart = fullWidth(glyphsOf(line('(50分)')), 36, () => ({ before: 40, after: 40 }), alone);
    expect(text(lineStart)).toBe('(50分)');
    expect(sure(lineStart)).toEqual([OCR_SETTINGS.guessConfidence, 95, 95, 95, OCR_SETTINGS.guessConfidence]);
    const readFull = fullWidth(glyphsOf(line('（64')), 36, () => ({ before: 40, after: 2 }), { full: false });
    expect(text(readFull)).toBe('（64');
    expect(readFull[0].confidence).toBe(OCR_SETTINGS.guessConfidence);
    // its pair before a Chinese character decides both: narrow, then wide
    const gapsAt = (after: number) => (b: { x0: number }) => ({ before: 40, after: b.x0 >= 60 ? after : 2 });
    expect(text(fullWidth(glyphsOf(line('（1)是')), 36, gapsAt(3), { full: false }))).toBe('(1)是');
    const paired = fullWidth(glyphsOf(line('(1)是')), 36, gapsAt(30), { full: false });
    expect([text(paired), Math.min(...sure(paired))]).toEqual(['（1）是', 95]);
    // unsure, the bracket's ） on the next line is unsure too
    const carried = { full: false };
    fullWidth(glyphsOf(line('(2024')), 36, () => ({ before: 40, after: 2 }), carried);
    expect(fullWidth(glyphsOf(line('年度)')), 36, () => ({ before: 2, after: 40 }), carried)[2].confidence).toBe(OCR_SETTINGS.guessConfidence);
    expect(roundBrackets(['及时〈2小时内', '到达)'])).toEqual(['及时（2小时内', '到达）']);
    expect(roundBrackets(['<2024年度)'])).toEqual(['（2024年度）']);
    expect(roundBrackets(['《办法》(2024)'])).toEqual(['《办法》(2024)']);
    expect(roundBrackets(['<1.00(小时)'])).toEqual(['<1.00(小时)']);
  });

  it('the percent unit, numbers cleaned, lexicon words', () => {
    expect(text(percentUnit(glyphsOf(line('100.00(9%)'))))).toBe('100.00(%)');
    expect(text(percentUnit(glyphsOf(line('91.00(90)'))))).toBe('91.00(%)');
    expect(text(percentUnit(glyphsOf(line('24.00(小时)'))))).toBe('24.00(小时)');
    expect(text(numberGlyphs(glyphsOf(line('.0.00'))))).toBe('0.00');
    expect(text(numberGlyphs(glyphsOf(line('10.00-'))))).toBe('10.00');
    expect(text(numberGlyphs(glyphsOf(line('100,00'))))).toBe('100.00');
    expect(text(numberGlyphs(glyphsOf(line('1,990.09'))))).toBe('1,990.09');
    expect(text(numberGlyphs(glyphsOf(line('-'))))).toBe('-');
    expect(lexiconWord('实际完成什')).toBe('实际完成值');
    expect(lexiconWord('质指标')).toBe('质量指标'); // a character dropped
    expect(lexiconWord('质量指标标')).toBe('质量指标');
    // a word's first or last characters alone, in a cell a page break may have cut (its rest is
    // on the next page); elsewhere a character dropped
    expect(lexiconWord('满意度指', 4, { end: true })).toBeUndefined();
    expect(lexiconWord('意度指标', 4, { start: true })).toBeUndefined();
    expect(lexiconWord('满意度指')).toBe('满意度指标');
    expect(lexiconWord('年度资金总', 4, { start: true })).toBe('年度资金总额');
    expect(lexiconWord('年度资金总矣：')).toBe('年度资金总额：');
    // a bracket after the word is kept as read
    expect(lexiconWord('实际完成什(B)')).toBe('实际完成值(B)');
    expect(lexiconWord('全年执行救（万元）')).toBe('全年执行数（万元）');
    expect(lexiconWord('产出指标(50分)')).toBeUndefined();
    // short words: only where asked (a header row), never to a rare synonym (分数 is one off too)
    expect(lexiconWord('分什')).toBeUndefined();
    expect(lexiconWord('分什', 2)).toBe('分值');
    expect(lexiconWord('完成什', 2)).toBe('完成值');
    // a word of another template is no misread (自评得分 is one character off 自评总分)
    expect(lexiconWord('自评得分')).toBeUndefined();
    expect(lexiconWord('年度预算数')).toBeUndefined();
    expect(lexiconWord('数量指标')).toBeUndefined(); // a word itself, though 质量指标 is one character away
    expect(lexiconWord('评分等级')).toBeUndefined();
    expect(lexiconWord('部门整体文出绩效自评表')).toBe('部门整体支出绩效自评表'); // a title
    expect(lexiconWord('部门整体支绩效自评表')).toBeUndefined(); // 部门整体绩效自评表 + 支, or 部门整体支出… − 出: either
  });

  it('what is put right from its place, not read, is unsure (its value is flagged)', () => {
    const unsure = (g: Glyph[]) => g.filter((x) => x.confidence <= OCR_SETTINGS.guessConfidence).map((x) => x.ch).join('');
    // the % read as such keeps its confidence; guessed from (2%4) (9 (20), it is unsure
    expect(unsure(percentUnit(glyphsOf(line('100.00(%)'))))).toBe('');
    for (const read of ['50.00(2%4)', '执行率(9', '100.00(20)']) {
      const fixed = percentUnit(glyphsOf(line(read)));
      expect([text(fixed).slice(-3), unsure(fixed)]).toEqual(['(%)', '%']);
    }
    for (const [read, fixed] of [['5:00', '5.00'], ['0:00(起)', '0.00(起)']]) {
      const colon = decimalColons(numberGlyphs(glyphsOf(line(read))));
      expect([text(colon), unsure(colon)]).toEqual([fixed, '.']);
    }
    expect(text(decimalColons(glyphsOf(line('8:30-17:300'))))).toBe('8:30-17:300');
    expect(unsure(numberGlyphs(glyphsOf(line('100,00'))))).toBe('');
    // a lone 3 read from a flat blot is the blank cell's dash, unsure; a tall 3 stays
    const ink = (w: number, h: number) => () => ({ x0: 0, y0: 0, x1: w, y1: h });
    expect([text(flatDigits(glyphsOf(line('3')), ink(12, 5))), unsure(flatDigits(glyphsOf(line('3')), ink(12, 5)))]).toEqual(['-', '-']);
    expect(text(flatDigits(glyphsOf(line('3')), ink(12, 20)))).toBe('3');
    // a "." whose ink is a flat bar at mid-height (a dash blurred into the digit before it) is a "-", unsure
    const bar = (y0: number, y1: number) => (b: { x0: number; x1: number }) => ({ x0: b.x0, y0, x1: b.x1, y1 });
    const dashed = midLineDots(glyphsOf(line('16.农村')), 36, bar(20, 24));
    expect([text(dashed), unsure(dashed)]).toEqual(['16-农村', '-']);
    expect(text(midLineDots(glyphsOf(line('16.5')), 36, bar(31, 35)))).toBe('16.5');
    expect(text(midLineDots(glyphsOf(line('16.5')), 36, bar(8, 34)))).toBe('16.5');
    expect(text(midLineDots(glyphsOf(line('16.5')), 36, () => null))).toBe('16.5');
    // the "."'s own box tight round the dash: the line's foot is its glyphs' lowest edge
    const tight = glyphsOf(line('16.农村'));
    tight[2] = { ...tight[2], box: { ...tight[2].box, y0: 20, y1: 24 } };
    expect(text(midLineDots(tight, 36, bar(20, 24)))).toBe('16-农村');
    // a decimal point on the digits' baseline, brackets reaching lower after it: a point
    const point = glyphsOf(line('100.00(%)'));
    for (const k of [0, 1, 2, 4, 5]) point[k] = { ...point[k], box: { ...point[k].box, y0: 6, y1: 30 } };
    point[3] = { ...point[3], box: { ...point[3].box, y0: 25, y1: 30 } };
    expect(text(midLineDots(point, 36, bar(24, 28)))).toBe('100.00(%)');
    // 二 before a number where the ink shows no operator: kept, unsure
    expect(unsure(fixOperator(glyphsOf(line('二90.00(%)')), () => null))).toBe('二');
    expect(text(fixOperator(glyphsOf(line('二90.00(%)')), () => '≥'))).toBe('≥90.00(%)');
    expect(unsure(fixOperator(glyphsOf(line('二90.00(%)')), () => '≥'))).toBe('');
    // a < (read, or seen in the ink) may be a ≤ whose bar merged: unsure
    expect(unsure(fixOperator(glyphsOf(line('<5.00(%)')), () => null))).toBe('<');
    expect(unsure(fixOperator(glyphsOf(line('<5.00(%)')), () => '<'))).toBe('<');
    // a ≥ read as >= over the same ink: one operator from both boxes, unsure; >= side by side stays two
    const twice = glyphsOf(line('>=70'));
    twice[1] = { ...twice[1], box: { ...twice[0].box, x1: twice[0].box.x1 + 8 } };
    const seen: number[] = [];
    const merged = fixOperator(twice, (b) => (seen.push(b.x1 - b.x0), '≥'));
    expect([text(merged), unsure(merged), seen]).toEqual(['≥70', '≥', [38]]);
    expect(text(fixOperator(glyphsOf(line('>=70')), () => '≥'))).toBe('>=70');
    // an operator alone at a line's end, its number wrapped to the next line: read from its ink as well
    expect(text(fixWrappedOperator(glyphsOf(line('二')), '85000.00(个)', () => '≥'))).toBe('≥');
    expect(unsure(fixWrappedOperator(glyphsOf(line('二')), '85000.00(个)', () => null))).toBe('二');
    expect(unsure(fixWrappedOperator(glyphsOf(line('达到≤')), '5.00(%)', () => null))).toBe('');
    expect(text(fixWrappedOperator(glyphsOf(line('达到≤')), '5.00(%)', () => '≥'))).toBe('达到≥');
    // 二 after other text is a word's (第二 / 1季度), and nothing wraps before a word
    expect(text(fixWrappedOperator(glyphsOf(line('第二')), '1季度', () => '='))).toBe('第二');
    expect(text(fixWrappedOperator(glyphsOf(line('二')), '级以上', () => '≥'))).toBe('二');
    // any Chinese character alone on its line before a number (≥ read 之): from the ink, else unsure
    expect(text(fixWrappedOperator(glyphsOf(line('之')), '85000.00(个)', () => '≥'))).toBe('≥');
    expect(unsure(fixWrappedOperator(glyphsOf(line('之')), '85000.00(个)', () => null))).toBe('之');
    // an operator's look-alike inside a line before a number, after a word: read from its ink
    expect(text(fixOperator(glyphsOf(line('应该为=8500')), (b) => (b.x0 > 20 ? '≥' : null)))).toBe('应该为≥8500');
    expect(text(fixOperator(glyphsOf(line('1=2')), () => '≥'))).toBe('1=2');
    // the boxes shifted by one: 为's box holds the ≥, the = beside it reads nothing: ≥, unsure
    const shiftedLine = line('应该为=8500');
    const atWei = (b: { x0: number }) => (b.x0 === shiftedLine.boxes[2].x0 ? '≥' : null);
    expect([text(fixOperator(glyphsOf(shiftedLine), atWei)), unsure(fixOperator(glyphsOf(shiftedLine), atWei))]).toEqual(['应该为≥8500', '≥']);
    // (the ='s own box on the ≥'s bar: an = by its ink, all the same)
    const barToo = (b: { x0: number }) => (b.x0 === shiftedLine.boxes[2].x0 ? '≥' : b.x0 === shiftedLine.boxes[3].x0 ? '=' : null);
    expect(text(fixOperator(glyphsOf(shiftedLine), barToo))).toBe('应该为≥8500');
    // a Chinese character before a number whose ink is ≥: the operator was dropped under its box
    const under = line('应该为8500');
    const overOperator = (b: { x0: number }) => (b.x0 === under.boxes[2].x0 ? '≥' : null);
    expect(unsure(operatorUnderChinese(glyphsOf(under), overOperator))).toBe('为8');
    expect(unsure(operatorUnderChinese(glyphsOf(under), () => null))).toBe('');
    expect(unsure(operatorUnderChinese(glyphsOf(line('应该为八千')), () => '≥'))).toBe('');
    expect(lineOf(glyphsOf(line('ab')), line('ab')).text).toBe('ab');
  });

  it('a header row puts its short words right; another row does not', () => {
    const cell = (text: string) => ({ region: { page: 1, x0: 0, y0: 0, x1: 1, y1: 1, text, confidence: 95, numberConfidence: 95 }, items: [{ str: text, size: 9, x0: 0, y0: 0, x1: 1, y1: 1, starts: [...text].map((_, k) => k) }] });
    const header = ['三级指标', '实际完成值', '分什', '得分'].map(cell);
    const values = ['分钟', '分什', '5.00'].map(cell);
    headerWords([header, values]);
    expect(header.map((c) => [c.region.text, c.items[0].str])).toEqual([['三级指标', '三级指标'], ['实际完成值', '实际完成值'], ['分值', '分值'], ['得分', '得分']]);
    expect(values.map((c) => c.region.text)).toEqual(['分钟', '分什', '5.00']);
  });

  it('a number takes the confidence of the characters that spell it: an unsure bracket width does not touch it', () => {
    const form = (JSON.parse(readFileSync(new URL('../fixtures/scanned/year-spaced-150dpi.json', import.meta.url), 'utf8')) as Form[])[0];
    const region = (text: string, confidence: number, numberConfidence: number) => ({ page: 1, x0: 0, y0: 0, x1: 1, y1: 1, text, confidence, numberConfidence });
    const info = ocrInfo(form, [region('（2023年度）', 50, 97), region(form.projectName!, 96, 100)], [1])!;
    expect([info.fields.year, info.fields.projectName]).toEqual([97, 96]);
    // a text value made of that region keeps its lowest character
    const text = ocrInfo({ ...form, projectName: '（2023年度）' }, [region('（2023年度）', 50, 97)], [1])!;
    expect(text.fields.projectName).toBe(50);
  });

  it('a crop scaled for a second look: its size and its ink in the same place', () => {
    const W = 40, H = 20;
    const head = Buffer.from(`P5\n${W} ${H}\n255\n`, 'latin1');
    const pgm = Buffer.concat([head, Buffer.alloc(W * H, 255)]);
    for (let y = 5; y < 15; y++) for (let x = 10; x < 20; x++) pgm[head.length + y * W + x] = 0;
    const big = scalePgm(pgm, 1.25);
    const m = /^P5\n(\d+) (\d+)\n255\n/.exec(big.toString('latin1', 0, 32))!;
    expect([Number(m[1]), Number(m[2])]).toEqual([50, 25]);
    const at = (x: number, y: number) => big[m[0].length + y * 50 + x];
    // the square's middle is ink, its corner paper, far from it paper
    expect([at(18, 12), at(2, 2), at(40, 20)]).toEqual([0, 255, 255]);
  });

  it('a number wrapped after its point keeps the point (120. / 00); a lone trailing point goes', () => {
    const ink = { shapeOf: () => null, gaps: () => ({ before: 0, after: 0 }), inkOf: (b: { x0: number; y0: number; x1: number; y1: number }) => b, marksIn: () => [], edges: { x0: -1e9, x1: 1e9 } };
    const second = { ...line('00'), y0: 40, y1: 76 };
    expect(corrected([line('120.'), second], ink, OCR_SETTINGS).map((l) => l.text)).toEqual(['120.', '00']);
    expect(corrected([line('120.')], ink, OCR_SETTINGS).map((l) => l.text)).toEqual(['120']);
  });

  it('a band of ink no read line covers (a lone ≥ on a line of its own) is found', () => {
    const W = 60, H = 100;
    const px = new Uint8Array(W * H).fill(255);
    const ink = (y0: number, y1: number) => { for (let y = y0; y < y1; y++) for (let x = 10; x < 30; x++) px[y * W + x] = 0; };
    ink(10, 30);
    ink(50, 80);
    expect(unreadLine(px, W, H, [{ y0: 48, y1: 82 }], 40)).toBe(true);
    expect(unreadLine(px, W, H, [{ y0: 8, y1: 32 }, { y0: 48, y1: 82 }], 40)).toBe(false);
    // a stroke's tip just past the line's box is the line's
    expect(unreadLine(px, W, H, [{ y0: 13, y1: 32 }, { y0: 52, y1: 78 }], 40)).toBe(false);
    // specks down a tall cell are no line, nor a rule's fringe along its edge
    const specks = new Uint8Array(W * H).fill(255);
    for (let y = 0; y < 40; y += 3) specks[y * W + 20] = specks[y * W + 21] = specks[y * W + 22] = 0;
    for (let y = 0; y < H; y++) specks[y * W + 1] = 0;
    for (let y = 50; y < 80; y++) specks.fill(0, y * W + 10, y * W + 30);
    expect(unreadLine(specks, W, H, [{ y0: 48, y1: 82 }], 40, 4, W - 4)).toBe(false);
    // nor a dot of ink (7 px square) under the line: narrower than half a line
    for (let y = 90; y < 97; y++) specks.fill(0, y * W + 20, y * W + 27);
    expect(unreadLine(specks, W, H, [{ y0: 48, y1: 82 }], 40, 4, W - 4)).toBe(false);
  });

  it('despeckle: lone specks go, a decimal point between digits and the dots of a colon stay', () => {
    const W = 80, H = 20;
    const px = new Uint8Array(W * H).fill(255);
    const dot = (x: number, y: number, s: number) => { for (let j = 0; j < s; j++) for (let i = 0; i < s; i++) px[(y + j) * W + x + i] = 0; };
    dot(2, 2, 2); // a speck
    dot(40, 2, 4); // a larger lone dot
    for (let y = 6; y < 18; y++) { px[y * W + 10] = 0; px[y * W + 20] = 0; } // two digit strokes
    dot(14, 15, 4); // the decimal point between them
    dot(64, 1, 4); // a colon, its dots further apart than the reach of "near"
    dot(64, 14, 4);
    despeckle(px, W, H, 6, 26, 8, 20);
    expect(px[2 * W + 2]).toBe(255);
    expect(px[2 * W + 40]).toBe(255);
    expect(px[15 * W + 14]).toBe(0);
    expect([px[1 * W + 64], px[14 * W + 64]]).toEqual([0, 0]);
  });
});

it('the install hint names the installed versions', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of ['tesseract.js', '@tesseract.js-data/chi_sim', '@napi-rs/canvas']) expect(OCR_INSTALL_HINT).toContain(`${name}@${pkg.dependencies[name]}`);
});

describe('a large image read in bands', () => {
  /** a PGM W wide of `lines` text-like lines (ink rows 20 high, 12 apart), white between */
  const page = (W: number, lines: number) => {
    const H = lines * 32 + 12;
    const head = Buffer.from(`P5\n${W} ${H}\n255\n`, 'latin1');
    const px = Buffer.alloc(W * H, 255);
    for (let l = 0; l < lines; l++) for (let y = 12 + l * 32; y < 32 + l * 32; y++) for (let x = 10; x < W - 10; x += 3) px[y * W + x] = 0;
    return { pgm: Buffer.concat([head, px]), W, H, head: head.length };
  };

  it('one band when it holds no more than the most pixels', () => {
    const { pgm } = page(400, 10);
    expect(pgmBands(pgm, 400 * 400)).toEqual([{ y0: 0, image: pgm }]);
  });

  it('bands of whole rows, none over the most, cut only between lines, that put together are the image', () => {
    const { pgm, W, H, head } = page(1000, 60);
    const bands = pgmBands(pgm, 1000 * 300);
    expect(bands.length).toBeGreaterThan(6);
    let y = 0;
    const rows: Buffer[] = [];
    for (const b of bands) {
      const m = /^P5\n(\d+) (\d+)\n255\n/.exec(b.image.toString('latin1', 0, 32))!;
      const [w, h] = [Number(m[1]), Number(m[2])];
      expect(w).toBe(W);
      expect(w * h).toBeLessThanOrEqual(1000 * 300);
      expect(b.y0).toBe(y);
      // the cut is a blank row: no line's ink on the rows either side of it
      if (b.y0) for (const r of [b.y0 - 1, b.y0]) expect(pgm.subarray(head + r * W, head + (r + 1) * W).every((v) => v === 255)).toBe(true);
      rows.push(b.image.subarray(m[0].length));
      y += h;
    }
    expect(y).toBe(H);
    expect(Buffer.concat(rows).equals(pgm.subarray(head))).toBe(true);
  });
});
