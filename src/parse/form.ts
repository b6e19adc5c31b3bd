// The form state machine: rows of every page, in document order -> form drafts.
// Each row is classified by its header words (classify.ts); the transition table below says,
// for each state, what a kind of row does and which state follows. One reader per section.
import type { PageLayout, Row } from '../layout/index.js';
import { classify } from './classify.js';
import { readClosingNote, readGrade, readTotal } from './closing.js';
import { rowText, snippet, type Context, type FormDraft, type Kind, type ParseIssue, type State } from './context.js';
import { readFundsRow, startFunds } from './funds.js';
import { readGoals, startGoals } from './goals.js';
import { newForm, readHeaderFields } from './header.js';
import { headerAgain, readIndicator, startIndicatorHeader, startIndicators } from './indicators.js';
import { ABOVE_TITLE_NOTE, UNIT_LINE, isYearLine, stripYear, yearOf } from './labels.js';
import { labelledNote, readNoteLine } from './notes.js';
import { PARSE_SETTINGS, type ParseSettings } from './settings.js';

export type { FormDraft, FundsDraft, IndicatorDraft, ParseIssue, Section, Span } from './context.js';
export { spanText } from './indicators.js';

/** What each kind of row does in each state; a missing entry means the row is not expected there. */
type Action = (row: Row, ctx: Context, form: FormDraft) => State;
const stay = (state: State): Action => () => state;
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
    heading: stay('header'),
    'header-fields': (row, _ctx, form) => (readHeaderFields(row, form), 'header'),
    'funds-header': startFunds,
    'goals-header': startGoals,
    'indicator-header-top': startIndicatorHeader,
    'indicator-header': startIndicators,
  },
  funds: {
    heading: stay('funds'),
    'header-fields': (row, _ctx, form) => (readHeaderFields(row, form), 'funds'),
    'funds-row': (row, ctx, form) => (readFundsRow(row, ctx, form), 'funds'),
    'goals-header': startGoals,
    'indicator-header-top': startIndicatorHeader,
    'indicator-header': startIndicators,
  },
  goals: {
    other: (row, ctx, form) => (readGoals(row, ctx, form), 'goals'),
    heading: stay('goals'),
    'goals-header': (row, ctx, form) => (readGoals(row, ctx, form), 'goals'),
    'funds-header': startFunds,
    'indicator-header-top': startIndicatorHeader,
    'indicator-header': startIndicators,
  },
  indicators: {
    other: (row, ctx, form) => (readIndicator(row, ctx, form), 'indicators'),
    heading: stay('indicators'),
    'indicator-header': headerAgain, // the header repeated on a continued page, or the lower header row
    total: readTotal,
    grade: readGrade,
    note: readClosingNote, // a form without 总分 (transfer forms) ends with its notes
  },
  closing: {
    grade: readGrade,
    total: readTotal,
    note: readClosingNote,
    other: readClosingNote,
    'indicator-header': stay('closing'), // the header repeated above closing rows on a new page
  },
};

/** Text outside any form or below one: a year or 报表编号 line belongs to the next title. */
function aboveTitle(row: Row, ctx: Context): boolean {
  const text = rowText(row).trim();
  if (row.cells.some((c) => c.ruled)) return false;
  if (isYearLine(text)) {
    ctx.yearAbove = yearOf(text);
    return true;
  }
  const note = ABOVE_TITLE_NOTE.test(text) ? labelledNote(text) : null;
  if (note) {
    ctx.notesAbove.push(note);
    return true;
  }
  return false;
}

/**
 * The form state machine, page by page: add each page's rows in document order; the forms a
 * new title has ended are taken as it goes (a long report holds one form at a time).
 */
export class FormParser {
  readonly #ctx: Context;

  constructor(settings: ParseSettings = PARSE_SETTINGS) {
    this.#ctx = {
      forms: [], form: null, state: 'seek', fundsCols: {}, goalCols: { seenCells: new Set() }, indCols: {},
      spans: {}, indicatorPage: 0, yearAbove: null, notesAbove: [], noteCells: new Set(), issues: [], settings,
    };
  }

  /** the other 绩效 tables skipped so far, by page (taken by the caller as it goes) */
  get issues(): ParseIssue[] {
    return this.#ctx.issues;
  }

  add(page: PageLayout): void {
    for (const row of page.rows) this.#read(row);
  }

  /** The forms ended so far (a later title ended them), each once, in order. */
  take(): FormDraft[] {
    return formsOnly(this.#ctx.forms.splice(0, Math.max(0, this.#ctx.forms.length - 1)));
  }

  /** Once the last page is added: the forms not taken yet, and the other 绩效 tables skipped. */
  end(): { forms: FormDraft[]; issues: ParseIssue[] } {
    return { forms: formsOnly(this.#ctx.forms.splice(0)), issues: this.#ctx.issues };
  }

  #read(row: Row): void {
    const ctx = this.#ctx;
    const kind = classify(row, ctx);
    if (kind === 'noise') return;
    if (kind === 'title') {
      ctx.form = newForm(row, ctx);
      ctx.form.year ??= ctx.yearAbove;
      ctx.yearAbove = null;
      ctx.state = 'header';
      return;
    }
    if (kind === 'other-title') {
      // another 绩效 table (基础数据表, 绩效目标申报表 …): named and skipped with what follows it
      ctx.issues.push({ page: row.page, message: `「${stripYear(rowText(row).trim())}」 is not a self-evaluation form; skipped`, code: 'no-form' });
      ctx.state = 'done';
      ctx.notesAbove = [];
      return;
    }
    const form = ctx.form;
    if (!form || ctx.state === 'done' || ctx.state === 'closing') {
      if (aboveTitle(row, ctx)) return;
      if (!form || ctx.state === 'done') {
        ctx.yearAbove = null;
        ctx.notesAbove = [];
        return;
      }
    }
    ctx.yearAbove = null;
    const ruled = row.cells.some((c) => c.ruled);
    // a line under the table: a note (注：…) or its next line; other text is not part of the form
    if (ctx.state === 'closing' && kind === 'other' && !ruled && !readNoteLine(row, form)) return;
    // pages come in order: a long form's list is not searched for every row
    if (form.pages[form.pages.length - 1] !== row.page) form.pages.push(row.page);
    if (ctx.state === 'closing' && kind === 'other' && !ruled) return;
    const action = TRANSITIONS[ctx.state]?.[kind];
    if (action) {
      ctx.state = action(row, ctx, form);
    } else if (rowText(row).trim() && ruled) {
      // a row of the table that fits nowhere is reported; text outside the table (notes,
      // 填报单位（盖章）, signatures, page furniture) is not part of the form
      form.issues.push({ page: row.page, message: `unexpected ${kind === 'other' ? 'row' : kind} in ${ctx.state}: 「${snippet(rowText(row))}」` });
    }
  }
}

/** A title followed by none of a form's sections was a heading or a contents line, not a form. */
const formsOnly = (drafts: FormDraft[]) => drafts.filter((f) => f.seen.size > 0);

/** Every page at once: the form drafts, and the other 绩效 tables skipped. */
export function parseForms(pages: PageLayout[], settings: ParseSettings = PARSE_SETTINGS): { forms: FormDraft[]; issues: ParseIssue[] } {
  const parser = new FormParser(settings);
  for (const page of pages) parser.add(page);
  return parser.end();
}
