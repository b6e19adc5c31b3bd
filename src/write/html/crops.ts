// The page pictures of the visual report: for each finding about an indicator, a crop of its
// page around the indicator's row with the offending cells outlined; for each form with findings
// about the whole form, a small picture of its first page. Pages are drawn by pdfjs onto
// @napi-rs/canvas and stored as WebP, downscaled, so that 400 forms stay well under 30 MB.
import { readFile } from 'node:fs/promises';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { openPdf, renderPage } from '../../read/pdf.js';
import type { CellPosition, FileResult, Finding, Form, RuleId } from '../../model/schema.js';

export const PICTURE_SETTINGS = {
  /** pixels per PDF point when a page is drawn */
  scale: 1.25,
  /** WebP quality of crops and of page pictures (0–1) */
  quality: 0.55,
  /** points of the page shown above and below an indicator's row */
  context: 36,
  /** width in pixels of a whole page's picture */
  pageWidth: 420,
  /** crops per form at most; the findings beyond get none (the report says so) */
  maxCropsPerForm: 12,
  /** outline of the offending cells */
  outline: { color: '#e0241b', width: 3 },
} as const;

/** The cells a rule's finding is about; the rest of the row is context. */
const OFFENDING: Partial<Record<RuleId, string[]>> = {
  'score-range': ['weight', 'score'],
  'deduction-without-reason': ['score', 'deviation'],
  'unmet-full-score': ['actual', 'score'],
  'unit-mismatch': ['target', 'actual'],
};

export interface Picture {
  /** data: URI of the WebP image */
  src: string;
  width: number;
  height: number;
  page: number;
}

export interface FormPictures {
  /** per finding (by index in form.findings) its crop */
  crops: Map<number, Picture>;
  /** the first page, when the form has findings about the whole form */
  page?: Picture;
}

type Box = [number, number, number, number];
const union = (boxes: Box[]): Box | undefined => boxes.length
  ? [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
  : undefined;

/** Where to crop and what to outline for one finding, in points on its page; undefined without positions. */
export function cropPlan(form: Form, f: Finding): { page: number; crop: Box; outline: Box } | undefined {
  if (f.page === undefined) return undefined;
  const m = PICTURE_SETTINGS.context;
  // a place on the page without a row (ink OCR could not read): it, with the page around it
  if (f.indicator === undefined) return f.bbox && { page: f.page, crop: [f.bbox[0] - 4 * m, f.bbox[1] - m, f.bbox[2] + 4 * m, f.bbox[3] + m], outline: f.bbox };
  const cells = form.indicators[f.indicator]?.cells as Record<string, CellPosition> | undefined;
  if (!cells) return undefined;
  const onPage = Object.entries(cells).filter(([, c]) => c.page === f.page);
  const row = union(onPage.filter(([k]) => k !== 'level1' && k !== 'level2').map(([, c]) => c.bbox as Box));
  if (!row) return undefined;
  // the table's width: every cell of every indicator on this page
  const table = union(form.indicators.flatMap((i) => Object.values(i.cells ?? {}).filter((c) => c.page === f.page).map((c) => c.bbox as Box)))!;
  const wanted = OFFENDING[f.rule];
  const outline = (wanted && union(onPage.filter(([k]) => wanted.includes(k)).map(([, c]) => c.bbox as Box))) || row;
  return { page: f.page, crop: [table[0] - 4, row[1] - m, table[2] + 4, row[3] + m], outline };
}

async function encode(canvas: Canvas, page: number): Promise<Picture> {
  const bytes = await canvas.encode('webp', Math.round(PICTURE_SETTINGS.quality * 100));
  return { src: `data:image/webp;base64,${bytes.toString('base64')}`, width: canvas.width, height: canvas.height, page };
}

function cropOf(page: Canvas, plan: NonNullable<ReturnType<typeof cropPlan>>): Canvas {
  const s = PICTURE_SETTINGS.scale;
  const x0 = Math.max(0, Math.floor(plan.crop[0] * s)), y0 = Math.max(0, Math.floor(plan.crop[1] * s));
  const x1 = Math.min(page.width, Math.ceil(plan.crop[2] * s)), y1 = Math.min(page.height, Math.ceil(plan.crop[3] * s));
  const out = createCanvas(Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  const ctx = out.getContext('2d');
  ctx.drawImage(page, x0, y0, out.width, out.height, 0, 0, out.width, out.height);
  const { color, width } = PICTURE_SETTINGS.outline;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  const [a, b, c, d] = plan.outline.map((v) => v * s);
  ctx.strokeRect(a - x0 - 1, b - y0 - 1, c - a + 2, d - b + 2);
  return out;
}

function thumbnail(page: Canvas): Canvas {
  const w = PICTURE_SETTINGS.pageWidth;
  const out = createCanvas(w, Math.round((page.height * w) / page.width));
  out.getContext('2d').drawImage(page, 0, 0, out.width, out.height);
  return out;
}

/**
 * The pictures of every form of one file (by form index), drawing each page it needs once.
 * A file that cannot be opened again gets none: the report says so instead.
 */
export async function filePictures(result: FileResult, options: { password?: string } = {}): Promise<Map<number, FormPictures>> {
  const out = new Map<number, FormPictures>();
  const needs = result.forms.some((f) => f.findings?.length);
  if (!needs) return out;
  const doc = await openPdf(await readFile(result.file), { password: options.password, draw: true });
  const pages = new Map<number, Canvas>();
  const page = async (n: number) => {
    let c = pages.get(n);
    if (!c) pages.set(n, (c = await renderPage(doc, n, PICTURE_SETTINGS.scale)));
    return c;
  };
  try {
    for (const [k, form] of result.forms.entries()) {
      const pictures: FormPictures = { crops: new Map() };
      for (const [j, f] of (form.findings ?? []).entries()) {
        if (pictures.crops.size >= PICTURE_SETTINGS.maxCropsPerForm) break;
        const plan = cropPlan(form, f);
        if (plan) pictures.crops.set(j, await encode(cropOf(await page(plan.page), plan), plan.page));
      }
      if ((form.findings ?? []).some((f) => f.indicator === undefined)) {
        pictures.page = await encode(thumbnail(await page(form.pages[0])), form.pages[0]);
      }
      out.set(k, pictures);
      // a form's pages are not needed by the next form (forms follow each other)
      for (const n of [...pages.keys()]) if (n < form.pages[form.pages.length - 1]) pages.delete(n);
    }
  } finally {
    await doc.destroy().catch(() => undefined);
  }
  return out;
}
