// The memory of scanning a page for OCR: the page image is a few planes of one byte a pixel,
// drawn in strips (never a canvas of the whole page), reused while the page is made and read and
// let go once it is read, collected before the next page is decoded. Real scanned fixtures through the real reader; tesseract is not involved.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openPdf } from '../src/read/pdf.js';
import { ocrReader } from '../src/read/ocr/index.js';
import { readScan, scanPage } from '../src/read/ocr/page.js';
import { planeCounts } from '../src/read/ocr/planes.js';
import { OCR_SETTINGS } from '../src/read/ocr/settings.js';
import { FIXTURES } from './helpers/truth.js';

const scanned = (name: string) => path.join(FIXTURES, 'scanned', `${name}.pdf`);

describe('the page image of a scanned page', () => {
  it('holds 2 planes (3 under a stamp), reuses what it gives back while it is made, lets all go once read, and the next page takes new ones', async () => {
    const doc = await openPdf(new Uint8Array(readFileSync(scanned('thead-split-rows-200dpi'))), { draw: true });
    const stamped = await openPdf(new Uint8Array(readFileSync(scanned('year-spaced-page2-stamped-scores'))), { draw: true });
    try {
      const first = await scanPage(doc, 1);
      const { width, height } = first.image.gray;
      const plane = width * height;
      const planesOf = (img: typeof first.image) => new Set([img.gray.data, img.strongFade().data, img.mask]);
      // a stamp on the page: the page read, read again harder, the mask; its colour in bits
      const firsts = planesOf(first.image);
      expect(firsts.size).toBe(3);
      expect(first.image.stamp!.length).toBe(Math.ceil(plane / 8));
      for (const p of firsts) expect(p.length).toBe(plane);
      // the 4th plane (the colour) went back as the page was made, and the faint rules' mask took
      // it (and gave it back): one plane waits, not two
      expect(planeCounts()).toEqual({ lent: 3, freeBytes: plane });
      first.image.release();
      // none held: let go, not kept for a next page (they stacked under its decode)
      expect(planeCounts()).toEqual({ lent: 0, freeBytes: 0 });
      // given back, the image is empty: reading it again is an error, not another page's pixels
      expect(first.image.mask.length).toBe(0);
      await expect(readScan(first, [], [])).rejects.toThrow(/given back/);
      const second = await scanPage(doc, 2);
      for (const p of planesOf(second.image)) expect(firsts.has(p)).toBe(false);
      second.image.release();
      const other = await scanPage(stamped, 1);
      // a page without a stamp holds two planes: the page read (also read again) and the mask
      expect(planesOf(other.image).size).toBe(2);
      expect(other.image.stamp).toBeUndefined();
      expect(planeCounts().lent).toBe(2);
      other.image.release();
      expect(planeCounts()).toEqual({ lent: 0, freeBytes: 0 });
    } finally {
      await doc.destroy();
      await stamped.destroy();
    }
  });

  it('gives its planes back when a page layout fails on is read no more, at once', async () => {
    const bytes = new Uint8Array(readFileSync(scanned('thead-split-rows-200dpi')));
    const reader = ocrReader(async () => bytes.slice(), {});
    let during = { lent: -1, freeBytes: -1 };
    const failing = async () => {
      // the page is made: layout gets its rules, and fails on them, say
      await reader.read(1, () => {
        during = planeCounts();
        throw new Error('layout failed');
      });
    };
    try {
      await expect(failing()).rejects.toThrow('layout failed');
      // while layout ran the page held 3 planes
      expect(during.lent).toBe(3);
      // it is read no more: its planes went back and were let go at once, not when the file closed
      expect(planeCounts()).toEqual({ lent: 0, freeBytes: 0 });
    } finally {
      await reader.close();
    }
  });

  it('costs its planes (a scan drawn from its image, a text page a strip of canvas at a time), and no more page after page', async () => {
    // four pages (200-dpi scans, two under a stamp, a text page) scanned in a process of its own
    const files = ['thead-split-rows-200dpi', 'year-spaced-page2-stamped-scores'].map(scanned);
    const { stdout } = await promisify(execFile)('node', [path.resolve(__dirname, 'helpers/scan-peak.mjs'), path.resolve(__dirname, '..'), ...files]);
    const { peaks } = JSON.parse(stdout) as { peaks: number[] };
    console.log(`scanning pages for OCR: peak RSS above the reader's baseline after each page (MB): ${peaks.join(' ')}`);
    expect(peaks).toHaveLength(4);
    // measured on Node 20 (MB): this code 74–77 after the first page and 91–92 after four
    // (planes kept for the next page and garbage left to V8: 86–87 and 119–129; drawn through a
    // canvas, strips: ~100 and ~130; a canvas of the whole page and planes made anew for every
    // page: 150–160 and 235–242)
    expect(peaks[0]).toBeLessThan(95);
    expect(peaks[3]).toBeLessThan(110);
  });
});
