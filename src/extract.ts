// One PDF -> FileResult: read every page, lay it out, run the form state machine, validate.
import { readFile } from 'node:fs/promises';
import { annotateForm, fundsPrecision, type CheckOptions } from './check/index.js';
import { layoutPage, type PageLayout } from './layout/index.js';
import { PageBreaks } from './layout/pagebreak.js';
import { ExtractFailure, failureOf, ReadError } from './model/errors.js';
import type { ExtractError, FileResult, Form } from './model/schema.js';
import { FormParser, type FormDraft } from './parse/form.js';
import { CONTINUED_TITLE, isHeadingWord, labelKey, TITLE } from './parse/labels.js';
import { ocrInfo, ocrReader, type OcrRegion } from './read/ocr/index.js';
import { hasImages, openPdf, PAGES_PER_RELEASE, readPage, releasePages } from './read/pdf.js';
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
  /** keep where each indicator cell is printed (`cells` with page and bbox); default false */
  positions?: boolean;
  /** read every page by OCR, text layer or not (default: only pages without a usable text layer) */
  ocr?: boolean;
  /** called once the file is open (page 0) and as each page is read (the pool's time limit counts per page) */
  onPage?: (page: number, pageCount: number) => void;
  /** each form once finished; the result then holds none of them (a worker hands them over one by one) */
  onForm?: (form: Form) => void;
  /** stops the extraction before its next page, or at a page that fails meanwhile: it rejects with the signal's reason (a pool worker hands its file to the OCR worker) */
  signal?: AbortSignal;
}

export async function extractFile(file: string, options: ExtractOptions = {}): Promise<FileResult> {
  const name = options.name ?? file;
  return extractOwned(await readInput(file, name), { ...options, name });
}

/** A file's bytes, or a failure naming it (`name`) and saying why they cannot be read. */
export async function readInput(file: string, name: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : `cannot read (${e.code ?? e.message})`;
    throw new ExtractFailure(name, undefined, why, 'input');
  }
}

/** The caller's bytes are left as they are (pdfjs is given a copy). */
export async function extractBuffer(bytes: Uint8Array, options: ExtractOptions = {}): Promise<FileResult> {
  return extractOwned(new Uint8Array(bytes), options);
}

/**
 * Extract from bytes that are the caller's to give away: they are handed to pdfjs uncopied and
 * are empty (detached) once it has them. A big report is held once.
 */
