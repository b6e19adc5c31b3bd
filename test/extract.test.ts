// Every fixture PDF through the real reader and CLI, every field against ground truth.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ExtractFailure, extractFile } from '../src/index.js';
import type { FileResult, Form } from '../src/model/schema.js';
import { diffForms, fixture, loadJson } from './helpers/truth.js';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
type Truth = Omit<Form, 'pages'> & { pages?: number[] };

/** Ground truth with the page numbers a generator recorded, where it did. */
function truthFor(json: string, pagesFile?: string): Truth[] {
  const forms = loadJson<Truth[]>(json);
  if (pagesFile && existsSync(fixture(pagesFile))) {
    const pages = loadJson<number[][]>(pagesFile);
    forms.forEach((f, k) => (f.pages = pages[k]));
  }
  return forms;
}

const CASES: [pdf: string, truth: string, pages?: string][] = [
  ['seed-chromium.pdf', 'seed-forms.json'],
  ['seed-libreoffice.pdf', 'seed-forms.json'],
  ['seed-pdfkit.pdf', 'seed-forms.json', 'seed-pdfkit.pages.json'],
  ['stsong-nonembedded.pdf', 'stsong-nonembedded.json', 'stsong-nonembedded.pages.json'],
];

describe('every field of every fixture form', () => {
  for (const [pdf, truth, pages] of CASES) {
    it(pdf, async () => {
      const result = await extractFile(fixture(pdf));
      expect(result.errors).toEqual([]);
      expect(diffForms(truthFor(truth, pages), result.forms)).toEqual([]);
    });
  }
});

describe('the eval-extract command', () => {
  it('prints the output contract for one file and exits 0', async () => {
    const { stdout } = await run('node', [BIN, fixture('stsong-nonembedded.pdf')]);
    const out = JSON.parse(stdout) as FileResult;
    expect(Object.keys(out)).toEqual(['file', 'pageCount', 'forms', 'errors']);
    expect(out.pageCount).toBeGreaterThan(0);
    const form = out.forms[0];
    expect(Object.keys(form)).toEqual(expect.arrayContaining([
      'title', 'year', 'projectName', 'department', 'implementingUnit', 'pages', 'funds', 'goals', 'indicators',
      'totalWeight', 'totalScore', 'grade',
    ]));
    expect(diffForms(truthFor('stsong-nonembedded.json'), out.forms)).toEqual([]);
  });

  it('writes JSON Lines for several files, one result per line', async () => {
    const { stdout } = await run('node', [BIN, '--format', 'jsonl', fixture('stsong-nonembedded.pdf'), fixture('seed-chromium.pdf')]);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as FileResult);
    expect(lines.map((l) => path.basename(l.file))).toEqual(['stsong-nonembedded.pdf', 'seed-chromium.pdf']);
    expect(lines[1].forms).toHaveLength(20);
  });

  it('exits 2 on a usage error', async () => {
    await expect(run('node', [BIN, '--format', 'xml', 'x.pdf'])).rejects.toMatchObject({ code: 2 });
    await expect(run('node', [BIN])).rejects.toMatchObject({ code: 2 });
  });

  it('exits 3 with a one-line message naming the file when an input is not a PDF, still printing the others', async () => {
    const err = await run('node', [BIN, fixture('seed-forms.json'), fixture('stsong-nonembedded.pdf')]).catch((e) => e);
    expect(err.code).toBe(3);
    expect(err.stderr.trim().split('\n')).toEqual([expect.stringMatching(/seed-forms\.json: not a PDF/)]);
    const out = JSON.parse(err.stdout) as FileResult[];
    expect(out).toHaveLength(2);
    expect(out[1].forms).toHaveLength(1);
  });

  it('reports a path that cannot be opened as an input error, not as a bad PDF, with errors[].code in the JSON', async () => {
    const missing = fixture('no-such-file.pdf');
    await expect(extractFile(missing)).rejects.toMatchObject({ code: 'input', reason: 'no such file' });
    await expect(extractFile(missing)).rejects.toBeInstanceOf(ExtractFailure);
    const err = await run('node', [BIN, '--format', 'jsonl', missing, fixture('seed-forms.json')]).catch((e) => e);
    expect(err.code).toBe(3);
    const [gone, notPdf] = err.stdout.trim().split('\n').map((l: string) => JSON.parse(l) as FileResult);
    expect(gone.errors).toEqual([{ message: 'no such file', code: 'input' }]);
    expect(notPdf.errors).toEqual([{ message: 'not a PDF (no %PDF- header)', code: 'not-pdf' }]);
  });
});
