// Drawn glyphs -> cleaned text items: glyphs drawn twice at the
// same spot (fake bold) dropped, the rest put in reading order and joined into runs of
// adjacent glyphs on one baseline, whatever order the producer drew them in.
import type { Glyph } from './graphics.js';
import { isCjkChar } from './normalize.js';
import type { TextItem } from './types.js';

export const ITEM_SETTINGS = {
  /** the same character again within this share of the font size = drawn twice (fake bold) */
  duplicateShare: 0.3,
  /** glyphs whose baselines differ by less than this share of the font size are on one line */
  baselineShare: 0.3,
  /** a gap (or overlap) wider than this share of the font size ends a run */
  runGapShare: 0.3,
};

const isBlank = (ch: string) => /^\s*$/.test(ch);

/** Drop the second of two identical glyphs drawn at (nearly) the same spot; a grid keeps it linear. */
function dedupe(glyphs: Glyph[]): Glyph[] {
  // cells keyed by number, the character compared in the cell: string keys built for nine
  // cells per glyph were ~10% of extraction time
  const grid = new Map<number, Glyph[]>();
  const cellKey = (cx: number, cy: number) => cx * 67_108_864 + cy;
  const out: Glyph[] = [];
  for (const g of glyphs) {
    const tol = ITEM_SETTINGS.duplicateShare * g.size;
    const gx = Math.floor(g.x / tol), gy = Math.floor(g.y / tol);
    let twin = false;
    for (let dx = -1; dx <= 1 && !twin; dx++) {
      for (let dy = -1; dy <= 1 && !twin; dy++) {
        const near = grid.get(cellKey(gx + dx, gy + dy));
        if (near) twin = near.some((t) => t.ch === g.ch && Math.abs(t.x - g.x) <= tol && Math.abs(t.y - g.y) <= tol);
      }
    }
    if (twin) continue;
    const key = cellKey(gx, gy);
    const cell = grid.get(key);
    if (cell) cell.push(g);
    else grid.set(key, [g]);
    out.push(g);
  }
  return out;
}

export function glyphsToItems(drawn: Glyph[]): TextItem[] {
  const glyphs = dedupe(drawn);
  // lines: glyphs sorted by baseline, then along it
  glyphs.sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Glyph[][] = [];
  for (const g of glyphs) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(g.y - line[0].y) < ITEM_SETTINGS.baselineShare * Math.max(g.size, line[0].size)) line.push(g);
    else lines.push([g]);
  }
  const items: TextItem[] = [];
  for (const line of lines) {
    line.sort((a, b) => a.x - b.x);
    let run: Glyph[] = [];
    const flush = () => {
      while (run.length && isBlank(run[run.length - 1].ch)) run.pop();
      if (run.length) items.push(toItem(run));
      run = [];
    };
    for (const g of line) {
      const prev = run[run.length - 1];
      if (prev && Math.abs(g.x - prev.ex) > ITEM_SETTINGS.runGapShare * Math.max(g.size, prev.size)) flush();
      if (!run.length && isBlank(g.ch)) continue;
      run.push(g);
    }
    flush();
  }
  return items;
}

/** A run of glyphs -> one item, keeping where each character starts for exact cuts later. */
function toItem(run: Glyph[]): TextItem {
  const chars: string[] = [];
  const starts: number[] = [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, size = 0;
  for (let k = 0; k < run.length; k++) {
    const g = run[k];
    // a space between two CJK characters is letter-spacing, never a word break
    if (isBlank(g.ch) && isCjkChar(run[k - 1]?.ch.slice(-1) ?? '') && isCjkChar(run[k + 1]?.ch[0] ?? '')) continue;
    for (const ch of g.ch) {
      chars.push(ch);
      starts.push(g.x0);
    }
    x0 = Math.min(x0, g.x0);
    y0 = Math.min(y0, g.y0);
    x1 = Math.max(x1, g.x1);
    y1 = Math.max(y1, g.y1);
    size = Math.max(size, g.size);
  }
  return { str: chars.join(''), size, x0, y0, x1, y1, starts };
}
