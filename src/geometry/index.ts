// Geometry shared by every stage from the reader on: points, top-left origin, y grows down.

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A horizontal (y0 === y1) or vertical (x0 === x1) ruling segment. */
export interface Segment extends Box {
  orientation: 'h' | 'v';
}

export const centerX = (b: { x0: number; x1: number }): number => (b.x0 + b.x1) / 2;
export const centerY = (b: { y0: number; y1: number }): number => (b.y0 + b.y1) / 2;

/** Is (x, y) in the box, grown by `tol` on every side? */
export const inside = (b: Box, x: number, y: number, tol = 0): boolean =>
  x >= b.x0 - tol && x <= b.x1 + tol && y >= b.y0 - tol && y <= b.y1 + tol;

/** How far two spans overlap horizontally (negative: the gap between them). */
export const overlapX = (a: { x0: number; x1: number }, b: { x0: number; x1: number }): number =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);

/** The common part of two boxes; a missing first box is no limit. */
export function intersect(a: Box | null, b: Box): Box {
  if (!a) return b;
  return { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
}

/** Grow `b` in place to hold the box x0..x1, y0..y1. */
export function grow(b: Box, x0: number, y0: number, x1: number, y1: number): void {
  b.x0 = Math.min(b.x0, x0);
  b.y0 = Math.min(b.y0, y0);
  b.x1 = Math.max(b.x1, x1);
  b.y1 = Math.max(b.y1, y1);
}

/** The box of the points pts[from, to) of a flat [x, y, x, y, …] list. */
export function boxOfPoints(pts: ArrayLike<number>, from = 0, to = pts.length): Box {
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
