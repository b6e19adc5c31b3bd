// What OCR gets wrong on these forms, put right from the glyphs' geometry and the template's
// words, as pure functions over the recognised lines of one region:
//  - scan specks read as punctuation at either end of a line (small, set apart);
//  - full-width brackets and punctuation read as ASCII ones (a full-width glyph sits in an em
//    box: wide gaps beside it);
//  - the percent unit read as 9%, 90, %} inside the (…) after a number;
//  - a line read twice over the same ink; a dash read as a point.
// (The comparison operator before a target, ≥ ≤ read as 二, 三, <: ./operators.ts. A header
// word with one character wrong, 实际完成什 → 实际完成值: ./lexicon.ts.)
import { isCjkChar } from '../../text/normalize.js';
import type { Box } from '../../geometry/index.js';
import type { OcrLine } from './engine.js';
import { OCR_SETTINGS, type OcrSettings } from './settings.js';

export interface Glyph {
  ch: string;
  box: Box;
  confidence: number;
}

export const glyphsOf = (line: OcrLine): Glyph[] =>
  [...line.text].map((ch, k) => ({ ch, box: line.boxes[k], confidence: line.confidences[k] }));

/** A line rebuilt from its (corrected) glyphs. */
export function lineOf(glyphs: Glyph[], base: OcrLine): OcrLine {
  const kept = glyphs.filter((g) => g.ch);
  return {
    ...base,
    text: kept.map((g) => g.ch).join(''),
    starts: kept.map((g) => g.box.x0),
    boxes: kept.map((g) => g.box),
    confidences: kept.map((g) => g.confidence),
    confidence: kept.reduce((m, g) => Math.min(m, g.confidence), 100),
    x0: kept.length ? kept[0].box.x0 : base.x0,
    x1: kept.length ? Math.max(...kept.map((g) => g.box.x1)) : base.x1,
  };
}

