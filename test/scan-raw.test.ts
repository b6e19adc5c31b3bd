// A scan's JPEG images decoded from the file's bytes (scan-raw.ts, pdf-objects.ts): the same
// paints and the same pixels pdfjs gives for them, through cross-reference tables, streams and
// object streams; anything else (a text page, an encrypted file, broken or hostile bytes) left
// to pdfjs, never thrown. Real fixtures through the real pdfjs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawable, GREY_8BPP, imagePaints, type DecodedImage } from '../src/read/ocr/scan-images.js';
import { rawObjects, rawScanImages } from '../src/read/ocr/scan-raw.js';
import { loadPdfJs, openPdf } from '../src/read/pdf.js';
import { fixture } from './helpers/truth.js';

const SCALE = 300 / 72;

/** pdfjs's paints and decoded images of a page, and this module's. */
async function bothWays(file: string, pageNumber: number) {
  const bytes = new Uint8Array(readFileSync(fixture(file)));
  const objs = rawObjects(bytes.slice());
  const { OPS } = await loadPdfJs();
  const doc = await openPdf(bytes, { draw: true });
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: SCALE }).transform as number[];
    const raw = objs && page.ref ? await rawScanImages(objs, page.ref, viewport) : null;
    const ops = await page.getOperatorList({ intent: 'display' });
    const paints = imagePaints(OPS, ops.fnArray, ops.argsArray, viewport);
    const images: DecodedImage[] = [];
    for (const p of paints ?? []) images.push(await new Promise<DecodedImage>((resolve) => page.objs.get(p.image as string, resolve)));
    return { objs, raw, pdfjs: { paints, images } };
  } finally {
    await doc.destroy();
  }
}

