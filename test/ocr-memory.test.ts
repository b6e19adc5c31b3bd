// The memory of scanning a page for OCR: the page image is a few planes of one byte a pixel,
// drawn in strips (never a canvas of the whole page), reused page after page and given back once
// the page is read. Real scanned fixtures through the real reader; tesseract is not involved.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { openPdf } from '../src/read/pdf.js';
import { ocrReader } from '../src/read/ocr/index.js';
import { readScan, scanPage } from '../src/read/ocr/page.js';
import { freePlaneBytes } from '../src/read/ocr/planes.js';
import { OCR_SETTINGS } from '../src/read/ocr/settings.js';
import { FIXTURES } from './helpers/truth.js';

const scanned = (name: string) => path.join(FIXTURES, 'scanned', `${name}.pdf`);

describe('the page image of a scanned page', () => {
  it('takes its planes from the page before, gives them back when read, and holds 2 (3 under a stamp)', async () => {
    const doc = await openPdf(new Uint8Array(readFileSync(scanned('thead-split-rows-200dpi'))), { draw: true });
    const stamped = await openPdf(new Uint8Array(readFileSync(scanned('year-spaced-page2-stamped-scores'))), { draw: true });
    try {
      // kept for a minute between pages: a loaded machine must not let them go meanwhile
      const S = { ...OCR_SETTINGS, keepPlanesMs: 60_000 };
      const first = await scanPage(doc, 1, S);
      const { width, height } = first.image.gray;
      const plane = width * height;
      const planesOf = (img: typeof first.image) => new Set([img.gray.data, img.strongFade().data, img.mask]);
      // a stamp on the page: the page read, read again harder, the mask; its colour in bits
      expect(planesOf(first.image).size).toBe(3);
      expect(first.image.stamp!.length).toBe(Math.ceil(plane / 8));
      for (const p of planesOf(first.image)) expect(p.length).toBe(plane);
      first.image.release();
      // the 4th plane (the colour) went back as the page was made
      expect(freePlaneBytes()).toBe(4 * plane);
      // given back, the image is empty: reading it again is an error, not another page's pixels
      expect(first.image.mask.length).toBe(0);
      await expect(readScan(first, [], [])).rejects.toThrow(/given back/);
      const second = await scanPage(doc, 2, S);
      // the next page is drawn into the planes the first gave back: none made anew
      expect(freePlaneBytes()).toBe(plane);
      second.image.release();
      expect(freePlaneBytes()).toBe(4 * plane);
      const other = await scanPage(stamped, 1, S);
      // a page without a stamp holds two planes: the page read (also read again) and the mask
      expect(planesOf(other.image).size).toBe(2);
      expect(other.image.stamp).toBeUndefined();
      other.image.release();
      expect(freePlaneBytes()).toBe(4 * plane);
    } finally {
      await doc.destroy();
      await stamped.destroy();
    }
  });

  it('keeps the planes given back while a page is read (seconds of OCR), lets them go once none is held; a page layout fails on gives them back at once', async () => {
    const bytes = new Uint8Array(readFileSync(scanned('thead-split-rows-200dpi')));
    const S = { ...OCR_SETTINGS, keepPlanesMs: 20 };
    const reader = ocrReader(async () => bytes.slice(), {}, S);
    let held = -1;
    const failing = async () => {
      // the page is made: layout gets its rules, and fails on them, say
      await reader.read(1, () => {
        held = freePlaneBytes();
        throw new Error('layout failed');
      });
    };
    try {
      await expect(failing()).rejects.toThrow('layout failed');
      // while layout ran, the colour's plane had gone back; the page held the other 3
      expect(held).toBeGreaterThan(0);
      // it is read no more: its planes went back (4) at once, not when the file closed
      expect(freePlaneBytes()).toBe(4 * held);
    } finally {
      await reader.close();
    }
    // and none held any more: let go after keepPlanesMs
    await vi.waitFor(() => expect(freePlaneBytes()).toBe(0), { timeout: 10_000, interval: 20 });
  });

  it('costs its planes (a scan drawn from its image, a text page a strip of canvas at a time), and no more page after page', async () => {
    // four pages (200-dpi scans, two under a stamp, a text page) scanned in a process of its own
    const files = ['thead-split-rows-200dpi', 'year-spaced-page2-stamped-scores'].map(scanned);
    const { stdout } = await promisify(execFile)('node', [path.resolve(__dirname, 'helpers/scan-peak.mjs'), path.resolve(__dirname, '..'), ...files]);
    const { peaks } = JSON.parse(stdout) as { peaks: number[] };
    console.log(`scanning pages for OCR: peak RSS above the reader's baseline after each page (MB): ${peaks.join(' ')}`);
    expect(peaks).toHaveLength(4);
    // measured on Node 20 (MB): this code 74 after the first page and ~120 after four (drawn
    // through a canvas, strips: ~100 and ~130; a canvas of the whole page and planes made anew
    // for every page: 150–160 and 235–242)
    expect(peaks[0]).toBeLessThan(105);
    expect(peaks[3]).toBeLessThan(165);
  });
});
