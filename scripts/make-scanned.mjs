#!/usr/bin/env node
// Scanned fixtures: text-layer fixtures printed, stamped and scanned, one JPEG per page, no text
// layer.                                          Usage: npm run fixtures:scanned
//
// Reads:   fixtures/variants/<source>.pdf + .json   (the ground truth stays the source's)
// Writes:  fixtures/scanned/<name>.pdf + <name>.json  for every entry of SCANS below, and
//          fixtures/scanned/index.json (name, source, dpi, which pages are scanned, angles).
// What a scanner adds, per page, seeded (output is deterministic for a given pdfjs/canvas):
//   the page rendered at `dpi` (pdfjs onto @napi-rs/canvas), rotated by ±0.3–1°, on a grey,
//   slightly uneven paper tone, speckle noise (dark and light dots, a few dust specks), a red
//   round stamp (ring, inner ring, star) overlapping a table cell, JPEG at quality 55.
// Mixed files keep the source's text-layer pages and replace `scanPages` by scans (needs
// qpdf: apt-get install -y qpdf).
// Also writes fixtures/scanned/text/<name>.pdf + .json: TEXT_PAGES, pages of a source kept as
// they are (text layer), for reading with --ocr; the truth is the source's forms on them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import { mulberry32 } from './fixtures/random.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures/scanned');
const require = createRequire(import.meta.url);
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));

/** name, source variant, scan resolution, the 1-based pages scanned (all when absent), seed, the stamp's centre (shares of the page; else in the upper third, over the funds block) */
const SCANS = [
  { name: 'thead-split-rows-200dpi', source: 'browser-thead-split-rows', dpi: 200, seed: 1 },
  { name: 'year-spaced-150dpi', source: 'template-year-spaced', dpi: 150, seed: 2 },
  { name: 'mixed-rects-page3', source: 'rects', dpi: 200, scanPages: [3], seed: 3 },
  // the stamp over the indicator table's 分值 and 得分 columns instead of the funds block
  { name: 'year-spaced-page2-stamped-scores', source: 'template-year-spaced', dpi: 200, scanPages: [2], seed: 4, stamp: [0.7, 0.42] },
];

/** name, source variant, the 1-based pages kept (whole forms) */
const TEXT_PAGES = [{ name: 'year-spaced-page2', source: 'template-year-spaced', pages: [2] }];

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

async function renderPage(doc, pageNo, dpi) {
  const page = await doc.getPage(pageNo);
  const vp = page.getViewport({ scale: dpi / 72 });
  const canvas = createCanvas(Math.round(vp.width), Math.round(vp.height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: ctx, canvas, viewport: vp }).promise;
  const size = page.getViewport({ scale: 1 });
  return { canvas, widthPt: size.width, heightPt: size.height };
}

/** The scan of one rendered page: returns JPEG bytes and the angle used. */
function scan(src, dpi, random, stamp) {
  const { width: w, height: h } = src;
  const out = createCanvas(w, h);
  const ctx = out.getContext('2d');
  // paper: grey, darker towards one corner
  const grad = ctx.createLinearGradient(0, 0, w, h);
  grad.addColorStop(0, '#dedbd4');
  grad.addColorStop(1, '#cfccc5');
  ctx.fillStyle = grad;
  ctx.fillRect(0, 0, w, h);
  // the print, slightly rotated about the page centre; multiply keeps the paper tone under white
  const angle = (0.3 + 0.7 * random()) * (random() < 0.5 ? -1 : 1);
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.translate(w / 2, h / 2);
  ctx.rotate((angle * Math.PI) / 180);
  ctx.translate(-w / 2, -h / 2);
  ctx.drawImage(src, 0, 0);
  ctx.restore();
  // a red round stamp over a cell in the upper third (the funds block), multiplied like ink
  const r = 0.75 * dpi;
  const [fx, fy] = [0.62 + 0.1 * random(), 0.2 + 0.06 * random()];
  const cx = w * (stamp?.[0] ?? fx), cy = h * (stamp?.[1] ?? fy);
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.strokeStyle = ctx.fillStyle = 'rgba(215, 35, 40, 0.85)';
  ctx.lineWidth = dpi * 0.035;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = dpi * 0.01;
  ctx.beginPath();
  ctx.arc(cx, cy, r * 0.82, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const a = -Math.PI / 2 + (k * Math.PI) / 5, rr = k % 2 ? r * 0.12 : r * 0.3;
    ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.fill();
  // a band of short strokes where a stamp's lettering would be
  for (let k = 0; k < 14; k++) {
    const a = Math.PI * (0.9 + (1.2 * k) / 13);
    ctx.fillRect(cx + r * 0.62 * Math.cos(a) - dpi * 0.02, cy + r * 0.62 * Math.sin(a) - dpi * 0.02, dpi * 0.05, dpi * 0.05);
  }
  ctx.restore();
  // speckle: dark and light dots, a few larger dust specks
  const dots = Math.round((w * h) / 2500);
  for (let k = 0; k < dots; k++) {
    const dark = random() < 0.6;
    const v = dark ? Math.round(60 + 80 * random()) : 245;
    ctx.fillStyle = `rgb(${v},${v},${v})`;
    const s = random() < 0.97 ? 1 : 2 + Math.round(2 * random());
    ctx.fillRect(Math.floor(random() * w), Math.floor(random() * h), s, s);
  }
  return { jpeg: out.toBuffer('image/jpeg', 55), angle };
}

/** Wrap page JPEGs into a PDF of the source's page sizes. */
function imagesToPdf(pages) {
  return new Promise((resolve, reject) => {
    const date = new Date('2025-01-01T00:00:00Z');
    const doc = new PDFDocument({ autoFirstPage: false, info: { Producer: 'scanner', CreationDate: date, ModDate: date } });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const p of pages) {
      doc.addPage({ size: [p.widthPt, p.heightPt], margin: 0 });
      doc.image(p.jpeg, 0, 0, { width: p.widthPt, height: p.heightPt });
    }
    doc.end();
  });
}

