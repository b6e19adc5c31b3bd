// Below the indicators: 总分/合计, 评分等级, and the labelled rows and lines that close a form
// (评价结论, 存在问题, 改进措施, 说明, 注, signatures), which become notes.
import type { Row } from '../layout/index.js';
import { cellUnder, keyOf, type Context, type FormDraft, type State } from './context.js';
import { GRADE, TOTAL, labelKey } from './labels.js';
import { readNoteLine, readNoteRow } from './notes.js';

export function readTotal(row: Row, ctx: Context, form: FormDraft): State {
  form.totalWeight = cellUnder(row, ctx.indCols.weight)?.text ?? null;
  form.totalScore = cellUnder(row, ctx.indCols.score)?.text ?? null;
  // a total row whose label spans the weight column has no 分值
  if (form.totalWeight !== null && TOTAL.test(labelKey(form.totalWeight))) form.totalWeight = '';
  form.seen.add('total');
  return 'closing';
}

export function readGrade(row: Row, _ctx: Context, form: FormDraft): State {
  const values = row.cells.filter((c) => c.text && !GRADE.test(keyOf(c)));
  form.grade = values.map((c) => c.text.trim()).join('') || null;
  return 'closing';
}

/**
 * A labelled row of the table below the indicators (评价结论 | …, 说明 | …, 项目负责人：何某 |
 * 财务负责人：), or a labelled line under the table (注：1.…).
 */
export function readClosingNote(row: Row, ctx: Context, form: FormDraft): State {
  if (row.cells.some((c) => c.ruled)) readNoteRow(row, ctx, form);
  else readNoteLine(row, form);
  return 'closing';
}
