// pdfjs text items -> cleaned, positioned TextItems in page (top-left) coordinates.
import type { TextRun } from './graphics.js';
import { cleanText } from './normalize.js';
import type { TextItem } from './types.js';

export interface RawItem {
  str: string;
  width: number;
  height: number;
  transform: number[];
}

export const ITEM_SETTINGS = {
  /** a run whose visible share is below this was clipped away by the producer */
  minVisibleShare: 0.5,
  /** a text run and an item start at the same point within this many points */
  originTolerance: 0.6,
  /** same string drawn again within this share of the font size = fake bold */
  duplicateShare: 0.25,
  /** glyph box above and below the baseline, as shares of the font size */
  ascent: 0.85,
  descent: 0.15,
};

export function cleanItems(raw: RawItem[], vt: number[], clips: TextRun[], pageW: number, pageH: number): TextItem[] {
  const out: TextItem[] = [];
  const seen = new Map<string, TextItem[]>();
  for (const r of raw) {
    const str = cleanText(r.str).trim();
    if (!str) continue;
    const [a, b, c, d, e, f] = r.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || r.height;
    if (!(size > 0)) continue;
    const ux = a / (Math.hypot(a, b) || 1), uy = b / (Math.hypot(a, b) || 1);
    const vx = c / (Math.hypot(c, d) || 1), vy = d / (Math.hypot(c, d) || 1);
    const { ascent, descent } = ITEM_SETTINGS;
    const pts: [number, number][] = [];
    for (const along of [0, r.width]) {
      for (const up of [-descent * size, ascent * size]) {
        const x = e + ux * along + vx * up, y = f + uy * along + vy * up;
        pts.push([vt[0] * x + vt[2] * y + vt[4], vt[1] * x + vt[3] * y + vt[5]]);
      }
    }
    const ox = vt[0] * e + vt[2] * f + vt[4], oy = vt[1] * e + vt[3] * f + vt[5];
    if (isClipped(ox, oy, clips)) continue;
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const item: TextItem = { str, size, x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
    const cx = (item.x0 + item.x1) / 2, cy = (item.y0 + item.y1) / 2;
    if (cx < 0 || cy < 0 || cx > pageW || cy > pageH) continue; // outside the page: never printed
    const twins = seen.get(str);
    const tol = ITEM_SETTINGS.duplicateShare * size;
    if (twins?.some((t) => Math.abs(t.x0 - item.x0) <= tol && Math.abs(t.y0 - item.y0) <= tol)) continue;
    if (twins) twins.push(item);
    else seen.set(str, [item]);
    out.push(item);
  }
  return out;
}

function isClipped(x: number, y: number, clips: TextRun[]): boolean {
  const tol = ITEM_SETTINGS.originTolerance;
  for (const c of clips) {
    if (Math.abs(c.x - x) <= tol && Math.abs(c.y - y) <= tol && c.visible < ITEM_SETTINGS.minVisibleShare) return true;
  }
  return false;
}
