// The form state machine: rows of every page, in document order -> form drafts.
// Each row is classified by its header words; the transition table below says, for each state,
// what a kind of row does and which state follows. Columns are located by their header cells.
import type { FundsColumnKey, FundsRowKey } from '../model/schema.js';
import type { Cell, PageLayout, Row } from '../layout/index.js';
import { centerX, overlapX } from '../geometry/index.js';
import { joinWrapped } from '../text/index.js';
import { PARSE_SETTINGS, type ParseSettings } from './settings.js';
import {
  CONTINUED_TITLE, FUNDS_COLUMNS, FUNDS_LABEL, FUNDS_ROWS, GOALS_ACTUAL, GOALS_EXPECTED, GOALS_LABEL, GRADE,
  HEADER_FIELDS, INDICATOR_COLUMN_NAMES, INDICATOR_COLUMNS, labelKey, PAGE_NUMBER, REQUIRED_INDICATOR_COLUMNS, TITLE, TOTAL, UNIT_LINE, isYearLine, stripYear, yearOf,
  type HeaderField, type IndicatorColumn,
} from './labels.js';

export interface ParseIssue {
  page: number;
  message: string;
}

/** A column located by its header cell. */
interface Column {
  x0: number;
  x1: number;
}

/** Text of a merged 一级/二级 cell, shared by the rows it spans and grown across page breaks. */
export interface Span {
  text: string;
  cellId: number;
  page: number;
  openBottom: boolean;
  /** the span above, whose label an empty cell repeats (templates that do not merge cells) */
  above?: Span;
}

/** A span's final text: its own once all its pieces are joined, else the label above it. */
export const spanText = (s: Span): string => s.text || (s.above ? spanText(s.above) : '');

export interface IndicatorDraft {
  level1: Span;
  level2: Span;
  texts: Record<'level3' | 'target' | 'actual' | 'deviation', string>;
  weight: string;
  score: string;
  page: number;
  /** the row's own cells were left open at the bottom of its page (the row continues) */
  openBottom: boolean;
}

export type FundsDraft = Partial<Record<FundsRowKey, Partial<Record<FundsColumnKey, string>>>>;

export interface FormDraft {
  title: string;
  year: number | null;
  fields: Partial<Record<HeaderField, string>>;
  pages: number[];
  unit: string | null;
  funds: FundsDraft;
  goals: { expected: string[]; actual: string[] };
  indicators: IndicatorDraft[];
  totalWeight: string | null;
  totalScore: string | null;
  grade: string | null;
  /** sections seen, to report the ones missing */
  seen: Set<Section>;
  issues: ParseIssue[];
  firstPage: number;
  /** a part of the form that could not be understood: the form is reported, not output */
  unreadable?: ParseIssue;
}

export type Section = 'header' | 'funds' | 'goals' | 'indicators' | 'total';

type State = 'seek' | 'header' | 'funds' | 'goals' | 'indicators' | 'closing' | 'done';
type Kind = 'title' | 'year' | 'unit' | 'noise' | 'header-fields' | 'funds-header' | 'funds-row' | 'goals-header'
  | 'indicator-header' | 'total' | 'grade' | 'other';

const rowText = (row: Row) => row.cells.map((c) => c.text).join('');
const keyOf = (c: Cell) => labelKey(c.text);

/** Columns a header row names: each pattern's first matching cell. */
function findColumns<K extends string>(row: Row, patterns: [K, RegExp][]): Partial<Record<K, Column>> {
  const out: Partial<Record<K, Column>> = {};
  for (const cell of row.cells) {
    const key = keyOf(cell);
    for (const [name, re] of patterns) {
      if (!out[name] && re.test(key)) {
        out[name] = { x0: cell.x0, x1: cell.x1 };
        break;
      }
    }
  }
  return out;
}

/** The cell of a row under a column: the one overlapping the column's span the most. */
function cellUnder(row: Row, col: Column | undefined): Cell | undefined {
  if (!col) return undefined;
  let best: Cell | undefined;
  let bestOverlap = 0;
  const mid = centerX(col);
  for (const c of row.cells) {
    // a ruled cell under the header's centre is the one; loose text needs overlap
    if (c.ruled && c.x0 <= mid && c.x1 >= mid) return c;
    const overlap = overlapX(c, col);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = c;
    }
  }
  return best;
}

