// Small hand-made pages for the pure stages (layout, parse): a table is given as rows of cells
// with column spans and optional row spans, and becomes ruling segments plus text items at the
// positions a producer would draw them.
import type { Segment } from '../../src/geometry/index.js';
import type { PageContent, TextItem } from '../../src/model/page.js';

export interface SynthCell {
  text: string;
  /** columns spanned (default 1) */
  cols?: number;
  /** rows spanned (default 1) */
  rows?: number;
}

export interface SynthTable {
  x: number;
  y: number;
  widths: number[];
  rowHeight: number;
  rows: (SynthCell | string | null)[][]; // null: a position covered by a span from above
  /** leave out the top / bottom rule of these column indexes (a cell continuing over a page break) */
  openTop?: number[];
  openBottom?: number[];
  /** draw every cell edge as its own short segment, as some producers do */
  perCellEdges?: boolean;
}

const SIZE = 9;

export function item(str: string, x: number, y: number, size = SIZE): TextItem {
  // width estimate: 1 em for CJK, 1/2 em otherwise
  const w = [...str].reduce((s, ch) => s + (ch.charCodeAt(0) > 0x2000 ? 1 : 0.5), 0) * size;
  return { str, size, x0: x, x1: x + w, y0: y, y1: y + size };
}

export function tablePage(page: number, tables: SynthTable[], loose: TextItem[] = []): PageContent {
  const items: TextItem[] = [...loose];
  const segments: Segment[] = [];
  for (const t of tables) {
    const xs = [t.x];
    for (const w of t.widths) xs.push(xs[xs.length - 1] + w);
    const nRows = t.rows.length;
    const ys = Array.from({ length: nRows + 1 }, (_, r) => t.y + r * t.rowHeight);
    // occupied[r][c] = id of the cell covering it
    const owner: number[][] = Array.from({ length: nRows }, () => new Array<number>(t.widths.length).fill(-1));
    let id = 0;
    t.rows.forEach((row, r) => {
      let c = 0;
      for (const raw of row) {
        while (c < t.widths.length && owner[r][c] !== -1) c++;
        if (raw === null) continue; // a position a span from above covers (skipped already)
        const cell = typeof raw === 'string' ? { text: raw } : raw;
        const cs = cell.cols ?? 1, rs = cell.rows ?? 1;
        for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) owner[r + dr][c + dc] = id;
        if (cell.text) {
          const lines = cell.text.split('\n');
          const midY = (ys[r] + ys[r + rs]) / 2 - (lines.length * SIZE * 1.2) / 2;
          lines.forEach((l, k) => items.push(item(l, xs[c] + 2, midY + k * SIZE * 1.2)));
        }
        id++;
        c += cs;
      }
    });
    const seg = (o: 'h' | 'v', x0: number, y0: number, x1: number, y1: number) => segments.push({ orientation: o, x0, y0, x1, y1 });
    // horizontal rules: between owners that differ, plus the outer edges unless left open
    for (let r = 0; r <= nRows; r++) {
      for (let c = 0; c < t.widths.length; c++) {
        const above = r > 0 ? owner[r - 1][c] : -2, below = r < nRows ? owner[r][c] : -2;
        if (above === below) continue;
        if (r === 0 && t.openTop?.includes(c)) continue;
        if (r === nRows && t.openBottom?.includes(c)) continue;
        seg('h', xs[c], ys[r], xs[c + 1], ys[r]);
      }
    }
    for (let c = 0; c <= t.widths.length; c++) {
      for (let r = 0; r < nRows; r++) {
        const left = c > 0 ? owner[r][c - 1] : -2, right = c < t.widths.length ? owner[r][c] : -2;
        if (left === right) continue;
        seg('v', xs[c], ys[r], xs[c], ys[r + 1]);
      }
    }
    if (!t.perCellEdges) mergeCollinear(segments);
  }
  return { page, width: 595, height: 842, items, segments, drawsText: items.length > 0, drawsImages: false };
}

/** Join touching collinear segments, as most producers draw whole rules. */
function mergeCollinear(segments: Segment[]): void {
  const out: Segment[] = [];
  const sorted = [...segments].sort((a, b) =>
    a.orientation.localeCompare(b.orientation) || (a.orientation === 'h' ? a.y0 - b.y0 || a.x0 - b.x0 : a.x0 - b.x0 || a.y0 - b.y0));
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.orientation === s.orientation && s.orientation === 'h' && last.y0 === s.y0 && last.x1 === s.x0) last.x1 = s.x1;
    else if (last && last.orientation === s.orientation && s.orientation === 'v' && last.x0 === s.x0 && last.y1 === s.y0) last.y1 = s.y1;
    else out.push({ ...s });
  }
  segments.splice(0, segments.length, ...out);
}
