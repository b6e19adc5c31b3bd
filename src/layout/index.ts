// Page content -> rows of cells in reading order. Ruled tables become bands of grid cells
// (a cell spanning several bands appears in each of them); text outside any table becomes
// rows of cells split at wide gaps, which is also the fallback for pages with no lines.
import { centerX, centerY, inside, type Box } from '../geometry/index.js';
import type { PageContent, TextItem } from '../model/page.js';
import { buildGrid, type Grid, type GridCell } from './grid.js';
import { groupTables, joinSegments } from './lines.js';
import { joinWrapped } from '../text/index.js';
import { LAYOUT_SETTINGS, type LayoutSettings } from './settings.js';
import { joinLine, splitItem, textLines } from './text.js';

export interface Cell extends Box {
  text: string;
  /** identity of the cell within its page (a spanning cell is the same object in each band) */
  id: number;
  ruled: boolean;
  openTop: boolean;
  openBottom: boolean;
  /** the boxes of its text lines, top to bottom: where the text sits in the cell */
  lines: Box[];
}

export interface Row extends Box {
  page: number;
  /** cells left to right */
  cells: Cell[];
  /** the row is the first / last band of a ruled table on its page */
  tableStart: boolean;
  tableEnd: boolean;
}

export interface PageLayout {
  page: number;
  width: number;
  height: number;
  rows: Row[];
}

interface TableBuild {
  box: Box;
  grid: Grid;
  items: TextItem[][]; // per cell
}

/** Index of the interval of sorted boundaries `edges` holding v, or -1. */
function slot(edges: number[], v: number): number {
  let lo = 0, hi = edges.length - 2;
  if (v < edges[0] || v > edges[edges.length - 1]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The table and band an item belongs to. Text of a cell left open at a page break may spill
 * past the last (first) ruling of the page, as browsers draw it: it still belongs to that cell.
 */
function locate(tables: TableBuild[], item: TextItem, S: LayoutSettings): { t: TableBuild; r: number } | null {
  const cx = centerX(item), cy = centerY(item);
  for (const t of tables) {
    if (inside(t.box, cx, cy)) return { t, r: slot(t.grid.ys, cy) };
  }
  const reach = S.spillLines * item.size;
  for (const t of tables) {
    if (cx < t.box.x0 || cx > t.box.x1) continue;
    const { ys, xs, cellAt, cells } = t.grid;
    const c = slot(xs, cx);
    if (cy > t.box.y1 && cy - t.box.y1 <= reach && cells[cellAt[ys.length - 2][c]].openBottom) return { t, r: ys.length - 2 };
    if (cy < t.box.y0 && t.box.y0 - cy <= reach && cells[cellAt[0][c]].openTop) return { t, r: 0 };
  }
  return null;
}

export function layoutPage(content: PageContent, S: LayoutSettings = LAYOUT_SETTINGS): PageLayout {
  const h = joinSegments(content.segments, 'h', S);
  const v = joinSegments(content.segments, 'v', S);
  const tables: TableBuild[] = groupTables(h, v, S).map((g) => {
    const grid = buildGrid(g, S);
    return { box: g.box, grid, items: grid.cells.map(() => []) };
  });
  const loose: TextItem[] = [];
  for (const item of content.items) {
    const at = locate(tables, item, S);
    if (!at) {
      loose.push(item);
      continue;
    }
    const { t, r } = at;
    // cut the item where it runs across a cell border of its band
    const cuts: number[] = [];
    let last = -1;
    for (let c = 0; c < t.grid.xs.length - 1; c++) {
      const id = t.grid.cellAt[r]?.[c] ?? -1;
      // a border only cuts an item that runs well past it (item widths are not exact)
      const margin = S.cutShare * item.size;
      if (last !== -1 && id !== last && t.grid.xs[c] > item.x0 + margin && t.grid.xs[c] < item.x1 - margin) cuts.push(t.grid.xs[c]);
      last = id;
    }
    for (const piece of cuts.length ? splitItem(item, cuts) : [item]) {
      const c = slot(t.grid.xs, centerX(piece));
      const id = c >= 0 && r >= 0 ? t.grid.cellAt[r][c] : -1;
      if (id >= 0) t.items[id].push(piece);
      else loose.push(piece);
    }
  }

  let nextId = 0;
  const rows: Row[] = [];
  for (const t of tables) {
    const cells: Cell[] = t.grid.cells.map((gc: GridCell, k) => {
      const lines = textLines(t.items[k], S);
      return {
        x0: gc.x0, y0: gc.y0, x1: gc.x1, y1: gc.y1,
        text: joinWrapped(lines.map((line) => joinLine(line, S))),
        id: nextId++,
        ruled: true,
        openTop: gc.openTop,
        openBottom: gc.openBottom,
        lines: lines.map(boxOf),
      };
    });
    const bands = t.grid.ys.length - 1;
    for (let r = 0; r < bands; r++) {
      const ids = [...new Set(t.grid.cellAt[r])];
      rows.push({
        page: content.page,
        x0: t.box.x0, x1: t.box.x1, y0: t.grid.ys[r], y1: t.grid.ys[r + 1],
        cells: ids.map((id) => cells[id]).sort((a, b) => a.x0 - b.x0),
        tableStart: r === 0,
        tableEnd: r === bands - 1,
      });
    }
  }
  for (const line of textLines(loose, S)) rows.push(looseRow(content.page, line, () => nextId++, S));
  rows.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  return { page: content.page, width: content.width, height: content.height, rows };
}

/** A line of text outside any table: cells are the runs of items split at wide gaps. */
function looseRow(page: number, items: TextItem[], id: () => number, S: LayoutSettings): Row {
  const groups: TextItem[][] = [];
  for (const it of items) {
    const g = groups[groups.length - 1];
    const prev = g?.[g.length - 1];
    if (prev && it.x0 - prev.x1 <= S.cellGapShare * it.size) g.push(it);
    else groups.push([it]);
  }
  const cells: Cell[] = groups.map((g) => ({
    ...boxOf(g), text: joinLine(g, S), id: id(), ruled: false, openTop: false, openBottom: false, lines: [boxOf(g)],
  }));
  const box = boxOf(cells);
  return { page, x0: cells[0].x0, x1: cells[cells.length - 1].x1, y0: box.y0, y1: box.y1, cells, tableStart: false, tableEnd: false };
}

/** The box around boxes (a loop: a hostile line may hold more items than a call takes arguments). */
function boxOf(boxes: Box[]): Box {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const b of boxes) {
    if (b.x0 < x0) x0 = b.x0;
    if (b.x1 > x1) x1 = b.x1;
    if (b.y0 < y0) y0 = b.y0;
    if (b.y1 > y1) y1 = b.y1;
  }
  return { x0, x1, y0, y1 };
}

