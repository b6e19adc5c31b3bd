// The only module that talks to pdfjs-dist: PDF bytes in, pages of positioned text items and
// ruling segments out (top-left origin, points). Everything after this is pure. It also draws
// pages (renderPage) for the pictures of the visual report.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { drawingCanvas, ensureDomMatrix, leaveOutCanvas } from './canvas.js';
import { readPageGraphics } from './graphics/index.js';
import { glyphsToItems } from './items.js';
import { MAX_SAVE_DEPTH, READ_SETTINGS, type ReadSettings } from './settings.js';
import type { PageContent } from '../model/page.js';
import { internalReason, ReadError } from '../model/errors.js';
import { oneLine } from '../text/index.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

const require = createRequire(import.meta.url);
// Filesystem paths (with the trailing slash pdfjs insists on) into the installed pdfjs-dist:
// CMaps and standard fonts are read from disk, never fetched. Without CMaps, text in
// non-embedded CJK fonts (STSong-Light, UniGB-UCS2-H) silently comes back empty.
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));
const CMAP_DIR = path.join(PDFJS_ROOT, 'cmaps') + path.sep;
const FONT_DIR = path.join(PDFJS_ROOT, 'standard_fonts') + path.sep;

interface Engine {
  lib: PdfJs;
  worker: InstanceType<PdfJs['PDFWorker']>;
}

let enginePromise: Promise<Engine> | undefined;

let ownThread = false;

/**
 * This thread is ours (a pool worker), before pdfjs loads: pdfjs loads without its drawing
 * package until a page is drawn (read/canvas.ts), and without waking Node's fetch (withoutFetch).
 */
export function leanPdfJs(): void {
  ownThread = true;
  leaveOutCanvas(PDFJS_ROOT);
}

/**
 * pdfjs's two halves check Response.prototype as they are imported (for a polyfill Node has no
 * need of), and that global's getter loads Node's fetch (undici) with http, tls, http2, crypto
 * and zlib: ~17 ms and ~8 MB on Node 20. In a thread of ours nothing else runs meanwhile: a
 * stand-in answers during the import, the real getter is back after it. (Node 22+ loads undici
 * during that import whatever the globals say: there the stand-in changes nothing.)
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const real = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  if (!ownThread || !real) return load();
  Object.defineProperty(globalThis, 'Response', { configurable: true, writable: true, value: class Response { bytes() {} } });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'Response', real);
  }
}

/** Load pdfjs-dist once per thread (its import is the costliest part of start-up). */
export async function loadPdfJs(): Promise<PdfJs> {
  return (await loadEngine()).lib;
}

function loadEngine(): Promise<Engine> {
  enginePromise ??= (async () => {
    await ensureBrowserGlobals();
    // pdfjs's parsing half runs in this thread, behind our own port (see InThreadPort). Both
    // halves install core-js polyfills; the pool's workers undo them (batch/worker.ts), a
    // library caller's thread is left as pdfjs leaves it.
    const [lib, core] = await withoutFetch(async () => [
      await import('pdfjs-dist/legacy/build/pdf.mjs'),
      (await import('pdfjs-dist/legacy/build/pdf.worker.mjs' as string)) as { WorkerMessageHandler: { initializeFromPort(port: unknown): void } },
    ] as const);
    const port = new InThreadPort(lib.OPS);
    core.WorkerMessageHandler.initializeFromPort(port);
    // the parsing half's own verbosity (set by this worker's configure message): pdfjs's
    // warnings must never reach a library caller's console
    const worker = new lib.PDFWorker({ port: port as never, verbosity: lib.VerbosityLevel.ERRORS });
    return { lib, worker };
  })();
  return enginePromise;
}

type Listener = (event: { data: unknown }) => void;

let activity: (() => void) | undefined;

/** Call `fn` as pdfjs's parsing half sends each message (the pool's workers watch memory there). */
export function onPdfActivity(fn: () => void): void {
  activity = fn;
}

/**
 * The channel between pdfjs's display half and its parsing half when both run in one thread.
 * pdfjs's own "fake worker" structured-clones every message, so every glyph of every page was
 * copied once more and thrown away: ~13% of the time and much of the garbage. Operator-list
 * chunks (nearly all the traffic) are handed over as they are, with fresh top-level arrays
 * because the sender empties its own after sending (OperatorList.flush); the glyphs and
 * arguments inside are not changed once queued. Every other message is still cloned.
 */
