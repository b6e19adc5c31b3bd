// One PDF -> FileResult: read every page, lay it out, run the form state machine, validate.
import { readFile } from 'node:fs/promises';
import { annotateForm, fundsPrecision, type CheckOptions } from './check/index.js';
import { layoutPage, type PageLayout } from './layout/index.js';
import { joinPageBreaks } from './layout/pagebreak.js';
import { ExtractFailure, failureOf, ReadError } from './model/errors.js';
import type { ExtractError, FileResult, Form } from './model/schema.js';
import { parseForms } from './parse/form.js';
import { CONTINUED_TITLE, isHeadingWord, labelKey, TITLE } from './parse/labels.js';
import { ocrInfo, ocrReader, type OcrRegion } from './read/ocr/index.js';
import { openPdf, readPage } from './read/pdf.js';
import { resolveSettings, type SettingsOverrides } from './settings.js';
import { finishForm } from './validate/index.js';

export interface ExtractOptions {
  /** user password of an encrypted PDF */
  password?: string;
  /** name to report for the file (defaults to the path as given) */
  name?: string;
  /** options of the consistency check that adds findings to every form (its thresholds: settings.check); false skips it */
  check?: Omit<CheckOptions, 'settings'> | false;
  /** tolerances of any stage, by name (src/settings.ts); the rest keep their defaults */
  settings?: SettingsOverrides;
  /** read every page by OCR, text layer or not (default: only pages without a usable text layer) */
  ocr?: boolean;
}

export async function extractFile(file: string, options: ExtractOptions = {}): Promise<FileResult> {
  const name = options.name ?? file;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : `cannot read (${e.code ?? e.message})`;
    throw new ExtractFailure(name, undefined, why, 'input');
  }
  return extractBuffer(bytes, { ...options, name });
}

export async function extractBuffer(bytes: Uint8Array, options: ExtractOptions = {}): Promise<FileResult> {
  const name = options.name ?? 'input.pdf';
  const settings = resolveSettings(options.settings);
  const fail = (err: unknown): never => {
    const f = failureOf(err, name);
    throw new ExtractFailure(name, f.page, f.reason, f.code);
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
        content = await readPage(doc, p, settings.read);
        // a scan (images, no text layer): read the page image; any page with --ocr
        if (options.ocr || (!content.items.length && content.drawsImages && !content.drawsText)) {
          const scan = await ocr.scan(p);
          const read = await ocr.read(scan, layoutPage(scan.content, settings.layout));
          content = read.content;
          ocrPages.push(p);
          regions.push(...read.regions);
        }
      } catch (err) {
        const f = failureOf(err, name);
        if (err instanceof ReadError && err.code === 'no-text') ocrFailure = err;
        errors.push({ page: p, message: f.reason, code: f.code });
        continue;
      }
      if (content.items.length) textPages++;
      else if (content.drawsText) {
        errors.push({ page: p, message: 'the page draws text but none could be decoded (a font without a usable encoding or CMap); --ocr reads it from its image', code: 'no-text' });
      } else if (content.drawsImages) imagePages++;
      layouts.push(layoutPage(content, settings.layout));
    }
    if (textPages === 0) {
      if (ocrFailure) fail(ocrFailure);
      if (imagePages > 0) fail(new ReadError('no text layer, and OCR found no text on the page images', undefined, 'no-text'));
      const decodeError = errors.find((e) => e.code === 'no-text');
      fail(new ReadError(decodeError ? decodeError.message : 'no text in the PDF', decodeError?.page, 'no-text'));
    }
    const startsForm = (text: string) => TITLE.test(labelKey(text)) && !CONTINUED_TITLE.test(text);
    errors.push(...joinPageBreaks(layouts, { startsForm, isHeading: isHeadingWord }, settings.layout).map((i) => ({ ...i, code: 'form' as const })));
    const { forms: drafts } = parseForms(layouts, settings.parse);
    const forms: Form[] = [];
    for (const draft of drafts) {
      const done = finishForm(draft);
      errors.push(...done.errors);
      if (done.form) {
        // the printed decimals travel with the form, so that its saved JSON checks the same
        const form = { ...done.form, funds: { ...done.form.funds, decimals: fundsPrecision(draft.funds) } };
        const read = ocrPages.length ? { ...form, ocr: ocrInfo(form, regions, ocrPages) } : form;
        forms.push(options.check === false ? read : annotateForm(read, { ...options.check, settings: settings.check }));
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
