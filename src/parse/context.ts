// The state machine's shared vocabulary: form drafts (texts as printed), the parse context,
// and the geometry helpers every section reader uses to find cells under header columns.
import type { Cell, Row } from '../layout/index.js';
import type { FailureCode } from '../model/errors.js';
import type { CellPosition, FormKind, FundsColumnKey, FundsRowKey } from '../model/schema.js';
import { labelKey, type HeaderField, type IndicatorColumn } from './labels.js';
import { centerX, overlapX } from '../geometry/index.js';
import type { ParseSettings } from './settings.js';

export interface ParseIssue {
  page: number;
  message: string;
  /** default 'form'; another 绩效 table skipped is 'no-form' */
  code?: FailureCode;
}

/** A column located by its header cell. */
export interface Column {
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
  /** where the cell's first piece is printed */
  at?: CellPosition;
}

export type IndicatorText = 'level3' | 'nature' | 'target' | 'unit' | 'actual' | 'deviation';
export type IndicatorCellKey = IndicatorText | 'weight' | 'score';

export interface IndicatorDraft {
  level1: Span;
  level2: Span;
  texts: Record<IndicatorText, string>;
  weight: string;
  score: string;
  /** the page of the row's last piece; firstPage of its first line */
  page: number;
  firstPage: number;
  /** where each cell's first piece is printed */
  cells: Partial<Record<IndicatorCellKey, CellPosition>>;
  /** the row's own cells were left open at the bottom of its page (the row continues) */
  openBottom: boolean;
}

/** A printed funds row: its label, an amount printed inside the label, its column texts. */
export interface FundsRowDraft {
  label: string;
  amount: string | null;
  values: Partial<Record<FundsColumnKey, string>>;
  page: number;
}

/** The named funds rows' texts, for the printed precision of the checks. */
export type FundsDraft = Partial<Record<FundsRowKey, Partial<Record<FundsColumnKey, string>>>>;

export interface NoteDraft {
  label: string;
  text: string;
}

export interface FormDraft {
  kind: FormKind;
  title: string;
  year: number | null;
  fields: Partial<Record<HeaderField, string>>;
  pages: number[];
  unit: string | null;
  fundsRows: FundsRowDraft[];
  goals: { expected: string[]; actual: string[] };
  indicators: IndicatorDraft[];
  /** which indicator columns the template prints (nature/unit/weight/score may be absent) */
  indicatorColumns: IndicatorColumn[];
  totalWeight: string | null;
  totalScore: string | null;
  grade: string | null;
  notes: NoteDraft[];
  /** sections seen, to report the ones missing */
  seen: Set<Section>;
  issues: ParseIssue[];
  firstPage: number;
  /** a part of the form that could not be understood: the form is reported, not output */
  unreadable?: ParseIssue;
  /** the table turned out to be another kind of 绩效 table (a scoring rubric): named, skipped */
  notSelfEvaluation?: boolean;
}

export type Section = 'header' | 'funds' | 'goals' | 'indicators' | 'total';

export type State = 'seek' | 'header' | 'funds' | 'goals' | 'indicators' | 'closing' | 'done';
export type Kind = 'title' | 'other-title' | 'year' | 'unit' | 'noise' | 'heading' | 'header-fields' | 'funds-header'
  | 'funds-row' | 'goals-header' | 'indicator-header-top' | 'indicator-header' | 'total' | 'grade' | 'note' | 'other';

export interface Context {
  forms: FormDraft[];
  form: FormDraft | null;
  state: State;
  fundsCols: Partial<Record<FundsColumnKey, Column>>;
  /** the funds block's 原因 column, whose (merged) cell is a note */
  fundsReason?: Column;
  goalCols: { expected?: Column; actual?: Column; byRow?: boolean; seenCells: Set<string> };
  indCols: Partial<Record<IndicatorColumn, Column>>;
  spans: { level1?: Span; level2?: Span };
  /** page of the last indicator row read, to know the first row of each page */
  indicatorPage: number;
  /** a year line printed just above the next title */
  yearAbove: number | null;
  /** lines printed just above the next title that belong to it (报表编号) */
  notesAbove: NoteDraft[];
  /** cells already read as notes (a merged cell spans several rows) */
  noteCells: Set<string>;
  issues: ParseIssue[];
  settings: ParseSettings;
}

export const rowText = (row: Row) => row.cells.map((c) => c.text).join('');
export const keyOf = (c: Cell) => labelKey(c.text);
export const cellKey = (row: Row, c: Cell) => `${row.page}:${c.id}`;
/** A cell's page and box (an empty cell too: a missing 偏差原因 is a finding's place). */
export const positionOf = (c: Cell | undefined, page: number): CellPosition | undefined =>
  c ? { page, bbox: [c.x0, c.y0, c.x1, c.y1] } : undefined;
export const snippet = (s: string) => (s.length > 30 ? s.slice(0, 30) + '…' : s);

/** Columns a header row names: each pattern's first matching cell. */
export function findColumns<K extends string>(row: Row, patterns: [K, RegExp][]): Partial<Record<K, Column>> {
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
export function cellUnder(row: Row, col: Column | undefined): Cell | undefined {
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

/**
 * Header cells right of x that name no known column: reported, since their values are not
 * output (never dropped silently).
 */
export function reportUnknownColumns(ctx: Context, row: Row, form: FormDraft, x: number, known: RegExp[], what: string): void {
  const seen = new Set<string>();
  for (const c of cellsRightOf(ctx, row, x)) {
    const key = keyOf(c);
    if (!key || known.some((re) => re.test(key)) || seen.has(key)) continue;
    seen.add(key);
    form.issues.push({ page: row.page, message: `${what} column 「${snippet(c.text.trim())}」 is not understood; its values are not output` });
  }
}

/** Cells of a row lying left of x (within the edge slack). */
export const cellsLeftOf = (ctx: Context, row: Row, x: number) => row.cells.filter((c) => c.x1 <= x + ctx.settings.edgeSlack);
/** Cells of a row lying right of x (within the edge slack). */
export const cellsRightOf = (ctx: Context, row: Row, x: number) => row.cells.filter((c) => c.x0 >= x - ctx.settings.edgeSlack);
