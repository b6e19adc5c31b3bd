// Walks a pdfjs operator list with a graphics-state stack (save/restore, cm, form XObjects,
// clips, text state) to collect ruling segments (stroked lines and thin filled rectangles) and
// every glyph drawn, with its exact position and whether the clip lets it show.
import { ReadError } from '../model/errors.js';
import { foldIdeographs } from './normalize.js';
import type { Box, Segment } from './types.js';

type Matrix = number[]; // [a, b, c, d, e, f]

/**
 * The glyphs drawn on a page, in drawing order, as columns: a page draws thousands, and one
 * object per glyph (with its boxed numbers) was the largest share of the reader's garbage.
 * Page (top-left) coordinates; x0..y1 is the glyph box, ascent to descent.
 */
export class Glyphs {
  length = 0;
  /** the character(s), look-alike ideographs already folded */
  readonly ch: string[] = [];
  /** baseline start, and where the advance ends along the baseline */
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly ex: number[] = [];
  /** font size as drawn on the page */
  readonly size: number[] = [];
  readonly x0: number[] = [];
  readonly y0: number[] = [];
  readonly x1: number[] = [];
  readonly y1: number[] = [];

  // Plain arrays of numbers hold unboxed doubles on the young heap; typed arrays would put
  // their buffers outside it, where only a full collection frees them.
  push(ch: string, x: number, y: number, ex: number, size: number, x0: number, y0: number, x1: number, y1: number): void {
    this.length++;
    this.ch.push(ch);
    this.x.push(x);
    this.y.push(y);
    this.ex.push(ex);
    this.size.push(size);
    this.x0.push(x0);
    this.y0.push(y0);
    this.x1.push(x1);
    this.y1.push(y1);
  }
}

export interface PageGraphics {
  segments: Segment[];
  /** visible glyphs in drawing order */
  glyphs: Glyphs;
  drawsText: boolean;
  drawsImages: boolean;
}

/** What the walker needs of a font: its matrix (Type3 fonts have their own). */
export type FontLookup = (name: string) => { fontMatrix?: number[] } | undefined;

/** Tolerances of the reader, in points. */
export const READ_SETTINGS = {
  /** a filled rectangle no thicker than this is a ruling line, not a cell background */
  maxRuleThickness: 2.5,
  /** a line this far from axis-aligned still counts as horizontal/vertical */
  axisTolerance: 0.8,
  /** segments shorter than this are dots or glyph parts */
  minSegmentLength: 1,
  /** form XObjects nested deeper than this are a hostile file, not a form (real ones: a few) */
  maxFormDepth: 64,
};

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Text state parameters: saved and restored with the graphics state (PDF 32000 9.3.1). */
interface TextParams {
  size: number;
  fontScale: number;
  leading: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
}

interface GState {
  ctm: Matrix;
  clip: Box | null;
  strokeVisible: boolean;
  fillVisible: boolean;
  text: TextParams;
}

const ASCENT = 0.85;
const DESCENT = 0.15;

/** The box of the points pts[from, to) of a flat [x, y, x, y, …] list. */
function boxOfPoints(pts: number[], from: number, to: number): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = from; i < to; i += 2) {
    const x = pts[i], y = pts[i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, y0, x1, y1 };
}

