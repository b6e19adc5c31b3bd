// The OCR reader of a document: pages without a usable text layer (or every page, when asked)
// are rendered from a second pdfjs document opened for drawing, and read by ./page.ts.
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { openPdf, type OpenOptions } from '../pdf.js';
import { ocrPage, type OcrPage, type OcrRegion } from './page.js';

export { closeOcr, OCR_INSTALL_HINT } from './engine.js';
export { ocrInfo } from './fields.js';
export { OCR_SETTINGS } from './settings.js';
export type { OcrPage, OcrRegion };

export interface OcrReader {
  read(page: number): Promise<OcrPage>;
  close(): Promise<void>;
}

/** A reader over the PDF's bytes; the drawing document is opened on the first page read. */
export function ocrReader(bytes: Uint8Array, options: OpenOptions): OcrReader {
  let doc: Promise<PDFDocumentProxy> | undefined;
  return {
    async read(page) {
      doc ??= openPdf(bytes, options, true);
      return ocrPage(await doc, page);
    },
    async close() {
      await (await doc?.catch(() => undefined))?.destroy().catch(() => undefined);
    },
  };
}
