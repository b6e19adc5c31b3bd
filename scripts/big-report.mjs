#!/usr/bin/env node
// node scripts/big-report.mjs OUT.pdf [COPIES]
//
// Makes one big report from a fixture, for the benchmarks (never committed: ~7 MB): COPIES
// (20) copies of fixtures/seed-chromium.pdf (37 pages, 20 forms each) joined by poppler's
// pdfunite into one PDF of 740 pages and 400 forms, as a province's whole report would come.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIG_SOURCE = { file: path.join(ROOT, 'fixtures/seed-chromium.pdf'), pages: 37, forms: 20 };

/** Write the big report to `out`; returns its pages and forms. */
export function makeBigReport(out, copies = 20) {
  execFileSync('pdfunite', [...Array.from({ length: copies }, () => BIG_SOURCE.file), out]);
  return { file: out, pages: BIG_SOURCE.pages * copies, forms: BIG_SOURCE.forms * copies };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, copies] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node scripts/big-report.mjs OUT.pdf [COPIES]');
    process.exit(2);
  }
  const r = makeBigReport(out, copies ? Number(copies) : undefined);
  console.error(`${r.file}: ${r.pages} pages, ${r.forms} forms`);
}
