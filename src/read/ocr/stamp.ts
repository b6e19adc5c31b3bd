// A red stamp on a scanned page, measured and taken out: OCR reads the form's black ink, and
// a stamp's ink (colourful, and lighter than black in the lightest channel) is paper to it.
import type { Gray } from './image.js';

/** What a page's stamp looks like (stampInk), in the lightest channel unless said. */
export interface StampInk {
  /** the paper */
  paper: number;
  /** the paper under the stamp (the stamp alone) */
  under: number;
  /** contrast under the stamp: how much darker ink is under it than the stamp alone, as a share
   * of how much darker it is than paper elsewhere (a stamp multiplied onto the print: ~0.85; a
   * stamp laid over it, 60% opaque: ~0.4) */
  contrast: number;
  /** the usual shade (shadeOf) of the stamp alone: nothing the stamp alone covers is darker */
  shade: number;
}

/** How the stamp is taken out of the page OCR reads (see stampFree). */
export interface StampFade {
  /** a pixel at least this colourful is stamp ink */
  minChroma: number;
  /** px around stamp ink that its thin lines and faint parts may cover */
  area: number;
  /** there, a pixel at least this colourful, and at least `shadeShare` × the stamp's shade light, is the stamp's alone */
  faintChroma: number;
  shadeShare: number;
  /** the page read (`text`) and the page read again where a stamp covers a cell (`recheck`, the stamp taken out harder) */
  text: StampReach;
  recheck: StampReach;
  /** away from stamps, a pixel is lightened by this × its colourfulness (JPEG colour noise around glyphs, faint colour) */
  weight: number;
}

export interface StampReach {
  /** px around stamp ink where the scan's JPEG may have left its edges grey */
  reach: number;
  /** there, only pixels at least this dark (once the stamp is taken out) are the form's ink */
  ink: number;
}

/** A pixel's shade, about its luma for a stamp of one hue: (lightest + 2 × darkest channel) / 3. */
const shadeOf = (max: number, chroma: number) => max - (2 * chroma) / 3;

/**
 * Seal removal: the page as OCR reads it. A stamp is printed over the form in colour: in its
 * lightest channel (red, for a red stamp) the stamp alone is nearly paper (`under`), while the
 * form's ink under it stays darker, at a contrast that depends on how opaque the stamp is. So
 * near the stamp, the page is `paper − (under − lightest) / contrast`: the stamp turns to paper
 * and the ink under it comes back as dark as elsewhere. The scan's JPEG keeps colour at a lower
 * resolution than lightness, so the stamp's thin lines and edges lose colour and stay grey:
 * inside the stamp's `area`, a faintly coloured pixel no darker than the stamp's own shade is
 * the stamp's, and within `reach` of stamp ink only pixels as dark as ink stay. Away from
 * stamps (and on a page without one: fadeAway), pixels are lightened by `weight` × their
 * colourfulness. Two pages come out, read with `fade.text` and `fade.recheck`: into `text`, and
 * into `flags`, a plane whose bytes hold each pixel's working bits until they are overwritten
 * (a page in memory is a plane smaller); returns `flags`.
 */
export function stampFree(rules: Gray, chroma: Uint8Array, fade: StampFade, stamp: StampInk, text: Uint8Array, flags: Uint8Array): Uint8Array {
  const { width, height } = rules;
  for (let i = 0; i < chroma.length; i++) flags[i] = chroma[i] >= fade.minChroma ? INKED : 0;
  dilateBits(flags, width, height, fade.area, INKED, AREA);
  const light = fade.shadeShare * stamp.shade;
  for (let i = 0; i < chroma.length; i++) {
    if (!(flags[i] & AREA) || chroma[i] < fade.faintChroma) continue;
    flags[i] |= INKED;
    // no darker than the stamp itself: nothing of the form's ink is under it
    if (shadeOf(rules.data[i], chroma[i]) >= light) flags[i] |= STAMP_ONLY;
  }
  dilateBits(flags, width, height, fade.text.reach, INKED, NEAR_TEXT);
  dilateBits(flags, width, height, fade.recheck.reach, INKED, NEAR_RECHECK);
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    const faded = Math.min(255, rules.data[i] + fade.weight * chroma[i]);
    // the stamp unmixed: what the pixel would be without it
    const v = stamp.paper - (stamp.under - rules.data[i]) / stamp.contrast;
    const unmixed = (ink: number) => (v > ink || f & STAMP_ONLY ? 255 : v < 0 ? 0 : v);
    text[i] = f & NEAR_TEXT ? unmixed(fade.text.ink) : faded;
    flags[i] = f & NEAR_RECHECK ? unmixed(fade.recheck.ink) : faded;
  }
  return flags;
}

