// Page image in memory: one byte per pixel, the lightest of R, G, B, so that black ink stays
// dark while a red stamp, coloured paper and the grey of a scan turn light. Pure functions over
// pixels: Otsu's threshold, the skew angle by projection profiles, cropping to PGM for OCR.
import { OCR_SETTINGS, type OcrSettings } from './settings.js';

export interface Gray {
  width: number;
  height: number;
  /** row-major, 0 = black */
  data: Uint8Array;
}

/**
 * Rows of an image's pixels (RGBA or BGRA: the lightest and darkest channel are the same) into
 * two planes from row `y`: the lightest channel (`rules`), where a red stamp is light and black
 * rules under it stay dark, and each pixel's colourfulness (max − min of R, G, B), where a
 * stamp's ink shows. The page is drawn a strip of rows at a time.
 */
export function greyRows(rgba: Uint8Array | Uint8ClampedArray, width: number, rows: number, y: number, rules: Uint8Array, chroma: Uint8Array): void {
  for (let i = y * width, p = 0, end = p + 4 * width * rows; p < end; i++, p += 4) {
    const r = rgba[p], g = rgba[p + 1], b = rgba[p + 2];
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    rules[i] = max;
    chroma[i] = max - min;
  }
}

/** Otsu's threshold: the grey level that best separates ink from paper. */
export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]]++;
  const total = img.data.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v];
  let sumB = 0, wB = 0, best = 0, level = 128;
  for (let v = 0; v < 256; v++) {
    wB += hist[v];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += v * hist[v];
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      level = v;
    }
  }
  return level;
}

/** 1 where the pixel is ink (darker than the threshold), into `mask` (which may be the image's own pixels). */
export function inkMask(img: Gray, threshold: number, mask: Uint8Array = new Uint8Array(img.data.length)): Uint8Array {
  for (let i = 0; i < mask.length; i++) mask[i] = img.data[i] <= threshold ? 1 : 0;
  return mask;
}

/**
 * The skew of the page in degrees (positive: content turned clockwise, as drawn on screen): the
 * angle whose row projection of the ink steps most sharply, which is when the long ruling lines
 * and text baselines lie along the rows: the sum of the squared changes from each band of
 * `smooth` pixel rows to the band before it. (Not the projection's own sum of squares: a wall of
 * text in two columns swells and thins slowly, and that peaked ~1° off the lines.) Searched on
 * every `step`-th pixel, coarse then fine.
 */
export function skewAngle(mask: Uint8Array, width: number, height: number, smooth: number, S: OcrSettings = OCR_SETTINGS): number {
  const step = 2;
  // the ink pixels' coordinates, counted first: typed arrays of their size, no garbage
  let n = 0;
  for (let y = 0; y < height; y += step) for (let x = 0; x < width; x += step) n += mask[y * width + x];
  if (n === 0) return 0;
  const xs = new Int32Array(n), ys = new Int32Array(n);
  for (let y = 0, k = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (mask[y * width + x]) {
        xs[k] = x;
        ys[k++] = y;
      }
    }
  }
  const pad = Math.ceil(width * Math.tan((S.maxSkewDeg * Math.PI) / 180)) + 1;
  const hist = new Float64Array(height + 2 * pad);
  const bands = new Float64Array(hist.length);
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    hist.fill(0);
    for (let k = 0; k < xs.length; k++) hist[Math.round(ys[k] - xs[k] * t) + pad]++;
    // summed over a few pixel rows: a page image scaled by a fraction (200 dpi drawn at 300) has
    // rows alternately sharper and blurrier, a pattern that peaks at exactly 0° otherwise
    let s = 0, run = 0;
    for (let k = 0; k < hist.length; k++) {
      run += hist[k] - (k >= smooth ? hist[k - smooth] : 0);
      bands[k] = run;
      if (k >= smooth) s += (run - bands[k - smooth]) ** 2;
    }
    return s;
  };
  const search = (from: number, to: number, by: number) => {
    let best = from, bestScore = -1;
    for (let a = from; a <= to + 1e-9; a += by) {
      const s = score(a);
      if (s > bestScore) {
        bestScore = s;
        best = a;
      }
    }
    return best;
  };
  const coarse = search(-S.maxSkewDeg, S.maxSkewDeg, S.skewStepDeg);
  return search(coarse - S.skewStepDeg, coarse + S.skewStepDeg, S.skewFineStepDeg);
}

/**
 * The image turned by `deg` degrees about its centre (positive: clockwise as drawn on screen),
 * sampled bilinearly, as a canvas draws it; pixels from outside the image are `fill`. Into
 * `out`, a plane of the image's size.
 */