export class InThreadPort {
  /** each listener, with how to stop watching its abort signal */
  #listeners = new Map<Listener, (() => void) | undefined>();
  #deferred = Promise.resolve();
  /** how deep `q` (save) is nested at the end of each operator list being sent, by stream */
  #saves = new Map<string, number>();

  /** `ops`: pdfjs's operator numbers (OPS), to watch the nesting of `q` in operator lists */
  constructor(private readonly ops?: { save: number; restore: number }) {}

  postMessage(message: unknown, transfer?: NonNullable<Parameters<typeof structuredClone>[1]>['transfer']): void {
    activity?.();
    const chunk = opListChunk(message);
    const data = chunk ?? structuredClone(message, transfer ? { transfer } : undefined);
    if (chunk) this.#watchSaves(message as StreamMessage);
    // Delivered later, as a real port would: pdfjs relies on sends not re-entering.
    void this.#deferred.then(() => {
      for (const listener of this.#listeners.keys()) listener.call(this, { data });
    });
  }

  /** pdfjs removes a document's listeners by aborting their signal when the document goes. */
  addEventListener(type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    if (type !== 'message') return;
    const signal = options?.signal;
    if (signal?.aborted) return;
    let unwatch: (() => void) | undefined;
    if (signal) {
      const onAbort = () => this.removeEventListener(type, listener);
      signal.addEventListener('abort', onAbort, { once: true });
      unwatch = () => signal.removeEventListener('abort', onAbort);
    }
    this.#listeners.set(listener, unwatch);
  }

  removeEventListener(type: string, listener: Listener): void {
    if (type !== 'message') return;
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }

  /**
   * pdfjs copies its graphics state by prototype chain (Object.create), so each `q` costs as
   * much as the nesting is deep: a page of a million unbalanced `q` takes hours. Past
   * MAX_SAVE_DEPTH the sender is stopped (this throws inside pdfjs's evaluator, which ends the
   * page's operator list there); the chunk that went past is delivered first, so the page's
   * reader sees the depth and says so (readPageGraphics).
   */
  #watchSaves(message: StreamMessage): void {
    const { ops } = this;
    const fns = message.chunk!.fnArray as number[];
    if (!ops) return;
    const key = `${message.sourceName}:${message.streamId}`;
    let depth = this.#saves.get(key) ?? 0;
    for (const fn of fns) {
      if (fn === ops.save) depth++;
      else if (fn === ops.restore && depth > 0) depth--;
    }
    if (message.chunk!.lastChunk) this.#saves.delete(key);
    else this.#saves.set(key, depth);
    if (depth > MAX_SAVE_DEPTH) {
      this.#saves.delete(key);
      throw new Error(`more than ${MAX_SAVE_DEPTH} nested q (save) operators`);
    }
  }

  /** how many listeners are attached (one or two per open document) */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  terminate(): void {
    for (const unwatch of this.#listeners.values()) unwatch?.();
    this.#listeners.clear();
  }
}

interface StreamMessage {
  sourceName?: string;
  streamId?: number;
  chunk?: { fnArray?: unknown; argsArray?: unknown; lastChunk?: boolean };
}