interface Context {
  forms: FormDraft[];
  form: FormDraft | null;
  state: State;
  fundsCols: Partial<Record<FundsColumnKey, Column>>;
  goalCols: { expected?: Column; actual?: Column; byRow?: boolean; seenCells: Set<string> };
  indCols: Partial<Record<IndicatorColumn, Column>>;
  spans: { level1?: Span; level2?: Span };
  /** page of the last indicator row read, to know the first row of each page */
  indicatorPage: number;
  /** a year line printed just above the next title */
  yearAbove: number | null;
  settings: ParseSettings;
}

/** The indicator header patterns, unanchored, to find the words anywhere in a row. */
const INDICATOR_WORDS = INDICATOR_COLUMNS.map(([, re]) => new RegExp(re.source.replace(/\^/g, '')));

function classify(row: Row, ctx: Context): Kind {
  const text = rowText(row);
  const key = labelKey(text);
  if (!row.cells.some((c) => c.ruled) && PAGE_NUMBER.test(text.trim())) return 'noise';
  if (TITLE.test(key) && !row.cells.some((c) => c.ruled && c.x1 - c.x0 < (row.x1 - row.x0) / 2 && !TITLE.test(keyOf(c)))) {
    return CONTINUED_TITLE.test(text) ? 'noise' : 'title';
  }
  const first = row.cells.find((c) => c.text.trim() !== '');
  const firstKey = first ? keyOf(first) : '';
  if (ctx.state === 'header' && !ctx.form?.seen.has('header') && isYearLine(text)) return 'year';
  if (ctx.state === 'header' && UNIT_LINE.test(text.trim())) return 'unit';
  const cells = row.cells.map(keyOf);
  const count = (patterns: [string, RegExp][]) => patterns.filter(([, re]) => cells.some((k) => re.test(k))).length;
  if (count(INDICATOR_COLUMNS) >= ctx.settings.indicatorHeaderWords && cells.some((k) => /^三级指标/.test(k))) return 'indicator-header';
  // without rulings, neighbouring header words may run together into one cell
  if (!row.cells.some((c) => c.ruled) && key.includes('三级指标') && INDICATOR_WORDS.filter((re) => re.test(key)).length >= ctx.settings.indicatorHeaderWords) {
    return 'indicator-header';
  }
  // the upper sections' rows are looked for only before the indicator table
  const upper = ctx.state === 'header' || ctx.state === 'funds' || ctx.state === 'goals';
  if (upper && count(FUNDS_COLUMNS) >= ctx.settings.fundsHeaderWords && cells.some((k) => /^年初预算|^全年预算|^全年执行/.test(k))) return 'funds-header';
  if (upper && (cells.some((k) => GOALS_EXPECTED.test(k)) || (GOALS_LABEL.test(firstKey) && ctx.state !== 'goals'))) return 'goals-header';
  if (upper && cells.some((k) => Object.values(HEADER_FIELDS).some((re) => re.test(k)))) return 'header-fields';
  if (TOTAL.test(firstKey)) return 'total';
  if (GRADE.test(firstKey)) return 'grade';
  if (ctx.state === 'funds' && fundsRowOf(row, ctx)) return 'funds-row';
  return 'other';
}

/** Which funds row this is, from the label cells left of the first funds column. */
function fundsRowOf(row: Row, ctx: Context): FundsRowKey | undefined {
  const firstCol = Math.min(...Object.values(ctx.fundsCols).map((c) => c!.x0));
  const labels = row.cells.filter((c) => c.x1 <= firstCol + ctx.settings.edgeSlack && !FUNDS_LABEL.test(keyOf(c)));
  const key = labels.map(keyOf).join('');
  return FUNDS_ROWS.find(([, re]) => re.test(key))?.[0];
}

function newForm(row: Row, ctx: Context): FormDraft {
  const titleCell = row.cells.find((c) => TITLE.test(keyOf(c))) ?? row.cells[0];
  const raw = titleCell.text;
  const title = stripYear(raw);
  const form: FormDraft = {
    title, year: yearOf(raw), fields: {}, pages: [row.page], unit: null, funds: {},
    goals: { expected: [], actual: [] }, indicators: [], totalWeight: null, totalScore: null, grade: null,
    seen: new Set(), issues: [], firstPage: row.page,
  };
  ctx.forms.push(form);
  ctx.fundsCols = {};
  ctx.goalCols = { seenCells: new Set() };
  ctx.indCols = {};
  ctx.spans = {};
  ctx.indicatorPage = 0;
  return form;
}

