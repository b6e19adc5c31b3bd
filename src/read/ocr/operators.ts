// The operator before a number (≥ ≤ < > =) as OCR reads it on these forms — 二 三 < >, two
// characters over one glyph's ink, alone at a line's end, or dropped under a neighbour's box —
// decided from its ink where the ink tells, unsure where it does not.
import { isCjkChar } from '../../text/normalize.js';
import type { Box } from '../../geometry/index.js';
import type { Glyph } from './correct.js';
import { OCR_SETTINGS, type OcrSettings } from './settings.js';

export type OperatorShape = '≥' | '≤' | '>' | '<' | '=' | null;

/**
 * The glyph before a number, when it is not a digit: read again from its ink as an operator
 * (two read over the same ink, >= for a ≥, are one, unsure). A < or > that way is unsure all the same (the bar of a blurred ≤ ≥ merges into its chevron;
 * the model confuses them too), and so is a 二 or 三 (what ≥ ≤ = are misread as) when the ink
 * does not tell.
 */
export function fixOperator(glyphs: Glyph[], shapeOf: (box: Box) => OperatorShape, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  // one glyph read as two over the same ink (≥ as >=): one, over both boxes
  const [a, b] = glyphs;
  if (a && b && glyphs[2] && /\d/.test(glyphs[2].ch) && /^[<>=二三]$/.test(a.ch) && /^[<>=二三]$/.test(b.ch)
    && Math.min(a.box.x1, b.box.x1) - Math.max(a.box.x0, b.box.x0) > S.sameInkShare * Math.min(a.box.x1 - a.box.x0, b.box.x1 - b.box.x0)) {
    const box = { x0: Math.min(a.box.x0, b.box.x0), y0: Math.min(a.box.y0, b.box.y0), x1: Math.max(a.box.x1, b.box.x1), y1: Math.max(a.box.y1, b.box.y1) };
    return fixOperator([{ ch: a.ch, box, confidence: Math.min(a.confidence, b.confidence, S.guessConfidence) }, ...glyphs.slice(2)], shapeOf, S);
  }
  // the line's first glyph before a number, and an operator's look-alike inside the line before
  // one (应该为≥8500 read 应该为=8500), after anything but a digit or an operator (>= side by side)
  return glyphs.map((g, k) => {
    if (!/\d/.test(glyphs[k + 1]?.ch ?? '')) return g;
    const before = k === 0 ? !/[\d.+\-(（[【{]/.test(g.ch) : /^[<>=二三]$/.test(g.ch) && !/[\d<>=≥≤]/.test(glyphs[k - 1].ch);
    if (!before) return g;
    // tesseract's boxes shifted by one over the operator: the Chinese character's box holds its
    // ink (为's box a ≥, the = read beside it, its own box on the ≥'s bar or the digit): that
    // operator, unsure
    const shifted = k > 0 && isCjkChar(glyphs[k - 1].ch) && !/^[≥≤]$/.test(shapeOf(g.box) ?? '') ? shapeOf(glyphs[k - 1].box) : null;
    if (shifted === '≥' || shifted === '≤') return { ...g, ch: shifted, confidence: Math.min(g.confidence, S.guessConfidence) };
    return operatorGlyph(g, shapeOf, S);
  });
}

/**
 * A Chinese character before a number whose ink is an operator's (≥ ≤ =): tesseract dropped the
 * operator and laid a neighbour's box over it (应该为≥8500 read 应该为8500); the digit after it
 * is unsure (guessConfidence), as the character: which was dropped, the ink does not tell.
 */
export function operatorUnderChinese(glyphs: Glyph[], shapeOf: (box: Box) => OperatorShape, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const at = new Set<number>();
  glyphs.forEach((g, k) => {
    if (isCjkChar(g.ch) && /\d/.test(glyphs[k + 1]?.ch ?? '') && /^[≥≤=]$/.test(shapeOf(g.box) ?? '')) at.add(k).add(k + 1);
  });
  return at.size ? glyphs.map((g, k) => (at.has(k) ? { ...g, confidence: Math.min(g.confidence, S.guessConfidence) } : g)) : glyphs;
}

/**
 * A glyph before a number read again from its ink as an operator; unsure as fixOperator says,
 * and (`lone`) a Chinese character whose ink does not tell.
 */
function operatorGlyph(g: Glyph, shapeOf: (box: Box) => OperatorShape, S: OcrSettings, lone = false): Glyph {
  const shape = shapeOf(g.box);
  const ch = shape ?? g.ch;
  const unsure = /^[<>二三]$/.test(ch) || (lone && !shape && isCjkChar(ch));
  return { ...g, ch, confidence: unsure ? Math.min(g.confidence, S.guessConfidence) : g.confidence };
}

/**
 * A line ending in an operator whose number wrapped to the next line (≥ / 85000.00(个) in a
 * narrow cell): the operator read again from its ink as fixOperator does. An operator symbol,
 * or any Chinese character alone on its line (the model reads ≥ ≤ = as 二 三 之 …: unsure where
 * the ink does not tell); a 二 after other text is a word's.
 */
export function fixWrappedOperator(glyphs: Glyph[], nextLine: string, shapeOf: (box: Box) => OperatorShape, S: OcrSettings = OCR_SETTINGS): Glyph[] {
  const last = glyphs[glyphs.length - 1];
  const lone = glyphs.length === 1 && isCjkChar(last?.ch ?? '');
  if (!last || !/^\d/.test(nextLine) || !(/^[<>=≥≤＜＞＝]$/.test(last.ch) || lone)) return glyphs;
  return [...glyphs.slice(0, -1), operatorGlyph(last, shapeOf, S, lone)];
}
