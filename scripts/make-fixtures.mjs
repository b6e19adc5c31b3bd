#!/usr/bin/env node
// Fixture generator: renders ground-truth forms (the Form shape, see src/model/schema.ts) into
// realistic 财政项目支出绩效自评表 PDFs.            Usage: npm run fixtures [-- --variants]
//
// Reads (only):  fixtures/seed-forms.json        20 real forms, exact ground truth (a copy of the
//                                                 shared sample; never read ../shared from here)
// Writes:        fixtures/seed-pdfkit.pdf         all 20 forms, default options (pdfkit, embedded
//                                                 subset of WenQuanYi Zen Hei)
//                fixtures/seed-pdfkit.pages.json  [[1,2],[3,4],...]: 1-based pages of each form
//                fixtures/stsong-nonembedded.pdf  seed form [3] (2 pages, 满意度指标 continued over the
//                                                 break), hand-written PDF (no pdfkit), NON-embedded
//                                                 Type0 /STSong-Light /UniGB-UCS2-H (CIDFontType0,
//                                                 Adobe-GB1-2, no FontFile, no ToUnicode), UCS-2BE
//                                                 hex strings; rulings `m l S` inside `q ... cm ... Q`
//                fixtures/stsong-nonembedded.json       [form] ground truth (same shape as seed)
//                fixtures/stsong-nonembedded.pages.json [[...]] its pages
//   --variants   also fixtures/variants/<name>.pdf + <name>.pages.json for the VARIANTS below
//                (three seed forms each; not written by default)
// Not written:   fixtures/seed-chromium.pdf, seed-libreoffice.pdf (copies of the shared samples).
//
// Font: the pdfkit backend needs WenQuanYi Zen Hei (Debian/Ubuntu: apt-get install -y
// fonts-wqy-zenhei; file /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc) or FIXTURE_FONT=<ttf|ttc>
// (set options.fontFamily to the PostScript name inside a .ttc). Without it the script stops
// with a clear message. The committed PDFs need no font; the "raw" backend needs none either.
// Output is deterministic (fixed CreationDate/ModDate, ID derived from them; byte-identical
// across runs with the same font file and pdfkit version).
//
// Reusable API (import from scripts/fixtures/render.mjs, or from this file):
//   renderForms(forms, options?) -> Buffer
//   renderFormsDetailed(forms, options?) -> { pdf: Buffer, pages: number[][], pageCount, splitCells }
//   expectedForms(forms, detailed, options?) -> forms with `pages` set (and title if relabelled)
// options (all optional; defaults in scripts/fixtures/layout.mjs DEFAULT_OPTIONS):
//   backend        'pdfkit' (embedded TTF, needs the font) | 'raw' (hand-written PDF, STSong-Light
//                  not embedded, needs no font: usable at test time)
//   size           'A4' | 'A3' | 'Letter' | [w, h] points      orientation 'portrait'|'landscape'
//   rotate         0 | 90 | 180 | 270: page /Rotate; content is counter-rotated so it displays
//                  upright. Landscape via /Rotate 90 = { orientation: 'landscape', rotate: 90 }
//                  (portrait MediaBox, displayed landscape).
//   margins        number | {top, right, bottom, left}      tableWidth  null (page - margins) | pt
//   columnWidths   9 relative widths of grid columns A..I   fontSize 9.5  titleSize 18  yearSize 11
//   lineHeight 1.3 (x fontSize)  minRowHeight 18.5  padding {x: 2.5, y: 3}  lineWidth 0.5
//   rulings        'lines' (stroked, merged into long lines) | 'rects' (thin filled rectangles)
//                  | 'segments' (one stroked segment per cell edge) | 'cell-rects' (one filled
//                  rectangle per cell edge, like Chromium)
//   textSplit      'line' (one text item per cell line) | 'word' | 'glyph'
//   shuffle        false | true: text items of a page drawn in seeded random order (seed: 1)
//   fakeBold       'none' | 'overdraw' (drawn twice at the same spot) | 'offset' (second copy
//                  +fakeBoldOffset 0.2pt) | 'stroke' (render mode 2); fakeBoldScope 'bold'
//                  (the title) | 'all'
//   labels         partial label map over DEFAULT_LABELS, e.g. LABEL_VARIANTS.abc / .local / .spaced
//   repeatHeader   false | true: indicator header row repeated at the top of continued pages
//   mergedText     'split' (a merged 一级/二级 cell continued over a page break: border continues,
//                  its label lines drawn where they fall, in order) | 'clip' (LibreOffice style:
//                  whole label on every page, clipped to the fragment: hidden copies)
//   breakTopBorder true | false (Chromium style: no horizontal line at the top of a continued page)
//   fontPath, fontFamily ('WenQuanYiZenHei'), creationDate, info {Title, Producer...}, compress,
//   rulingScale 0.75 (raw backend: user-space scale of the rulings' `cm`)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderFormsDetailed } from './fixtures/render.mjs';
import { LABEL_VARIANTS } from './fixtures/labels.mjs';

