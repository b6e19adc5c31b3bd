// Other producers, page geometries, text layers and templates: every generated variant PDF of
// fixtures/variants/ (npm run fixtures -- --variants; what each covers: index.json) through the
// real reader, every field of every form against its exact ground truth NAME.json.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import type { Form } from '../src/model/schema.js';
import { diffForms, FIXTURES, loadJson } from './helpers/truth.js';

type Truth = Parameters<typeof diffForms>[0][number];
interface IndexEntry { name: string; pdf: string; truth: string; description: string; errors?: { page: number; message: string; code: string }[] }

const DIR = path.join(FIXTURES, 'variants');
const VARIANTS = existsSync(DIR)
  ? readdirSync(DIR).filter((f) => f.endsWith('.pdf')).map((f) => f.slice(0, -'.pdf'.length)).sort()
  : [];

describe('variant fixtures', () => {
  it('exist, each PDF with its ground truth, all listed in index.json', () => {
    expect(VARIANTS.length).toBeGreaterThan(0);
    const index = loadJson<IndexEntry[]>('variants/index.json');
    expect(index.map((v) => v.name).sort()).toEqual(VARIANTS);
    for (const name of VARIANTS) {
      expect(existsSync(path.join(DIR, `${name}.json`)), `${name}.json`).toBe(true);
      const truth = loadJson<Truth[]>(`variants/${name}.json`);
      expect(truth.length, name).toBeGreaterThan(0);
      for (const f of truth) expect(f.pages?.length, `${name}: ${f.projectName} pages`).toBeGreaterThan(0);
    }
  });
});

describe('every field of every variant form', () => {
  it.each(VARIANTS)('%s', async (name) => {
    const result = await extractFile(path.join(DIR, `${name}.pdf`));
    // soft: a failing variant reports both its read errors and its field differences
    const index = loadJson<IndexEntry[]>('variants/index.json');
    // other 绩效 tables in the file are named with their page and skipped
    expect.soft(result.errors).toEqual(index.find((v) => v.name === name)?.errors ?? []);
    expect.soft(diffForms(loadJson<Truth[]>(`variants/${name}.json`), result.forms)).toEqual([]);
  });
});