function opListChunk(message: unknown): unknown {
  const chunk = (message as StreamMessage | null)?.chunk;
  if (!chunk || !Array.isArray(chunk.fnArray) || !Array.isArray(chunk.argsArray)) return undefined;
  return { ...(message as object), chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
}

/** What pdfjs asks of a document to load fonts into (document.fonts); nothing is drawn here. */
const FONT_SINK = { fonts: { add() {}, delete() {} } };

/** The browser globals pdfjs touches even when nothing is drawn, where Node lacks them. */
async function ensureBrowserGlobals(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  // Fonts go to FONT_SINK as FontFace objects; loading one is instant since none is rendered.
  g.FontFace ??= class FontFace {
    readonly loaded = Promise.resolve(this);
    constructor(readonly family: string) {}
  };
  await ensureDomMatrix();
}

export interface OpenOptions {
  password?: string;
  /**
   * the document is to be drawn (renderPage: the visual report's pictures, the OCR reader): fonts
   * are drawn from their outlines instead of being "loaded" into FONT_SINK, where nothing could
   * draw them, and images are decoded
   */
  draw?: boolean;
}

/**
 * Open a PDF. Its bytes are handed over to pdfjs, not copied (a 200 MB report is held once): the
 * caller's array is detached (empty) afterwards, so a caller that keeps its bytes passes a copy.
 */
export async function openPdf(bytes: Uint8Array, options: OpenOptions = {}): Promise<PDFDocumentProxy> {
  const forDrawing = !!options.draw;
  if (bytes.length === 0) throw new ReadError('empty file', undefined, 'not-pdf');
  if (!looksLikePdf(bytes)) throw new ReadError('not a PDF (no %PDF- header)', undefined, 'not-pdf');
  const eof = endsWithEof(bytes);
  const { lib: pdfjs, worker } = await loadEngine();
  const task = pdfjs.getDocument({
    worker,
    // a plain Uint8Array (pdfjs takes a Buffer for a mistake); over a whole buffer it is not copied
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    password: options.password,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    useSystemFonts: false,
    // Fonts are "loaded" into a document that only counts them: with disableFontFace, pdfjs
    // would compile an outline path for every glyph it meets, for drawing only (~18% of the time).
    disableFontFace: forDrawing,
    ownerDocument: forDrawing ? undefined : (FONT_SINK as never),
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    // Images are never needed (text and rulings only): none is decoded, whatever its size, so
    // a 30000×30000 image costs nothing. pdfjs drops them from the operator list. Except in a
    // document opened to draw a scanned page for OCR (-1: pdfjs's default, no limit).
    maxImageSize: forDrawing ? -1 : 0,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const e = toReadError(pdfjs, err);
    // a download cut short: say so rather than "corrupt"
    if (e.code === 'corrupt' && !eof) throw new ReadError(`truncated PDF (no %%EOF at the end): ${e.message}`, e.page, 'corrupt');
    throw e;
  }
}

/**
 * Does the PDF hold image objects? Images are dropped unread (maxImageSize), so a scan is
 * recognised by its bytes: an image is a stream, and streams are never inside object streams.
 */
export function hasImages(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buf.indexOf('/Image'); at !== -1; at = buf.indexOf('/Image', at + 6)) {
    const next = buf[at + 6];
    // `/Subtype /Image`, not `/ImageB` (a procedure set) or `/ImageMask`
    if (next !== undefined && /[A-Za-z0-9]/.test(String.fromCharCode(next))) continue;
    if (/\/Subtype\s*$/.test(buf.toString('latin1', Math.max(0, at - 16), at))) return true;
  }
  return false;
}

function endsWithEof(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1').includes('%%EOF');
}

function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow some junk; the spec allows it within the first 1024 bytes.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** pdfjs's own exceptions (its parser's errors arrive as one of these): the PDF's fault. */
const PDFJS_EXCEPTIONS = new Set(['InvalidPDFException', 'PasswordException', 'ResponseException', 'UnknownErrorException', 'AbortException']);

/** An error from reading a PDF as a ReadError; anything but pdfjs's exceptions is our bug. */
function toReadError(pdfjs: PdfJs, err: unknown, page?: number): ReadError {
  if (err instanceof ReadError) return err;
  const e = err as { name?: string; code?: number; message?: string };
  if (e?.name === 'PasswordException') {
    return e.code === pdfjs.PasswordResponses.INCORRECT_PASSWORD
      ? new ReadError('encrypted PDF: the password is wrong', page, 'password')
      : new ReadError('encrypted PDF: a password is needed (--password)', page, 'password');
  }
  if (e?.name === 'InvalidPDFException') return new ReadError('corrupt PDF: ' + oneLine(e.message), page, 'corrupt');
  if (e?.name && PDFJS_EXCEPTIONS.has(e.name)) return new ReadError('cannot read PDF: ' + oneLine(e.message), page, 'corrupt');
  return new ReadError(internalReason(err), page, 'internal');
}

/** Pages read between two releases of pdfjs's per-document caches (releasePages). */
export const PAGES_PER_RELEASE = 250;

/**
 * Let pdfjs drop what it keeps of the pages read so far (page objects, fonts, operator-list
 * caches, on both its halves): a long report's memory stays flat. Fonts are loaded again as
 * later pages need them.
 */
export async function releasePages(doc: PDFDocumentProxy): Promise<void> {
  await doc.cleanup().catch(() => undefined);
}

