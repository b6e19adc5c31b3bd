// Real bad inputs, made from the fixtures or written by hand: each a file eval-extract must
// reject with a clear one-line error while the batch goes on.
//
// fixtures/encrypted-stsong.pdf is stsong-nonembedded.pdf encrypted once with
//   qpdf --encrypt secret owner-secret 256 -- fixtures/stsong-nonembedded.pdf fixtures/encrypted-stsong.pdf
// (AES-256, user password "secret") and committed, so the tests need no qpdf.
import { readFileSync } from 'node:fs';
import { constants as zlibConstants, deflateRawSync, deflateSync } from 'node:zlib';
import { fixture } from './truth.js';
import { mulberry32 } from '../../scripts/fixtures/random.mjs';

export const ENCRYPTED = { file: 'encrypted-stsong.pdf', password: 'secret' };

/** A PDF from its objects (1-based, in order; object 1 the catalog), with a correct xref table. */
export function makePdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((o, i) => {
    const body = Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1');
    const head = Buffer.from(`${i + 1} 0 obj\n`, 'latin1');
    const tail = Buffer.from('\nendobj\n', 'latin1');
    offsets.push(length);
    parts.push(head, body, tail);
    length += head.length + body.length + tail.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object, Flate-compressed when asked. */
export function stream(dict: string, data: Buffer | string, compress = false): Buffer {
  const raw = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  const body = compress ? deflateSync(raw) : raw;
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${body.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`, 'latin1'),
    body,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/** One A4 page with the given content stream and resources. */
function onePage(content: Buffer, resources: string, extra: (string | Buffer)[] = []): Buffer {
  return makePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources ${resources} /Contents 4 0 R >>`,
    content,
    ...extra,
  ]);
}

/** A scanned page: one grey image, no text at all. */
export function imageOnlyPdf(): Buffer {
  const pixels = Buffer.alloc(64 * 64, 0x80);
  for (let i = 0; i < pixels.length; i += 7) pixels[i] = 0x20;
  return onePage(
    stream('', 'q 500 0 0 700 47 70 cm /Im1 Do Q'),
    '<< /XObject << /Im1 5 0 R >> >>',
    [stream('/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8', pixels, true)],
  );
}

/** A text PDF that holds no form: a letter in Helvetica. */
export function textNotFormPdf(): Buffer {
  const lines = ['Annual report 2024', 'This document has text but no performance self-evaluation form.'];
  const content = 'BT /F1 12 Tf 72 770 Td ' + lines.map((l, k) => `${k ? '0 -18 Td ' : ''}(${l}) Tj`).join(' ') + ' ET';
  return onePage(stream('', content), '<< /Font << /F1 5 0 R >> >>', ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']);
}

/**
 * A page whose content stream (small on disk, Flate) expands to `count` stroked segments:
 * pdfjs builds an operator list that takes seconds and hundreds of MB. The pathological file
 * of the --timeout and --max-memory tests.
 */
export function pathologicalPdf(count: number): Buffer {
  return onePage(stream('', '0 0 m 1 1 l S\n'.repeat(count), true), '<< >>');
}

const bytesOf = (name: string) => readFileSync(fixture(name));

/** The first `keep` share of a fixture: a download cut short. */
export function truncated(name: string, keep = 0.6): Buffer {
  const b = bytesOf(name);
  return b.subarray(0, Math.floor(b.length * keep));
}

/** A whole fixture (it still ends with %%EOF) whose cross-reference table and trailer are junk. */
export function corruptXref(name: string): Buffer {
  const b = Buffer.from(bytesOf(name));
  const at = b.lastIndexOf('xref');
  const eof = b.lastIndexOf('%%EOF');
  for (let i = at; i < eof; i++) if (b[i] !== 0x0a) b[i] = 0x5a; // Z
  // and the objects' headers too, so that pdfjs cannot rebuild the table by scanning
  let k = b.indexOf(' 0 obj');
  while (k !== -1 && k < at) {
    b.write(' 0 jbo', k, 'latin1');
    k = b.indexOf(' 0 obj', k + 6);
  }
  return b;
}

/**
 * stsong-nonembedded.pdf with only its first page: its form lacks the 总分 (total) section that
 * is on page 2. Same length, so the xref table still holds.
 */
export function missingSectionPdf(): Buffer {
  const b = bytesOf('stsong-nonembedded.pdf').toString('latin1');
  const from = '/Kids [8 0 R 10 0 R] /Count 2';
  if (!b.includes(from)) throw new Error('stsong-nonembedded.pdf changed: update missingSectionPdf()');
  return Buffer.from(b.replace(from, '/Kids [8 0 R] /Count 1'.padEnd(from.length, ' ')), 'latin1');
}

/** Seeded PRNG, the same as the fixture generator's. */
export const rng = mulberry32;

/** A mutated copy of `bytes`: flipped bytes, a cut, a deleted or repeated chunk, junk inserted. */
export function mutate(bytes: Buffer, random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  let b = Buffer.from(bytes);
  const ops = 1 + int(3);
  for (let k = 0; k < ops; k++) {
    const at = int(b.length);
    switch (int(6)) {
      case 0: // flip a few bytes
        for (let i = 0, n = 1 + int(16); i < n; i++) b[int(b.length)] ^= 1 + int(255);
        break;
      case 1: // truncate
        b = b.subarray(0, Math.max(1, at));
        break;
      case 2: { // delete a chunk
        const len = 1 + int(2048);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
        break;
      }
      case 3: { // repeat a chunk
        const len = 1 + int(4096);
        b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
        break;
      }
      case 4: { // insert random junk
        const junk = Buffer.alloc(1 + int(512));
        for (let i = 0; i < junk.length; i++) junk[i] = int(256);
        b = Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
        break;
      }
      default: { // change the digits of a number (offsets, lengths, object numbers)
        const s = b.subarray(at, at + 64).toString('latin1');
        const m = /\d+/.exec(s);
        if (m) b.write(String(int(10 ** Math.min(m[0].length + 1, 9))).padStart(m[0].length, '0').slice(0, m[0].length), at + m.index, 'latin1');
      }
    }
  }
  return b;
}

// ---- hostile but legal files (issue 12): each a few lines, sized by its caller ----------------

/**
 * A fixture with objects added by an incremental update (new or replacing ones, by number):
 * a few lines of bytes after the original, its own xref section pointing back at the old one.
 */
export function appendObjects(base: Buffer, objects: Map<number, string | Buffer>): Buffer {
  const prev = Number(/startxref\s+(\d+)/.exec(base.subarray(-64).toString('latin1'))![1]);
  const size = Number(/\/Size (\d+)/.exec(base.toString('latin1', prev))![1]);
  const parts: Buffer[] = [base];
  let length = base.length;
  const offsets = new Map<number, number>();
  for (const [num, o] of [...objects].sort((a, b) => a[0] - b[0])) {
    const body = Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    offsets.set(num, length);
    parts.push(body);
    length += body.length;
  }
  const lines = [...offsets].map(([num, off]) => `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`).join('');
  const newSize = Math.max(size, ...objects.keys()) + 1;
  parts.push(Buffer.from(`xref\n${lines}trailer\n<< /Size ${newSize} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** stsong-nonembedded.pdf (one two-page form) repeated: a report of `copies` forms, 2 pages each. */
export function longReport(copies: number): Buffer {
  const objects = new Map<number, string>();
  const kids: string[] = [];
  for (let k = 0; k < copies; k++) {
    for (const contents of [7, 9]) {
      const num = 11 + objects.size;
      objects.set(num, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contents} 0 R >>`);
      kids.push(`${num} 0 R`);
    }
  }
  objects.set(2, `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`);
  return appendObjects(bytesOf('stsong-nonembedded.pdf'), objects);
}

/**
 * `total` bytes (rounded up to whole MiB) of one repeated chunk, zlib-compressed without ever
 * holding them: raw deflate blocks ending in a sync flush can be joined, and adler32 combined.
 */
export function deflateRepeated(chunk: string, total: number): Buffer {
  const unit = Buffer.from(chunk.repeat(Math.ceil((1 << 20) / chunk.length)).slice(0, 1 << 20), 'latin1');
  const block = deflateRawSync(unit, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const n = Math.ceil(total / unit.length);
  const unitSum = adler32(unit);
  let sum = 1;
  for (let k = 0; k < n; k++) sum = adler32Combine(sum, unitSum, unit.length);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(sum >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...Array<Buffer>(n).fill(block), deflateRawSync(Buffer.alloc(0)), trailer]);
}

const ADLER = 65521;
function adler32(b: Buffer): number {
  let a = 1, s = 0;
  for (const x of b) {
    a = (a + x) % ADLER;
    s = (s + a) % ADLER;
  }
  return ((s << 16) | a) >>> 0;
}
function adler32Combine(sum1: number, sum2: number, len2: number): number {
  const rem = len2 % ADLER;
  const a1 = sum1 & 0xffff, b1 = sum1 >>> 16;
  const a = (a1 + (sum2 & 0xffff) + ADLER - 1) % ADLER;
  const b = (((rem * a1) % ADLER) + b1 + (sum2 >>> 16) + ADLER - rem) % ADLER;
  return ((b << 16) | a) >>> 0;
}

/** stsong-nonembedded.pdf whose first page also draws a `w`×`h` grey Flate image (all zeros). */
export function hugeImagePdf(w: number, h: number): Buffer {
  const image = deflateRepeated('\0', w * h);
  const draw = stream('', 'q 10 0 0 10 20 20 cm /Im1 Do Q');
  return appendObjects(bytesOf('stsong-nonembedded.pdf'), new Map<number, string | Buffer>([
    [8, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 12 0 R >> >> /Contents [7 0 R 11 0 R] >>'],
    [11, draw],
    [12, Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`, 'latin1'),
      image, Buffer.from('\nendstream', 'latin1'),
    ])],
  ]));
}

/** A page whose small Flate content stream inflates to `total` bytes of blanks: no operator at all. */
export function streamBombPdf(total: number): Buffer {
  const data = deflateRepeated(' ', total);
  return onePage(Buffer.concat([
    Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1'),
  ]), '<< >>');
}

/** A page drawing `count` glyphs of one character at `size` points, all at one spot (a fake-bold storm). */
export function tinyGlyphsPdf(count: number, size: number): Buffer {
  const text = `BT /F1 ${size} Tf 100 700 Td ` + '(A) Tj '.repeat(count) + 'ET';
  return onePage(stream('', text, true), '<< /Font << /F1 5 0 R >> >>', ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']);
}

/** Form XObjects nested `depth` deep, each drawing the next. */
export function deepXObjectsPdf(depth: number): Buffer {
  const objects: (string | Buffer)[] = [];
  for (let k = 0; k < depth; k++) {
    const next = k + 1 < depth ? `/Resources << /XObject << /X 0 R >> >>`.replace('/X 0 R', `/X ${6 + k} 0 R`) : '';
    objects.push(stream(`/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${next}`, k + 1 < depth ? '/X Do' : '0 0 m 100 0 l S'));
  }
  return onePage(stream('', '/X Do'), '<< /XObject << /X 5 0 R >> >>', objects);
}

/** A page of `count` `q` operators (never restored). */
export function manySavesPdf(count: number): Buffer {
  return onePage(stream('', 'q\n'.repeat(count) + 'BT /F1 12 Tf 72 770 Td (x) Tj ET', true), '<< /Font << /F1 5 0 R >> >>', ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']);
}

/** Text whose ToUnicode map (and so its text) holds terminal escape sequences and other controls. */
export const HOSTILE_TEXT = '\x1b[2J\x1b[31m\x1b]0;pwned\x07\r\n\0\x7f\x9b';
