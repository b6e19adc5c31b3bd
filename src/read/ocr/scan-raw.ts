// A scan's JPEG images decoded here instead of by pdfjs. pdfjs decodes an image whole and hands
// it over as RGB: a grey 300-dpi A4 page is its decoder's 17 MB of coefficients, then 9 MB of
// grey and 26 MB of RGB at once (100 MB at 400 dpi), and what glibc's malloc keeps of them stays
// in the process. Here the page's content and images are read from the file's bytes
// (pdf-objects.ts), each JPEG by pdfjs's own decoder (pdfjs-dist/image_decoders: the same
// pixels), its coefficients collected before its pixels are laid out, grey kept grey. A page
// this does not know (anything but images painted, an image not a plain DCT-encoded grey or RGB
// one, a colour profile, a mask) is null: pdfjs draws it as before.
import type { Matrix } from '../graphics/state.js';
import { collectGarbage } from './collect.js';
import { decodeStream, isDict, isRef, nameOf, Parser, PdfObjects, RawPdfError, type PdfDict, type PdfValue, type Ref } from './pdf-objects.js';
import { GREY_8BPP, imagePaints, type DrawableImage, type ImagePaint } from './scan-images.js';

type JpegImageClass = typeof import('pdfjs-dist/image_decoders/pdf.image_decoders.mjs').JpegImage;

/** PDF content operators → the pdfjs operator names imagePaints knows (anything else: not a scan) */
const OPERATORS: Record<string, string> = {
  q: 'save', Q: 'restore', cm: 'transform', Do: 'paintImageXObject',
  w: 'setLineWidth', J: 'setLineCap', j: 'setLineJoin', M: 'setMiterLimit', d: 'setDash', ri: 'setRenderingIntent',
  i: 'setFlatness', g: 'setFillGray', G: 'setStrokeGray', rg: 'setFillRGBColor', RG: 'setStrokeRGBColor',
  k: 'setFillCMYKColor', K: 'setStrokeCMYKColor', cs: 'setFillColorSpace', CS: 'setStrokeColorSpace',
  sc: 'setFillColor', SC: 'setStrokeColor', scn: 'setFillColorN', SCN: 'setStrokeColorN',
  BMC: 'beginMarkedContent', BDC: 'beginMarkedContentProps', EMC: 'endMarkedContent', MP: 'markPoint',
  DP: 'markPointProps', BX: 'beginCompat', EX: 'endCompat',
};
const OPS: Record<string, number> = Object.fromEntries([...new Set(Object.values(OPERATORS)), 'other'].map((n, k) => [n, k]));
/** a page's content of more operators than this is no scan */
const MAX_OPERATORS = 10_000;
/** how far up the page tree resources are inherited from */
const MAX_PARENTS = 64;

let decoder: Promise<JpegImageClass> | undefined;
const loadDecoder = () => (decoder ??= import('pdfjs-dist/image_decoders/pdf.image_decoders.mjs').then((m) => m.JpegImage));

