// A page that paints nothing but images (a scan: one image a page, or a few strips) is drawn
// straight from pdfjs's decoded images into the page's planes, each pixel sampled as pdfjs's
// canvas would sample it. Drawing it with pdfjs costs a canvas and, for every strip of the
// page, two copies of the image in the canvas's native memory (~45 MB for a 200-dpi A4 colour
// scan) and the time to make them. A page that paints anything else (text, paths, image masks,
// graphics states) is left to pdfjs (null).
import type { Matrix } from '../graphics/state.js';
import { StateStack } from '../graphics/state.js';

/** an image of one byte a pixel, grey (decoded here, scan-raw.ts: pdfjs has no such kind) */
export const GREY_8BPP = 8;

/** An image as pdfjs decodes it (its ImageKind: 1 = one bit a pixel, 1 white; 2 = RGB; 3 = RGBA), or GREY_8BPP. */
export interface DecodedImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
  /** the PDF asks for smoothing (/Interpolate) */
  interpolate?: boolean;
}

/** An image whose pixels pdfjs gave, of a kind drawImage reads. */
export type DrawableImage = DecodedImage & { data: Uint8Array | Uint8ClampedArray };

/** One image painted: pdfjs's object id (or the inline image itself) and the device transform of its unit square. */
export interface ImagePaint {
  image: string | DecodedImage;
  matrix: Matrix;
}

/** Operators that change state but paint nothing (colours, line styles, marked content). */
const STATE_OPS = [
  'dependency', 'setLineWidth', 'setLineCap', 'setLineJoin', 'setMiterLimit', 'setDash', 'setRenderingIntent',
  'setFlatness', 'setFillRGBColor', 'setStrokeRGBColor', 'setFillGray', 'setStrokeGray', 'setFillColorSpace',
  'setStrokeColorSpace', 'setFillColor', 'setStrokeColor', 'setFillColorN', 'setStrokeColorN', 'setFillCMYKColor',
  'setStrokeCMYKColor', 'beginMarkedContent', 'beginMarkedContentProps', 'endMarkedContent', 'markPoint',
  'markPointProps', 'beginCompat', 'endCompat',
];

/**
 * The images a page paints, in order, when it paints nothing else; null otherwise (and for a
 * page that paints no image). `viewport`: the page's device transform.
 */
export function imagePaints(OPS: Record<string, number>, fnArray: number[], argsArray: unknown[], viewport: Matrix): ImagePaint[] | null {
  const state = new StateStack(viewport);
  const name: string[] = [];
  for (const [k, v] of Object.entries(OPS)) name[v] = k;
  const paints: ImagePaint[] = [];
  for (let i = 0; i < fnArray.length; i++) {
    const op = name[fnArray[i]], args = argsArray[i] as unknown[] | null;
    if (op === 'save') state.save();
    else if (op === 'restore') state.restore();
    else if (op === 'transform') state.transform(args as number[]);
    else if (op === 'paintImageXObject' && typeof args?.[0] === 'string') paints.push({ image: args[0], matrix: state.gs.ctm });
    else if (op === 'paintInlineImageXObject' && args?.[0] && typeof args[0] === 'object') paints.push({ image: args[0] as DecodedImage, matrix: state.gs.ctm });
    else if (!STATE_OPS.includes(op)) return null;
  }
  return paints.length ? paints : null;
}

/** Can drawImage sample this image (pdfjs gave its pixels, of a kind it knows)? */
export function drawable(img: DecodedImage | null | undefined): img is DrawableImage {
  if (!img?.data || !(img.width > 0) || !(img.height > 0)) return false;
  const n = img.width * img.height;
  const bytes = img.kind === 1 ? ((img.width + 7) >> 3) * img.height : img.kind === 2 ? 3 * n : img.kind === 3 ? 4 * n : img.kind === GREY_8BPP ? n : -1;
  return bytes > 0 && img.data.length >= bytes;
}

/** pdfjs's canvas smooths an image unless it is enlarged past this many device pixels an image pixel along either axis (96/72) */
const SHARP_ABOVE = 4 / 3;
/** how far (image pixels) a sample is moved back before it is rounded down (the canvas's nearest sampling) */
const EDGE_BIAS = 1 / 1024;

/**
 * Paint `img` (its unit square mapped to device pixels by `m`) into the planes of a page of
 * `width` × `height` pixels: `rules` gets each pixel's lightest channel, `chroma` its
 * colourfulness (as greyRows). Sampled at each pixel's centre as pdfjs's canvas samples it:
 * nearest when the image is enlarged past SHARP_ABOVE (a 150-dpi scan drawn at 300 keeps its
 * hard edges), else bilinearly; an image with an alpha channel over white.
 */
