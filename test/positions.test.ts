// Where to look: every indicator's page and row, and with --positions the box of every cell, from
// the real CLI, checked against pdfjs's own text layer (getTextContent, a path the reader does not
// use): the 三级指标 and the 得分 as printed lie inside their boxes on their pages.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FileResultSchema, type FileResult } from '../src/model/schema.js';
import { fixture } from './helpers/truth.js';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
const PDFJS = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

interface Placed { str: string; x: number; y: number }

/** Every text item of every page, at its start and mid-height, top-left origin. */
async function textLayer(file: string): Promise<Map<number, Placed[]>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)), cMapUrl: path.join(PDFJS, 'cmaps') + path.sep, cMapPacked: true,
    standardFontDataUrl: path.join(PDFJS, 'standard_fonts') + path.sep, isEvalSupported: false, verbosity: 0,
  }).promise;
  const pages = new Map<number, Placed[]>();
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const view = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    pages.set(p, content.items.flatMap((it) => {
      if (!('str' in it) || !it.str.trim()) return [];
      const [x, y] = view.convertToViewportPoint(it.transform[4], it.transform[5]);
      return [{ str: it.str.replace(/\s+/g, ''), x: x + 0.5, y: y - it.height / 2 }];
    }));
  }
  await doc.destroy();
  return pages;
}

const inside = (p: Placed, [x0, top, x1, bottom]: number[]) => p.x >= x0 - 1 && p.x <= x1 + 1 && p.y >= top - 1 && p.y <= bottom + 1;

describe.each(['stsong-nonembedded.pdf', 'seed-chromium.pdf', 'seed-libreoffice.pdf'])('%s --positions', (name) => {
  it('gives each indicator its page, row and the boxes its texts are printed in', async () => {
    const { stdout } = await run('node', [BIN, '--positions', '-j', '1', fixture(name)], { maxBuffer: 64e6 });
    const result: FileResult = FileResultSchema.parse(JSON.parse(stdout));
    const layer = await textLayer(fixture(name));
    let checked = 0;
    for (const form of result.forms) {
      form.indicators.forEach((ind, k) => {
        const at = `${form.projectName} #${k + 1} ${ind.level3}`;
        expect(ind.row, at).toBe(k + 1);
        const cells = ind.cells!;
        expect(Object.keys(cells).sort(), at).toEqual(['actual', 'deviation', 'level1', 'level2', 'level3', 'score', 'target', 'weight']);
        // the indicator's page is that of its first line, and within the form's pages
        expect(ind.page, at).toBe(cells.level3.page);
        expect(form.pages, at).toContain(ind.page);
        for (const c of Object.values(cells)) {
          const [x0, top, x1, bottom] = c.bbox;
          expect(x1 > x0 && bottom > top, at).toBe(true);
        }
        // the 三级指标 is printed inside its box: the pieces of it pdfjs finds there make up its start
        const text = ind.level3.replace(/\s+/g, '');
        const pieces = layer.get(cells.level3.page)!.filter((p) => inside(p, cells.level3.bbox)).map((p) => p.str).join('');
        expect(text.startsWith(pieces.slice(0, 4)) && pieces.length > 0, `${at}: 「${pieces}」 in ${cells.level3.bbox}`).toBe(true);
        // and the 得分 as printed inside the 得分 box, right of the 分值 box
        if (ind.score !== null) {
          const score = layer.get(cells.score.page)!;
          expect(score.some((p) => Number(p.str) === ind.score && inside(p, cells.score.bbox)), `${at}: 得分 ${ind.score}`).toBe(true);
          expect(cells.score.bbox[0], at).toBeGreaterThanOrEqual(cells.weight.bbox[2] - 1);
        }
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(15);
  });
});