/** Each pixel lightened by `weight` × its colourfulness, into `out` (which may be `chroma`). */
export function fadeAway(rules: Uint8Array, chroma: Uint8Array, weight: number, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, rules[i] + weight * chroma[i]);
}

/** stampFree's bits of a pixel, in its `flags` plane */
const INKED = 1, AREA = 2, STAMP_ONLY = 4, NEAR_TEXT = 8, NEAR_RECHECK = 16, SCRATCH = 32;

/**
 * The page's stamp, from the pixels at least `minChroma` colourful (null when there are none):
 * the paper under it is their median, the form's ink under it their `inkShare` quantile, which
 * against the ink elsewhere (the median of the ink pixels with no colour) gives the contrast,
 * at least `minContrast` (a stamp over no ink) and at most what a stamp multiplied onto the print
 * gives (under / paper). For a red stamp (215, 35, 40) at 85% on paper: under ~185, shade ~100.
 */
export function stampInk(rules: Gray, chroma: Uint8Array, threshold: number, minChroma: number, inkShare: number, minContrast: number): StampInk | null {
  const all = new Float64Array(256), ink = new Float64Array(256), stamp = new Float64Array(256), shades = new Float64Array(256);
  let nInk = 0, nStamp = 0;
  for (let i = 0; i < rules.data.length; i++) {
    const v = rules.data[i];
    all[v]++;
    if (chroma[i] >= minChroma) {
      stamp[v]++;
      shades[Math.max(0, Math.round(shadeOf(v, chroma[i])))]++;
      nStamp++;
    } else if (v <= threshold) {
      ink[v]++;
      nInk++;
    }
  }
  if (!nStamp || !nInk) return null;
  // the paper: the commonest grey lighter than the ink threshold
  let paper = 255;
  for (let v = threshold + 1, best = -1; v < 256; v++) {
    if (all[v] > best) {
      best = all[v];
      paper = v;
    }
  }
  const under = quantile(stamp, nStamp, 0.5);
  const contrast = (under - quantile(stamp, nStamp, inkShare)) / Math.max(1, paper - quantile(ink, nInk, 0.5));
  return { paper, under, contrast: Math.min(Math.max(contrast, minContrast), under / paper), shade: quantile(shades, nStamp, 0.5) };
}

/** The `q` quantile of `n` values counted in a histogram. */
function quantile(hist: Float64Array, n: number, q: number): number {
  for (let v = 0, seen = 0; v < hist.length; v++) {
    seen += hist[v];
    if (seen >= q * n) return v;
  }
  return hist.length - 1;
}

/**
 * Set bit `to` of every pixel within `reach` px (a square) of a pixel with bit `from`, in place
 * (bit SCRATCH is used on the way, and left clear).
 */
export function dilateBits(px: Uint8Array, width: number, height: number, reach: number, from: number, to: number): void {
  // rows: within reach of a `from` pixel left or right
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0, last = -Infinity; x < width; x++) {
      if (px[o + x] & from) last = x;
      if (x - last <= reach) px[o + x] |= SCRATCH;
    }
    for (let x = width - 1, last = Infinity; x >= 0; x--) {
      if (px[o + x] & from) last = x;
      if (last - x <= reach) px[o + x] |= SCRATCH;
    }
  }
  // columns, a row at a time (cache friendly): the last row with a hit above, then below
  const last = new Float64Array(width);
  last.fill(-Infinity);
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (px[i] & SCRATCH) last[x] = y;
      if (y - last[x] <= reach) px[i] |= to;
    }
  }
  last.fill(Infinity);
  for (let y = height - 1; y >= 0; y--) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (px[i] & SCRATCH) last[x] = y;
      px[i] &= ~SCRATCH;
      if (last[x] - y <= reach) px[i] |= to;
    }
  }
}

/** A bit a pixel (row-major, 8 to a byte), set where it is at least `min` colourful (a stamp's ink). */
export function colourBits(chroma: Uint8Array, min: number): Uint8Array {
  const bits = new Uint8Array((chroma.length + 7) >> 3);
  for (let i = 0; i < chroma.length; i++) if (chroma[i] >= min) bits[i >> 3] |= 1 << (i & 7);
  return bits;
}

/** Pixels set in `bits` (colourBits) in a rectangle. */
export function colourCount(bits: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0, end = y * width + x1; i < end; i++) n += (bits[i >> 3] >> (i & 7)) & 1;
  }
  return n;
}
