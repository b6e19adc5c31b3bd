// What kind of row this is, from its header words (and, for some kinds, the current state).
import type { Row } from '../layout/index.js';
import { keyOf, rowText, type Context, type Kind } from './context.js';
import { isFundsRow } from './funds.js';
import { isHeaderRow } from './header.js';
import { labelledNote } from './notes.js';
import {
  CONTINUED_TITLE, FUNDS_COLUMNS, FUNDS_HEADER_WORDS, GOALS_EXPECTED, GOALS_LABEL, GRADE, INDICATOR_BLOCK, INDICATOR_COLUMNS, OTHER_TITLE,
  NOTE_LABEL, PAGE_NUMBER, SECTION_HEADING, TITLE, TOTAL, UNIT_LINE, isYearLine, labelKey, stripYear,
} from './labels.js';

/** The indicator header patterns, unanchored, to find the words anywhere in a row. */
const INDICATOR_WORDS = INDICATOR_COLUMNS.map(([, re]) => new RegExp(re.source.replace(/\^/g, '')));

/** 说明 | …, 注：1.…, 项目负责人：…: the first cell of a closing row. */
function isNoteLabel(text: string): boolean {
  const note = labelledNote(text);
  return NOTE_LABEL.test(labelKey(text)) || (note !== null && NOTE_LABEL.test(labelKey(note.label)));
}

/** A title stands alone: outside the table or in a cell at least half the row wide. */
const standsAlone = (row: Row, re: RegExp, ctx: Context) =>
  !row.cells.some((c) => c.ruled && c.x1 - c.x0 < (row.x1 - row.x0) * ctx.settings.fullWidthShare && !re.test(keyOf(c)));

export function classify(row: Row, ctx: Context): Kind {
  const text = rowText(row);
  const key = labelKey(text);
  const ruled = row.cells.some((c) => c.ruled);
  if (!ruled && PAGE_NUMBER.test(text.trim())) return 'noise';
  const filled = row.cells.filter((c) => c.text.trim() !== '');
  // a note naming a form (注：请于3月底前报送绩效自评表) is no title
  const note = filled.length > 0 && isNoteLabel(filled[0].text);
  if (!note && TITLE.test(key) && standsAlone(row, TITLE, ctx)) return CONTINUED_TITLE.test(text) ? 'noise' : 'title';
  if (!note && OTHER_TITLE.test(stripYear(key)) && standsAlone(row, OTHER_TITLE, ctx) && filled.length === 1) {
    return CONTINUED_TITLE.test(text) ? 'noise' : 'other-title';
  }
  const firstKey = filled.length ? keyOf(filled[0]) : '';
  if (ctx.state === 'header' && !ctx.form?.seen.has('header') && isYearLine(text)) return 'year';
  if (ctx.state === 'header' && UNIT_LINE.test(text.trim())) return 'unit';
  const cells = row.cells.map(keyOf);
  const count = (patterns: [string, RegExp][]) => patterns.filter(([, re]) => cells.some((k) => re.test(k))).length;
  const upper = ctx.state === 'header' || ctx.state === 'funds' || ctx.state === 'goals';
  if (count(INDICATOR_COLUMNS) >= ctx.settings.indicatorHeaderWords && cells.some((k) => /^三级指标/.test(k))) return 'indicator-header';
  // without rulings, neighbouring header words may run together into one cell
  if (!ruled && key.includes('三级指标') && INDICATOR_WORDS.filter((re) => re.test(key)).length >= ctx.settings.indicatorHeaderWords) return 'indicator-header';
  // the upper of two header rows: 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…
  if (upper && count(INDICATOR_COLUMNS) >= ctx.settings.upperHeaderWords && cells.some((k) => INDICATOR_BLOCK.test(k)) && !cells.some((k) => FUNDS_HEADER_WORDS.test(k))) {
    return 'indicator-header-top';
  }
  // a heading across the table (预算执行情况(10分), 绩效指标(90分)) carries no data
  if (filled.length === 1 && SECTION_HEADING.test(firstKey) && ruled && filled[0].x1 - filled[0].x0 >= (row.x1 - row.x0) * ctx.settings.fullWidthShare) return 'heading';
  // the upper sections' rows are looked for only before the indicator table
  if (upper && count(FUNDS_COLUMNS) >= ctx.settings.fundsHeaderWords && cells.some((k) => FUNDS_HEADER_WORDS.test(k))) return 'funds-header';
  if (upper && (cells.some((k) => GOALS_EXPECTED.test(k)) || (GOALS_LABEL.test(firstKey) && ctx.state !== 'goals'))) return 'goals-header';
  if (upper && isHeaderRow(row)) return 'header-fields';
  if (TOTAL.test(firstKey)) return 'total';
  if (GRADE.test(firstKey)) return 'grade';
  if (!upper && note) return 'note';
  if (ctx.state === 'funds' && isFundsRow(row, ctx)) return 'funds-row';
  return 'other';
}
