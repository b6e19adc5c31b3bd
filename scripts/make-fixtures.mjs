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
//   --variants   also fixtures/variants/<name>.pdf + <name>.json (exact ground truth: the forms
//                as printed, each with its 1-based `pages`) for every variant of
//                scripts/fixtures/variants.mjs (1-3 seed or derived forms each), and
//                fixtures/variants/index.json (name, description, options, forms of each);
//                stale files in fixtures/variants/ are removed. Not written by default.
//                --only=name1,name2 limits the variants written (index.json still lists all).
//   --office     with --variants, also the variants laid out by real producers, LibreOffice
//                Writer and ReportLab (OFFICE_VARIANTS, scripts/fixtures/office.mjs; needs
//                soffice, python3 with reportlab, pdftotext); without it their committed PDFs
//                and truth are kept as they are.
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
//   textSplit      'line' (one text item per cell line) | 'word' | 'glyph' | 'run' (one item per
//                  glyph run of one script, CJK vs Latin, like office suites)
//   spaceGlyphs    false | true: with word/glyph/run splitting, spaces are drawn as their own
//                  space-glyph items (false: dropped, the gap is only positioning)
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
//   splitRows      false | true: a goals or indicator row that does not fit is split at the page
//                  end (text continues at the top of the next page) instead of moving whole;
//                  its cells are closed/reopened at the break when breakTopBorder, open otherwise
//   cellFill       'none' | 'header' (label cells shaded with a filled rectangle) | 'all' (other
//                  cells filled white too)
//   digits         'ascii' | 'fullwidth': numbers and the year printed with full-width digits
//                  (１２．５０, ９８４，５００．００, （２０２４年度）)
//   oddUnicode     null | 'kangxi' | 'compat' | 'mixed' | {char: lookAlike}: look-alike code points
//                  (Kangxi radicals, CJK compatibility ideographs) drawn instead of ideographs,
//                  so the text layer holds them (pdfkit backend only; see fixtures/unicode.mjs)
//   uprightContent false | true: /Rotate written over content drawn upright in the media box
//                  (shown sideways: a report rotated in a viewer and saved)
//   omitRotate     false | true: content drawn for `rotate` but no /Rotate written (sideways)
//   mergedBreak    'open' | 'closed': merged cells cut by a page break closed by a rule at the
//                  page end and reopened at the next page top (word processors, report engines)
//   labelPlacement 'flow' (lines where they fall, centred over the whole cell) | 'straddle'
//                  (half the lines on each side of the break) | 'before' | 'after' (whole label
//                  centred in the first / last part) | 'repeat' (in every part)
//   splitRowKinds  ['goals', 'ind'] (+ 'funds'): rows options.splitRows may split;
//   splitMinLines  2: lines that must fit before the break to split a row there
//   packForms      false | true: a form starts right under the one before when it fits
//   cropBox        null | margin pt | {left, bottom, right, top}: a /MediaBox larger than the
//                  /CropBox by these margins; the content stays inside the crop box
//   fontPath, fontFamily ('WenQuanYiZenHei'), creationDate, info {Title, Producer...}, compress,
//   rulingScale 0.75 (raw backend: user-space scale of the rulings' `cm`)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expectedForms, renderFormsDetailed } from './fixtures/render.mjs';
import { renderOfficeVariant } from './fixtures/office.mjs';
import { OFFICE_VARIANTS, VARIANTS } from './fixtures/variants.mjs';

export { renderForms, renderFormsDetailed, expectedForms, DEFAULT_OPTIONS, DEFAULT_LABELS, LABEL_VARIANTS } from './fixtures/render.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'fixtures');

/** Index (in seed-forms.json) of the form written with the non-embedded STSong-Light font. */
export const STSONG_FORM_INDEX = 3;

export { VARIANTS, DERIVE } from './fixtures/variants.mjs';

const TRUTH_KEYS = ['title', 'year', 'projectName', 'department', 'implementingUnit', 'pages', 'funds', 'goals', 'indicators', 'totalWeight', 'totalScore', 'grade'];

/** Ground truth of a rendered variant: the printed forms with their pages, in a stable key order. */
export function variantTruth(forms, detailed, options) {
  return expectedForms(forms, detailed, options).map((f) => Object.fromEntries(TRUTH_KEYS.map((k) => [k, f[k]])));
}

/** Render one variant: { pdf, truth, pageCount } (throws when its check fails). */
export function renderVariant(name, seed) {
  const v = VARIANTS[name];
  if (!v) throw new Error(`unknown variant ${name} (known: ${Object.keys(VARIANTS).join(', ')})`);
  const forms = v.forms(seed);
  const detailed = renderFormsDetailed(forms, v.options);
  const problem = v.check ? v.check(detailed, forms) : null;
  if (problem) throw new Error(`variant ${name}: ${problem}`);
  return { pdf: detailed.pdf, truth: variantTruth(forms, detailed, v.options), pageCount: detailed.pageCount };
}

function writeVariants(forms, only, out, office) {
  const dir = path.join(FIXTURES, 'variants');
  fs.mkdirSync(dir, { recursive: true });
  const names = [...Object.keys(VARIANTS), ...Object.keys(OFFICE_VARIANTS)];
  for (const n of only ?? []) if (!VARIANTS[n] && !OFFICE_VARIANTS[n]) throw new Error(`--only: unknown variant ${n}`);
  const index = [];
  for (const name of names) {
    const v = VARIANTS[name] ?? OFFICE_VARIANTS[name];
    const wanted = !only || only.includes(name);
    if (wanted && VARIANTS[name]) {
      const r = renderVariant(name, forms);
      fs.writeFileSync(out(`variants/${name}.pdf`), r.pdf);
      writeJson(out(`variants/${name}.json`), r.truth);
    } else if (wanted && office) {
      const r = renderOfficeVariant(v, forms, dir);
      fs.writeFileSync(out(`variants/${name}.pdf`), r.pdf);
      writeJson(out(`variants/${name}.json`), r.truth.map((f) => Object.fromEntries(TRUTH_KEYS.map((k) => [k, f[k]]))));
    }
    const truth = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
    index.push({
      name,
      pdf: `${name}.pdf`,
      truth: `${name}.json`,
      description: v.description,
      options: v.options ?? { producer: v.producer, ...(v.html ? { html: v.html } : {}), ...(v.reportlab ? { reportlab: v.reportlab } : {}), ...(v.source ? { source: v.source } : {}) },
      forms: truth.map((f) => ({ projectName: f.projectName, pages: f.pages })),
    });
  }
  writeJson(out('variants/index.json'), index);
  if (!only) {
    const keep = new Set(['index.json', ...names.flatMap((n) => [`${n}.pdf`, `${n}.json`])]);
    for (const file of fs.readdirSync(dir)) {
      if (!keep.has(file) && /\.(pdf|json)$/.test(file)) {
        fs.unlinkSync(path.join(dir, file));
        console.log(`removed stale fixtures/variants/${file}`);
      }
    }
  }
}

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
    const onlyArg = argv.find((a) => a.startsWith('--only='));
    writeVariants(forms, onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : null, out, argv.includes('--office'));
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
