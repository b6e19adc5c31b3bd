// The OCR reader of a document: pages without a text layer (or every page, when asked) are
// rendered from a second pdfjs document opened for drawing. Reading one takes two steps, with
// layout between them: scan (render, deskew, find the rules), then read the cells layout found
// between those rules — so the cells are layout's own, and nothing here reaches into layout.
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { Box } from '../../geometry/index.js';
import { openPdf, type OpenOptions } from '../pdf.js';
import { readScan, scanPage, type OcrPage, type OcrRegion, type ScannedPage } from './page.js';

export { closeOcr, OCR_INSTALL_HINT } from './engine.js';
export { ocrInfo } from './fields.js';
export { OCR_SETTINGS, type OcrSettings } from './settings.js';
import { OCR_SETTINGS, type OcrSettings } from './settings.js';
export type { OcrPage, OcrRegion, ScannedPage };

/** What the reader needs of a page's layout: its rows and their cells. */
export interface CellRows {
  rows: (Box & { cells: (Box & { id: number; ruled: boolean })[] })[];
}

export interface OcrReader {
  /** render, deskew and find the rules of a page */
  scan(page: number): Promise<ScannedPage>;
  /** read the text of a scanned page, given the layout of its rules */
  read(scan: ScannedPage, layout: CellRows): Promise<OcrPage>;
  close(): Promise<void>;
}

/**
 * A reader over the PDF's bytes (`bytes`: a copy of them, asked for on the first page scanned,
 * when the drawing document is opened: a file without scans is held once).
 */
export function ocrReader(bytes: () => Promise<Uint8Array>, options: OpenOptions, settings: OcrSettings = OCR_SETTINGS): OcrReader {
  let doc: Promise<PDFDocumentProxy> | undefined;
  // pages scanned and not read yet (layout failed on them): their planes go back at close
  const unread = new Set<ScannedPage>();
  return {
    async scan(page) {
      doc ??= bytes().then((b) => openPdf(b, { ...options, draw: true }));
      const scan = await scanPage(await doc, page, settings);
      unread.add(scan);
      return scan;
    },
    read(scan, layout) {
      // each ruled cell once (a spanning cell is in several rows); the table rows bound the tables
      const cells = new Map<number, Box>();
      const tables: Box[] = [];
      for (const row of layout.rows) {
        const ruled = row.cells.filter((c) => c.ruled);
        for (const c of ruled) cells.set(c.id, c);
        if (ruled.length) tables.push(row);
      }
      unread.delete(scan);
      return readScan(scan, [...cells.values()], tables);
    },
    async close() {
      for (const scan of unread) scan.image.release();
      unread.clear();
      await (await doc?.catch(() => undefined))?.destroy().catch(() => undefined);
    },
  };
}