function readHeaderFields(row: Row, form: FormDraft): void {
  const cells = row.cells;
  for (let k = 0; k < cells.length; k++) {
    const key = keyOf(cells[k]);
    for (const [field, re] of Object.entries(HEADER_FIELDS) as [HeaderField, RegExp][]) {
      if (!re.test(key)) continue;
      // "项目名称：XXX" in one cell, or the label in one cell and the value in the next
      const inline = cells[k].text.replace(/^\s*[^:：]*?(项目名称|主管部门|主管单位|实施单位|执行单位)\s*[:：]?\s*/, '');
      const next = cells[k + 1];
      const nextIsLabel = next && Object.values(HEADER_FIELDS).some((r) => r.test(keyOf(next)));
      form.fields[field] = inline && inline !== cells[k].text ? inline.trim() : next && !nextIsLabel ? next.text.trim() : '';
      break;
    }
  }
  form.seen.add('header');
}

function readFundsRow(row: Row, ctx: Context, form: FormDraft): void {
  const which = fundsRowOf(row, ctx)!;
  const values: Partial<Record<FundsColumnKey, string>> = {};
  for (const [col, column] of Object.entries(ctx.fundsCols) as [FundsColumnKey, Column][]) {
    values[col] = cellUnder(row, column)?.text ?? '';
  }
  form.funds[which] = values;
}

function readGoals(row: Row, ctx: Context, form: FormDraft): void {
  if (ctx.goalCols.byRow) {
    // 预期目标 and 实际完成情况 label rows, each with its text to the right
    for (const [side, re] of [['expected', GOALS_EXPECTED], ['actual', GOALS_ACTUAL]] as const) {
      const label = row.cells.find((c) => re.test(keyOf(c)));
      const text = label && joinWrapped(row.cells.filter((c) => c.x0 >= label.x1 - ctx.settings.edgeSlack).map((c) => c.text));
      if (text) form.goals[side].push(text);
    }
    return;
  }
  const under = { expected: cellUnder(row, ctx.goalCols.expected), actual: cellUnder(row, ctx.goalCols.actual) };
  // one cell across both columns is a heading (e.g. 绩效指标), not goal text
  if (under.expected && under.expected === under.actual && ctx.goalCols.actual) return;
  for (const side of ['expected', 'actual'] as const) {
    const cell = under[side];
    if (!cell) continue;
    const id = `${row.page}:${cell.id}`;
    if (ctx.goalCols.seenCells.has(id)) continue; // a cell spanning two bands is read once
    ctx.goalCols.seenCells.add(id);
    if (cell.text) form.goals[side].push(cell.text);
  }
}

