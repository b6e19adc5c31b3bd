// Field-by-field comparison of extracted forms with ground truth: texts with whitespace
// removed, numbers within 0.005. Returns the list of differences (empty when exact).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Form } from '../../src/model/schema.js';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);
export const loadJson = <T = unknown>(name: string): T => JSON.parse(readFileSync(fixture(name), 'utf8')) as T;

type Truth = Omit<Form, 'pages' | 'kind' | 'notes' | 'funds'> & {
  pages?: number[];
  kind?: Form['kind'];
  notes?: Form['notes'];
  funds: Omit<Form['funds'], 'rows'> & { rows?: Form['funds']['rows'] };
};

const text = (s: unknown) => (s == null ? '' : String(s).replace(/\s+/g, ''));
const sameNumber = (a: unknown, b: unknown) =>
  a == null || b == null ? a == null && b == null : Math.abs(Number(a) - Number(b)) < 0.005;

export function diffForms(truth: Truth[], got: Form[]): string[] {
  const diffs: string[] = [];
  if (got.length !== truth.length) diffs.push(`form count: want ${truth.length} got ${got.length}`);
  truth.forEach((t, k) => {
    const g = got[k];
    if (!g) return;
    const at = `form ${k + 1} (${t.projectName})`;
    const cmpText = (field: string, a: unknown, b: unknown) => {
      if (text(a) !== text(b)) diffs.push(`${at} ${field}: want ${JSON.stringify(a)} got ${JSON.stringify(b)}`);
    };
    const cmpNum = (field: string, a: unknown, b: unknown) => {
      if (!sameNumber(a, b)) diffs.push(`${at} ${field}: want ${a} got ${b}`);
    };
    for (const f of ['title', 'projectName', 'department', 'implementingUnit', 'grade'] as const) cmpText(f, t[f], g[f]);
    // fields added with the regional templates: compared where the truth has them, nulls exactly
    const cmpExact = (field: string, a: unknown, b: unknown) => {
      if (a !== undefined && JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${at} ${field}: want ${JSON.stringify(a)} got ${JSON.stringify(b)}`);
    };
    cmpExact('kind', t.kind, g.kind);
    for (const f of ['projectName', 'implementingUnit'] as const) if (t[f] === null || g[f] === null) cmpExact(f, t[f], g[f]);
    if (t.notes !== undefined) {
      if (t.notes.length !== g.notes.length) diffs.push(`${at} notes: want ${JSON.stringify(t.notes)} got ${JSON.stringify(g.notes)}`);
      else t.notes.forEach((n, i) => { cmpText(`notes[${i}].label`, n.label, g.notes[i].label); cmpText(`notes[${i}].text`, n.text, g.notes[i].text); });
    }
    if (t.funds.rows !== undefined) {
      if (t.funds.rows.length !== g.funds.rows.length) diffs.push(`${at} funds.rows: want ${JSON.stringify(t.funds.rows.map((r) => r.label))} got ${JSON.stringify(g.funds.rows.map((r) => r.label))}`);
      t.funds.rows.forEach((r, i) => {
        const gr = g.funds.rows[i];
        if (!gr) return;
        cmpText(`funds.rows[${i}].label`, r.label, gr.label);
        for (const col of ['amount', 'initialBudget', 'annualBudget', 'executed', 'weight', 'executionRate', 'score'] as const) cmpNum(`funds.rows[${i}].${col}`, r[col], gr[col]);
      });
    }
    cmpNum('year', t.year, g.year);
    cmpText('funds.unit', t.funds.unit, g.funds.unit);
    for (const row of ['total', 'currentYearAppropriation', 'carryover', 'other'] as const) {
      for (const col of ['initialBudget', 'annualBudget', 'executed', 'weight', 'executionRate', 'score'] as const) {
        cmpNum(`funds.${row}.${col}`, t.funds[row][col], g.funds[row][col]);
      }
    }
    cmpText('goals.expected', t.goals.expected, g.goals.expected);
    cmpText('goals.actual', t.goals.actual, g.goals.actual);
    if (t.indicators.length !== g.indicators.length) diffs.push(`${at} indicators: want ${t.indicators.length} got ${g.indicators.length}`);
    t.indicators.forEach((ti, i) => {
      const gi = g.indicators[i];
      if (!gi) return;
      for (const f of ['level1', 'level2', 'level3', 'target', 'actual', 'deviation'] as const) cmpText(`ind[${i}].${f}`, ti[f], gi[f]);
      for (const f of ['nature', 'unit'] as const) {
        if (ti[f] === undefined) continue;
        if (ti[f] === null || gi[f] === null) cmpExact(`ind[${i}].${f}`, ti[f], gi[f]);
        else cmpText(`ind[${i}].${f}`, ti[f], gi[f]);
      }
      cmpNum(`ind[${i}].weight`, ti.weight, gi.weight);
      cmpNum(`ind[${i}].score`, ti.score, gi.score);
    });
    cmpNum('totalWeight', t.totalWeight, g.totalWeight);
    cmpNum('totalScore', t.totalScore, g.totalScore);
    if (t.pages && JSON.stringify(t.pages) !== JSON.stringify(g.pages)) diffs.push(`${at} pages: want ${t.pages} got ${g.pages}`);
  });
  return diffs;
}
