// CSV renderings of the batch tables (src/write/tables.ts) for spreadsheets and scripts.
// Numbers are written with the decimals the forms print (99.00, not 99), texts quoted when they
// hold commas, quotes or newlines; headers are the JSON field names, or Chinese with lang zh.
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Lang } from '../i18n/index.js';
import type { FileResult } from '../model/schema.js';
import { escapeControls } from '../text/index.js';
import { writeAtomic, writeAtomicAll } from './atomic.js';
import { amountDecimals, findingsTable, formsTable, fundsRowsTable, indicatorsTable, unreadTable, type Cell, type Column, type Table } from './tables.js';

export { formKey } from './tables.js';

export interface CsvOptions {
  /** start with a UTF-8 byte order mark so that Excel reads the file as UTF-8 (default false) */
  bom?: boolean;
  /** prefix texts starting with = + - @ with ' so that spreadsheets do not run them as formulas */
  escapeFormulas?: boolean;
  /** the language of the headers and of the findings' messages (default en: the JSON field names) */
  lang?: Lang;
}

const cellText = (column: Column, v: Cell): Cell =>
  column.kind === 'amount' && typeof v === 'number' ? v.toFixed(amountDecimals(v)) : v;

function render(table: Table, options: CsvOptions): string {
  const lang = options.lang ?? 'en';
  return stringify(table.rows.map((row) => row.map((v, k) => cellText(table.columns[k], v))), {
    header: true,
    columns: table.columns.map((c) => ({ key: String(table.columns.indexOf(c)), header: c.header(lang) })),
    bom: options.bom ?? false,
    escape_formulas: options.escapeFormulas ?? false,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    // a cell may hold lines and tabs, never escape sequences a terminal or viewer would run
    cast: { string: (v: string) => escapeControls(v, '\t\n\r') },
  });
}

/** One row per indicator with its form's columns: what `--format csv` prints. */
export function toIndicatorsCsv(results: Iterable<FileResult>, options: CsvOptions = {}): string {
  return render(indicatorsTable(results), options);
}

export const CSV_FILES = ['forms.csv', 'indicators.csv', 'findings.csv', 'funds.csv', 'errors.csv'] as const;
export type CsvFileName = (typeof CSV_FILES)[number];

/** The tables of `--format csv -o DIR`, by file name; errors.csv lists what could not be read. */
export function toCsvFiles(results: FileResult[], options: CsvOptions = {}): Record<CsvFileName, string> {
  return {
    'forms.csv': render(formsTable(results), options),
    'indicators.csv': render(indicatorsTable(results), options),
    'findings.csv': render(findingsTable(results, options.lang), options),
    'funds.csv': render(fundsRowsTable(results), options),
    'errors.csv': render(unreadTable(results, options.lang), options),
  };
}

/**
 * Write CSV to `target`: a path ending in `.csv` receives the indicators table; any other path
 * is a folder (created if needed) that receives the five tables. Each file is written whole or
 * not at all, all of them together. Returns the paths written.
 */
export async function writeCsv(target: string, results: FileResult[], options: CsvOptions = {}): Promise<string[]> {
  if (target.toLowerCase().endsWith('.csv')) {
    await writeAtomic(target, [toIndicatorsCsv(results, options)]);
    return [target];
  }
  // the tables replace the old ones together, or none does
  const files = toCsvFiles(results, options);
  const written = CSV_FILES.map((name) => ({ target: path.join(target, name), chunks: [files[name]] }));
  await writeAtomicAll(written);
  return written.map((w) => w.target);
}
