// The Excel workbook: sheets 表单, 指标, 问题, 未读取 and 说明 (Forms, Indicators, Findings,
// Unread, About in English), streamed row by row (exceljs' WorkbookWriter) so that a batch of
// thousands of forms does not sit in memory as a workbook model. Numbers are numbers shown with
// the printed decimals; targets, actual values and pages are text, never formulas; each finding
// links to its indicator's row.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { RULES } from '../check/rules.js';
import { t, type Lang } from '../i18n/index.js';
import { RuleIdSchema, type FileResult, type Severity } from '../model/schema.js';
import { displayWidth } from '../text/index.js';
import { writeAtomic } from './atomic.js';
import {
  amountDecimals, findingsTable, formKey, formsTable, fundsRowsTable, indicatorsTable, unreadTable, type Cell, type Column, type Table,
} from './tables.js';

export interface XlsxOptions {
  /** the language of sheet names, headers and messages (default en: the JSON field names) */
  lang?: Lang;
}

/** Column widths in characters (a CJK character counts two): bounds, and the longest texts' cap. */
const WIDTH = { min: 6, max: 18, long: 48 } as const;
const EXCELJS_DEFAULT_WIDTH = 9;
/** Severity fills of the findings' rows (ARGB). */
const FILL: Record<Severity, string> = { error: 'FFF8D0CC', warning: 'FFFCEBB6', info: 'FFD6E6FA' };
const HEADER_FILL = 'FFE7ECF2';
const LINK_COLOR = 'FF1155CC';

function widths(table: Table, headers: string[]): number[] {
  return table.columns.map((c, k) => {
    let w = displayWidth(headers[k]);
    for (const row of table.rows.slice(0, 500)) {
      const v = row[k];
      if (v != null) w = Math.max(w, Math.max(...String(v).split('\n').map(displayWidth)));
    }
    const width = Math.max(WIDTH.min, Math.min(c.long ? WIDTH.long : WIDTH.max, w + 2));
    // exceljs writes no <col> for its default width (9), leaving the column to each program's default
    return width === EXCELJS_DEFAULT_WIDTH ? width + 1 : width;
  });
}

type Sheet = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

/**
 * Links to a place inside the workbook. The streaming writer files every hyperlink as an external
 * relationship; a link given as `#Sheet!A1` is filed instead as an internal one (`location`),
 * which Excel and LibreOffice follow within the file.
 */
function internalLinks(ws: Sheet): void {
  const rels = (ws as unknown as { _sheetRelsWriter: { _hyperlinks: unknown[]; addHyperlink: (h: { address: string; target: string }) => void } })._sheetRelsWriter;
  const external = rels.addHyperlink.bind(rels);
  rels.addHyperlink = (h) => (h.target.startsWith('#') ? rels._hyperlinks.push({ address: h.address, target: h.target.slice(1) }) : external(h));
}

/** Write one cell by its column's kind: numbers as numbers with their decimals, texts as texts. */
function setCell(cell: ExcelJS.Cell, column: Column, v: Cell): void {
  if (v == null || v === '') return;
  if (typeof v === 'number') {
    cell.value = v;
    if (column.kind === 'amount') cell.numFmt = `0.${'0'.repeat(amountDecimals(v))}`;
    else if (column.kind === 'int') cell.numFmt = '0';
    return;
  }
  // a string is stored as a string: exceljs writes no formula unless given { formula }
  cell.value = v;
  if (column.long) cell.alignment = { wrapText: true, vertical: 'top' };
}

interface SheetSpec {
  name: string;
  table: Table;
  /** per row: a fill, and a link for one column */
  style?: (row: Cell[], k: number) => { fill?: string; link?: { column: number; target: string } };
}

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: SheetSpec, lang: Lang): Promise<void> {
  const { table } = spec;
  const headers = table.columns.map((c) => c.header(lang));
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  internalLinks(ws);
  ws.columns = widths(table, headers).map((width) => ({ width }));
  if (table.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const head = ws.addRow(headers);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    c.alignment = { wrapText: true, vertical: 'middle' };
  });
  head.commit();
  table.rows.forEach((values, k) => {
    const row = ws.addRow([]);
    const style = spec.style?.(values, k) ?? {};
    table.columns.forEach((column, j) => {
      const cell = row.getCell(j + 1);
      setCell(cell, column, values[j]);
      if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
    });
    if (style.link) {
      const cell = row.getCell(style.link.column + 1);
      cell.value = { text: String(values[style.link.column] ?? ''), hyperlink: style.link.target };
      cell.font = { color: { argb: LINK_COLOR }, underline: true };
    }
    row.commit();
  });
  ws.commit();
}

