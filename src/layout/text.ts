// Text items -> text of a cell: items grouped into lines top to bottom, each line left to right,
// wrapped lines joined (CJK: nothing between them).
import { isCjkChar } from '../text/normalize.js';
import { centerY } from '../geometry/index.js';
import type { TextItem } from '../model/page.js';
import { LAYOUT_SETTINGS, type LayoutSettings } from './settings.js';

/** Estimated advance of one character, in ems: CJK and full-width forms 1, others 1/2. */
const charEms = (ch: string): number => (isCjkChar(ch) || ch.charCodeAt(0) > 0x2000 ? 1 : 0.5);

/**
 * Split an item into pieces at the given x positions (cell borders it runs across). Characters
 * are placed where the reader saw them start, else by their estimated advance.
 */
export function splitItem(item: TextItem, cuts: number[]): TextItem[] {
  const chars = [...item.str];
  let starts = item.starts;
  if (!starts || starts.length !== chars.length) {
    const ems = chars.map(charEms);
    const scale = (item.x1 - item.x0) / (ems.reduce((s, e) => s + e, 0) || 1);
    starts = [];
    let x = item.x0;
    for (const e of ems) {
      starts.push(x);
      x += e * scale;
    }
  }
  const pieces: TextItem[] = [];
  let cur: { chars: string[]; starts: number[]; x0: number; x1: number } | null = null;
  let curSlot = -1;
  for (let k = 0; k < chars.length; k++) {
    const end = k + 1 < chars.length ? starts[k + 1] : item.x1;
    const mid = (starts[k] + Math.max(end, starts[k])) / 2;
    let slot = 0;
    while (slot < cuts.length && mid > cuts[slot]) slot++;
    if (!cur || slot !== curSlot) {
      if (cur) pieces.push(piece(item, cur));
      cur = { chars: [], starts: [], x0: starts[k], x1: end };
      curSlot = slot;
    }
    cur.chars.push(chars[k]);
    cur.starts.push(starts[k]);
    cur.x1 = Math.max(cur.x1, end);
  }
  if (cur) pieces.push(piece(item, cur));
  return pieces.filter((p) => p.str !== '');
}

function piece(item: TextItem, p: { chars: string[]; starts: number[]; x0: number; x1: number }): TextItem {
  // keep chars and starts aligned while trimming blanks at both ends
  let a = 0, b = p.chars.length;
  while (a < b && /\s/.test(p.chars[a])) a++;
  while (b > a && /\s/.test(p.chars[b - 1])) b--;
  return { ...item, str: p.chars.slice(a, b).join(''), starts: p.starts.slice(a, b), x0: p.starts[a] ?? p.x0, x1: p.x1 };
}


/** Group items into text lines (top to bottom), each line's items sorted left to right. */
export function textLines(items: TextItem[], S: LayoutSettings = LAYOUT_SETTINGS): TextItem[][] {
  const sorted = [...items].sort((a, b) => centerY(a) - centerY(b) || a.x0 - b.x0);
  const lines: { cy: number; size: number; items: TextItem[] }[] = [];
  for (const it of sorted) {
    const cy = centerY(it);
    const line = lines.length ? lines[lines.length - 1] : undefined;
    if (line && Math.abs(cy - line.cy) < S.lineShare * Math.max(line.size, it.size)) {
      line.items.push(it);
    } else {
      lines.push({ cy, size: it.size, items: [it] });
    }
  }
  return lines.map((l) => l.items.sort((a, b) => a.x0 - b.x0));
}


/** Join the items of one line: a space only where the gap is wide and not between CJK. */
export function joinLine(items: TextItem[], S: LayoutSettings = LAYOUT_SETTINGS): string {
  let out = '';
  let prev: TextItem | undefined;
  for (const it of items) {
    if (prev) {
      const gap = it.x0 - prev.x1;
      const a = out[out.length - 1], b = it.str[0];
      if (gap > S.spaceShare * it.size && !(isCjkChar(a) || isCjkChar(b)) && a !== ' ') out += ' ';
    }
    out += it.str;
    prev = it;
  }
  return out;
}

