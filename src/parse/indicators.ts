// The indicator table: columns from its header row (one or two header rows), then one
// indicator per 三级指标 row, with merged 一级/二级 cells and rows continued over page breaks.
import type { Cell, Row } from '../layout/index.js';
import { joinWrapped } from '../text/index.js';
import {
  cellUnder, findColumns, keyOf, positionOf, reportUnknownColumns, snippet,
  type Context, type FormDraft, type IndicatorDraft, type IndicatorText, type Span, type State,
} from './context.js';
import {
  INDICATOR_COLUMN_NAMES, INDICATOR_COLUMNS, NOT_SELF_EVALUATION, PLACEHOLDER, REQUIRED_INDICATOR_COLUMNS, SECTION_HEADING, labelKey,
  type IndicatorColumn,
} from './labels.js';

/** A span's final text: its own once all its pieces are joined, else the label above it. */
export const spanText = (s: Span): string => s.text || (s.above ? spanText(s.above) : '');

/** The upper of two header rows (绩效指标 | 年度指标值 | 实际完成值 …): its columns come in the next row. */
export function startIndicatorHeader(row: Row, ctx: Context, form: FormDraft): State {
  ctx.indCols = {};
  form.seen.add('indicators');
  if (row.cells.some((c) => NOT_SELF_EVALUATION.test(keyOf(c)))) form.notSelfEvaluation = true;
  return 'indicators';
}

export function startIndicators(row: Row, ctx: Context, form: FormDraft): State {
  ctx.indCols = findColumns(row, INDICATOR_COLUMNS);
  form.indicatorColumns = (Object.keys(ctx.indCols) as IndicatorColumn[]);
  const left = Math.min(...Object.values(ctx.indCols).map((c) => c!.x0));
  if (Number.isFinite(left)) reportUnknownColumns(ctx, row, form, left, [...INDICATOR_COLUMNS.map(([, re]) => re), SECTION_HEADING], 'the indicator table\'s');
  if (row.cells.some((c) => NOT_SELF_EVALUATION.test(keyOf(c)))) form.notSelfEvaluation = true;
  const missing = REQUIRED_INDICATOR_COLUMNS[form.kind].filter((c) => !ctx.indCols[c]);
  if (!row.cells.some((c) => c.ruled)) {
    form.unreadable ??= {
      page: row.page,
      message: 'the indicator table has no ruling lines: its merged and wrapped cells cannot be rebuilt from text alignment alone',
    };
  }
  if (missing.length && !form.notSelfEvaluation) {
    form.unreadable ??= { page: row.page, message: `the indicator header has no ${missing.map((c) => INDICATOR_COLUMN_NAMES[c]).join('/')} column` };
  }
  form.seen.add('indicators');
  return 'indicators';
}

/** The header repeated on a continued page is skipped; after an upper header row, it is the header. */
export const headerAgain = (row: Row, ctx: Context, form: FormDraft): State =>
  ctx.indCols.level3 ? 'indicators' : startIndicators(row, ctx, form);

/**
 * The span a merged 一级/二级 cell belongs to: the same cell, its continuation on a new page, or
 * a new one. A cell left open at the bottom of a page continues in the first row of the next
 * page (whose top is open too, or closed by a header row repeated above it). Cells closed at a
 * page break were joined, or not, by evidence before parsing (layout/pagebreak.ts).
 */
function spanOf(cell: Cell | undefined, prev: Span | undefined, page: number, firstOnPage: boolean): Span {
  const text = cell?.text ?? '';
  const id = cell?.id ?? -1;
  if (prev && prev.page === page && prev.cellId === id) return prev;
  if (cell && prev && prev.page !== page && prev.openBottom && (cell.openTop || firstOnPage)) {
    prev.text = joinWrapped([prev.text, text]);
    prev.cellId = id;
    prev.page = page;
    prev.openBottom = cell.openBottom;
    prev.at ??= positionOf(cell, page);
    return prev;
  }
  // An empty cell may repeat the label above it, or its label may still come on the next page:
  // decided when the form is finished.
  return { text, cellId: id, page, openBottom: cell?.openBottom ?? false, above: text ? undefined : prev, at: positionOf(cell, page) };
}

const TEXT_COLUMNS: IndicatorText[] = ['level3', 'nature', 'target', 'unit', 'actual', 'deviation'];

export function readIndicator(row: Row, ctx: Context, form: FormDraft): void {
  if (!ctx.indCols.level3) {
    form.unreadable ??= { page: row.page, message: 'the indicator table has a header row without 三级指标 below it' };
    return;
  }
  const get = (c: IndicatorColumn) => cellUnder(row, ctx.indCols[c]);
  const level3 = get('level3');
  const valueCol = ctx.indCols.weight ? 'weight' : 'target';
  if (level3 && level3 === get(valueCol) && level3.text) {
    // one cell across 三级指标 and the values: a heading or note inside the table, not an indicator
    form.issues.push({ page: row.page, message: `unexpected row in the indicator table: 「${snippet(level3.text)}」` });
    return;
  }
  const texts = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, get(c)?.text ?? ''])) as Record<IndicatorText, string>;
  const weight = get('weight')?.text ?? '';
  const score = get('score')?.text ?? '';
  const cells: IndicatorDraft['cells'] = {};
  for (const k of [...TEXT_COLUMNS, 'weight', 'score'] as const) {
    const at = positionOf(get(k), row.page);
    if (at) cells[k] = at;
  }
  const prev = form.indicators[form.indicators.length - 1];
  const firstOnPage = ctx.indicatorPage !== row.page;
  const level1 = get('level1'), level2 = get('level2');
  const empty = !Object.values(texts).some(Boolean) && !weight && !score;
  if (empty && !level1?.text && !level2?.text) return; // an empty band
  ctx.indicatorPage = row.page;
  ctx.spans.level1 = spanOf(level1, ctx.spans.level1, row.page, firstOnPage);
  ctx.spans.level2 = spanOf(level2, ctx.spans.level2, row.page, firstOnPage);
  // A row split by a page break goes on in the first row of the next page, open above (or
  // below a repeated header) after one left open below: layout/pagebreak.ts marks so the rows
  // closed at the break that go on by evidence. A band with no 三级指标 of its own is always the
  // rest of the row above, whatever rules the producer drew around the pieces.
  const noValues = !texts.nature && !texts.target && !texts.unit && !texts.actual && !weight && !score;
  const placeholder = PLACEHOLDER.test(labelKey(texts.level3));
  const continued = firstOnPage && prev?.page === row.page - 1 && !placeholder && prev.openBottom && !!level3?.openTop;
  if (prev && (!texts.level3 || continued)) {
    for (const k of TEXT_COLUMNS) prev.texts[k] = joinWrapped([prev.texts[k], texts[k]]);
    prev.weight ||= weight;
    prev.score ||= score;
    prev.page = row.page;
    prev.cells = { ...cells, ...prev.cells };
    prev.openBottom = level3?.openBottom ?? false;
    return;
  }
  if (empty) return; // a band holding only the rest of a merged label
  // a template row left unfilled (指标1：, ……) is not an indicator
  if (placeholder && noValues && !texts.deviation) return;
  form.indicators.push({
    level1: ctx.spans.level1, level2: ctx.spans.level2, texts, weight, score, page: row.page, firstPage: row.page, cells,
    openBottom: level3?.openBottom ?? false,
  });
}