/**
 * The span a merged 一级/二级 cell belongs to: the same cell, its continuation on a new page, or
 * a new one. A cell left open at the bottom of a page continues in the first row of the next
 * page (whose top is open too, or closed by a header row repeated above it).
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
    return prev;
  }
  // An empty cell may repeat the label above it, or its label may still come on the next page:
  // decided when the form is finished.
  return { text, cellId: id, page, openBottom: cell?.openBottom ?? false, above: text ? undefined : prev };
}

function readIndicator(row: Row, ctx: Context, form: FormDraft): void {
  const get = (c: IndicatorColumn) => cellUnder(row, ctx.indCols[c]);
  const level3 = get('level3');
  if (level3 && level3 === get('weight') && level3.text) {
    // one cell across 三级指标 and 分值: a heading or note inside the table, not an indicator
    form.issues.push({ page: row.page, message: `unexpected row in the indicator table: 「${snippet(level3.text)}」` });
    return;
  }
  const texts = {
    level3: level3?.text ?? '',
    target: get('target')?.text ?? '',
    actual: get('actual')?.text ?? '',
    deviation: get('deviation')?.text ?? '',
  };
  const weight = get('weight')?.text ?? '';
  const score = get('score')?.text ?? '';
  const prev = form.indicators[form.indicators.length - 1];
  const firstOnPage = ctx.indicatorPage !== row.page;
  const level1 = get('level1'), level2 = get('level2');
  const empty = !Object.values(texts).some(Boolean) && !weight && !score;
  if (empty && !level1?.text && !level2?.text) return; // an empty band
  ctx.indicatorPage = row.page;
  ctx.spans.level1 = spanOf(level1, ctx.spans.level1, row.page, firstOnPage);
  ctx.spans.level2 = spanOf(level2, ctx.spans.level2, row.page, firstOnPage);
  // A row split by a page break goes on in the first row of the next page: open above (or
  // below a repeated header) after one left open below. A band with no 三级指标 of its own is
  // always the rest of the row above, whatever rules the producer drew around the pieces.
  if (prev && (!texts.level3 || (firstOnPage && prev.openBottom && level3?.openTop))) {
    for (const k of Object.keys(texts) as (keyof typeof texts)[]) prev.texts[k] = joinWrapped([prev.texts[k], texts[k]]);
    prev.weight ||= weight;
    prev.score ||= score;
    prev.page = row.page;
    prev.openBottom = level3?.openBottom ?? false;
    return;
  }
  if (empty) return; // a band holding only the rest of a merged label
  form.indicators.push({
    level1: ctx.spans.level1, level2: ctx.spans.level2, texts, weight, score, page: row.page,
    openBottom: level3?.openBottom ?? false,
  });
}

/** What each kind of row does in each state; a missing entry means the row is not expected there. */
type Action = (row: Row, ctx: Context, form: FormDraft) => State;
const TRANSITIONS: Partial<Record<State, Partial<Record<Kind, Action>>>> = {
  header: {
    year: (row, _ctx, form) => {
      form.year ??= yearOf(rowText(row));
      return 'header';
    },
    unit: (row, _ctx, form) => {
      form.unit ??= rowText(row).match(UNIT_LINE)![1];
      return 'header';
    },
    'header-fields': (row, _ctx, form) => (readHeaderFields(row, form), 'header'),
    'funds-header': startFunds,
    'goals-header': startGoals,
    'indicator-header': startIndicators,
  },
  funds: {
    'header-fields': (row, _ctx, form) => (readHeaderFields(row, form), 'funds'),
    'funds-row': (row, ctx, form) => (readFundsRow(row, ctx, form), 'funds'),
    'goals-header': startGoals,
    'indicator-header': startIndicators,
  },
  goals: {
    other: (row, ctx, form) => (readGoals(row, ctx, form), 'goals'),
    'goals-header': (row, ctx, form) => (readGoals(row, ctx, form), 'goals'),
    'indicator-header': startIndicators,
  },
  indicators: {
    other: (row, ctx, form) => (readIndicator(row, ctx, form), 'indicators'),
    'indicator-header': () => 'indicators', // the header repeated on a continued page
    total: readTotal,
    grade: readGrade,
  },
  closing: {
    grade: readGrade,
    total: readTotal,
    'indicator-header': () => 'closing', // the header repeated on a page holding only the grade row
  },
};

function startFunds(row: Row, ctx: Context, form: FormDraft): State {
  ctx.fundsCols = findColumns(row, FUNDS_COLUMNS);
  const label = row.cells.find((c) => FUNDS_LABEL.test(keyOf(c)));
  const unit = label?.text.match(/[（(]\s*([^）)]+?)\s*[）)]/);
  if (unit) form.unit = unit[1];
  form.seen.add('funds');
  return 'funds';
}

function startGoals(row: Row, ctx: Context, form: FormDraft): State {
  const expected = row.cells.find((c) => GOALS_EXPECTED.test(keyOf(c)));
  const actual = row.cells.find((c) => GOALS_ACTUAL.test(keyOf(c)));
  ctx.goalCols = { expected, actual, seenCells: new Set() };
  if (expected && !actual && row.cells.some((c) => c.x0 >= expected.x1 - ctx.settings.edgeSlack && c.text)) {
    // labels down the side instead of across the top: 预期目标 | text, then 实际完成情况 | text
    ctx.goalCols.byRow = true;
    readGoals(row, ctx, form);
  } else if (!expected) {
    // no 预期目标/实际完成情况 header: the goal text is in this row, right of the label
    const label = row.cells.find((c) => GOALS_LABEL.test(keyOf(c)));
    const rest = row.cells.filter((c) => label && c.x0 >= label.x1 - ctx.settings.edgeSlack);
    ctx.goalCols.expected = rest[0];
    ctx.goalCols.actual = rest[1];
    readGoals(row, ctx, form);
  }
  form.seen.add('goals');
  return 'goals';
}