/** The objects of a PDF's bytes, or undefined when they cannot be read here (pdfjs reads them all). */
export function rawObjects(bytes: Uint8Array): PdfObjects | undefined {
  try {
    return new PdfObjects(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The images page `ref` paints, decoded, and how each is painted (`viewport`: the page's device
 * transform), when the page paints plain JPEG images and nothing else; null otherwise.
 */
export async function rawScanImages(objs: PdfObjects, ref: Ref, viewport: Matrix): Promise<{ paints: ImagePaint[]; images: DrawableImage[] } | null> {
  let found: { paints: ImagePaint[]; streams: JpegStream[] } | null;
  try {
    found = scanStreams(objs, ref, viewport);
  } catch (err) {
    if (err instanceof RawPdfError) return null;
    throw err;
  }
  if (!found) return null;
  const JpegImage = await loadDecoder();
  const images: DrawableImage[] = [];
  for (const s of found.streams) {
    const img = decodeJpeg(JpegImage, s);
    if (!img) return null;
    images.push(img);
  }
  return { paints: found.paints, images };
}

interface JpegStream {
  bytes: Uint8Array;
  width: number;
  height: number;
  grey: boolean;
  colorTransform?: number;
  interpolate: boolean;
}

/** The page's paints and each one's JPEG, or null when the page is not that simple. */
function scanStreams(objs: PdfObjects, ref: Ref, viewport: Matrix): { paints: ImagePaint[]; streams: JpegStream[] } | null {
  const page = objs.get(ref);
  if (!isDict(page)) return null;
  const resources = inherited(objs, page, 'Resources');
  const xobjects = isDict(resources) ? objs.get(resources.get('XObject')) : undefined;
  if (!isDict(xobjects)) return null;
  // the content: one stream or an array of them, read as one
  const contents = objs.get(page.get('Contents'));
  const parts = (Array.isArray(contents) ? contents : [page.get('Contents')]).map((c) => objs.stream(c));
  if (!parts.length || parts.some((p) => !p)) return null;
  const fnArray: number[] = [];
  const argsArray: unknown[] = [];
  for (const part of parts) {
    const p = new Parser(decodeStream(part!));
    let operands: PdfValue[] = [];
    while (p.peek() >= 0) {
      const v = p.value();
      if (typeof v !== 'string' || !v.startsWith('\0')) {
        operands.push(v);
        continue;
      }
      const op = OPERATORS[v.slice(1)];
      if (!op || fnArray.length >= MAX_OPERATORS) return null;
      if (op === 'transform' && !(operands.length === 6 && operands.every((x) => typeof x === 'number'))) return null;
      fnArray.push(OPS[op]);
      argsArray.push(op === 'paintImageXObject' ? [nameOf(operands[0]) ?? ''] : op === 'transform' ? operands : null);
      operands = [];
    }
  }
  const paints = imagePaints(OPS, fnArray, argsArray, viewport);
  if (!paints) return null;
  const streams: JpegStream[] = [];
  for (const paint of paints) {
    const s = jpegStream(objs, xobjects.get(paint.image as string));
    if (!s) return null;
    streams.push(s);
  }
  return { paints, streams };
}

/** An entry of the page's dictionary, or of the nearest parent's that has it. */
function inherited(objs: PdfObjects, page: PdfDict, key: string): PdfValue | undefined {
  let node: PdfValue | undefined = page;
  for (let k = 0; k < MAX_PARENTS && isDict(node); k++) {
    const v = node.get(key);
    if (v !== undefined) return objs.get(v);
    node = objs.get(node.get('Parent'));
  }
  return undefined;
}

/** An image XObject that is a plain JPEG, grey or RGB (pdfjs would decode it as its decoder does here); else undefined. */
function jpegStream(objs: PdfObjects, ref: PdfValue | undefined): JpegStream | undefined {
  if (!isRef(ref)) return undefined;
  const s = objs.stream(ref);
  if (!s) return undefined;
  const d = s.dict, get = (k: string) => objs.get(d.get(k));
  if (nameOf(get('Subtype')) !== 'Image' || get('ImageMask') === true) return undefined;
  if (['SMask', 'Mask', 'Decode', 'SMaskInData'].some((k) => d.has(k) && !(k === 'SMaskInData' && get(k) === 0))) return undefined;
  const filter = get('Filter');
  const filters = Array.isArray(filter) ? filter.map((f) => nameOf(objs.get(f))) : [nameOf(filter)];
  if (filters.length !== 1 || (filters[0] !== 'DCTDecode' && filters[0] !== 'DCT')) return undefined;
  const cs = nameOf(get('ColorSpace'));
  const grey = cs === 'DeviceGray' || cs === 'G';
  if (!grey && cs !== 'DeviceRGB' && cs !== 'RGB') return undefined;
  const width = get('Width'), height = get('Height'), bpc = get('BitsPerComponent');
  if (!isCount(width) || !isCount(height) || (bpc !== undefined && bpc !== 8)) return undefined;
  const parms = get('DecodeParms');
  const ct = isDict(parms) ? objs.get(parms.get('ColorTransform')) : undefined;
  return { bytes: s.bytes, width, height, grey, colorTransform: Number.isInteger(ct) ? (ct as number) : undefined, interpolate: get('Interpolate') === true };
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/**
 * The image decoded as pdfjs's JpegStream decodes it (its bytes from the start of image marker
 * on, scaled to the size the PDF gives), grey as one byte a pixel; undefined when its components
 * are not what its colour space says.
 */
function decodeJpeg(JpegImage: JpegImageClass, s: JpegStream): DrawableImage | undefined {
  let bytes = s.bytes;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd8) {
      bytes = bytes.subarray(i);
      break;
    }
  }
  let jpeg: InstanceType<JpegImageClass> | undefined = new JpegImage({ colorTransform: s.colorTransform });
  try {
    jpeg.parse(bytes);
  } catch {
    return undefined;
  }
  const components = jpeg.numComponents;
  if (components !== (s.grey ? 1 : 3)) return undefined;
  // the coefficients (the parse's largest buffers) go before the pixels are laid out
  collectGarbage();
  const data = jpeg.getData({ width: s.width, height: s.height, forceRGB: !s.grey, isSourcePDF: true });
  jpeg = undefined;
  return { width: s.width, height: s.height, kind: s.grey ? GREY_8BPP : 2, data, interpolate: s.interpolate };
}