function intersect(a: Box | null, b: Box): Box {
  if (!a) return b;
  return { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
}

/** White (or nearly) paint is invisible on paper: it draws no ruling. */
function isVisibleColor(hex: unknown): boolean {
  if (typeof hex !== 'string' || !/^#[0-9a-f]{6}$/i.test(hex)) return true;
  const v = parseInt(hex.slice(1), 16);
  const r = v >> 16, g = (v >> 8) & 255, b = v & 255;
  return Math.min(r, g, b) < 235;
}

export function readPageGraphics(
  OPS: Record<string, number>,
  fnArray: number[],
  argsArray: unknown[],
  viewportTransform: Matrix,
  width: number,
  height: number,
  fonts: FontLookup,
): PageGraphics {
  const segments: Segment[] = [];
  const glyphs = new Glyphs();
  let drawsText = false;
  let drawsImages = false;
  let gs: GState = {
    ctm: viewportTransform, clip: null, strokeVisible: true, fillVisible: true,
    text: { size: 0, fontScale: 0.001, leading: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, rise: 0 },
  };
  const stack: GState[] = [];
  // text and line matrices, updated in place: producers often show one glyph per operator
  const tm: Matrix = [...IDENTITY];
  const tlm: Matrix = [...IDENTITY];
  const setText = (m: ArrayLike<number>) => {
    for (let k = 0; k < 6; k++) tm[k] = tlm[k] = m[k];
  };
  let pendingClip = false;
  let formDepth = 0;

  const addRule = (x0: number, y0: number, x1: number, y1: number) => {
    const { axisTolerance: tol, minSegmentLength: min } = READ_SETTINGS;
    if (Math.abs(y1 - y0) <= tol && Math.abs(x1 - x0) >= min) {
      const y = (y0 + y1) / 2;
      segments.push({ orientation: 'h', x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: y, y1: y });
    } else if (Math.abs(x1 - x0) <= tol && Math.abs(y1 - y0) >= min) {
      const x = (x0 + x1) / 2;
      segments.push({ orientation: 'v', x0: x, x1: x, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
    }
  };

  const strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

  // The path in page space: every point in one flat [x, y, x, y, …] list, each subpath ending
  // where `ends` says (tables draw hundreds of paths a page: no object per point or subpath).
  const handlePath = (op: number, buffer: ArrayLike<number> | null) => {
    const m = gs.ctm;
    const pts: number[] = [];
    const ends: number[] = [];
    let start = 0;
    for (let k = 0; buffer && k < buffer.length; ) {
      const kind = buffer[k++];
      let at: number;
      if (kind === 1 /* lineTo */) {
        at = k;
        k += 2;
      } else if (kind === 0 /* moveTo */ || kind === 2 /* curveTo */ || kind === 3 /* quadraticCurveTo */) {
        // a new subpath; a curve is no ruling, so one restarts at its end
        at = kind === 0 ? k : kind === 2 ? k + 4 : k + 2;
        k += kind === 0 ? 2 : kind === 2 ? 6 : 4;
        if (pts.length > start) ends.push(pts.length);
        start = pts.length;
      } else if (kind === 4 /* closePath */) {
        if (pts.length - start > 2) pts.push(pts[start], pts[start + 1]);
        continue;
      } else break;
      const x = buffer[at], y = buffer[at + 1];
      pts.push(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
    }
    if (pts.length > start) ends.push(pts.length);

    if (pendingClip) {
      pendingClip = false;
      if (pts.length) gs.clip = intersect(gs.clip, boxOfPoints(pts, 0, pts.length));
    }
    const stroke = strokes.has(op);
    if (stroke && gs.strokeVisible) {
      for (let s = 0, n = 0; n < ends.length; s = ends[n++]) {
        for (let i = s + 2; i < ends[n]; i += 2) addRule(pts[i - 2], pts[i - 1], pts[i], pts[i + 1]);
      }
    }
    if (fills.has(op) && gs.fillVisible && !stroke) {
      for (let s = 0, n = 0; n < ends.length; s = ends[n++]) {
        const e = ends[n];
        if (e - s < 8) continue;
        const bx = boxOfPoints(pts, s, e);
        let onCorners = true;
        for (let i = s; i < e && onCorners; i += 2) {
          onCorners = (Math.abs(pts[i] - bx.x0) < 0.5 || Math.abs(pts[i] - bx.x1) < 0.5) &&
            (Math.abs(pts[i + 1] - bx.y0) < 0.5 || Math.abs(pts[i + 1] - bx.y1) < 0.5);
        }
        if (!onCorners) continue;
        const w = bx.x1 - bx.x0, h = bx.y1 - bx.y0;
        const thin = READ_SETTINGS.maxRuleThickness;
        if (h <= thin && w > h) addRule(bx.x0, (bx.y0 + bx.y1) / 2, bx.x1, (bx.y0 + bx.y1) / 2);
        else if (w <= thin && h > w) addRule((bx.x0 + bx.x1) / 2, bx.y0, (bx.x0 + bx.x1) / 2, bx.y1);
      }
    }
  };

  const moveText = (tx: number, ty: number) => {
    tlm[4] += tlm[0] * tx + tlm[2] * ty;
    tlm[5] += tlm[1] * tx + tlm[3] * ty;
    setText(tlm);
  };

  // As pdf.js's canvas showText: advances in text space, scaled horizontally by Tz. Runs for
  // every glyph of every page, so it allocates nothing per glyph.
  const showText = (items: unknown) => {
    drawsText = true;
    if (!Array.isArray(items)) return;
    const t = gs.text;
    const m = gs.ctm;
    const a = m[0] * tm[0] + m[2] * tm[1], b = m[1] * tm[0] + m[3] * tm[1];
    const c = m[0] * tm[2] + m[2] * tm[3], d = m[1] * tm[2] + m[3] * tm[3];
    const e = m[0] * tm[4] + m[2] * tm[5] + m[4], f = m[1] * tm[4] + m[3] * tm[5] + m[5];
    const clipX0 = Math.max(0, gs.clip?.x0 ?? 0), clipX1 = Math.min(width, gs.clip?.x1 ?? width);
    const clipY0 = Math.max(0, gs.clip?.y0 ?? 0), clipY1 = Math.min(height, gs.clip?.y1 ?? height);
    const emScale = Math.sqrt(c * c + d * d);
    const lo = t.rise - DESCENT * t.size, hi = t.rise + ASCENT * t.size;
    // the box of an affine image of a rectangle, from the extremes of each term
    const cyLo = Math.min(c * lo, c * hi), cyHi = Math.max(c * lo, c * hi);
    const dyLo = Math.min(d * lo, d * hi), dyHi = Math.max(d * lo, d * hi);
    let x = 0;
    for (const g of items) {
      if (typeof g === 'number') {
        x -= (g * t.size) / 1000;
        continue;
      }
      if (!g || typeof g !== 'object') continue;
      const gl = g as { unicode?: string; width?: number; isSpace?: boolean };
      const w = (gl.width ?? 0) * t.size * t.fontScale;
      if (gl.unicode && t.size) {
        const x0 = x * t.hScale, x1 = (x + w) * t.hScale;
        const bx0 = e + Math.min(a * x0, a * x1) + cyLo, bx1 = e + Math.max(a * x0, a * x1) + cyHi;
        const by0 = f + Math.min(b * x0, b * x1) + dyLo, by1 = f + Math.max(b * x0, b * x1) + dyHi;
        const cx = (bx0 + bx1) / 2, cy = (by0 + by1) / 2;
        // a glyph whose centre the clip hides was not printed (e.g. hidden label copies)
        if (cx >= clipX0 && cx <= clipX1 && cy >= clipY0 && cy <= clipY1) {
          glyphs.push(
            foldIdeographs(gl.unicode),
            a * x0 + c * t.rise + e, b * x0 + d * t.rise + f,
            a * x1 + c * t.rise + e,
            t.size * emScale,
            bx0, by0, bx1, by1,
          );
        }
      }
      x += w + t.charSpacing + (gl.isSpace ? t.wordSpacing : 0);
    }
    tm[4] += tm[0] * x * t.hScale;
    tm[5] += tm[1] * x * t.hScale;
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as any[];
    switch (fn) {
      case OPS.save:
        stack.push(gs);
        gs = { ...gs, text: { ...gs.text } };
        break;
      case OPS.restore:
        gs = stack.pop() ?? gs;
        break;
      case OPS.transform:
        gs.ctm = multiply(gs.ctm, args as number[]);
        break;
      case OPS.paintFormXObjectBegin:
        if (++formDepth > READ_SETTINGS.maxFormDepth) {
          throw new ReadError(`form XObjects nested more than ${READ_SETTINGS.maxFormDepth} deep`, undefined, 'corrupt');
        }
        stack.push(gs);
        gs = { ...gs, text: { ...gs.text } };
        if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) gs.ctm = multiply(gs.ctm, Array.from(args[0] as number[]));
        if (args?.[1]) {
          const bb = Array.from(args[1] as number[]);
          const corners = [...apply(gs.ctm, bb[0], bb[1]), ...apply(gs.ctm, bb[2], bb[3])];
          gs.clip = intersect(gs.clip, boxOfPoints(corners, 0, corners.length));
        }
        break;
      case OPS.paintFormXObjectEnd:
        formDepth--;
        gs = stack.pop() ?? gs;
        break;
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.constructPath:
        handlePath(args[0], (args[1]?.[0] as ArrayLike<number> | null) ?? null);
        break;
      case OPS.setStrokeRGBColor:
        gs.strokeVisible = isVisibleColor(args[0]);
        break;
      case OPS.setFillRGBColor:
        gs.fillVisible = isVisibleColor(args[0]);
        break;
      case OPS.beginText:
        setText(IDENTITY);
        break;
      case OPS.setFont: {
        gs.text.size = Number(args[1]) || 0;
        const fm = fonts(String(args[0]))?.fontMatrix;
        gs.text.fontScale = fm && fm[0] ? fm[0] : 0.001;
        break;
      }
      case OPS.setTextMatrix:
        setText((Array.isArray(args[0]) || ArrayBuffer.isView(args[0]) ? args[0] : args) as number[]);
        break;
      case OPS.moveText:
        moveText(args[0], args[1]);
        break;
      case OPS.setLeadingMoveText:
        gs.text.leading = -args[1];
        moveText(args[0], args[1]);
        break;
      case OPS.nextLine:
        moveText(0, -gs.text.leading);
        break;
      case OPS.setLeading:
        gs.text.leading = args[0];
        break;
      case OPS.setCharSpacing:
        gs.text.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        gs.text.wordSpacing = args[0];
        break;
      case OPS.setHScale:
        gs.text.hScale = args[0] / 100;
        break;
      case OPS.setTextRise:
        gs.text.rise = args[0];
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        showText(args[0]);
        break;
      case OPS.nextLineShowText:
        moveText(0, -gs.text.leading);
        showText(args[0]);
        break;
      case OPS.nextLineSetSpacingShowText:
        gs.text.wordSpacing = args[0];
        gs.text.charSpacing = args[1];
        moveText(0, -gs.text.leading);
        showText(args[2]);
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintImageXObjectRepeat:
      case OPS.paintImageMaskXObjectRepeat:
      case OPS.paintSolidColorImageMask:
      case OPS.paintInlineImageXObjectGroup:
      case OPS.paintImageMaskXObjectGroup:
        drawsImages = true;
        break;
    }
  }
  return { segments, glyphs, drawsText, drawsImages };
}
