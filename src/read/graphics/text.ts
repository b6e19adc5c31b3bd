// Text objects (PDF 32000 9.4): the text and line matrices, and every glyph shown, placed in
// page space and kept when the clip lets its centre show.
import { foldIdeographs } from '../../text/normalize.js';
import type { ReadSettings } from '../settings.js';
import { Glyphs } from './glyphs.js';
import { IDENTITY, type Matrix, type StateStack } from './state.js';

/** What the walker needs of a font: its matrix (Type3 fonts have their own). */
export type FontLookup = (name: string) => { fontMatrix?: number[] } | undefined;

/** A glyph of a showText operator, as pdfjs gives it. */
interface ShownGlyph {
  unicode?: string;
  width?: number;
  isSpace?: boolean;
}

export class TextWalker {
  readonly glyphs = new Glyphs();
  drawsText = false;
  /** glyphs counted by the way their line runs on the page: right, down, left, up */
  readonly runs: [number, number, number, number] = [0, 0, 0, 0];
  // text and line matrices, updated in place: producers often show one glyph per operator
  private readonly tm: Matrix = [...IDENTITY];
  private readonly tlm: Matrix = [...IDENTITY];

  constructor(
    private readonly state: StateStack,
    private readonly fonts: FontLookup,
    private readonly width: number,
    private readonly height: number,
    private readonly settings: ReadSettings,
  ) {}

  /** Tm and Tlm both set to m (BT, Tm). */
  setMatrix(m: ArrayLike<number>): void {
    for (let k = 0; k < 6; k++) this.tm[k] = this.tlm[k] = m[k];
  }

  setFont(name: string, size: number): void {
    const t = this.state.gs.text;
    t.size = size || 0;
    const fm = this.fonts(name)?.fontMatrix;
    t.fontScale = fm && fm[0] ? fm[0] : 0.001;
  }

  /** Td: start the next line offset by (tx, ty) from the current line's start. */
  moveText(tx: number, ty: number): void {
    const tlm = this.tlm;
    tlm[4] += tlm[0] * tx + tlm[2] * ty;
    tlm[5] += tlm[1] * tx + tlm[3] * ty;
    this.setMatrix(tlm);
  }

  /** T*: the next line, `leading` below. */
  nextLine(): void {
    this.moveText(0, -this.state.gs.text.leading);
  }

  // As pdf.js's canvas showText: advances in text space, scaled horizontally by Tz. Runs for
  // every glyph of every page, so it allocates nothing per glyph.
  showText(items: unknown): void {
    this.drawsText = true;
    if (!Array.isArray(items)) return;
    const { gs } = this.state;
    const { tm, glyphs, width, height } = this;
    const t = gs.text;
    const m = gs.ctm;
    const a = m[0] * tm[0] + m[2] * tm[1], b = m[1] * tm[0] + m[3] * tm[1];
    const c = m[0] * tm[2] + m[2] * tm[3], d = m[1] * tm[2] + m[3] * tm[3];
    const e = m[0] * tm[4] + m[2] * tm[5] + m[4], f = m[1] * tm[4] + m[3] * tm[5] + m[5];
    const clipX0 = Math.max(0, gs.clip?.x0 ?? 0), clipX1 = Math.min(width, gs.clip?.x1 ?? width);
    const clipY0 = Math.max(0, gs.clip?.y0 ?? 0), clipY1 = Math.min(height, gs.clip?.y1 ?? height);
    const emScale = Math.sqrt(c * c + d * d);
    // page y grows down: a line running down the page is 90° clockwise from one running right
    this.runs[Math.abs(a) >= Math.abs(b) ? (a >= 0 ? 0 : 2) : b > 0 ? 1 : 3] += items.length;
    const lo = t.rise - this.settings.descent * t.size, hi = t.rise + this.settings.ascent * t.size;
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
      const gl = g as ShownGlyph;
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
  }
}
