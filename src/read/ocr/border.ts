// The scanner's own dark: where the sheet did not reach the glass's edge, the lid shows as a dark
// band along the image's edge (often uneven, on one side or all four), and through a punch hole
// as a dark disc. A form prints nothing solid that wide, nothing on the paper's edge, and no
// round blots; left in, the band is ink on every row (text outside the tables is one block the
// height of the page, and not read) and a long dark run beside the tables, and a hole in a cell
// is read as text. Dark areas that hold a square `solid` px wide all dark are painted paper, with
// a margin for their blurred rim, where they reach the image's edge, or are round, no wider than
// a punch hole and as near the edge. Other solid areas (a shaded cell: a rectangle, its text in
// it; a seal's star, further in) are left.
import type { Gray } from './image.js';

/** How to tell the scanner's dark (px). */
export interface EdgeDark {
  /** the width of the square a solid area holds */
  solid: number;
  /** painted this much more round each area */
  margin: number;
  /** a round area inside the page at most this wide and high is a punch hole */
  hole: number;
  /** ...and round: its solid core fills at most this share of its box (a disc ~0.8, a rectangle 1) */
  roundFill: number;
  /** ...and its centre at most this far from the image's edge (a seal's star is further in) */
  holeMargin: number;
}

/**
 * Paint the scanner's dark areas of `rules` paper (255; `chroma` 0 there), given the ink mask
 * `mask` (1 = ink; eroded in place: not a mask after). True if any was.
 */
export function paintEdgeDark(rules: Gray, chroma: Uint8Array, mask: Uint8Array, dark: EdgeDark): boolean {
  const { width: W, height: H } = rules;
  const r = Math.max(1, Math.floor(dark.solid / 2));
  erode(mask, W, H, r);
  const runs = scannerRuns(mask, W, H, { ...dark, hole: dark.hole - 2 * r });
  if (!runs.length) return false;
  const grow = r + dark.margin;
  for (const [y, x0, x1] of runs) {
    const a = Math.max(0, x0 - grow), b = Math.min(W, x1 + grow);
    for (let yy = Math.max(0, y - grow); yy <= Math.min(H - 1, y + grow); yy++) {
      rules.data.fill(255, yy * W + a, yy * W + b);
      chroma.fill(0, yy * W + a, yy * W + b);
    }
  }
  return true;
}

/**
 * Erode the 0/1 `mask` in place by a square of half-width `r`: a pixel stays 1 where every pixel
 * within r of it along rows and columns is 1. Outside the image counts as dark (the band goes on
 * past the edge).
 */
export function erode(mask: Uint8Array, W: number, H: number, r: number): void {
  // along rows: a run of 1s loses r at each end that is not the image's edge
  for (let y = 0; y < H; y++) {
    const row = y * W;
    eachRun(mask, row, W, (x, e) => {
      const a = x === 0 ? 0 : x + r, b = e === W ? W : e - r;
      if (a >= b) mask.fill(0, row + x, row + e);
      else {
        mask.fill(0, row + x, row + a);
        mask.fill(0, row + b, row + e);
      }
    });
  }
  // along columns: how many 1s run down to each pixel (kept in the mask, at most 255), then up
  const cap = Math.min(255, r + 1);
  for (let x = 0; x < W; x++) if (mask[x]) mask[x] = cap;
  for (let y = 1; y < H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) if (mask[row + x]) mask[row + x] = Math.min(cap, mask[row - W + x] + 1);
  }
  const below = new Int32Array(W).fill(cap);
  for (let y = H - 1; y >= 0; y--) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      const above = mask[row + x];
      below[x] = above ? Math.min(cap, below[x] + (y === H - 1 ? 0 : 1)) : 0;
      mask[row + x] = above >= cap && below[x] >= cap ? 1 : 0;
    }
  }
}

/**
 * The runs ([y, x0, x1)) of 1s in `mask` whose 8-connected area reaches the image's edge, or is a
 * punch hole's (`dark`: at most `hole` px wide and high, filling at most `roundFill` of its box,
 * its centre within `holeMargin` of an edge).
 */
function scannerRuns(mask: Uint8Array, W: number, H: number, dark: Pick<EdgeDark, 'hole' | 'roundFill' | 'holeMargin'>): [number, number, number][] {
  const runs: [number, number, number][] = [];
  const parent: number[] = [];
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const edge = new Set<number>();
  let prev: number[] = [];
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const here: number[] = [];
    let p = 0;
    eachRun(mask, row, W, (x, e) => {
      const id = runs.length;
      runs.push([y, x, e]);
      parent.push(id);
      here.push(id);
      // runs of the row above that touch this one (diagonals too)
      while (p < prev.length && runs[prev[p]][2] < x) p++;
      for (let q = p; q < prev.length && runs[prev[q]][1] <= e; q++) parent[find(prev[q])] = find(id);
      if (x === 0 || e === W || y === 0 || y === H - 1) edge.add(id);
    });
    prev = here;
  }
  // each area's box and pixels
  const areas = new Map<number, { x0: number; y0: number; x1: number; y1: number; n: number }>();
  runs.forEach(([y, x0, x1], k) => {
    const root = find(k);
    const a = areas.get(root);
    if (!a) areas.set(root, { x0, y0: y, x1, y1: y + 1, n: x1 - x0 });
    else Object.assign(a, { x0: Math.min(a.x0, x0), x1: Math.max(a.x1, x1), y1: y + 1, n: a.n + x1 - x0 });
  });
  const touching = new Set([...edge].map(find));
  const nearEdge = (a: { x0: number; y0: number; x1: number; y1: number }) => Math.min(a.x0 + a.x1, a.y0 + a.y1, 2 * W - a.x0 - a.x1, 2 * H - a.y0 - a.y1) / 2 <= dark.holeMargin;
  const hole = (a: { x0: number; y0: number; x1: number; y1: number; n: number }) => a.x1 - a.x0 <= dark.hole && a.y1 - a.y0 <= dark.hole
    && a.n <= dark.roundFill * (a.x1 - a.x0) * (a.y1 - a.y0) && nearEdge(a);
  const scanners = new Set([...areas].filter(([root, a]) => touching.has(root) || hole(a)).map(([root]) => root));
  return runs.filter((_, k) => scanners.has(find(k)));
}

/** Call `visit(x0, x1)` for each run of non-zero pixels [x0, x1) of the row starting at `row`. */
function eachRun(mask: Uint8Array, row: number, W: number, visit: (x0: number, x1: number) => void): void {
  for (let x = 0; x < W; ) {
    if (!mask[row + x]) {
      x++;
      continue;
    }
    let e = x;
    while (e < W && mask[row + e]) e++;
    visit(x, e);
    x = e;
  }
}
