// One PDF -> FileResult: read every page, lay it out, run the form state machine, validate.
import { readFile } from 'node:fs/promises';
import { annotateForm, fundsPrecision, type CheckOptions } from './check/index.js';
import { layoutPage, type PageLayout } from './layout/index.js';
import type { ExtractError, FileResult, Form } from './model/schema.js';
import { parseForms } from './parse/form.js';
import { ocrInfo, ocrReader, type OcrRegion } from './read/ocr/index.js';
import { openPdf, readPage, ReadError, toReadError } from './read/pdf.js';
import { finishForm } from './validate/index.js';

export interface ExtractOptions {
  /** user password of an encrypted PDF */
  password?: string;
  /** name to report for the file (defaults to the path as given) */
  name?: string;
  /** options of the consistency check that adds findings to every form; false skips it */
  check?: CheckOptions | false;
  /** read every page by OCR, text layer or not (default: only pages without a usable text layer) */
  ocr?: boolean;
}

/** A file that could not be read or holds no form: its one-line error. */
export class ExtractFailure extends Error {
  constructor(
    readonly file: string,
    readonly page: number | undefined,
    readonly reason: string,
    readonly code: ReadError['code'],
  ) {
    super(`${file}${page ? `: page ${page}` : ''}: ${reason}`);
    this.name = 'ExtractFailure';
  }
}

export async function extractFile(file: string, options: ExtractOptions = {}): Promise<FileResult> {
  const name = options.name ?? file;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : `cannot read (${e.code ?? e.message})`;
    throw new ExtractFailure(name, undefined, why, 'not-pdf');
  }
  return extractBuffer(bytes, { ...options, name });
}

export async function extractBuffer(bytes: Uint8Array, options: ExtractOptions = {}): Promise<FileResult> {
  const name = options.name ?? 'input.pdf';
  const fail = (err: unknown): never => {
    const e = toReadError(err);
    throw new ExtractFailure(name, e.page, e.message, e.code);
  };
  const doc = await openPdf(bytes, options).catch(fail);
  const ocr = ocrReader(bytes, options);
  try {
    const errors: ExtractError[] = [];
    const layouts: PageLayout[] = [];
    const ocrPages: number[] = [];
    const regions: OcrRegion[] = [];
    let ocrFailure: ReadError | undefined;
    let textPages = 0;
    let imagePages = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      let content;
      try {
        content = await readPage(doc, p);
        // no usable text layer (a scan, or text without an encoding): read the page image
        if (options.ocr || (!content.items.length && (content.drawsImages || content.drawsText))) {
          const read = await ocr.read(p);
          content = read.content;
          ocrPages.push(p);
          regions.push(...read.regions);
        }
      } catch (err) {
        const e = toReadError(err, p);
        if (e.code === 'no-text') ocrFailure = e;
        errors.push({ page: p, message: e.message });
        continue;
      }
      if (content.items.length) textPages++;
      else if (content.drawsText) {
        errors.push({ page: p, message: 'the page draws text but none could be decoded (a font without a usable encoding or CMap)' });
      } else if (content.drawsImages) imagePages++;
      layouts.push(layoutPage(content));
    }
    if (textPages === 0) {
      if (ocrFailure) fail(ocrFailure);
      if (imagePages > 0) fail(new ReadError('no text layer, and OCR found no text on the page images', undefined, 'no-text'));
      const decodeError = errors.find((e) => e.message.includes('decoded'));
      fail(new ReadError(decodeError ? decodeError.message : 'no text in the PDF', decodeError?.page, 'no-text'));
    }
    const { forms: drafts, issues } = parseForms(layouts);
    errors.push(...issues);
    const forms: Form[] = [];
    for (const draft of drafts) {
      const done = finishForm(draft);
      errors.push(...done.errors);
      if (done.form) {
        const read = ocrPages.length ? { ...done.form, ocr: ocrInfo(done.form, regions, ocrPages) } : done.form;
        forms.push(options.check === false ? read : annotateForm(read, options.check, fundsPrecision(draft.funds)));
      }
    }
    if (drafts.length === 0) fail(new ReadError('no 绩效自评表 form found', undefined, 'no-form'));
    errors.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
    return { file: name, pageCount: doc.numPages, forms, errors, ...(ocrPages.length ? { ocrPages } : {}) };
  } finally {
    await ocr.close();
    await doc.destroy().catch(() => undefined);
  }
}
