// Readings that their ink or their own text shows to be wrong: Chinese with characters missing
// for the ink it was read from, a number closed by a bracket nothing opened. Pure functions;
// region.ts reads again or marks unsure.
import type { Box } from '../../geometry/index.js';
import type { OcrLine } from './engine.js';

/**
 * How many Chinese characters the ink of `box` (px) holds: Chinese prints in em squares, so each
 * line of ink (a band of rows with ink, at least `minHeight` px high: not a rule's fringe) holds
 * about as many as the columns with ink in it are its heights (the glyphs' widths, not the
 * blanks of a title spaced out). Rules are not counted: a row inked across most of the box, a
 * column inked down most of it, a thin run of columns inked down its line.
 */
export function inkChars(mask: Uint8Array, width: number, box: Box, minHeight: number): number {
  const w = box.x1 - box.x0, H = box.y1 - box.y0;
  // columns a rule runs down through the box
  const ruled = new Uint8Array(w);
  for (let x = box.x0; x < box.x1; x++) {
    let down = 0;
    for (let y = box.y0; y < box.y1; y++) down += mask[y * width + x];
    ruled[x - box.x0] = down >= RULE_SHARE * H ? 1 : 0;
  }
  const rowInk = (y: number) => {
    let n = 0;
    for (let x = box.x0; x < box.x1; x++) if (!ruled[x - box.x0]) n += mask[y * width + x];
    return n;
  };
  // rows of text: some ink, not a rule's
  const texty = (y: number) => {
    const n = y < box.y1 ? rowInk(y) : 0;
    return n > 0 && n < RULE_SHARE * w;
  };
  let n = 0;
  for (let y = box.y0, start = -1; y <= box.y1; y++) {
    const ink = texty(y);
    if (ink && start < 0) start = y;
    if (ink || start < 0) continue;
    const h = y - start;
    if (h >= minHeight) {
      // runs of inked columns; a thin one inked down the whole line is a rule's
      let cols = 0, run = 0, full = false;
      for (let x = box.x0; x <= box.x1; x++) {
        let down = 0;
        if (x < box.x1 && !ruled[x - box.x0]) for (let r = start; r < y; r++) down += mask[r * width + x];
        if (down > 0) {
          run++;
          full ||= down >= RULE_SHARE * h;
          continue;
        }
        if (run && !(full && run <= Math.max(2, THIN_SHARE * h))) cols += run;
        run = 0;
        full = false;
      }
      n += cols / h;
    }
    start = -1;
  }
  return Math.round(n);
}

/** a row (column) inked over more than this share of the box's width (the line's height) is a rule's, */
const RULE_SHARE = 0.9;
/** ...a column run no wider than this share of the line's height */
const THIN_SHARE = 0.15;

/**
 * A number (3 or more digits and points) right before a closing bracket that nothing before it in
 * the text opened: a unit's bracket misread (`=100.00096)`). A list's `1)` is too short to count.
 */
export function unopenedUnit(text: string): boolean {
  let open = 0;
  for (const m of text.matchAll(/[(（]|([\d.]{3,})?[)）]/g)) {
    if (/[(（]/.test(m[0])) open++;
    else if (open > 0) open--;
    else if (m[1]) return true;
  }
  return false;
}

/**
 * Characters a reading lacks for the `expected` its ink holds (inkChars); null for a reading of
 * anything but Chinese characters, or of nothing: it tells nothing of them.
 */
export function missingChars(text: string, expected: number): number | null {
  const chars = text.replace(/\s+/g, '');
  return /^\p{Script=Han}+$/u.test(chars) ? Math.max(0, expected - [...chars].length) : null;
}

/**
 * Ink a reading left out: in the rows of a line read, a run of inked columns at least
 * `S.runWidth` of the line's height wide and `S.runHeight` of it high (a digit, not a speck or
 * a stamp's fleck) with `S.minInk` px of ink that no character's box reaches across; or a
 * point's box wider than `S.pointWidth` of it where no other character's box is (the 5 of
 * `5.00` read `.00` under a seal's stroke: tesseract boxed it with the point, or with no
 * character). `pixels`: a crop, paper 255; columns within `edge` px of its sides are not looked
 * at (a rule's fringe).
 */
export function inkLeftOut(pixels: Uint8Array, width: number, lines: OcrLine[], S: { minInk: number; runWidth: number; runHeight: number; pointWidth: number }, edge = 0): boolean {
  const glyphs = lines.flatMap((l) => l.boxes);
  const height = Math.floor(pixels.length / width);
  for (const line of lines) {
    const y0 = Math.max(0, Math.round(line.y0)), y1 = Math.min(height, Math.round(line.y1));
    // a point's box is only as wide as its own columns no other character's box holds
    const ownWidth = (k: number) => {
      const { x0, x1 } = line.boxes[k];
      let own = 0;
      for (let x = Math.floor(x0); x < x1; x++) if (!line.boxes.some((g, j) => j !== k && g.x0 <= x && g.x1 > x)) own++;
      return own;
    };
    if ([...line.text].some((ch, k) => POINTS.test(ch) && line.boxes[k] && ownWidth(k) > S.pointWidth * (y1 - y0))) return true;
    const minWidth = Math.max(1, S.runWidth * (y1 - y0)), minHeight = S.runHeight * (y1 - y0);
    let run = 0, ink = 0, top = y1, bottom = y0;
    for (let x = edge; x <= width - edge; x++) {
      let down = 0;
      if (x < width - edge)
        for (let y = y0; y < y1; y++)
          if (pixels[y * width + x] < 255) {
            down++;
            top = Math.min(top, y);
            bottom = Math.max(bottom, y + 1);
          }
      if (down) {
        run++;
        ink += down;
        continue;
      }
      const from = x - run;
      if (run >= minWidth && ink >= S.minInk && bottom - top >= minHeight && !glyphs.some((g) => g.x0 < x && g.x1 > from && g.y0 < y1 && g.y1 > y0)) return true;
      run = ink = 0;
      top = y1;
      bottom = y0;
    }
  }
  return false;
}

/** marks a fraction of an em wide */
const POINTS = /^[.,:;．，：；。、]$/;
