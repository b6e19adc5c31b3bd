// Drawn glyphs -> cleaned text items: glyphs drawn twice at the
// same spot (fake bold) dropped, the rest put in reading order and joined into runs of
// adjacent glyphs on one baseline, whatever order the producer drew them in.
import type { Glyphs } from './graphics/index.js';
import { isCjkChar } from '../text/normalize.js';
import type { TextItem } from '../model/page.js';
import { READ_SETTINGS, type ReadSettings } from './settings.js';

const isBlank = (ch: string) => /^\s*$/.test(ch);

/**
 * The glyphs to keep, as indices in drawing order: the second of two identical glyphs drawn at
 * (nearly) the same spot is dropped. A grid keeps it linear: cells two tolerances wide, so a
 * twin lies in the glyph's cell or in the neighbour on the side of its nearer edge (four cells
 * to look in). Each cell is a chain through `next`: nothing is allocated per glyph.
 */
export function dedupe(g: Glyphs, S: ReadSettings = READ_SETTINGS, work?: { looks: number }): number[] {
  const head = new Map<number | string, number>();
  const next = new Int32Array(g.length);
  // small-integer keys hash fast and need no boxing; a cell beyond ±8191 (text far off the page,
  // or a tiny font size, whose cells are tiny) gets a string key: never a shared cell, which
  // would make the search quadratic
  const cellKey = (cx: number, cy: number): number | string =>
    cx >= -8191 && cx <= 8191 && cy >= -8191 && cy <= 8191 ? (cx + 8192) * 16_384 + (cy + 8192) : `${cx},${cy}`;
  const kept: number[] = [];
  // glyphs looked at to find twins: linear in the glyphs, whatever their size (tests read it)
  let looks = 0;
  for (let i = 0; i < g.length; i++) {
    const tol = S.duplicateShare * g.size[i];
    const fx = g.x[i] / (2 * tol), fy = g.y[i] / (2 * tol);
    const gx = Math.floor(fx), gy = Math.floor(fy);
    const nx = fx - gx < 0.5 ? gx - 1 : gx + 1, ny = fy - gy < 0.5 ? gy - 1 : gy + 1;
    let twin = false;
    for (let c = 0; c < 4 && !twin; c++) {
      const key = cellKey(c & 1 ? nx : gx, c & 2 ? ny : gy);
      for (let j = head.get(key) ?? -1; j >= 0 && !twin; j = next[j]) {
        looks++;
        twin = g.ch[j] === g.ch[i] && Math.abs(g.x[j] - g.x[i]) <= tol && Math.abs(g.y[j] - g.y[i]) <= tol;
      }
    }
    if (twin) continue;
    const key = cellKey(gx, gy);
    next[i] = head.get(key) ?? -1;
    head.set(key, i);
    kept.push(i);
  }
  if (work) work.looks += looks;
  return kept;
}

export function glyphsToItems(g: Glyphs, S: ReadSettings = READ_SETTINGS): TextItem[] {
  const order = dedupe(g, S);
  // lines: glyphs sorted by baseline, then along it
  order.sort((a, b) => g.y[a] - g.y[b] || g.x[a] - g.x[b]);
  const items: TextItem[] = [];
  for (let start = 0; start < order.length; ) {
    const first = order[start];
    let end = start + 1;
    while (end < order.length) {
      const i = order[end];
      if (Math.abs(g.y[i] - g.y[first]) >= S.baselineShare * Math.max(g.size[i], g.size[first])) break;
      end++;
    }
    sortRangeByX(g, order, start, end);
    // runs of adjacent glyphs, without blanks at either end
    let runStart = -1;
    const flush = (runEnd: number) => {
      while (runEnd > runStart && isBlank(g.ch[order[runEnd - 1]])) runEnd--;
      if (runEnd > runStart) items.push(toItem(g, order, runStart, runEnd));
      runStart = -1;
    };
    for (let k = start; k < end; k++) {
      const i = order[k];
      if (runStart >= 0) {
        const prev = order[k - 1];
        if (Math.abs(g.x[i] - g.ex[prev]) > S.runGapShare * Math.max(g.size[i], g.size[prev])) flush(k);
      }
      if (runStart < 0 && !isBlank(g.ch[i])) runStart = k;
    }
    if (runStart >= 0) flush(end);
    start = end;
  }
  return items;
}

/** Insertion sort by x of order[start, end): a line is nearly in order already. */
function sortRangeByX(g: Glyphs, order: number[], start: number, end: number): void {
  for (let k = start + 1; k < end; k++) {
    const i = order[k];
    let j = k - 1;
    while (j >= start && g.x[order[j]] > g.x[i]) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = i;
  }
}

/** A run of glyphs -> one item, keeping where each character starts for exact cuts later. */
function toItem(g: Glyphs, order: number[], start: number, end: number): TextItem {
  const chars: string[] = [];
  const starts: number[] = [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, size = 0;
  for (let k = start; k < end; k++) {
    const i = order[k];
    const ch = g.ch[i];
    // a space between two CJK characters is letter-spacing, never a word break
    if (isBlank(ch) && k > start && k + 1 < end && isCjkChar(g.ch[order[k - 1]].slice(-1)) && isCjkChar(g.ch[order[k + 1]][0])) continue;
    for (const c of ch) {
      chars.push(c);
      starts.push(g.x0[i]);
    }
    x0 = Math.min(x0, g.x0[i]);
    y0 = Math.min(y0, g.y0[i]);
    x1 = Math.max(x1, g.x1[i]);
    y1 = Math.max(y1, g.y1[i]);
    size = Math.max(size, g.size[i]);
  }
  return { str: chars.join(''), size, x0, y0, x1, y1, starts };
}
