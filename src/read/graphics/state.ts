// The graphics state of a content stream (PDF 32000 8.4): the current transformation, the
// clip, whether paint is visible, and the text state parameters, saved and restored as a stack.
import { boxOfPoints, intersect, type Box } from '../../geometry/index.js';

export type Matrix = number[]; // [a, b, c, d, e, f]

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

const multiply = (m: Matrix, n: ArrayLike<number>): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Text state parameters: saved and restored with the graphics state (PDF 32000 9.3.1). */
export interface TextParams {
  size: number;
  /** text space units per glyph width unit (the font matrix; 1/1000 but for Type3 fonts) */
  fontScale: number;
  leading: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
}

export interface GState {
  ctm: Matrix;
  clip: Box | null;
  strokeVisible: boolean;
  fillVisible: boolean;
  text: TextParams;
}

/** The graphics state stack: `gs` is the current state, save/restore copy it. */
export class StateStack {
  gs: GState;
  private readonly stack: GState[] = [];

  constructor(viewportTransform: Matrix) {
    this.gs = {
      ctm: viewportTransform, clip: null, strokeVisible: true, fillVisible: true,
      text: { size: 0, fontScale: 0.001, leading: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, rise: 0 },
    };
  }

  save(): void {
    this.stack.push(this.gs);
    this.gs = { ...this.gs, text: { ...this.gs.text } };
  }

  restore(): void {
    this.gs = this.stack.pop() ?? this.gs;
  }

  transform(m: ArrayLike<number>): void {
    this.gs.ctm = multiply(this.gs.ctm, m);
  }

  /** Clip to a box given in the current user space (a form XObject's bounding box). */
  clipToUserBox(bb: ArrayLike<number>): void {
    const corners = [...apply(this.gs.ctm, bb[0], bb[1]), ...apply(this.gs.ctm, bb[2], bb[3])];
    this.clipTo(boxOfPoints(corners));
  }

  /** Clip to a box in page space. */
  clipTo(box: Box): void {
    this.gs.clip = intersect(this.gs.clip, box);
  }
}