/** Sheet names are at most 31 characters and quoted in references. */
const ref = (sheet: string, row: number) => `#'${sheet.replace(/'/g, "''")}'!A${row}`;

/** The About sheet: what the workbook holds, what each column means, the rules. */
function aboutTable(lang: Lang, sheets: { name: string; table: Table }[]): Table {
  const text = (header: string) => ({ id: header, header: () => header, kind: 'text' as const, long: true });
  const columns: Column[] = [text(t(lang, 'col.column')), text(t(lang, 'col.meaning')), text(t(lang, 'col.severity'))];
  const rows: Cell[][] = [
    [t(lang, 'about.title'), t(lang, 'about.sheets'), null],
    [null, t(lang, 'about.numbers'), null],
    [null, null, null],
    [t(lang, 'about.rules'), null, null],
    ...RuleIdSchema.options.map((rule): Cell[] => [rule, t(lang, `rule.${rule}`), t(lang, `severity.${RULES[rule].severity}`)]),
    [null, null, null],
    [t(lang, 'about.columns'), null, null],
    ...sheets.flatMap(({ name, table }) => table.columns.map((c): Cell[] => [`${name} · ${c.header(lang)}`, c.id, null])),
  ];
  return { columns, rows };
}

/** The workbook of a batch, written to `target` whole or not at all. */
export async function writeXlsx(target: string, results: FileResult[], options: XlsxOptions = {}): Promise<void> {
  const lang = options.lang ?? 'en';
  const names = {
    forms: t(lang, 'sheet.forms'), indicators: t(lang, 'sheet.indicators'), findings: t(lang, 'sheet.findings'),
    funds: t(lang, 'sheet.funds'), unread: t(lang, 'sheet.unread'), about: t(lang, 'sheet.about'),
  };
  // the row of every indicator in its sheet, for the findings' links (row 1 is the header)
  const indicatorRow = new Map<string, number>();
  let n = 2;
  for (const r of results) for (const f of r.forms) f.indicators.forEach((_, k) => indicatorRow.set(`${formKey(r.file, f)}\u0000${k}`, n++));
  const findings = findingsTable(results, lang);
  const severityOf = results.flatMap((r) => r.forms.flatMap((f) => (f.findings ?? []).map((x) => x.severity)));
  const column = (id: string) => findings.columns.findIndex((c) => c.id === id);
  const [keyColumn, indicatorColumn, messageColumn] = [column('formKey'), column('indicator'), column('message')];
  const sheets: SheetSpec[] = [
    { name: names.forms, table: formsTable(results) },
    { name: names.indicators, table: indicatorsTable(results) },
    {
      name: names.findings,
      table: findings,
      style: (row, k) => {
        const ind = row[indicatorColumn];
        const at = ind == null ? undefined : indicatorRow.get(`${row[keyColumn]}\u0000${ind}`);
        return { fill: FILL[severityOf[k]], link: at ? { column: messageColumn, target: ref(names.indicators, at) } : undefined };
      },
    },
    { name: names.funds, table: fundsRowsTable(results) },
    { name: names.unread, table: unreadTable(results, lang) },
  ];
  sheets.push({ name: names.about, table: aboutTable(lang, sheets) });

  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'eval-extract';
  const written = writeAtomic(target, out);
  try {
    for (const sheet of sheets) await writeSheet(wb, sheet, lang);
    await wb.commit();
  } catch (err) {
    out.destroy(err as Error);
    await written.catch(() => undefined);
    throw err;
  }
  await written;
}
