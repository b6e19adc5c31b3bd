// A seal on a page scanned in grey. A red seal's ink comes out a middling grey there, lighter
// than the form's black ink and darker than paper, and there is no colour to tell it by
// (stamp.ts). Its strokes are that grey through and through, while the form's strokes have dark
// cores with grey edges: grey ink with no dark ink near it is a seal's — where such pixels draw
// a seal's round ring. A page printed faintly (grey cores everywhere) draws no ring.
import type { Gray } from './image.js';
import type { OcrSettings } from './settings.js';
import { dilateBits } from './stamp.js';

/** A seal found on a grey page: its ring, and the page's levels. */
export interface GreySeal {
  /** the ring's centre and radius, px */
  cx: number;
  cy: number;
  r: number;
  /** ink at most this dark is the form's (the seal's grey is lighter) */
  dark: number;
  paper: number;
}

/** `v` mm in px at the settings' dpi (at least 1) */
const mm = (v: number, S: OcrSettings) => Math.max(1, Math.round((v * S.dpi) / 25.4));

/** flags' bits: the form's dark ink, near it, grey ink with no dark ink near it (the seal's), near that, and nearer */
const DARK = 1, NEAR_DARK = 2, GREY = 4, NEAR_GREY = 8, BESIDE_GREY = 16;

/**
 * The seal on a grey page, or null. `flags` (a plane of the page's size) gets each pixel's
 * bits (GREY: a seal's ink, wherever it lies), which sealFree reads.
 */
export function greySeal(rules: Gray, threshold: number, S: OcrSettings, flags: Uint8Array): GreySeal | null {
  const { width: W, height: H, data } = rules;
  const hist = new Float64Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]]++;
  let paper = 255, nInk = 0;
  for (let v = 0; v <= threshold; v++) nInk += hist[v];
  for (let v = threshold + 1, best = -1; v < 256; v++) if (hist[v] > best) [best, paper] = [hist[v], v];
  if (!nInk) return null;
  // the form's ink: its darkest pixels' level, and what is nearly as dark
  let core = 0;
  for (let seen = 0; core <= threshold && (seen += hist[core]) < S.sealCoreQuantile * nInk; core++);
  const dark = Math.round(core + S.sealDarkShare * (paper - core));
  if (dark >= threshold) return null;
  for (let i = 0; i < data.length; i++) flags[i] = data[i] <= dark ? DARK : 0;
  dilateBits(flags, W, H, mm(S.sealNearDark, S), DARK, NEAR_DARK);
  let grey = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] > dark && data[i] <= threshold && !(flags[i] & NEAR_DARK)) {
      flags[i] |= GREY;
      grey++;
    }
  }
  // too little for a seal's ring, or more than a seal holds (a grey photo, shading, faint print): none
  if (grey < S.sealMinShare * data.length || grey > S.sealMaxShare * data.length) return null;
  const ring = findRing(flags, W, H, mm(S.sealMinRadius, S), mm(S.sealMaxRadius, S), Math.max(2, mm(S.sealRingWidth, S)), S.sealCoverage);
  return ring && ring.coverage >= S.sealCoverage ? { cx: ring.cx, cy: ring.cy, r: ring.r, dark, paper } : null;
}

/**
 * The round ring best drawn by GREY pixels (radius rMin..rMax px, `band` px thick): a Hough
 * vote on a coarse grid, then the centre and radius refined to the most GREY pixels along it;
 * `coverage`: the share of its circumference that has any.
 */
