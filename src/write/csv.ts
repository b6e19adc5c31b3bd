// CSV renderings of file results for spreadsheets: indicators (one row per 三级指标 with its
// form's columns), forms, and findings, joined by a form key (file + first page).
// Numbers are written as numbers, texts quoted when they hold commas, quotes or newlines.
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, type FileResult, type Form, type ParsedValue } from '../model/schema.js';
import { escapeControls } from '../text/index.js';
import { writeAtomic, writeAtomicAll } from './atomic.js';

export interface CsvOptions {
  /** start with a UTF-8 byte order mark so that Excel reads the file as UTF-8 (default false) */
  bom?: boolean;
  /** prefix texts starting with = + - @ with ' so that spreadsheets do not run them as formulas */
  escapeFormulas?: boolean;
}

type Cell = string | number | null | undefined;
type Table = { columns: string[]; rows: Cell[][] };

/** The stable key of a form across the three tables: its file and first page, `a.pdf#3`. */
export const formKey = (file: string, form: Form): string => `${file}#${form.pages[0]}`;

/** Pages as `1;2`: not a number, a date or a range a spreadsheet would convert. */
const pageList = (form: Form) => form.pages.join(';');

function render(table: Table, options: CsvOptions): string {
  return stringify(table.rows, {
    header: true,
    columns: table.columns,
    bom: options.bom ?? false,
    escape_formulas: options.escapeFormulas ?? false,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    // a cell may hold lines and tabs, never escape sequences a terminal or viewer would run
    cast: { string: (v: string) => escapeControls(v, '\t\n\r') },
  });
}

const FORM_COLUMNS = ['formKey', 'file', 'pages', 'year', 'projectName', 'department', 'implementingUnit', 'totalScore', 'grade'];
const formCells = (file: string, f: Form): Cell[] =>
  [formKey(file, f), file, pageList(f), f.year, f.projectName, f.department, f.implementingUnit, f.totalScore, f.grade];

const parsedCells = (v: ParsedValue | null | undefined): Cell[] => (v ? [v.operator ?? '', v.value, v.unit] : [null, null, null]);

const INDICATOR_COLUMNS = [
  ...FORM_COLUMNS, 'indicator', 'level1', 'level2', 'level3',
  'target', 'targetOperator', 'targetValue', 'targetUnit',
  'actual', 'actualOperator', 'actualValue', 'actualUnit',
  'weight', 'score', 'deviation',
];

function indicatorsTable(results: Iterable<FileResult>): Table {
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      f.indicators.forEach((i, k) => rows.push([
        ...formCells(r.file, f), k, i.level1, i.level2, i.level3,
        i.target, ...parsedCells(i.targetParsed), i.actual, ...parsedCells(i.actualParsed),
        i.weight, i.score, i.deviation,
      ]));
    }
  }
  return { columns: INDICATOR_COLUMNS, rows };
}

const FUNDS_COLUMNS = FUNDS_ROW_KEYS.flatMap((row) => FUNDS_COLUMN_KEYS.map((col) => `funds.${row}.${col}`));

function formsTable(results: Iterable<FileResult>): Table {
  const columns = [
    'formKey', 'file', 'pages', 'title', 'year', 'projectName', 'department', 'implementingUnit', 'fundsUnit',
    ...FUNDS_COLUMNS, 'goalsExpected', 'goalsActual', 'indicators', 'totalWeight', 'totalScore', 'grade',
    'errors', 'warnings', 'info',
  ];
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      const count = (s: string) => (f.findings ?? []).filter((x) => x.severity === s).length;
      rows.push([
        formKey(r.file, f), r.file, pageList(f), f.title, f.year, f.projectName, f.department, f.implementingUnit, f.funds.unit,
        ...FUNDS_ROW_KEYS.flatMap((row) => FUNDS_COLUMN_KEYS.map((col) => f.funds[row][col])),
        f.goals.expected, f.goals.actual, f.indicators.length, f.totalWeight, f.totalScore, f.grade,
        count('error'), count('warning'), count('info'),
      ]);
    }
  }
  return { columns, rows };
}

function findingsTable(results: Iterable<FileResult>): Table {
  const columns = ['formKey', 'file', 'pages', 'projectName', 'severity', 'rule', 'indicator', 'level3', 'message', 'expected', 'actual'];
  const rows: Cell[][] = [];
  for (const r of results) {
    for (const f of r.forms) {
      for (const x of f.findings ?? []) {
        rows.push([
          formKey(r.file, f), r.file, pageList(f), f.projectName, x.severity, x.rule,
          x.indicator, x.indicator === undefined ? null : f.indicators[x.indicator]?.level3, x.message, x.expected, x.actual,
        ]);
      }
    }
  }
  return { columns, rows };
}

/** One row per indicator with its form's columns: what `--format csv` prints. */
export function toIndicatorsCsv(results: Iterable<FileResult>, options: CsvOptions = {}): string {
  return render(indicatorsTable(results), options);
}

export const CSV_FILES = ['forms.csv', 'indicators.csv', 'findings.csv'] as const;
export type CsvFileName = (typeof CSV_FILES)[number];

/** The three tables of `--format csv -o DIR`, by file name. */
export function toCsvFiles(results: FileResult[], options: CsvOptions = {}): Record<CsvFileName, string> {
  return {
    'forms.csv': render(formsTable(results), options),
    'indicators.csv': render(indicatorsTable(results), options),
    'findings.csv': render(findingsTable(results), options),
  };
}

/**
 * Write CSV to `target`: a path ending in `.csv` receives the indicators table; any other path
 * is a folder (created if needed) that receives forms.csv, indicators.csv and findings.csv.
 * Each file is written whole or not at all, the three together. Returns the paths written.
 */
export async function writeCsv(target: string, results: FileResult[], options: CsvOptions = {}): Promise<string[]> {
  if (target.toLowerCase().endsWith('.csv')) {
    await writeAtomic(target, [toIndicatorsCsv(results, options)]);
    return [target];
  }
  // the three tables replace the old ones together, or none does
  const files = toCsvFiles(results, options);
  const written = CSV_FILES.map((name) => ({ target: path.join(target, name), chunks: [files[name]] }));
  await writeAtomicAll(written);
  return written.map((w) => w.target);
}