export async function extractOwned(bytes: Uint8Array, options: ExtractOptions = {}): Promise<FileResult> {
  const name = options.name ?? 'input.pdf';
  const settings = resolveSettings(options.settings);
  const fail = (err: unknown): never => {
    const f = failureOf(err, name);
    throw new ExtractFailure(name, f.page, f.reason, f.code);
  };
  // images are never decoded (read/pdf.ts), so a scan is known by its image objects: looked for
  // before the bytes go to pdfjs
  const holdsImages = hasImages(bytes);
  const doc = await openPdf(bytes, options).catch(fail);
  // the drawing document of OCR reads a copy of pdfjs's bytes, only if a page needs it
  const ocr = ocrReader(() => doc.getData(), options, settings.ocr);
  try {
    const errors: ExtractError[] = [];
    const forms: Form[] = [];
    const ocrPages: number[] = [];
    const regions: OcrRegion[] = [];
    let ocrFailure: ReadError | undefined;
    let textPages = 0;
    let imagePages = 0;
    // page breaks are joined and forms parsed as the pages are read; each form is finished as
    // soon as the next one starts: a long report holds a few pages and one form at a time
    const startsForm = (text: string) => TITLE.test(labelKey(text)) && !CONTINUED_TITLE.test(text);
    const breaks = new PageBreaks({ startsForm, isHeading: isHeadingWord }, settings.layout);
    const parser = new FormParser(settings.parse);
    let drafts = 0;
    let skipped = 0;
    // the rows of ruled tables on each page read by OCR, and the pages some form was read from
    const ocrTables = new Map<number, number>();
    const formPages = new Set<number>();
    const finish = (draft: FormDraft) => {
      drafts++;
      for (const p of draft.pages) if (ocrTables.has(p)) formPages.add(p);
      const done = finishForm(draft, { positions: options.positions });
      for (const e of done.errors) errors.push(e);
      if (!done.form) return;
      // the printed decimals travel with the form, so that its saved JSON checks the same
      const form = { ...done.form, funds: { ...done.form.funds, decimals: fundsPrecision(done.fundsTexts) } };
      const withOcr = ocrPages.length ? { ...form, ocr: ocrInfo(form, regions, ocrPages, settings.ocr) } : form;
      const checked = options.check === false ? withOcr : annotateForm(withOcr, { ...options.check, settings: settings.check });
      if (options.onForm) options.onForm(checked);
      else forms.push(checked);
    };
    // the issues of each stage as they come, before the forms they precede (sorted by page at the end)
    const parse = (pages: PageLayout[]) => {
      for (const i of breaks.issues.splice(0)) errors.push({ ...i, code: 'form' });
      for (const page of pages) {
        if (ocrTables.has(page.page)) ocrTables.set(page.page, page.rows.filter((r) => r.cells.filter((c) => c.ruled).length > 1).length);
        parser.add(page);
      }
      for (const i of parser.issues.splice(0)) {
        skipped++;
        errors.push({ ...i, code: i.code ?? 'form' });
      }
      for (const draft of parser.take()) finish(draft);
    };
    options.onPage?.(0, doc.numPages);
    for (let p = 1; p <= doc.numPages; p++) {
      options.signal?.throwIfAborted();
      let content;
      try {
        content = await readPage(doc, p, settings.read);
        // a scan (no text layer, in a file with images, which are never decoded here): read the
        // page image; any page with --ocr
        if (options.ocr || (!content.items.length && !content.drawsText && (content.drawsImages || holdsImages))) {
          const read = await ocr.read(p, (rules) => layoutPage(rules, settings.layout));
          content = read.content;
          ocrPages.push(p);
          ocrTables.set(p, 0);
          for (const r of read.regions) regions.push(r);
        }
      } catch (err) {
        // stopped: not the page's error
        options.signal?.throwIfAborted();
        const f = failureOf(err, name);
        // the first page OCR could not read (the engine missing): the file's error names it
        if (err instanceof ReadError && err.code === 'no-text') ocrFailure ??= new ReadError(err.message, err.page ?? p, err.code);
        errors.push({ page: p, message: f.reason, code: f.code });
        options.onPage?.(p, doc.numPages);
        continue;
      }
      if (content.items.length) textPages++;
      else if (content.drawsText) {
        errors.push({ page: p, message: 'the page draws text but none could be decoded (a font without a usable encoding or CMap); --ocr reads it from its image', code: 'no-text' });
      } else if (content.drawsImages) imagePages++;
      parse(breaks.add(layoutPage(content, settings.layout)));
      if (p % PAGES_PER_RELEASE === 0) await releasePages(doc);
      options.onPage?.(p, doc.numPages);
    }
    if (textPages === 0) {
      if (ocrFailure) fail(ocrFailure);
      if (imagePages > 0 || holdsImages) fail(new ReadError('no text layer, and OCR found no text on the page images', undefined, 'no-text'));
      // a page that could not be read says more than "no text"
      const pageError = errors[0];
      fail(pageError ? new ReadError(pageError.message, pageError.page, pageError.code) : new ReadError('no text in the PDF', undefined, 'no-text'));
    }
    parse(breaks.end());
    for (const draft of parser.end().forms) finish(draft);
    // a scanned page with a table that no form was read from: OCR may have misread its title or
    // headers, so the page says so, never silence
    const unread = [...ocrTables].filter(([p, rows]) => rows >= settings.ocr.minTableRows && !formPages.has(p) && !errors.some((e) => e.page === p)).map(([p]) => p);
    // a PDF of other 绩效 tables only is reported table by table, not as holding no form
    if (drafts === 0 && !skipped) fail(new ReadError('no 绩效自评表 form found', unread[0], 'no-form'));
    for (const p of unread) errors.push({ page: p, message: 'a scanned table, but no form could be read from it (OCR may have misread its title or headers)', code: 'form' });
    errors.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
    return { file: name, pageCount: doc.numPages, forms, errors, ...(ocrPages.length ? { ocrPages } : {}) };
  } finally {
    await ocr.close();
    await doc.destroy().catch(() => undefined);
  }
}