export { renderForms, renderFormsDetailed, expectedForms, DEFAULT_OPTIONS, DEFAULT_LABELS, LABEL_VARIANTS } from './fixtures/render.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'fixtures');

/** Index (in seed-forms.json) of the form written with the non-embedded STSong-Light font. */
export const STSONG_FORM_INDEX = 3;

/** Variant PDFs written with --variants: name -> options. Forms: VARIANT_FORMS of the seed. */
export const VARIANT_FORMS = [0, 3, 15];
export const VARIANTS = {
  'landscape-rotate90': { orientation: 'landscape', rotate: 90 },
  'a3': { size: 'A3' },
  'letter-rotate270': { size: 'Letter', rotate: 270 },
  'rects': { rulings: 'rects' },
  'cell-rects-chromium-break': { rulings: 'cell-rects', breakTopBorder: false },
  'segments': { rulings: 'segments' },
  'glyphs-shuffled': { textSplit: 'glyph', shuffle: true, seed: 7 },
  'words-fakebold': { textSplit: 'word', fakeBold: 'offset', fakeBoldScope: 'all' },
  'overdraw-bold-title': { fakeBold: 'overdraw' },
  'labels-abc': { labels: LABEL_VARIANTS.abc },
  'labels-local': { labels: LABEL_VARIANTS.local },
  'labels-spaced': { labels: LABEL_VARIANTS.spaced },
  'repeat-header': { repeatHeader: true },
  'clip-libreoffice': { mergedText: 'clip' },
  'raw-stsong': { backend: 'raw' },
};

function writeJson(file, value, compactArrays = false) {
  const text = compactArrays
    ? `[\n${value.map((v) => `  ${JSON.stringify(v)}`).join(',\n')}\n]\n`
    : `${JSON.stringify(value, null, 2)}\n`;
  fs.writeFileSync(file, text);
}

function readSeed() {
  const file = path.join(FIXTURES, 'seed-forms.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing (copy of the shared seed-forms.json)`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function main(argv = process.argv.slice(2)) {
  const forms = readSeed();
  const written = [];
  const out = (name) => (written.push(name), path.join(FIXTURES, name));

  const seed = renderFormsDetailed(forms, {});
  fs.writeFileSync(out('seed-pdfkit.pdf'), seed.pdf);
  writeJson(out('seed-pdfkit.pages.json'), seed.pages, true);

  const one = [forms[STSONG_FORM_INDEX]];
  const st = renderFormsDetailed(one, { backend: 'raw' });
  fs.writeFileSync(out('stsong-nonembedded.pdf'), st.pdf);
  writeJson(out('stsong-nonembedded.json'), one);
  writeJson(out('stsong-nonembedded.pages.json'), st.pages, true);

  if (argv.includes('--variants')) {
    fs.mkdirSync(path.join(FIXTURES, 'variants'), { recursive: true });
    const vforms = VARIANT_FORMS.map((i) => forms[i]);
    for (const [name, options] of Object.entries(VARIANTS)) {
      const r = renderFormsDetailed(vforms, options);
      fs.writeFileSync(out(`variants/${name}.pdf`), r.pdf);
      writeJson(out(`variants/${name}.pages.json`), r.pages, true);
    }
    writeJson(out('variants/index.json'), { forms: VARIANT_FORMS, variants: VARIANTS });
  }

  for (const name of written) console.log(`wrote fixtures/${name}`);
  console.log(`seed-pdfkit.pdf: ${seed.pageCount} pages; merged cells continued over a page break: ${seed.splitCells.length}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    console.error(`make-fixtures: ${err.message}`);
    process.exit(1);
  }
}
