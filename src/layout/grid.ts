// Lines of one table -> grid (column and band boundaries) -> cells, where a cell is a set of
// grid boxes not separated by a ruling line: that is how row and column spans are found.
import type { Box } from '../geometry/index.js';
import { cluster, covers, type Line, type LineGroup } from './lines.js';
import { LAYOUT_SETTINGS, type LayoutSettings } from './settings.js';

export interface GridCell extends Box {
  /** first and last band (row) and column of the grid this cell spans */
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  /** no ruling line closes the cell at the top / bottom: it continues across a page break */
  openTop: boolean;
  openBottom: boolean;
}

export interface Grid {
  xs: number[];
  ys: number[];
  cells: GridCell[];
  /** cellAt[r][c] = index into cells */
  cellAt: number[][];
}

const dropThin = (v: number[], S: LayoutSettings) => v.filter((x, k) => k === 0 || x - v[k - 1] >= S.minCellSize);

/**
 * For each of the sorted `positions`, the lines within the snap tolerance of it: what `covers`
 * looks at. Handing it only those keeps a table's grid linear in its rows (scanning every line
 * for every edge was quadratic).
 */
function linesNear(lines: Line[], positions: number[], S: LayoutSettings): Line[][] {
  const sorted = [...lines].sort((a, b) => a.pos - b.pos);
  let lo = 0;
  return positions.map((p) => {
    while (lo < sorted.length && sorted[lo].pos < p - S.snapTolerance) lo++;
    const near: Line[] = [];
    for (let k = lo; k < sorted.length && sorted[k].pos <= p + S.snapTolerance; k++) near.push(sorted[k]);
    return near;
  });
}

export function buildGrid(group: LineGroup, S: LayoutSettings = LAYOUT_SETTINGS): Grid {
  const { h, v, box } = group;
  // The table's outer edges count even where no line is drawn there (a table continued from
  // the previous page often has no top rule).
  const xs = dropThin(cluster([...v.map((l) => l.pos), box.x0, box.x1], S.snapTolerance), S);
  const ys = dropThin(cluster([...h.map((l) => l.pos), box.y0, box.y1], S.snapTolerance), S);
  const rows = ys.length - 1, cols = xs.length - 1;
  const vAt = linesNear(v, xs, S), hAt = linesNear(h, ys, S);
  const parent = Array.from({ length: rows * cols }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !covers(vAt[c + 1], xs[c + 1], ys[r], ys[r + 1], S)) union(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !covers(hAt[r + 1], ys[r + 1], xs[c], xs[c + 1], S)) union(r * cols + c, (r + 1) * cols + c);
    }
  }
  const byRoot = new Map<number, number>();
  const cellAt: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
  const cells: GridCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(r * cols + c);
      let index = byRoot.get(root);
      if (index === undefined) {
        index = cells.push({ r0: r, r1: r, c0: c, c1: c, x0: 0, x1: 0, y0: 0, y1: 0, openTop: false, openBottom: false }) - 1;
        byRoot.set(root, index);
      }
      const cell = cells[index];
      cell.r0 = Math.min(cell.r0, r);
      cell.r1 = Math.max(cell.r1, r);
      cell.c0 = Math.min(cell.c0, c);
      cell.c1 = Math.max(cell.c1, c);
      cellAt[r][c] = index;
    }
  }
  for (const cell of cells) {
    cell.x0 = xs[cell.c0];
    cell.x1 = xs[cell.c1 + 1];
    cell.y0 = ys[cell.r0];
    cell.y1 = ys[cell.r1 + 1];
    cell.openTop = !covers(hAt[cell.r0], cell.y0, cell.x0, cell.x1, S);
    cell.openBottom = !covers(hAt[cell.r1 + 1], cell.y1, cell.x0, cell.x1, S);
  }
  return { xs, ys, cells, cellAt };
}
