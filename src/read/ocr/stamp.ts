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
  /** px around stamp ink where the scan's JPEG may have left its edges grey */
  reach: number;
  /** there, only pixels at least this dark (once the stamp is taken out) are the form's ink */
  ink: number;
  /** away from stamps, a pixel is lightened by this × its colourfulness (JPEG colour noise around glyphs, faint colour) */
  weight: number;
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
 * stamps (and on a page without one), pixels are lightened by `weight` × their colourfulness.
 */
export function stampFree(rules: Gray, chroma: Uint8Array, fade: StampFade, stamp: StampInk | null): Gray {
  const { width, height } = rules;
  const data = new Uint8Array(chroma.length);
  const fadeAway = (i: number) => {
    const v = rules.data[i] + fade.weight * chroma[i];
    data[i] = v > 255 ? 255 : v;
  };
  if (!stamp) {
    for (let i = 0; i < data.length; i++) fadeAway(i);
    return { width, height, data };
  }
  const inked = new Uint8Array(chroma.length);
  for (let i = 0; i < chroma.length; i++) inked[i] = chroma[i] >= fade.minChroma ? 1 : 0;
  const area = dilate(inked, width, height, fade.area);
  const light = fade.shadeShare * stamp.shade;
  for (let i = 0; i < chroma.length; i++) {
    if (!area[i] || chroma[i] < fade.faintChroma) continue;
    inked[i] = 1;
    // no darker than the stamp itself: nothing of the form's ink is under it
    if (shadeOf(rules.data[i], chroma[i]) >= light) area[i] = 2;
  }
  const near = dilate(inked, width, height, fade.reach);
  for (let i = 0; i < data.length; i++) {
    if (!near[i]) fadeAway(i);
    else {
      const v = stamp.paper - (stamp.under - rules.data[i]) / stamp.contrast;
      data[i] = v > fade.ink || area[i] === 2 ? 255 : v < 0 ? 0 : v;
    }
  }
  return { width, height, data };
}

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

/** 1 within `reach` px (a square) of a pixel that is 1 in `mask`. */
export function dilate(mask: Uint8Array, width: number, height: number, reach: number): Uint8Array {
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0, last = -Infinity; x < width; x++) {
      if (mask[o + x]) last = x;
      if (x - last <= reach) rows[o + x] = 1;
    }
    for (let x = width - 1, last = Infinity; x >= 0; x--) {
      if (mask[o + x]) last = x;
      if (last - x <= reach) rows[o + x] = 1;
    }
  }
  // columns, a row at a time (cache friendly): the last row with a hit above, then below
  const out = new Uint8Array(mask.length);
  const last = new Float64Array(width);
  last.fill(-Infinity);
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (rows[i]) last[x] = y;
      if (y - last[x] <= reach) out[i] = 1;
    }
  }
  last.fill(Infinity);
  for (let y = height - 1; y >= 0; y--) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (rows[i]) last[x] = y;
      if (last[x] - y <= reach) out[i] = 1;
    }
  }
  return out;
}

/** Pixels in a rectangle at least `min` colourful (a stamp's ink). */
export function colourCount(chroma: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number, min: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0, end = y * width + x1; i < end; i++) if (chroma[i] >= min) n++;
  }
  return n;
}