export function rotate(img: Gray, deg: number, fill: number, out: Uint8Array = new Uint8Array(img.data.length)): Gray {
  const { width, height, data } = img;
  const t = (deg * Math.PI) / 180, cos = Math.cos(t), sin = Math.sin(t), cx = width / 2, cy = height / 2;
  for (let y = 0, i = 0; y < height; y++) {
    // the source of each target pixel centre: the inverse turn, stepping along the row
    const dy = y + 0.5 - cy, dx0 = 0.5 - cx;
    let sx = cos * dx0 + sin * dy + cx - 0.5, sy = -sin * dx0 + cos * dy + cy - 0.5;
    for (let x = 0; x < width; x++, i++, sx += cos, sy -= sin) {
      const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
      let a: number, b: number, c: number, d: number;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        const k = y0 * width + x0;
        a = data[k];
        b = data[k + 1];
        c = data[k + width];
        d = data[k + width + 1];
      } else {
        const at = (px: number, py: number) => (px < 0 || py < 0 || px >= width || py >= height ? fill : data[py * width + px]);
        a = at(x0, y0);
        b = at(x0 + 1, y0);
        c = at(x0, y0 + 1);
        d = at(x0 + 1, y0 + 1);
      }
      out[i] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy + 0.5;
    }
  }
  return { width, height, data: out };
}

/**
 * The pixels of a rectangle as a binary PGM (P5) image, which tesseract reads directly, with
 * `pad` white pixels around; pixels lighter than `paper` become white (paper tone, stamp).
 */
export function cropPgm(img: Gray, x0: number, y0: number, x1: number, y1: number, pad: number, paper: number, specks: { maxSpeck: number; maxDot: number; reach: number; colonReach: number }): Buffer {
  const w = x1 - x0, h = y1 - y0;
  const W = w + 2 * pad, H = h + 2 * pad;
  const head = Buffer.from(`P5\n${W} ${H}\n255\n`, 'latin1');
  const out = Buffer.alloc(head.length + W * H, 255);
  head.copy(out);
  for (let y = 0; y < h; y++) {
    const src = (y0 + y) * img.width + x0;
    const dst = head.length + (y + pad) * W + pad;
    for (let x = 0; x < w; x++) {
      const v = img.data[src + x];
      out[dst + x] = v > paper ? 255 : v;
    }
  }
  despeckle(out.subarray(head.length), W, H, specks.maxSpeck, specks.maxDot, specks.reach, specks.colonReach);
  return out;
}

/** A PGM image (cropPgm's) scaled by `f`, bilinear. */
export function scalePgm(pgm: Buffer, f: number): Buffer {
  const m = /^P5\n(\d+) (\d+)\n255\n/.exec(pgm.toString('latin1', 0, 32));
  if (!m) throw new Error('scalePgm: not a PGM of cropPgm');
  const W = Number(m[1]), H = Number(m[2]), from = m[0].length;
  const W2 = Math.max(1, Math.round(W * f)), H2 = Math.max(1, Math.round(H * f));
  const head = Buffer.from(`P5\n${W2} ${H2}\n255\n`, 'latin1');
  const out = Buffer.alloc(head.length + W2 * H2);
  head.copy(out);
  for (let y = 0; y < H2; y++) {
    const sy = Math.min(H - 1, Math.max(0, (y + 0.5) / f - 0.5)), ya = Math.floor(sy), yb = Math.min(H - 1, ya + 1), fy = sy - ya;
    for (let x = 0; x < W2; x++) {
      const sx = Math.min(W - 1, Math.max(0, (x + 0.5) / f - 0.5)), xa = Math.floor(sx), xb = Math.min(W - 1, xa + 1), fx = sx - xa;
      const p = (xx: number, yy: number) => pgm[from + yy * W + xx];
      out[head.length + y * W2 + x] = Math.round((p(xa, ya) * (1 - fx) + p(xb, ya) * fx) * (1 - fy) + (p(xa, yb) * (1 - fx) + p(xb, yb) * fx) * fy);
    }
  }
  return out;
}

/** Ink pixels in a rectangle. */
export function inkCount(mask: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0, end = y * width + x1; i < end; i++) n += mask[i];
  }
  return n;
}

/**
 * Whiten scan specks, which tesseract reads as dots, commas and bars: every blob of non-white
 * (8-connected) pixels of at most `maxSpeck` pixels, and blobs up to `maxDot` pixels with no
 * other ink within `reach` pixels. A decimal point is as small but sits between digits; a
 * colon's dots have each other, one straight above the other within `colonReach` pixels.
 */