function findRing(flags: Uint8Array, W: number, H: number, rMin: number, rMax: number, band: number, minCoverage: number) {
  const cell = band;
  const gw = Math.ceil(W / cell), gh = Math.ceil(H / cell);
  // GREY pixels on a grid of a third of the ring's width: each ring stroke is sampled
  const step = Math.max(1, Math.round(band / 3));
  const xs: number[] = [], ys: number[] = [];
  for (let y = 0; y < H; y += step) for (let x = 0; x < W; x += step) if (flags[y * W + x] & GREY) xs.push(x), ys.push(y);
  const acc = new Uint32Array(gw * gh);
  let best = { votes: 0, cx: 0, cy: 0, r: 0 };
  for (let r = rMin; r <= rMax; r += cell) {
    acc.fill(0);
    // one vote a cell along the circle of centres
    const n = Math.ceil((2 * Math.PI * r) / cell);
    const cos = Float64Array.from({ length: n }, (_, k) => r * Math.cos((2 * Math.PI * k) / n));
    const sin = Float64Array.from({ length: n }, (_, k) => r * Math.sin((2 * Math.PI * k) / n));
    for (let s = 0; s < xs.length; s++) {
      for (let k = 0; k < n; k++) {
        const gx = ((xs[s] - cos[k]) / cell) | 0, gy = ((ys[s] - sin[k]) / cell) | 0;
        if (gx < 0 || gy < 0 || gx >= gw || gy >= gh) continue;
        const v = ++acc[gy * gw + gx];
        if (v > best.votes) best = { votes: v, cx: (gx + 0.5) * cell, cy: (gy + 0.5) * cell, r };
      }
    }
  }
  if (!best.votes) return null;
  // refined: the ring through the most GREY pixels (half its width either side of the circle);
  // its coverage: the share of the circumference with any
  const half = Math.ceil(band / 2);
  const fit = (cx: number, cy: number, r: number, angles = 180) => {
    let hit = 0, count = 0;
    for (let k = 0; k < angles; k++) {
      const c = Math.cos((2 * Math.PI * k) / angles), s = Math.sin((2 * Math.PI * k) / angles);
      let any = 0;
      for (let d = -half; d <= half; d++) {
        const x = Math.round(cx + (r + d) * c), y = Math.round(cy + (r + d) * s);
        if (x >= 0 && y >= 0 && x < W && y < H && flags[y * W + x] & GREY) any++;
      }
      count += any;
      if (any) hit++;
    }
    return { count, coverage: hit / angles };
  };
  let ring = { ...best, ...fit(best.cx, best.cy, best.r) };
  // where the vote peaked, hardly a ring: none (a page without a seal stops here)
  if (ring.coverage < minCoverage / 2) return ring;
  // coarse to fine: over the cell in steps of a quarter of it, then pixel by pixel
  const quarter = Math.max(1, cell >> 2);
  for (const [span, step] of [[cell, quarter], [quarter, 1]]) {
    const at = { ...ring };
    for (let dy = -span; dy <= span; dy += step) {
      for (let dx = -span; dx <= span; dx += step) {
        for (let dr = -span; dr <= span; dr += step) {
          const f = fit(at.cx + dx, at.cy + dy, at.r + dr);
          if (f.count > ring.count) ring = { ...ring, ...f, cx: at.cx + dx, cy: at.cy + dy, r: at.r + dr };
        }
      }
    }
  }
  ring = { ...ring, ...fit(ring.cx, ring.cy, ring.r, 360) };
  return ring;
}

/**
 * The page without its seal, from `rules` and greySeal's `flags`: inside the ring (and
 * sealMargin beyond) the seal's grey ink, its grey edges (sealEdge round it, away
 * from the form's ink) and whatever is lighter than ink turn to paper (into `text`, OCR's page);
 * for a cell read again (into `recheck`), within sealRecheckReach of the seal's ink only the
 * form's dark ink stays. Elsewhere the page as it is. Returns a bit a pixel (colourBits'
 * format) where the seal's ink lies, for the cells read again.
 */
export function sealFree(rules: Gray, seal: GreySeal, threshold: number, flags: Uint8Array, S: OcrSettings, text: Uint8Array, recheck: Uint8Array): Uint8Array {
  const { width: W, height: H, data } = rules;
  dilateBits(flags, W, H, mm(S.sealEdge, S), GREY, BESIDE_GREY);
  dilateBits(flags, W, H, mm(S.sealRecheckReach, S), GREY, NEAR_GREY);
  const bits = new Uint8Array((data.length + 7) >> 3);
  const out = seal.r + mm(S.sealMargin, S);
  for (let y = 0; y < H; y++) {
    const dy = y - seal.cy;
    for (let x = 0, i = y * W; x < W; x++, i++) {
      const v = data[i], f = flags[i];
      const dx = x - seal.cx;
      if (dx * dx + dy * dy > out * out) {
        text[i] = recheck[i] = v;
        continue;
      }
      if (f & GREY) bits[i >> 3] |= 1 << (i & 7);
      const paper = f & GREY || v > threshold;
      text[i] = paper || (f & BESIDE_GREY && !(f & NEAR_DARK)) ? seal.paper : v;
      recheck[i] = paper || (f & NEAR_GREY && v > seal.dark) ? seal.paper : v;
    }
  }
  return bits;
}
