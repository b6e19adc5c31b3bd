// Ruling segments -> snapped, joined lines, grouped into tables (connected sets of lines).
import { grow, type Box, type Segment } from '../geometry/index.js';
import { LAYOUT_SETTINGS, type LayoutSettings } from './settings.js';

/** A joined ruling line: `pos` is its y (horizontal) or x (vertical); [from, to] its extent. */
export interface Line {
  orientation: 'h' | 'v';
  pos: number;
  from: number;
  to: number;
}

/** Cluster sorted numbers whose neighbours are within `tol`; returns each cluster's mean. */
export function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length && v - group[group.length - 1] > tol) {
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length) out.push(group.reduce((s, x) => s + x, 0) / group.length);
  return out;
}

/** Snap segments of one orientation onto common positions and join collinear pieces. */
export function joinSegments(segments: Segment[], orientation: 'h' | 'v', S: LayoutSettings = LAYOUT_SETTINGS): Line[] {
  const segs = segments
    .filter((s) => s.orientation === orientation)
    .map((s) => (orientation === 'h' ? { pos: s.y0, from: s.x0, to: s.x1 } : { pos: s.x0, from: s.y0, to: s.y1 }))
    .sort((a, b) => a.pos - b.pos);
  const lines: Line[] = [];
  let i = 0;
  while (i < segs.length) {
    // a run of segments whose positions chain within the snap tolerance
    let j = i + 1;
    while (j < segs.length && segs[j].pos - segs[j - 1].pos <= S.snapTolerance) j++;
    const group = segs.slice(i, j);
    const weight = group.reduce((s, g) => s + (g.to - g.from), 0) || 1;
    const pos = group.reduce((s, g) => s + g.pos * (g.to - g.from), 0) / weight;
    group.sort((a, b) => a.from - b.from);
    let cur = { ...group[0] };
    for (const g of group.slice(1)) {
      if (g.from <= cur.to + S.joinTolerance) cur.to = Math.max(cur.to, g.to);
      else {
        lines.push({ orientation, pos, from: cur.from, to: cur.to });
        cur = { ...g };
      }
    }
    lines.push({ orientation, pos, from: cur.from, to: cur.to });
    i = j;
  }
  return lines;
}

export interface LineGroup {
  h: Line[];
  v: Line[];
  box: Box;
}

/** Split lines into tables: sets of horizontal and vertical lines that touch each other. */
export function groupTables(h: Line[], v: Line[], S: LayoutSettings = LAYOUT_SETTINGS): LineGroup[] {
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k])));
  const tol = S.intersectionTolerance;
  for (let a = 0; a < h.length; a++) {
    for (let b = 0; b < v.length; b++) {
      const hl = h[a], vl = v[b];
      if (vl.pos >= hl.from - tol && vl.pos <= hl.to + tol && hl.pos >= vl.from - tol && hl.pos <= vl.to + tol) {
        parent[find(a)] = find(h.length + b);
      }
    }
  }
  const groups = new Map<number, LineGroup>();
  const get = (k: number) => {
    const root = find(k);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { h: [], v: [], box: { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity } }));
    return g;
  };
  h.forEach((l, k) => {
    const g = get(k);
    g.h.push(l);
    grow(g.box, l.from, l.pos, l.to, l.pos);
  });
  v.forEach((l, k) => {
    const g = get(h.length + k);
    g.v.push(l);
    grow(g.box, l.pos, l.from, l.pos, l.to);
  });
  // A table needs both directions; lone rules (underlines, separators) are not tables.
  return [...groups.values()]
    .filter((g) => g.h.length >= 1 && g.v.length >= 1 && g.box.x1 - g.box.x0 > S.minCellSize && g.box.y1 - g.box.y0 > S.minCellSize)
    .sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
}

/** Does some line at `pos` cover the interval [from, to] (up to the cover tolerance)? */
export function covers(lines: Line[], pos: number, from: number, to: number, S: LayoutSettings = LAYOUT_SETTINGS): boolean {
  let covered = 0;
  for (const l of lines) {
    if (Math.abs(l.pos - pos) > S.snapTolerance) continue;
    const a = Math.max(from, l.from), b = Math.min(to, l.to);
    if (b > a) covered += b - a;
  }
  return covered >= to - from - S.coverTolerance;
}