describe('a scan decoded from the file', () => {
  it.each([
    ['scanned/office/lid-edges-holes.pdf', 1, 'grey'],
    // the same file written with a cross-reference stream and object streams (qpdf)
    ['raw/lid-edges-holes-objstm.pdf', 1, 'grey'],
    ['scanned/year-spaced-150dpi.pdf', 1, 'rgb'],
    ['scanned/thead-split-rows-200dpi.pdf', 1, 'rgb'],
    // the scanned page of a file whose other pages have a text layer
    ['scanned/mixed-rects-page3.pdf', 3, 'rgb'],
  ])('%s page %i (%s): pdfjs\'s paints and pixels', async (file, page, colour) => {
    const { raw, pdfjs } = await bothWays(file, page);
    expect(raw).not.toBeNull();
    expect(raw!.paints.map((p) => p.matrix)).toEqual(pdfjs.paints!.map((p) => p.matrix));
    expect(raw!.images).toHaveLength(pdfjs.images.length);
    for (const [k, img] of raw!.images.entries()) {
      const theirs = pdfjs.images[k];
      expect(drawable(img)).toBe(true);
      expect([img.width, img.height]).toEqual([theirs.width, theirs.height]);
      expect(img.kind).toBe(colour === 'grey' ? GREY_8BPP : 2);
      // pdfjs gives RGB (grey as r = g = b): every byte the same
      const rgb = theirs.data!;
      let differ = 0;
      if (img.kind === GREY_8BPP) {
        for (let i = 0; i < img.data.length; i++) if (rgb[3 * i] !== img.data[i] || rgb[3 * i + 1] !== img.data[i] || rgb[3 * i + 2] !== img.data[i]) differ++;
      } else {
        for (let i = 0; i < img.data.length; i++) if (rgb[i] !== img.data[i]) differ++;
      }
      expect(differ).toBe(0);
    }
  }, 60_000);

  it('a page that paints anything besides images, or an image not a plain JPEG, is left to pdfjs', async () => {
    // page 1 of the mixed file has a text layer and ruled tables
    const text = await bothWays('scanned/mixed-rects-page3.pdf', 1);
    expect(text.objs).toBeDefined();
    expect(text.raw).toBeNull();
    const jpeg = readFileSync(fixture('scanned/office/lid-edges-holes.pdf'));
    const start = jpeg.indexOf(Buffer.from([0xff, 0xd8, 0xff])), end = jpeg.indexOf('endstream', start);
    const paint = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
    const image = (dict: string, bytes = jpeg.subarray(start, end)) => ({ dict, bytes });
    const plain = '/Type /XObject /Subtype /Image /Width 1654 /Height 2339 /BitsPerComponent 8';
    // the real JPEG, as a plain grey image: decoded here (the case below differ from it in one thing)
    expect(await rawScanImages(rawObjects(pdf(paint, image(`${plain} /ColorSpace /DeviceGray /Filter /DCTDecode`)))!, PAGE, VIEW)).not.toBeNull();
    for (const dict of [
      `${plain} /ColorSpace /DeviceGray /Filter /FlateDecode`,
      `${plain} /ColorSpace /DeviceGray /Filter [/FlateDecode /DCTDecode]`,
      `${plain} /ColorSpace [/ICCBased 9 0 R] /Filter /DCTDecode`,
      `${plain} /ColorSpace /DeviceCMYK /Filter /DCTDecode`,
      `${plain} /ColorSpace /DeviceGray /Filter /DCTDecode /Decode [1 0]`,
      `${plain} /ColorSpace /DeviceGray /Filter /DCTDecode /SMask 9 0 R`,
      // its colour space says RGB, the JPEG has one component
      `${plain} /ColorSpace /DeviceRGB /Filter /DCTDecode`,
    ]) expect(await rawScanImages(rawObjects(pdf(paint, image(dict)))!, PAGE, VIEW), dict).toBeNull();
    // not a JPEG's bytes
    expect(await rawScanImages(rawObjects(pdf(paint, image(`${plain} /ColorSpace /DeviceGray /Filter /DCTDecode`, Buffer.from('no jpeg here'))))!, PAGE, VIEW)).toBeNull();
    // a form painted, and text drawn
    expect(await rawScanImages(rawObjects(pdf(paint, image('/Type /XObject /Subtype /Form /BBox [0 0 1 1]', Buffer.from('0 0 1 1 re f'))))!, PAGE, VIEW)).toBeNull();
    expect(await rawScanImages(rawObjects(pdf(`${paint} BT /F1 9 Tf (x) Tj ET`, image(`${plain} /ColorSpace /DeviceGray /Filter /DCTDecode`)))!, PAGE, VIEW)).toBeNull();
  }, 60_000);

  it('an encrypted file is left to pdfjs (its streams are enciphered)', async () => {
    const { objs, raw, pdfjs } = await bothWays('raw/lid-edges-holes-encrypted.pdf', 1);
    expect(objs).toBeUndefined();
    expect(raw).toBeNull();
    expect(pdfjs.images).toHaveLength(1);
  }, 60_000);

  it('broken or hostile bytes: undefined or null, never a throw', async () => {
    const good = new Uint8Array(readFileSync(fixture('scanned/office/lid-edges-holes.pdf')));
    expect(rawObjects(new Uint8Array(0))).toBeUndefined();
    expect(rawObjects(new TextEncoder().encode('%PDF-1.4\nnot really\n'))).toBeUndefined();
    // cut off before its cross-reference table
    expect(rawObjects(good.subarray(0, good.length - 4000))).toBeUndefined();
    // a page whose content nests arrays past any depth, or carries a word a megabyte long
    for (const content of ['['.repeat(100_000), 'q ' + '1'.repeat(1 << 20) + ' 0 0 1 0 0 cm Q', '<< /A '.repeat(50_000)]) {
      const objs = rawObjects(pdf(content));
      expect(objs).toBeDefined();
      expect(await rawScanImages(objs!, PAGE, VIEW)).toBeNull();
    }
    // a reference to an object that is not there
    expect(await rawScanImages(rawObjects(pdf('q Q'))!, { num: 9, gen: 0 }, VIEW)).toBeNull();
  });
});

/** the page of pdf() and its device transform */
const PAGE = { num: 3, gen: 0 };
const VIEW = [1, 0, 0, -1, 0, 842];

/**
 * A one-page PDF whose page's content is `content`, with a correct cross-reference table; its
 * resources name `image` (a stream's dictionary entries and bytes) /Im0.
 */
function pdf(content: string, image?: { dict: string; bytes: Uint8Array }): Uint8Array {
  const parts: (string | Uint8Array)[][] = [
    ['<< /Type /Catalog /Pages 2 0 R >>'],
    ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << ${image ? '/Im0 5 0 R' : ''} >> >> /Contents 4 0 R >>`],
    [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`],
    ...(image ? [[`<< ${image.dict} /Length ${image.bytes.length} >>\nstream\n`, image.bytes, '\nendstream']] : []),
  ];
  const chunks: Uint8Array[] = [];
  let length = 0;
  const add = (x: string | Uint8Array) => {
    const b = typeof x === 'string' ? Buffer.from(x, 'latin1') : x;
    chunks.push(b);
    length += b.length;
  };
  add('%PDF-1.4\n');
  const offsets: number[] = [];
  parts.forEach((o, k) => {
    offsets.push(length);
    add(`${k + 1} 0 obj\n`);
    o.forEach(add);
    add('\nendobj\n');
  });
  const xref = length;
  add(`xref\n0 ${parts.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  add(`trailer\n<< /Size ${parts.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
