// The tables of a batch, for spreadsheets: forms, indicators, findings, the printed funds rows
// and what could not be read, each column with its JSON name (the English header), its Chinese header and its kind.
// The CSV and the workbook writers render the same tables; they differ only in format.
import { findingMessage } from '../check/message.js';
import { reasonText, t, type Lang, type MessageKey } from '../i18n/index.js';
import { FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, type FileResult, type Form, type ParsedValue } from '../model/schema.js';

/**
 * text: stored as text, never a number or formula; amount: a number shown with at least 2
 * decimals (as the forms print amounts, scores and rates); int: a whole number; number: as is.
 */
export type Kind = 'text' | 'amount' | 'int' | 'number';
export type Cell = string | number | null | undefined;

export interface Column {
  /** the JSON field name, also the English header */
  id: string;
  header: (lang: Lang) => string;
  kind: Kind;
  /** a long text: wrapped in the workbook */
  long?: boolean;
}

export interface Table {
  columns: Column[];
  rows: Cell[][];
}

const col = (key: MessageKey, kind: Kind = 'text', long = false): Column =>
  ({ id: t('en', key as 'col.file'), header: (lang) => t(lang, key as 'col.file'), kind, long });

/** The stable key of a form across the tables: its file and first page, `a.pdf#3`. */
export const formKey = (file: string, form: Form): string => `${file}#${form.pages[0]}`;

/** Pages as `1;2`: not a number, a date or a range a spreadsheet would convert. */
const pageList = (form: Form) => form.pages.join(';');

/** Decimals an amount is shown with: 2, or more when the number has more. */
export function amountDecimals(x: number): number {
  const m = /\.(\d+)$/.exec(String(x));
  return Math.max(2, m ? m[1].length : 0);
}

const FORM_COLUMNS = [
  col('col.formKey'), col('col.file'), col('col.pages'), col('col.year', 'int'), col('col.projectName', 'text', true),
  col('col.department'), col('col.implementingUnit'), col('col.totalScore', 'amount'), col('col.grade'),
];
const formCells = (file: string, f: Form): Cell[] =>
  [formKey(file, f), file, pageList(f), f.year, f.projectName, f.department, f.implementingUnit, f.totalScore, f.grade];

const parsedCells = (v: ParsedValue | null | undefined): Cell[] => (v ? [v.operator ?? '', v.value, v.unit] : [null, null, null]);

export const INDICATOR_COLUMNS: Column[] = [
  ...FORM_COLUMNS, col('col.indicator', 'int'), col('col.page', 'int'), col('col.row', 'int'),
  col('col.level1'), col('col.level2'), col('col.level3', 'text', true),
  col('col.target', 'text', true), col('col.targetOperator'), col('col.targetValue', 'number'), col('col.targetUnit'),
  col('col.actual', 'text', true), col('col.actualOperator'), col('col.actualValue', 'number'), col('col.actualUnit'),
  col('col.weight', 'amount'), col('col.score', 'amount'), col('col.deviation', 'text', true),
  col('col.kind'), col('col.nature'), col('col.unit'), col('col.ocrConfidence', 'int'),
];

export function indicatorsTable(results: Iterable<FileResult>): Table {
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      f.indicators.forEach((i, k) => rows.push([
        ...formCells(r.file, f), k, i.page, i.row ?? k + 1, i.level1, i.level2, i.level3,
        i.target, ...parsedCells(i.targetParsed), i.actual, ...parsedCells(i.actualParsed),
        i.weight, i.score, i.deviation, f.kind, i.nature, i.unit, ocrConfidence(f, `indicators.${k}.`),
      ]));
    }
  }
  return { columns: INDICATOR_COLUMNS, rows };
}

const FUNDS_COLUMNS: Column[] = FUNDS_ROW_KEYS.flatMap((row) => FUNDS_COLUMN_KEYS.map((column) => ({
  id: `funds.${row}.${column}`,
  header: (lang: Lang) => t(lang, 'col.funds', { row: t(lang, `funds.${row}`), column: t(lang, `funds.${column}`) }),
  kind: 'amount' as const,
})));

