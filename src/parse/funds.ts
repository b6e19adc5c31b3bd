// The funds block: columns from its header row (年初预算数 | 全年预算数 | 全年执行数 | 分值 |
// 执行率 | 得分, or the regional spellings), then every printed row with its label.
import { centerX } from '../geometry/index.js';
import type { Cell, Row } from '../layout/index.js';
import type { FundsColumnKey } from '../model/schema.js';
import {
  cellKey, cellUnder, cellsLeftOf, findColumns, keyOf, reportUnknownColumns, type Column, type Context, type FormDraft, type State,
} from './context.js';
import { FUNDS_COLUMNS, FUNDS_LABEL, FUNDS_REASON } from './labels.js';

const UNIT = /[（(]\s*([万千]?元)\s*[）)]/;

export function startFunds(row: Row, ctx: Context, form: FormDraft): State {
  ctx.fundsCols = findColumns(row, FUNDS_COLUMNS);
  ctx.fundsReason = findColumns(row, [['reason', FUNDS_REASON]]).reason;
  if (Object.keys(ctx.fundsCols).length) {
    reportUnknownColumns(ctx, row, form, firstColumnX(ctx), [...FUNDS_COLUMNS.map(([, re]) => re), FUNDS_REASON, FUNDS_LABEL], 'the funds block\'s');
  }
  const unit = row.cells.map((c) => UNIT.exec(c.text)).find(Boolean);
  if (unit) form.unit = unit[1];
  form.seen.add('funds');
  return 'funds';
}

const firstColumnX = (ctx: Context) => Math.min(...Object.values(ctx.fundsCols).map((c) => c!.x0));

/** The block's label cells of a row (项目资金（万元）, 预算执行情况(10分)) are not row labels. */
const rowLabels = (row: Row, ctx: Context): Cell[] =>
  cellsLeftOf(ctx, row, firstColumnX(ctx)).filter((c) => !FUNDS_LABEL.test(keyOf(c)) && c.text.trim());

/**
 * Cells of a breakdown row printed across the amount columns (按收入性质分：2030.12 ‖
 * 按支出性质分：1925.67): each spans two or more columns and holds a label.
 */
function breakdownCells(row: Row, ctx: Context): Cell[] {
  const cols = Object.values(ctx.fundsCols) as Column[];
  const spanned = (c: Cell) => cols.filter((col) => c.x0 <= centerX(col) && c.x1 >= centerX(col)).length;
  const cells = row.cells.filter((c) => c.x1 > firstColumnX(ctx) + ctx.settings.edgeSlack);
  if (!cells.length || !cells.every((c) => spanned(c) >= ctx.settings.breakdownColumns || !c.text.trim())) return [];
  return cells.filter((c) => c.text.trim() && /[\p{Script=Han}]/u.test(c.text));
}

/** Text in the 原因 column only: the rest of its merged cell, continued on a new page. */
const reasonOnly = (row: Row, ctx: Context): boolean => {
  const reason = cellUnder(row, ctx.fundsReason);
  return !!reason?.text.trim() && row.cells.every((c) => c === reason || !c.text.trim());
};

/** The row belongs to the funds block: a row label left of the amounts, a breakdown row, or the rest of 原因. */
export const isFundsRow = (row: Row, ctx: Context): boolean =>
  Object.keys(ctx.fundsCols).length > 0
  && (rowLabels(row, ctx).length > 0 || breakdownCells(row, ctx).length > 0 || reasonOnly(row, ctx));

/** `其中：一般公共预算：1325.68` → [其中：一般公共预算, 1325.68]; a label without an amount keeps its colon. */
function splitAmount(text: string): [string, string | null] {
  const m = /^(.*\S)\s*[:：]\s*([-+]?[\d,，.．０-９]+)\s*$/s.exec(text.trim());
  return m ? [m[1], m[2]] : [text.trim(), null];
}

export function readFundsRow(row: Row, ctx: Context, form: FormDraft): void {
  const labels = rowLabels(row, ctx);
  readReason(row, ctx, form);
  if (!labels.length) {
    // side-by-side breakdowns, left then right; an empty cell makes no row
    for (const cell of breakdownCells(row, ctx)) {
      const [label, amount] = splitAmount(cell.text);
      form.fundsRows.push({ label, amount, values: {}, page: row.page });
    }
    return;
  }
  const values: Partial<Record<FundsColumnKey, string>> = {};
  for (const [col, column] of Object.entries(ctx.fundsCols) as [FundsColumnKey, Column][]) {
    values[col] = cellUnder(row, column)?.text ?? '';
  }
  const [label, amount] = splitAmount(labels.map((c) => c.text.trim()).join(''));
  form.fundsRows.push({ label, amount, values, page: row.page });
}

/**
 * The 原因 cell (merged down over the rows) is a note, read once (its part continued on the next
 * page was joined to it by layout/pagebreak.ts).
 */
function readReason(row: Row, ctx: Context, form: FormDraft): void {
  const cell = cellUnder(row, ctx.fundsReason);
  if (!cell || !cell.text.trim() || ctx.noteCells.has(cellKey(row, cell))) return;
  ctx.noteCells.add(cellKey(row, cell));
  form.notes.push({ label: '原因', text: cell.text.trim() });
}
