// Real bad inputs, made from the fixtures or written by hand: each a file eval-extract must
// reject with a clear one-line error while the batch goes on.
//
// fixtures/encrypted-stsong.pdf is stsong-nonembedded.pdf encrypted once with
//   qpdf --encrypt secret owner-secret 256 -- fixtures/stsong-nonembedded.pdf fixtures/encrypted-stsong.pdf
// (AES-256, user password "secret") and committed, so the tests need no qpdf.
import { readFileSync } from 'node:fs';
import { fixture } from './truth.js';
import { mulberry32 } from '../../scripts/fixtures/random.mjs';
import * as hostile from '../../scripts/fixtures/hostile.mjs';

// PDF bytes by hand, and the hostile-but-legal files of issue 12 (shared with npm run bench)
export const { appendObjects, makePdf, stream, deflateRepeated, streamBombPdf, tinyGlyphsPdf, deepXObjectsPdf, manySavesPdf, slowSavesPdf } = hostile;
const { onePage } = hostile;
/** stsong-nonembedded.pdf (one two-page form) repeated: a report of `copies` forms, 2 pages each. */
export const longReport = (copies: number) => hostile.longReport(bytesOf('stsong-nonembedded.pdf'), copies);
/** stsong-nonembedded.pdf whose first page also draws a `w`×`h` grey Flate image (all zeros). */
export const hugeImagePdf = (w: number, h: number) => hostile.hugeImagePdf(bytesOf('stsong-nonembedded.pdf'), w, h);

export const ENCRYPTED = { file: 'encrypted-stsong.pdf', password: 'secret' };

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

function bytesOf(name: string): Buffer {
  return readFileSync(fixture(name));
}

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