/** Read one page: cleaned text items and ruling segments in top-left page coordinates. */
export async function readPage(doc: PDFDocumentProxy, pageNumber: number, settings: ReadSettings = READ_SETTINGS): Promise<PageContent> {
  const pdfjs = await loadPdfJs();
  let page: PDFPageProxy | undefined;
  try {
    page = await doc.getPage(pageNumber);
    const ops = await page.getOperatorList({ intent: 'display' });
    const objs = page.commonObjs;
    const fonts = (name: string) => (objs.has(name) ? (objs.get(name) as { fontMatrix?: number[] }) : undefined);
    const walk = (rotation: number) => {
      const viewport = page!.getViewport({ scale: 1, rotation });
      const graphics = readPageGraphics(pdfjs.OPS, ops.fnArray, ops.argsArray, viewport.transform as number[], viewport.width, viewport.height, fonts, settings);
      return { viewport, graphics };
    };
    let { viewport, graphics } = walk(page.rotate);
    // Read the page the way its text runs, whatever /Rotate says: upright content shown
    // sideways by /Rotate (a report rotated in a viewer and saved) is turned back.
    const turn = sidewaysTurn(graphics.runs);
    if (turn) ({ viewport, graphics } = walk((page.rotate + 360 - turn) % 360));
    const items = glyphsToItems(graphics.glyphs, settings);
    return {
      page: pageNumber,
      width: viewport.width,
      height: viewport.height,
      items,
      segments: graphics.segments,
      drawsText: graphics.drawsText,
      drawsImages: graphics.drawsImages,
    };
  } catch (err) {
    throw toReadError(pdfjs, err, pageNumber);
  } finally {
    page?.cleanup();
  }
}

/**
 * How far (degrees clockwise) most of a page's text runs from left-to-right, when it does not:
 * the view is turned back by as much. Pages of mixed directions keep the producer's view.
 */
export function sidewaysTurn(runs: readonly number[]): number {
  const total = runs.reduce((s, n) => s + n, 0);
  const k = runs.indexOf(Math.max(...runs));
  return k > 0 && runs[k] > total / 2 ? k * 90 : 0;
}

/** A page drawn onto a canvas (@napi-rs/canvas) at `scale` pixels per point, on white. */
export async function renderPage(doc: PDFDocumentProxy, pageNumber: number, scale: number): Promise<import('@napi-rs/canvas').Canvas> {
  const pdfjs = await loadPdfJs();
  const { createCanvas, GlobalFonts } = await drawingCanvas();
  let page: PDFPageProxy | undefined;
  try {
    page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    withCjkFallback(ctx, cjkFamilies(GlobalFonts.families.map((f) => f.family)));
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise;
    return canvas;
  } catch (err) {
    throw toReadError(pdfjs, err, pageNumber);
  } finally {
    page?.cleanup();
  }
}

/** Installed font families that have Chinese glyphs, best first. */
const CJK_FAMILIES = [
  'Noto Serif CJK SC', 'Noto Sans CJK SC', 'Source Han Serif SC', 'Source Han Sans SC', 'SimSun', 'Songti SC', 'STSong',
  'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Zen Hei', 'WenQuanYi Micro Hei', 'AR PL UMing CN', 'AR PL SungtiL GB',
];
const cjkFamilies = (installed: string[]) => CJK_FAMILIES.filter((f) => installed.includes(f));

/**
 * A font the PDF names but does not embed (STSong-Light and the like) is drawn by pdfjs with
 * fillText in `"Name", serif`, and serif has no Chinese glyphs: put the installed Chinese
 * families before the generic one on this context.
 */
function withCjkFallback(ctx: object, families: string[]): void {
  if (!families.length) return;
  let proto = Object.getPrototypeOf(ctx) as object | null;
  let desc: PropertyDescriptor | undefined;
  while (proto && !(desc = Object.getOwnPropertyDescriptor(proto, 'font'))) proto = Object.getPrototypeOf(proto) as object | null;
  if (!desc?.set || !desc.get) return;
  const { get, set } = desc;
  const extra = families.map((f) => `"${f}"`).join(', ');
  Object.defineProperty(ctx, 'font', {
    configurable: true,
    get() {
      return get.call(this);
    },
    set(value: string) {
      set.call(this, value.replace(/,\s*(serif|sans-serif|monospace)\s*$/, `, ${extra}, $1`));
    },
  });
}