export function despeckle(px: Uint8Array, width: number, height: number, maxSpeck: number, maxDot: number, reach: number, colonReach: number): void {
  const label = new Int32Array(px.length);
  const stack: number[] = [];
  const dots: { id: number; pixels: number[]; x0: number; y0: number; x1: number; y1: number }[] = [];
  let id = 0;
  for (let i = 0; i < px.length; i++) {
    if (label[i] || px[i] === 255) continue;
    id++;
    const pixels: number[] = [];
    stack.push(i);
    label[i] = id;
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    while (stack.length) {
      const p = stack.pop()!;
      pixels.push(p);
      const x = p % width, y = (p - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (!label[q] && px[q] !== 255) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    if (pixels.length <= maxDot) dots.push({ id, pixels, x0, y0, x1, y1 });
  }
  const size = new Map(dots.map((d) => [d.id, d.pixels.length]));
  const specks = dots.filter((d) => {
    if (d.pixels.length <= maxSpeck) return true;
    // any other ink near it?
    for (let y = Math.max(0, d.y0 - reach); y <= Math.min(height - 1, d.y1 + reach); y++) {
      for (let x = Math.max(0, d.x0 - reach); x <= Math.min(width - 1, d.x1 + reach); x++) {
        const l = label[y * width + x];
        if (l && l !== d.id) return false;
      }
    }
    // a colon: a dot of about its size straight above or below
    for (let y = Math.max(0, d.y0 - colonReach); y <= Math.min(height - 1, d.y1 + colonReach); y++) {
      for (let x = d.x0; x <= d.x1; x++) {
        const l = label[y * width + x], n = size.get(l);
        if (l && l !== d.id && n !== undefined && n > maxSpeck && 2 * n >= d.pixels.length && n <= 2 * d.pixels.length) return false;
      }
    }
    return true;
  });
  for (const d of specks) for (const p of d.pixels) px[p] = 255;
}

/**
 * The comparison operator a glyph's ink draws (`box` in pixels): bands of inked rows, a flat
 * bar at the bottom (≥ ≤ =), and where the chevron's vertex points: left for < ≤, right for > ≥.
 * Null when the ink is not one of them.
 */
export function operatorShape(mask: Uint8Array, width: number, box: { x0: number; y0: number; x1: number; y1: number }): '≥' | '≤' | '>' | '<' | '=' | null {
  const x0 = Math.max(0, Math.floor(box.x0)), x1 = Math.min(width, Math.ceil(box.x1));
  const rows: { y: number; left: number; right: number }[] = [];
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.ceil(box.y1); y++) {
    let left = -1, right = -1;
    for (let x = x0; x < x1; x++) {
      if (!mask[y * width + x]) continue;
      if (left < 0) left = x;
      right = x;
    }
    if (left >= 0) rows.push({ y, left, right });
  }
  if (rows.length < 3) return null;
  // bands: runs of inked rows
  const bands: (typeof rows)[] = [];
  for (const r of rows) {
    const band = bands[bands.length - 1];
    if (band && r.y === band[band.length - 1].y + 1) band.push(r);
    else bands.push([r]);
  }
  const w = x1 - x0;
  const flat = (b: typeof rows) => {
    const l = Math.min(...b.map((r) => r.left)), r = Math.max(...b.map((r) => r.right));
    return b.length <= Math.max(3, 0.25 * (r - l)) && r - l >= 0.5 * w;
  };
  const chevron = (b: typeof rows): '<' | '>' | null => {
    if (b.length < 4) return null;
    const top = b[0], mid = b[Math.floor(b.length / 2)], bottom = b[b.length - 1];
    const tol = Math.max(2, 0.2 * (Math.max(...b.map((r) => r.right)) - Math.min(...b.map((r) => r.left))));
    if (mid.left < top.left - tol && mid.left < bottom.left - tol) return '<';
    if (mid.right > top.right + tol && mid.right > bottom.right + tol) return '>';
    return null;
  };
  if (bands.length === 2 && flat(bands[1])) {
    if (flat(bands[0])) return '=';
    const c = chevron(bands[0]);
    return c === '<' ? '≤' : c === '>' ? '≥' : null;
  }
  if (bands.length === 1) return chevron(bands[0]);
  return null;
}

/**
 * Blank columns before and after the ink under `box` (px), looking only at the rows of `box`:
 * how far the glyph's ink stands from its neighbours' ink.
 */
export function inkGaps(mask: Uint8Array, width: number, box: { x0: number; y0: number; x1: number; y1: number }, reach: number): { before: number; after: number } {
  const y0 = Math.max(0, Math.floor(box.y0)), y1 = Math.ceil(box.y1);
  const inked = (x: number) => {
    if (x < 0 || x >= width) return false;
    for (let y = y0; y < y1; y++) if (mask[y * width + x]) return true;
    return false;
  };
  // the ink run nearest the box centre
  const cx = Math.round((box.x0 + box.x1) / 2);
  let c = -1;
  for (let d = 0; d <= (box.x1 - box.x0) / 2 + 1 && c < 0; d++) {
    if (inked(cx - d)) c = cx - d;
    else if (inked(cx + d)) c = cx + d;
  }
  if (c < 0) return { before: 0, after: 0 };
  let a = c, b = c;
  while (inked(a - 1)) a--;
  while (inked(b + 1)) b++;
  let before = 0, after = 0;
  while (before < reach && !inked(a - 1 - before)) before++;
  while (after < reach && !inked(b + 1 + after)) after++;
  return { before, after };
}

/** The tight box of the ink of `mask` inside `box` (px), or null. */
export function inkBox(mask: Uint8Array, width: number, box: { x0: number; y0: number; x1: number; y1: number }): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const height = mask.length / width;
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(height, Math.ceil(box.y1)); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(width, Math.ceil(box.x1)); x++) {
      if (!mask[y * width + x]) continue;
      if (x < x0) x0 = x;
      if (x + 1 > x1) x1 = x + 1;
      if (y < y0) y0 = y;
      if (y + 1 > y1) y1 = y + 1;
    }
  }
  return x1 > x0 ? { x0, y0, x1, y1 } : null;
}