export const FORMS_COLUMNS: Column[] = [
  col('col.formKey'), col('col.file'), col('col.pages'), col('col.title'), col('col.year', 'int'),
  col('col.projectName', 'text', true), col('col.department'), col('col.implementingUnit'), col('col.fundsUnit'),
  ...FUNDS_COLUMNS, col('col.goalsExpected', 'text', true), col('col.goalsActual', 'text', true),
  col('col.indicatorCount', 'int'), col('col.totalWeight', 'amount'), col('col.totalScore', 'amount'), col('col.grade'),
  col('col.errors', 'int'), col('col.warnings', 'int'), col('col.infos', 'int'),
  col('col.kind'), col('col.fundsRows', 'int'), col('col.notes', 'text', true), col('col.ocrConfidence', 'int'),
];

/**
 * The lowest OCR confidence of a form's values whose path starts with `prefix` (all of them: ''),
 * blank when the form was not read by OCR or none of them was: which rows to check by eye.
 */
function ocrConfidence(f: Form, prefix = ''): number | null {
  const of = Object.entries(f.ocr?.fields ?? {}).filter(([path]) => path.startsWith(prefix)).map(([, c]) => c);
  return of.length ? Math.min(...of) : null;
}

/** Notes as lines `label：text`, one per note (a multi-line cell in a spreadsheet). */
const notesText = (f: Form) => f.notes.map((n) => (n.text ? `${n.label}：${n.text}` : n.label)).join('\n');

export function formsTable(results: Iterable<FileResult>): Table {
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      const count = (s: string) => (f.findings ?? []).filter((x) => x.severity === s).length;
      rows.push([
        formKey(r.file, f), r.file, pageList(f), f.title, f.year, f.projectName, f.department, f.implementingUnit, f.funds.unit,
        ...FUNDS_ROW_KEYS.flatMap((row) => FUNDS_COLUMN_KEYS.map((c) => f.funds[row][c])),
        f.goals.expected, f.goals.actual, f.indicators.length, f.totalWeight, f.totalScore, f.grade,
        count('error'), count('warning'), count('info'), f.kind, f.funds.rows.length, notesText(f), ocrConfidence(f),
      ]);
    }
  }
  return { columns: FORMS_COLUMNS, rows };
}

export const FUNDS_ROWS_COLUMNS: Column[] = [
  ...FORM_COLUMNS, col('col.kind'), col('col.fundsUnit'), col('col.row', 'int'), col('col.label'), col('col.amount', 'amount'),
  ...FUNDS_COLUMN_KEYS.map((c) => ({ id: c, header: (lang: Lang) => t(lang, `funds.${c}`), kind: 'amount' as const })),
];

/** One row per printed funds row (funds.rows), with its form's columns: the rows no named field holds. */
export function fundsRowsTable(results: Iterable<FileResult>): Table {
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      f.funds.rows.forEach((row, k) => rows.push([
        ...formCells(r.file, f), f.kind, f.funds.unit, k, row.label, row.amount, ...FUNDS_COLUMN_KEYS.map((c) => row[c]),
      ]));
    }
  }
  return { columns: FUNDS_ROWS_COLUMNS, rows };
}

export const FINDINGS_COLUMNS: Column[] = [
  col('col.formKey'), col('col.file'), col('col.pages'), col('col.projectName', 'text', true), col('col.severity'), col('col.rule'),
  col('col.indicator', 'int'), col('col.page', 'int'), col('col.row', 'int'), col('col.level3', 'text', true),
  col('col.message', 'text', true), col('col.expected'), col('col.found'),
];

/** Findings in `lang`: the severity's name and the message rendered in that language. */
export function findingsTable(results: Iterable<FileResult>, lang: Lang = 'en'): Table {
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      for (const x of f.findings ?? []) {
        rows.push([
          formKey(r.file, f), r.file, pageList(f), f.projectName, t(lang, `severity.${x.severity}`), x.rule,
          x.indicator, x.page, x.row, x.indicator === undefined ? null : f.indicators[x.indicator]?.level3,
          x.params ? findingMessage(lang, x) : x.message, x.expected, x.actual,
        ]);
      }
    }
  }
  return { columns: FINDINGS_COLUMNS, rows };
}

export const UNREAD_COLUMNS: Column[] = [col('col.file'), col('col.page', 'int'), col('col.reason', 'text', true)];

/** Files that could not be read, and forms or parts of files read with errors: one row per error. */
export function unreadTable(results: Iterable<FileResult>, lang: Lang = 'en'): Table {
  const rows: Cell[][] = [];
  for (const r of results) for (const e of r.errors) rows.push([r.file, e.page, reasonText(lang, e)]);
  return { columns: UNREAD_COLUMNS, rows };
}