const JUNK = /^[“”‘’"'`.,，。、·:;：；|丨\-_~^*]$/;
const height = (b: Box) => b.y1 - b.y0;

/** The tight box of the ink under a glyph's box (px), or null when there is none. */
export type InkBox = (box: Box) => Box | null;

/**
 * Drop specks read as punctuation at the ends of a line: a mark whose ink is tiny (a dot of
 * dust; a printed 。 or ， is several times larger), a "dash" that is not flat, a mark low
 * and far from its neighbour, or a bar at the cell's left or right edge (`edges`, px: the
 * fringe of a blurred rule reaching into the cell; text keeps clear of the rules).
 * Symbol boxes are rough (a "-" may get the line's height): the ink is measured.
 */
export function dropJunkEnds(glyphs: Glyph[], lineHeight: number, inkOf: InkBox, edges: { x0: number; x1: number } = { x0: -Infinity, x1: Infinity }, S: OcrSettings = OCR_SETTINGS, more = false): Glyph[] {
  const out = [...glyphs];
  const isJunk = (g: Glyph, neighbour: Glyph | undefined) => {
    if (!JUNK.test(g.ch)) return false;
    // a full-width ， 、 。 ； within an em of the last glyph of a line the cell's text goes on from
    // (`more`) ends a clause (98%，| 提升): a printed mark, however small its ink came out
    if (more && g === out[out.length - 1] && neighbour && /^[，、。；]$/.test(g.ch) && g.box.x0 - neighbour.box.x1 < lineHeight) return false;
    if (/^[|丨]$/.test(g.ch) && (g.box.x0 <= edges.x0 + 1 || g.box.x1 >= edges.x1 - 1)) return true;
    const ink = inkOf(g.box);
    if (!ink) return true;
    if (Math.max(ink.x1 - ink.x0, ink.y1 - ink.y0) < S.junkInkShare * lineHeight) return true;
    // a dash is flat: a blot read as one is not
    if (/^[-_~]$/.test(g.ch) && ink.x1 - ink.x0 < S.dashFlatness * (ink.y1 - ink.y0)) return true;
    const gap = neighbour ? Math.max(neighbour.box.x0 - ink.x1, ink.x0 - neighbour.box.x1) : Infinity;
    return height(ink) < S.junkHeightShare * lineHeight && gap > S.junkGapShare * lineHeight;
  };
  while (out.length && isJunk(out[0], out[1])) out.shift();
  while (out.length && isJunk(out[out.length - 1], out[out.length - 2])) out.pop();
  return out;
}

/** The separate marks of ink (as dark as the page's ink, at least minPx pixels) lying wholly inside a box of the region's image, px. */
export type MarksIn = (box: Box) => Box[];

/**
 * A mark between two glyphs of a line that OCR read as nothing — a dropped ， 。 or decimal
 * point — makes the glyph after it unsure (guessConfidence): tesseract reports the line as
 * sure as ever. The mark lies wholly in the gap between the two glyphs' boxes (specks were
 * taken out of the image before). Between digits (one stroke each), or after a number's last
 * digit or % before Chinese, it is small (under unreadSize × the line height) and low in the line; between Chinese and a
 * number's first digit it is any mark (a dropped ≥ ≤ or sign); between Chinese characters, whose
 * symbol boxes may leave a stroke out, the two also stand unreadPitch × the line's median
 * character pitch apart (a dropped full-width mark takes an em of its own).
 */
export function unreadInk(glyphs: Glyph[], lineHeight: number, marksIn: MarksIn, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const y0 = Math.min(...glyphs.map((g) => g.box.y0)), y1 = Math.max(...glyphs.map((g) => g.box.y1));
  const mid = (y0 + y1) / 2, small = S.unreadSize * lineHeight;
  const inked = glyphs.filter((g) => !/\s/.test(g.ch));
  const pitches = inked.slice(1).flatMap((g, k) => (isCjkChar(g.ch) && isCjkChar(inked[k].ch) ? [g.box.x0 - inked[k].box.x0] : [])).sort((a, b) => a - b);
  const pitch = pitches.length >= 3 ? pitches[Math.floor(pitches.length / 2)] : Infinity;
  let prev: Glyph | undefined;
  return glyphs.map((g) => {
    if (/\s/.test(g.ch)) return g;
    const before = prev;
    prev = g;
    if (!before || g.box.x0 - before.box.x1 < 2) return g;
    const digits = /\d/.test(before.ch) && /\d/.test(g.ch);
    const cjk = isCjkChar(before.ch) && isCjkChar(g.ch) && g.box.x0 - before.box.x0 >= S.unreadPitch * pitch;
    // a number's end before Chinese: a ， dropped there (98%，提升)
    const numberEnd = /[\d%％]/.test(before.ch) && isCjkChar(g.ch);
    // Chinese before a number's first digit: an operator or a sign dropped there (应该为≥8500), any mark
    const numberStart = isCjkChar(before.ch) && /\d/.test(g.ch);
    if (!digits && !cjk && !numberEnd && !numberStart) return g;
    const marks = marksIn({ x0: before.box.x1, y0, x1: g.box.x0, y1: y1 + Math.round(small / 2) })
      .filter((m) => numberStart || (m.x1 - m.x0 <= small && m.y1 - m.y0 <= small && (m.y0 + m.y1) / 2 > mid));
    return marks.length ? { ...g, confidence: Math.min(g.confidence, S.guessConfidence) } : g;
  });
}

const FULL: Record<string, string> = { '(': '（', ')': '）', ':': '：', ';': '；', ',': '，', '!': '！', '?': '？' };

/** Blank space beside a glyph's ink, px: measured on the page, as symbol boxes overlap. */
export type InkGaps = (box: Box) => { before: number; after: number };

/**
 * ASCII punctuation that is printed full width: brackets with an em box's blank beside them
 * (a full-width （ is drawn at the right of its box, ） at the left), and , : ; ! ? right after
 * a CJK character or before one (98.5%，古城; not after a digit: 1,中 keeps its separator).
 * A bracket that starts its line has the cell's margin before it, not its own blank: its pair
 * on the line tells (the blank after a ） before a Chinese character), else it is unsure
 * (guessConfidence), as the ） that closes it: a cell's own line, (50分), looks the same either way.
 * `open` carries a bracket left open to the cell's next line.
 */
export function fullWidth(glyphs: Glyph[], lineHeight: number, gaps: InkGaps, open: { full: boolean; unsure?: boolean }, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const out = glyphs.map((g) => ({ ...g }));
  const wide = S.fullWidthGapShare * lineHeight;
  const cjk = (g: Glyph | undefined) => !!g && isCjkChar(g.ch);
  const isOpen = (g: Glyph) => g.ch === '(' || g.ch === '（', isClose = (g: Glyph) => g.ch === ')' || g.ch === '）';
  const unsure = (g: Glyph) => void (g.confidence = Math.min(g.confidence, S.guessConfidence));
  // what a closer's own blank says: before a Chinese character on its line, wide is full width
  const closerSays = (k: number): boolean | undefined => (cjk(out[k + 1]) ? gaps(out[k].box).after > wide : undefined);
  for (let k = 0; k < out.length; k++) {
    const g = out[k], prev = out[k - 1], next = out[k + 1];
    if (isOpen(g)) {
      if (prev) {
        open.full = g.ch === '（' || (cjk(prev) && gaps(g.box).before > wide);
        open.unsure = false;
      } else {
        const close = out.findIndex((h, j) => j > k && isClose(h));
        const says = close > 0 ? closerSays(close) : undefined;
        open.unsure = says === undefined;
        open.full = says ?? g.ch === '（';
        if (open.unsure) unsure(g);
      }
      g.ch = open.full ? '（' : '(';
    } else if (isClose(g)) {
      const says = closerSays(k);
      if (open.unsure && says === undefined) unsure(g);
      if (open.full || says) g.ch = '）';
      else if (open.unsure && says === false) g.ch = ')';
      open.full = false;
      open.unsure = false;
    } else if (/^[:;,!?]$/.test(g.ch) && (cjk(prev) ? !/\d/.test(next?.ch ?? '') : cjk(next) && !/\d/.test(prev?.ch ?? ''))) g.ch = FULL[g.ch];
  }
  return out;
}

/** Lines no surer than `confidence`, each character of them too. */
export const atMost = (lines: OcrLine[], confidence: number): OcrLine[] =>
  lines.map((l) => ({ ...l, confidence: Math.min(l.confidence, confidence), confidences: l.confidences.map((c) => Math.min(c, confidence)) }));

/**
 * Tesseract now and then finds a line twice in one block: the whole line, then pieces of it again
 * over the same ink (日常运维完成率 + 运 + 维完成 + 次). A line whose characters lie over an
 * earlier one's, by more than S.sameInkShare of their area, is that ink again: the line with more
 * characters is kept, unsure (guessConfidence), as it is a reading tesseract itself split.
 */
export function sameInkTwice(lines: OcrLine[], S: OcrSettings = OCR_SETTINGS): OcrLine[] {
  // over their characters' boxes, not the lines' (tesseract's line boxes of a two-line cell
  // overlap: 一级 over 指标 in a narrow header cell)
  const boxes = (l: OcrLine) => l.boxes.filter((_, k) => !/\s/.test([...l.text][k] ?? ''));
  const area = (b: Box) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
  const over = (a: OcrLine, b: OcrLine) => {
    let shared = 0;
    for (const p of boxes(a)) for (const q of boxes(b)) shared += area({ x0: Math.max(p.x0, q.x0), y0: Math.max(p.y0, q.y0), x1: Math.min(p.x1, q.x1), y1: Math.min(p.y1, q.y1) });
    const sum = (l: OcrLine) => boxes(l).reduce((n, x) => n + area(x), 0);
    return shared > S.sameInkShare * Math.min(sum(a), sum(b));
  };
  const kept: OcrLine[] = [];
  let twice = false;
  for (const line of lines) {
    const k = kept.findIndex((l) => over(l, line));
    if (k < 0) kept.push(line);
    else {
      twice = true;
      if ([...line.text].length > [...kept[k].text].length) kept[k] = line;
    }
  }
  if (!twice) return lines;
  return atMost(kept, S.guessConfidence);
}

/**
 * A Chinese character (not punctuation) whose box is a fragment of the line's em (under
 * fragmentWidth of it wide and fragmentHeight high, the em the median height of the line's
 * Chinese characters, 3 at least): a stroke of its neighbour read as a character of its own
 * (2小时 read 2人小时, the 小's left stroke a 人): unsure. A 一 is as wide as any.
 */
export function fragmentGlyphs(glyphs: Glyph[], S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const han = (g: Glyph) => /\p{Script=Han}/u.test(g.ch);
  const cjk = glyphs.filter(han);
  if (cjk.length < 3) return glyphs;
  const heights = cjk.map((g) => g.box.y1 - g.box.y0).sort((a, b) => a - b);
  const em = heights[Math.floor(heights.length / 2)];
  const fragment = (g: Glyph) => han(g) && g.box.x1 - g.box.x0 < S.fragmentWidth * em && g.box.y1 - g.box.y0 < S.fragmentHeight * em;
  return glyphs.some(fragment) ? glyphs.map((g) => (fragment(g) ? { ...g, confidence: Math.min(g.confidence, S.guessConfidence) } : g)) : glyphs;
}

/**
 * A number's cell: specks read as marks before or after it dropped (a lone - stays: it means
 * blank), and a comma before the last one or two digits read as what it is, a decimal point
 * (a thousands separator is followed by three).
 */
export function numberGlyphs(glyphs: Glyph[]): Glyph[] {
  const text = glyphs.map((g) => g.ch).join('');
  if (!/\d/.test(text) || !/^[\s\d.,，'"“”‘’|_:\-%]+$/.test(text)) return glyphs;
  let a = 0, b = glyphs.length;
  while (a < b && /[\s.,，'"“”‘’|_:]/.test(glyphs[a].ch)) a++;
  while (b > a && /[\s.,，'"“”‘’|_:\-]/.test(glyphs[b - 1].ch)) b--;
  const out = glyphs.slice(a, b).map((g) => ({ ...g }));
  const digitsAfter = (k: number) => out.slice(k + 1).every((g) => /\d/.test(g.ch)) ? out.length - k - 1 : -1;
  out.forEach((g, k) => {
    const n = digitsAfter(k);
    if (/[,，]/.test(g.ch) && (n === 1 || n === 2) && !out.some((h) => h.ch === '.')) g.ch = '.';
  });
  return out;
}

/**
 * A colon between a digit and the last one or two digits of a number (at the cell's end or
 * before its unit in brackets: 5:00, 0:00(起)) is a decimal point with a speck over it; unsure.
 */
export function decimalColons(glyphs: Glyph[], S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const text = glyphs.map((g) => g.ch).join('');
  const at = new Set<number>();
  for (const m of text.matchAll(/(?<=\d)[:：](?=\d{1,2}(?:[(（]|$))/g)) at.add(m.index);
  return at.size ? glyphs.map((g, k) => (at.has(k) ? { ...g, ch: '.', confidence: Math.min(g.confidence, S.guessConfidence) } : g)) : glyphs;
}

/**
 * A 〈 《 < that a round bracket closes later in the cell (its lines' texts), with no other
 * bracket opened between them, is a （ misread (an operator's < is followed by its number's
 * unit in brackets); the closing one is full width then too. Character for character, so
 * boxes stay.
 */
export function roundBrackets(texts: string[]): string[] {
  const chars = texts.map((t) => [...t]);
  const all = chars.flat();
  const open = all.findIndex((c) => c === '〈' || c === '《' || c === '<');
  const close = all.findIndex((c, k) => k > open && (c === ')' || c === '）' || c === '(' || c === '（'));
  if (open < 0 || close < 0 || all[close] === '(' || all[close] === '（' || all.some((c) => c === '〉' || c === '》' || c === '>')) return texts;
  all[open] = '（';
  all[close] = '）';
  let k = 0;
  return chars.map((cs) => all.slice(k, (k += cs.length)).join(''));
}

/**
 * A digit read out of the % sign's own ink (99.2% read 99.29%, 100% read 1009%): its box lies
 * mostly inside the %'s (ghostOverlap of its width; a digit printed before a % stands clear of
 * it). Dropped, and the % made unsure: put right from boxes, not read.
 */
export function percentGhost(glyphs: Glyph[], S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const out: Glyph[] = [];
  glyphs.forEach((g, k) => {
    const next = glyphs[k + 1];
    const width = g.box.x1 - g.box.x0;
    if (next?.ch === '%' && /\d/.test(g.ch) && width > 0 && g.box.x1 - next.box.x0 >= S.ghostOverlap * width) {
      glyphs[k + 1] = { ...next, confidence: Math.min(next.confidence, S.guessConfidence) };
      return;
    }
    out.push(g);
  });
  return out;
}

/**
 * A number read with a blank inside it (6 . 00, 2 4.00) or after full-width punctuation
 * (（ 2小时): its digits stand wider apart than a number's — full-width digits (６．００, which
 * read as ASCII ones), or a point lost between them. Unsure: which it is the ink does not tell.
 */
export function spacedDigits(glyphs: Glyph[], S: OcrSettings = OCR_SETTINGS): Glyph[] {
  return glyphs.map((g, k) => {
    const before = glyphs[k - 1], prev = glyphs[k - 2];
    const wide = /^[\d.]$/.test(g.ch) && before && /^\s$/.test(before.ch) && prev && /^[\d.(（【《，、：；]$/.test(prev.ch);
    return wide ? { ...g, confidence: Math.min(g.confidence, S.guessConfidence) } : g;
  });
}

/** A lone "digit" whose ink is flat is a dash (a blank cell's "-"): digits are taller than wide. */
export function flatDigits(glyphs: Glyph[], inkOf: InkBox, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const g = glyphs[0];
  if (glyphs.length !== 1 || !/^\d$/.test(g.ch)) return glyphs;
  const ink = inkOf(g.box);
  return ink && ink.x1 - ink.x0 >= S.dashFlatness * (ink.y1 - ink.y0) ? [{ ...g, ch: '-', confidence: Math.min(g.confidence, S.guessConfidence) }] : glyphs;
}

/**
 * A "." whose ink (in the right half of its box: the left may hold the glyph before, a dash
 * blurred into it) is a flat bar above the line's foot is a "-" (51182223R0000047316-农村 read
 * with a point at 95): unsure. A full stop or a decimal point sits on the baseline.
 */
export function midLineDots(glyphs: Glyph[], lineHeight: number, inkOf: InkBox, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  // the line's foot: its digits' lowest edge (a "."'s own box may be the dash's alone; brackets reach lower)
  const digits = glyphs.filter((g) => /\d/.test(g.ch));
  const bottom = Math.max(...(digits.length ? digits : glyphs).map((g) => g.box.y1));
  return glyphs.map((g) => {
    if (g.ch !== '.') return g;
    const ink = inkOf({ ...g.box, x0: (g.box.x0 + g.box.x1) / 2 });
    const flat = ink && ink.y1 - ink.y0 <= S.dashHeight * lineHeight && ink.x1 - ink.x0 >= ink.y1 - ink.y0;
    return flat && (ink.y0 + ink.y1) / 2 < bottom - S.footShare * lineHeight ? { ...g, ch: '-', confidence: Math.min(g.confidence, S.guessConfidence) } : g;
  });
}

/**
 * (9%) (90) (20) (2%4) (9g) (%} after a number, or after 率 (a rate's unit, as in the header
 * 执行率(%)), its closing bracket maybe lost: the unit % (a unit in brackets is never a number),
 * unsure unless it was read as % (or 9%).
 */
export function percentUnit(glyphs: Glyph[], S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const text = glyphs.map((g) => g.ch).join('');
  const m = /([\d率])\(([%\doOg]{1,3})([)}\]]|$)/.exec(text);
  if (!m) return glyphs;
  const open = m.index + 1, close = open + m[2].length + 1;
  if (!m[3]) glyphs = [...glyphs, { ...glyphs[glyphs.length - 1], ch: ')' }];
  const inner = glyphs.slice(open + 1, close);
  const merged: Glyph = {
    ch: '%',
    box: { x0: inner[0].box.x0, y0: Math.min(...inner.map((g) => g.box.y0)), x1: inner[inner.length - 1].box.x1, y1: Math.max(...inner.map((g) => g.box.y1)) },
    // read as (%) but for a stray mark: as sure as its glyphs; else a guess from its place
    confidence: Math.min(...inner.map((g) => g.confidence), m[3] && /^9?%$/.test(m[2]) ? 100 : S.guessConfidence),
  };
  return [...glyphs.slice(0, open + 1), merged, { ...glyphs[close], ch: ')' }, ...glyphs.slice(close + 1)];
}