export function drawImage(img: DrawableImage, m: Matrix, width: number, height: number, rules: Uint8Array, chroma: Uint8Array): void {
  const { width: W, height: H, kind, data } = img;
  // image pixel (u, v), v from the top row → unit square (u/W, 1 − v/H) → device
  let a = m[0] / W, b = m[1] / W, c = -m[2] / H, d = -m[3] / H, e = m[4] + m[2], f = m[5] + m[3];
  // pixels an image pixel spans, before pdfjs's canvas rounds its corners
  const sharp = !img.interpolate && Math.max(Math.hypot(a, b), Math.hypot(c, d)) > SHARP_ABOVE;
  // an image upright or turned by quarter turns is drawn onto whole pixels, its corners rounded
  // (pdfjs's drawImageAtIntegerCoords): the same pixels as pdfjs's canvas
  if (Math.abs(b) < 1e-9 && Math.abs(c) < 1e-9) {
    const x0 = Math.round(e), y0 = Math.round(f);
    [a, d, e, f, b, c] = [(Math.round(a * W + e) - x0) / W || 1 / W, (Math.round(d * H + f) - y0) / H || 1 / H, x0, y0, 0, 0];
  } else if (Math.abs(a) < 1e-9 && Math.abs(d) < 1e-9) {
    const x0 = Math.round(e), y0 = Math.round(f);
    [c, b, e, f, a, d] = [(Math.round(c * H + e) - x0) / H || 1 / H, (Math.round(b * W + f) - y0) / W || 1 / W, x0, y0, 0, 0];
  }
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return;
  // device → image pixel
  const ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
  const ie = -(ia * e + ic * f), iff = -(ib * e + id * f);
  // the device pixels the image covers
  const xs = [e, a * W + e, c * H + e, a * W + c * H + e], ys = [f, b * W + f, d * H + f, b * W + d * H + f];
  const x0 = Math.max(0, Math.floor(Math.min(...xs))), x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys))), y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  const rowBytes = (W + 7) >> 3;
  let r = 0, g = 0, bl = 0;
  // the colour of image pixel (u, v) into r, g, bl
  const at = (u: number, v: number) => {
    if (kind === GREY_8BPP) {
      r = g = bl = data[v * W + u];
    } else if (kind === 1) {
      r = g = bl = data[v * rowBytes + (u >> 3)] & (128 >> (u & 7)) ? 255 : 0;
    } else if (kind === 2) {
      const k = 3 * (v * W + u);
      r = data[k];
      g = data[k + 1];
      bl = data[k + 2];
    } else {
      const k = 4 * (v * W + u), alpha = data[k + 3] / 255;
      r = 255 - (255 - data[k]) * alpha;
      g = 255 - (255 - data[k + 1]) * alpha;
      bl = 255 - (255 - data[k + 2]) * alpha;
    }
  };
  // the colour `fu` of the way from pixel (u0, v) to (u1, v), into r, g, bl
  let u0 = 0, u1 = 0, fu = 0;
  const alongRow = (v: number) => {
    at(u1, v);
    const r1 = r, g1 = g, b1 = bl;
    at(u0, v);
    r += (r1 - r) * fu;
    g += (g1 - g) * fu;
    bl += (b1 - bl) * fu;
  };
  for (let y = y0; y < y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x < x1; x++) {
      const px = x + 0.5;
      const u = ia * px + ic * py + ie, v = ib * px + id * py + iff;
      if (u < 0 || v < 0 || u >= W || v >= H) continue;
      if (sharp) {
        // a centre exactly on a pixel edge takes the pixel before it, as the canvas does
        at(Math.max(0, Math.floor(u - EDGE_BIAS)), Math.max(0, Math.floor(v - EDGE_BIAS)));
      } else {
        // bilinear between the four pixel centres around (u, v), clamped at the image's edges
        const su = Math.min(Math.max(u - 0.5, 0), W - 1), sv = Math.min(Math.max(v - 0.5, 0), H - 1);
        u0 = su | 0;
        u1 = Math.min(u0 + 1, W - 1);
        fu = su - u0;
        const v0 = sv | 0, fv = sv - v0;
        alongRow(v0);
        const r0 = r, g0 = g, b0 = bl;
        alongRow(Math.min(v0 + 1, H - 1));
        r = r0 + (r - r0) * fv;
        g = g0 + (g - g0) * fv;
        bl = b0 + (bl - b0) * fv;
      }
      const max = r > g ? (r > bl ? r : bl) : g > bl ? g : bl;
      const min = r < g ? (r < bl ? r : bl) : g < bl ? g : bl;
      const i = y * width + x;
      rules[i] = max + 0.5;
      chroma[i] = max - min + 0.5;
    }
  }
}
