// The bundled samples' output is committed (fixtures/expected/, written before the model gained
// kind, funds.rows, notes and the indicators' nature/unit): the output must stay byte-for-byte
// the same apart from those added fields.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import type { FileResult } from '../src/model/schema.js';
import { FIXTURES } from './helpers/truth.js';

const SAMPLES = ['seed-chromium', 'seed-libreoffice', 'seed-pdfkit', 'stsong-nonembedded'];

/**
 * The result without the fields added since: issue 13's, the printed decimals (funds.decimals),
 * and issue 14's places (the indicators' page and row, the findings' page, row and parts); a
 * finding's message is rendered from its parts in Chinese since issue 14, so it is left out too
 * (test/check.test.ts checks the messages).
 */
function withoutAddedFields(result: FileResult): unknown {
  return {
    ...result,
    forms: result.forms.map(({ kind: _kind, notes: _notes, ...form }) => {
      const { rows: _rows, decimals: _decimals, ...funds } = form.funds;
      return {
        ...form,
        funds,
        indicators: form.indicators.map(({ nature: _n, unit: _u, page: _p, row: _r, ...ind }) => ind),
        ...(form.findings ? { findings: form.findings.map(({ page: _p, row: _r, params: _a, variant: _v, message: _m, ...f }) => f) } : {}),
      };
    }),
  };
}

describe('the bundled samples', () => {
  it.each(SAMPLES)('%s: same output as committed, apart from the added fields', async (name) => {
    const file = `fixtures/${name}.pdf`;
    const result = await extractFile(path.join(FIXTURES, `${name}.pdf`), { name: file });
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected', `${name}.json`), 'utf8')) as FileResult;
    expect(JSON.stringify(withoutAddedFields(result), null, 2)).toBe(JSON.stringify(withoutAddedFields(expected), null, 2));
    // the added fields of a Shanghai form: a project form, its four printed funds rows, no notes
    for (const form of result.forms) {
      expect(form.kind).toBe('project');
      expect(form.notes).toEqual([]);
      expect(form.funds.rows.map((r) => r.label.replace(/[:：\s]/g, ''))).toEqual(['年度资金总额', '其中当年财政拨款', '上年结转资金', '其他资金']);
      expect(form.funds.rows[0]).toEqual({ label: expect.any(String), amount: null, ...form.funds.total });
      for (const ind of form.indicators) expect([ind.nature, ind.unit]).toEqual([null, null]);
    }
  });
});