function startIndicators(row: Row, ctx: Context, form: FormDraft): State {
  ctx.indCols = findColumns(row, INDICATOR_COLUMNS);
  const missing = REQUIRED_INDICATOR_COLUMNS.filter((c) => !ctx.indCols[c]);
  if (!row.cells.some((c) => c.ruled)) {
    form.unreadable ??= {
      page: row.page,
      message: 'the indicator table has no ruling lines: its merged and wrapped cells cannot be rebuilt from text alignment alone',
    };
  }
  if (missing.length) {
    form.unreadable ??= { page: row.page, message: `the indicator header has no ${missing.map((c) => INDICATOR_COLUMN_NAMES[c]).join('/')} column` };
  }
  form.seen.add('indicators');
  return 'indicators';
}

function readTotal(row: Row, ctx: Context, form: FormDraft): State {
  form.totalWeight = cellUnder(row, ctx.indCols.weight)?.text ?? null;
  form.totalScore = cellUnder(row, ctx.indCols.score)?.text ?? null;
  // a total row whose label spans the weight column has no 分值
  if (form.totalWeight !== null && TOTAL.test(labelKey(form.totalWeight))) form.totalWeight = '';
  form.seen.add('total');
  return 'closing';
}

function readGrade(row: Row, _ctx: Context, form: FormDraft): State {
  const values = row.cells.filter((c) => c.text && !GRADE.test(keyOf(c)));
  form.grade = values.map((c) => c.text.trim()).join('') || null;
  return 'done';
}

export function parseForms(pages: Iterable<PageLayout>, settings: ParseSettings = PARSE_SETTINGS): { forms: FormDraft[] } {
  const parser = formParser(settings);
  for (const page of pages) parser.feed(page);
  return parser.finish();
}

/**
 * The form state machine fed one page at a time, so that a long report's pages need not be
 * held: only the forms being built are kept.
 */
export function formParser(settings: ParseSettings = PARSE_SETTINGS): {
  feed(page: PageLayout): void;
  /** the forms complete so far (a later title began), handed over once */
  take(): FormDraft[];
  finish(): { forms: FormDraft[] };
} {
  const ctx: Context = {
    forms: [], form: null, state: 'seek', fundsCols: {}, goalCols: { seenCells: new Set() }, indCols: {},
    spans: {}, indicatorPage: 0, yearAbove: null, settings,
  };
  const feed = (page: PageLayout) => {
    for (const row of page.rows) {
      const kind = classify(row, ctx);
      if (kind === 'noise') continue;
      if (kind === 'title') {
        ctx.form = newForm(row, ctx);
        ctx.form.year ??= ctx.yearAbove;
        ctx.state = 'header';
        continue;
      }
      const form = ctx.form;
      if (!form || ctx.state === 'done') {
        // text before the first form or after one ends; a year line there belongs to the next title
        ctx.yearAbove = isYearLine(rowText(row)) ? yearOf(rowText(row)) : null;
        continue;
      }
      ctx.yearAbove = null;
      // pages come in order: a long form's list is not searched for every row
      if (form.pages[form.pages.length - 1] !== row.page) form.pages.push(row.page);
      const action = TRANSITIONS[ctx.state]?.[kind];
      if (action) {
        ctx.state = action(row, ctx, form);
      } else if (rowText(row).trim() && row.cells.some((c) => c.ruled)) {
        // a row of the table that fits nowhere is reported; text outside the table (notes,
        // 填报单位（盖章）, signatures, page furniture) is not part of the form
        form.issues.push({ page: row.page, message: `unexpected ${kind === 'other' ? 'row' : kind} in ${ctx.state}: 「${snippet(rowText(row))}」` });
      }
    }
  };
  // a title followed by none of a form's sections was a heading or a contents line, not a form
  const finish = () => ({ forms: ctx.forms.filter((f) => f.seen.size > 0) });
  const take = () => {
    const done = ctx.forms.filter((f) => f !== ctx.form);
    ctx.forms = ctx.form && ctx.forms.includes(ctx.form) ? [ctx.form] : [];
    return done.filter((f) => f.seen.size > 0);
  };
  return { feed, take, finish };
}

const snippet = (s: string) => (s.length > 30 ? s.slice(0, 30) + '…' : s);
