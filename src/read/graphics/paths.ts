// Paths -> ruling segments: stroked lines, and filled rectangles thin enough to be rules.
import { boxOfPoints, type Segment } from '../../geometry/index.js';
import type { ReadSettings } from '../settings.js';
import type { StateStack } from './state.js';

/** Path drawing operations inside a constructPath buffer (pdfjs's DrawOPS, not exported). */
export const PATH_OP = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

/** Coordinates of a rectangle's four corners: fewer is no filled rectangle. */
const RECT_COORDS = 8;

/** Collects the ruling segments of the paths a page paints; also sets pending clips. */
export class PathCollector {
  readonly segments: Segment[] = [];
  /** a clip operator waits for the next path, which it clips to */
  pendingClip = false;
  private readonly strokes: Set<number>;
  private readonly fills: Set<number>;

  constructor(OPS: Record<string, number>, private readonly state: StateStack, private readonly settings: ReadSettings) {
    this.strokes = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
    this.fills = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  }

  /** White (or nearly) paint is invisible on paper: it draws no ruling. */
  isVisibleColor(hex: unknown): boolean {
    if (typeof hex !== 'string' || !/^#[0-9a-f]{6}$/i.test(hex)) return true;
    const v = parseInt(hex.slice(1), 16);
    const r = v >> 16, g = (v >> 8) & 255, b = v & 255;
    return Math.min(r, g, b) < this.settings.nearWhite;
  }

  // The path in page space: every point in one flat [x, y, x, y, …] list, each subpath ending
  // where `ends` says (tables draw hundreds of paths a page: no object per point or subpath).
  constructPath(op: number, buffer: ArrayLike<number> | null): void {
    const gs = this.state.gs;
    const m = gs.ctm;
    const pts: number[] = [];
    const ends: number[] = [];
    let start = 0;
    for (let k = 0; buffer && k < buffer.length; ) {
      const kind = buffer[k++];
      let at: number;
      if (kind === PATH_OP.lineTo) {
        at = k;
        k += 2;
      } else if (kind === PATH_OP.moveTo || kind === PATH_OP.curveTo || kind === PATH_OP.quadraticCurveTo) {
        // a new subpath; a curve is no ruling, so one restarts at its end
        const args = kind === PATH_OP.moveTo ? 2 : kind === PATH_OP.curveTo ? 6 : 4;
        at = k + args - 2;
        k += args;
        if (pts.length > start) ends.push(pts.length);
        start = pts.length;
      } else if (kind === PATH_OP.closePath) {
        if (pts.length - start > 2) pts.push(pts[start], pts[start + 1]);
        continue;
      } else break;
      const x = buffer[at], y = buffer[at + 1];
      pts.push(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
    }
    if (pts.length > start) ends.push(pts.length);

    if (this.pendingClip) {
      this.pendingClip = false;
      if (pts.length) this.state.clipTo(boxOfPoints(pts));
    }
    const stroke = this.strokes.has(op);
    if (stroke && gs.strokeVisible) {
      for (let s = 0, n = 0; n < ends.length; s = ends[n++]) {
        for (let i = s + 2; i < ends[n]; i += 2) this.addRule(pts[i - 2], pts[i - 1], pts[i], pts[i + 1]);
      }
    }
    if (this.fills.has(op) && gs.fillVisible && !stroke) {
      for (let s = 0, n = 0; n < ends.length; s = ends[n++]) this.addFilledRule(pts, s, ends[n]);
    }
  }

  /** A filled subpath pts[s, e) that is a rectangle no thicker than a rule: its centre line. */
  private addFilledRule(pts: number[], s: number, e: number): void {
    if (e - s < RECT_COORDS) return;
    const { cornerTolerance: tol, maxRuleThickness: thin } = this.settings;
    const bx = boxOfPoints(pts, s, e);
    for (let i = s; i < e; i += 2) {
      const onCorner = (Math.abs(pts[i] - bx.x0) < tol || Math.abs(pts[i] - bx.x1) < tol) &&
        (Math.abs(pts[i + 1] - bx.y0) < tol || Math.abs(pts[i + 1] - bx.y1) < tol);
      if (!onCorner) return;
    }
    const w = bx.x1 - bx.x0, h = bx.y1 - bx.y0;
    if (h <= thin && w > h) this.addRule(bx.x0, (bx.y0 + bx.y1) / 2, bx.x1, (bx.y0 + bx.y1) / 2);
    else if (w <= thin && h > w) this.addRule((bx.x0 + bx.x1) / 2, bx.y0, (bx.x0 + bx.x1) / 2, bx.y1);
  }

  /** A straight piece from (x0, y0) to (x1, y1): a segment when it is long and axis-aligned. */
  private addRule(x0: number, y0: number, x1: number, y1: number): void {
    const { axisTolerance: tol, minSegmentLength: min } = this.settings;
    if (Math.abs(y1 - y0) <= tol && Math.abs(x1 - x0) >= min) {
      const y = (y0 + y1) / 2;
      this.segments.push({ orientation: 'h', x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: y, y1: y });
    } else if (Math.abs(x1 - x0) <= tol && Math.abs(y1 - y0) >= min) {
      const x = (x0 + x1) / 2;
      this.segments.push({ orientation: 'v', x0: x, x1: x, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
    }
  }
}
