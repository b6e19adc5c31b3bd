// The scanner's own dark: where the sheet did not reach the glass's edge, the lid shows as a dark
// band along the image's edge (often uneven, on one side or all four). A form prints nothing
// solid that wide, and nothing on the paper's edge; left in, the band is ink on every row (text
// outside the tables is one block the height of the page, and not read) and a long dark run
// beside the tables. Dark areas that hold a square `solid` px wide all dark and reach the image's
// edge are painted paper, with a margin for their blurred rim. Solid areas inside the page (a
// shaded cell, a punch hole) are left alone: a shaded cell's text is in it.
import type { Gray } from './image.js';

/**
 * Paint the dark areas joined to the edge of `rules` paper (255; `chroma` 0 there), given the ink
 * mask `mask` (1 = ink; eroded in place: not a mask after). `solid`: the square's width (px);
 * `margin`: px more painted round each. True if any was.
 */
export function paintEdgeDark(rules: Gray, chroma: Uint8Array, mask: Uint8Array, solid: number, margin: number): boolean {
  const { width: W, height: H } = rules;
  const r = Math.max(1, Math.floor(solid / 2));
  erode(mask, W, H, r);
  const runs = edgeRuns(mask, W, H);
  if (!runs.length) return false;
  const grow = r + margin;
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
    for (let x = 0; x < W; ) {
      if (!mask[row + x]) {
        x++;
        continue;
      }
      let e = x;
      while (e < W && mask[row + e]) e++;
      const a = x === 0 ? 0 : x + r, b = e === W ? W : e - r;
      if (a >= b) mask.fill(0, row + x, row + e);
      else {
        mask.fill(0, row + x, row + a);
        mask.fill(0, row + b, row + e);
      }
      x = e;
    }
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

/** The runs ([y, x0, x1)) of 1s in `mask` whose 8-connected area reaches the image's edge. */
function edgeRuns(mask: Uint8Array, W: number, H: number): [number, number, number][] {
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
    for (let x = 0; x < W; ) {
      if (!mask[row + x]) {
        x++;
        continue;
      }
      let e = x;
      while (e < W && mask[row + e]) e++;
      const id = runs.length;
      runs.push([y, x, e]);
      parent.push(id);
      here.push(id);
      // runs of the row above that touch this one (diagonals too)
      while (p < prev.length && runs[prev[p]][2] < x) p++;
      for (let q = p; q < prev.length && runs[prev[q]][1] <= e; q++) parent[find(prev[q])] = find(id);
      if (x === 0 || e === W || y === 0 || y === H - 1) edge.add(id);
      x = e;
    }
    prev = here;
  }
  const touching = new Set([...edge].map(find));
  return runs.filter((_, k) => touching.has(find(k)));
}
