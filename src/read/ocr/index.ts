// The OCR reader of a document: pages without a text layer (or every page, when asked) are
// rendered from a second pdfjs document opened for drawing. Reading one takes two steps, with
// layout between them: scan (render, deskew, find the rules), then read the cells layout found
// between those rules — so the cells are layout's own (the caller's function), and nothing here
// reaches into layout.
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { Box } from '../../geometry/index.js';
import type { PageContent } from '../../model/page.js';
import { openPdf, type OpenOptions } from '../pdf.js';
import { holdOcr, pageTurn } from './engine.js';
import { readScan, scanPage, type OcrPage, type OcrRegion, type ScannedPage } from './page.js';
import type { PdfObjects } from './pdf-objects.js';
import { rawObjects } from './scan-raw.js';

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
  /**
   * Read a page by OCR: render, deskew and find its rules, lay them out (`layout`, the caller's)
   * and read the cells found between them. The page image is held in the process's page turn.
   */
  read(page: number, layout: (rules: PageContent) => CellRows): Promise<OcrPage>;
  close(): Promise<void>;
}

/**
 * A reader over the PDF's bytes (`bytes`: a copy of them, asked for on the first page scanned,
 * when the drawing document is opened: a file without scans is held once). A file of at most
 * settings.rawBytesMax is held a third time, for its scans' images to be decoded here (scan-raw.ts).
 */
export function ocrReader(bytes: () => Promise<Uint8Array>, options: OpenOptions, settings: OcrSettings = OCR_SETTINGS): OcrReader {
  let doc: Promise<PDFDocumentProxy> | undefined;
  let raw: PdfObjects | undefined;
  // the engine is kept from the first scanned page to the document's end
  let release: (() => void) | undefined;
  return {
    async read(page, layout) {
      // the turn first: a pool worker told to hand its file back has opened nothing for OCR
      const done = await pageTurn();
      try {
        doc ??= bytes().then((b) => {
          // pdfjs takes the bytes it is given (their buffer goes to its worker)
          if (b.length <= settings.rawBytesMax) raw = rawObjects(b.slice());
          return openPdf(b, { ...options, draw: true });
        });
        const opened = await doc;
        release ??= holdOcr();
        const scan = await scanPage(opened, page, settings, raw);
        let rows: CellRows['rows'];
        try {
          rows = layout(scan.content).rows;
        } catch (err) {
          // the page is read no more: its planes go back for the next page
          scan.image.release();
          throw err;
        }
        // each ruled cell once (a spanning cell is in several rows); the table rows bound the tables
        const cells = new Map<number, Box>();
        const tables: Box[] = [];
        for (const row of rows) {
          const ruled = row.cells.filter((c) => c.ruled);
          for (const c of ruled) cells.set(c.id, c);
          if (ruled.length) tables.push(row);
        }
        const index = new Map([...cells.keys()].map((id, k) => [id, k]));
        const rowCells = rows.map((row) => row.cells.filter((c) => c.ruled).map((c) => index.get(c.id)!));
        return await readScan(scan, [...cells.values()], tables, rowCells);
      } finally {
        done();
      }
    },
    async close() {
      release?.();
      await (await doc?.catch(() => undefined))?.destroy().catch(() => undefined);
    },
  };
}