mkdirSync(OUT, { recursive: true });
const index = [];
for (const s of SCANS) {
  const srcPdf = path.join(ROOT, 'fixtures/variants', `${s.source}.pdf`);
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(srcPdf)),
    disableFontFace: true,
    verbosity: 0,
    cMapUrl: path.join(PDFJS_ROOT, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(PDFJS_ROOT, 'standard_fonts') + path.sep,
  }).promise;
  const scanned = s.scanPages ?? Array.from({ length: doc.numPages }, (_, k) => k + 1);
  const random = mulberry32(s.seed);
  const pages = [];
  for (const p of scanned) {
    const r = await renderPage(doc, p, s.dpi);
    const { jpeg, angle } = scan(r.canvas, s.dpi, random, s.stamp);
    pages.push({ ...r, jpeg, angle: Number(angle.toFixed(2)) });
  }
  const pageCount = doc.numPages;
  await doc.destroy();
  const images = await imagesToPdf(pages);
  const dst = path.join(OUT, `${s.name}.pdf`);
  if (scanned.length === pageCount) writeFileSync(dst, images);
  else {
    // mixed: the source's pages, the scanned ones swapped in
    const tmp = mkdtempSync(path.join(tmpdir(), 'scan-'));
    writeFileSync(path.join(tmp, 'scans.pdf'), images);
    const spec = [];
    for (let p = 1; p <= pageCount; p++) {
      const k = scanned.indexOf(p);
      spec.push(...(k >= 0 ? [path.join(tmp, 'scans.pdf'), String(k + 1)] : [srcPdf, String(p)]));
    }
    execFileSync('qpdf', ['--empty', '--deterministic-id', '--pages', ...spec, '--', dst]);
    rmSync(tmp, { recursive: true, force: true });
  }
  copyFileSync(path.join(ROOT, 'fixtures/variants', `${s.source}.json`), path.join(OUT, `${s.name}.json`));
  index.push({ name: s.name, source: s.source, dpi: s.dpi, scannedPages: scanned, pageCount, angles: pages.map((p) => p.angle) });
  console.log(`${s.name}.pdf: ${pageCount} pages, scanned ${scanned.join(',')} at ${s.dpi} dpi, angles ${pages.map((p) => p.angle).join(', ')}°`);
}
writeFileSync(path.join(OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n');

// text-layer pages for --ocr: the pages as they are, the forms on them renumbered
mkdirSync(path.join(OUT, 'text'), { recursive: true });
for (const t of TEXT_PAGES) {
  const src = path.join(ROOT, 'fixtures/variants', t.source);
  execFileSync('qpdf', ['--empty', '--deterministic-id', '--pages', `${src}.pdf`, t.pages.join(','), '--', path.join(OUT, 'text', `${t.name}.pdf`)]);
  const forms = JSON.parse(readFileSync(`${src}.json`, 'utf8'))
    .filter((f) => f.pages.every((p) => t.pages.includes(p)))
    .map((f) => ({ ...f, pages: f.pages.map((p) => t.pages.indexOf(p) + 1) }));
  writeFileSync(path.join(OUT, 'text', `${t.name}.json`), JSON.stringify(forms, null, 2) + '\n');
  console.log(`text/${t.name}.pdf: pages ${t.pages.join(',')} of ${t.source}, ${forms.length} form(s)`);
}
