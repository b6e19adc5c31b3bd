// The Excel workbook through the real CLI on real fixtures: read back with exceljs, every cell
// against the JSON of the same run (numbers as numbers with their decimals, targets as text,
// never a formula), the sheets' layout, the findings' colours and links to their indicator
// rows; and (where LibreOffice is installed) opened by a spreadsheet program with every cell intact.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingMessage } from '../src/check/index.js';
import { reasonText } from '../src/i18n/index.js';
import { FileResultSchema, type FileResult } from '../src/model/schema.js';
import { hasSoffice, sofficeProfile } from './helpers/office.js';
import { fixture } from './helpers/truth.js';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
const INPUTS = [fixture('seed-chromium.pdf'), fixture('stsong-nonembedded.pdf'), fixture('seed-forms.json')];
const tmp = mkdtempSync(path.join(tmpdir(), 'eval-extract-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, '-j', '2', ...args], { env: { ...process.env, LC_ALL: 'zh_CN.UTF-8' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FUNDS_ROWS = { total: '年度资金总额', currentYearAppropriation: '当年财政拨款', carryover: '上年结转资金', other: '其他资金' } as const;
const FUNDS_COLUMNS = { initialBudget: '年初预算数', annualBudget: '全年预算数', executed: '全年执行数', weight: '分值', executionRate: '执行率', score: '得分' } as const;
const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;
const decimals = (fmt: string | undefined) => (fmt && /^0\.(0+)$/.test(fmt) ? fmt.length - 2 : 0);

/** The sheet as header → cell objects, one per row. */
function rows(ws: ExcelJS.Worksheet): Record<string, ExcelJS.Cell>[] {
  const header = (ws.getRow(1).values as string[]).slice(1);
  const out: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(Object.fromEntries(header.map((h, k) => [h, row.getCell(k + 1)])));
  }
  return out;
}

/** A text cell: stored as a string (never a number or a formula), or empty for ''. */
function expectText(cell: ExcelJS.Cell, value: string, what: string) {
  if (value === '') return expect(cell.value, what).toBeNull();
  expect(cell.type, what).toBe(ExcelJS.ValueType.String);
  expect(cell.value, what).toBe(value);
}

/** An amount: a number shown with at least 2 decimals; null stays empty. */
function expectAmount(cell: ExcelJS.Cell, value: number | null, what: string) {
  if (value === null) return expect(cell.value, what).toBeNull();
  expect(cell.type, what).toBe(ExcelJS.ValueType.Number);
  expect(cell.value, what).toBe(value);
  expect(decimals(cell.numFmt), what).toBeGreaterThanOrEqual(2);
}

describe('--format xlsx', () => {
  let results: FileResult[];
  let wb: ExcelJS.Workbook;
  const out = path.join(tmp, '自评.xlsx');

  beforeAll(async () => {
    // -o FILE.xlsx alone chooses the format; the locale chooses Chinese
    const made = await cli(['-o', out, ...INPUTS]);
    expect(made.code).toBe(3); // seed-forms.json is not a PDF
    expect(made.stderr).toContain('seed-forms.json: 不是 PDF 文件：not a PDF (no %PDF- header)');
    expect(made.stderr).toContain('eval-extract: 1 个文件读取失败');
    const json = await cli(['--format', 'json', ...INPUTS]);
    results = (JSON.parse(json.stdout) as unknown[]).map((r) => FileResultSchema.parse(r));
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
  });

  it('has the six sheets, each with a frozen, filtered header row', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['表单', '指标', '问题', '资金', '未读取', '说明']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBe(`A1:${ws.getRow(1).getCell(ws.getRow(1).cellCount).address.replace(/\d+$/, '')}1`);
      for (let c = 1; c <= ws.columnCount; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(6);
    }
  });

  it('holds every form with its header fields, funds and totals', () => {
    const forms = results.flatMap((r) => r.forms.map((f) => ({ r, f })));
    const sheet = rows(wb.getWorksheet('表单')!);
    expect(sheet).toHaveLength(forms.length);
    forms.forEach(({ r, f }, k) => {
      const row = sheet[k];
      const at = `form ${k}`;
      expectText(row['表单编号'], `${r.file}#${f.pages[0]}`, at);
      expectText(row['页码'], f.pages.join(';'), at);
      expect(row['年度'].value, at).toBe(f.year);
      expectText(row['项目名称'], f.projectName ?? '', at);
      expectText(row['主管部门'], f.department, at);
      expectText(row['实施单位'], f.implementingUnit ?? '', at);
      // every funds cell, under its Chinese row·column header
      for (const [key, label] of Object.entries(FUNDS_ROWS)) {
        for (const [col, name] of Object.entries(FUNDS_COLUMNS)) {
          expectAmount(row[`${label}·${name}`], f.funds[key as keyof typeof FUNDS_ROWS][col as keyof typeof FUNDS_COLUMNS], `${at} ${label}·${name}`);
        }
      }
      expectText(row['表名'], f.title, at);
      expectText(row['金额单位'], f.funds.unit, at);
      expectText(row['实际完成情况'], f.goals.actual, at);
      expect(row['错误数'].value, at).toBe(f.findings!.filter((x) => x.severity === 'error').length);
      expect(row['提示数'].value, at).toBe(f.findings!.filter((x) => x.severity === 'info').length);
      expectText(row['预期目标'], f.goals.expected, at);
      expect(row['三级指标数'].value, at).toBe(f.indicators.length);
      expectAmount(row['总分分值'], f.totalWeight, at);
      expectAmount(row['总分'], f.totalScore, at);
      expectText(row['评分等级'], f.grade ?? '', at);
      expect(row['警告数'].value, at).toBe(f.findings!.filter((x) => x.severity === 'warning').length);
    });
    // 99.00 shows as 99.00
    expect(sheet[0]['年度资金总额·全年预算数'].numFmt).toBe('0.00');
  });

  it('holds every indicator: targets and actuals as text, never formulas; 分值 and 得分 as numbers', () => {
    const indicators = results.flatMap((r) => r.forms.flatMap((f) => f.indicators.map((i, k) => ({ r, f, i, k }))));
    const sheet = rows(wb.getWorksheet('指标')!);
    expect(sheet).toHaveLength(indicators.length);
    let formulaLike = 0;
    indicators.forEach(({ r, f, i, k }, n) => {
      const row = sheet[n];
      const at = `${r.file} ${i.level3}`;
      expectText(row['表单编号'], `${r.file}#${f.pages[0]}`, at);
      expect(row['指标序号'].value, at).toBe(k);
      expect(row['页'].value, at).toBe(i.page);
      expect(row['行'].value, at).toBe(i.row);
      expectText(row['一级指标'], i.level1, at);
      expectText(row['二级指标'], i.level2, at);
      expectText(row['三级指标'], i.level3, at);
      expectText(row['年度指标值'], i.target, at);
      expectText(row['实际完成值'], i.actual, at);
      expect(row['指标值数值'].value ?? null, at).toBe(i.targetParsed?.value ?? null);
      expect(row['完成值数值'].value ?? null, at).toBe(i.actualParsed?.value ?? null);
      expectText(row['指标值符号'], i.targetParsed?.operator ?? '', at);
      expectText(row['指标值单位'], i.targetParsed?.unit ?? '', at);
      expectText(row['完成值符号'], i.actualParsed?.operator ?? '', at);
      expectText(row['完成值单位'], i.actualParsed?.unit ?? '', at);
      expectText(row['文件'], r.file, at);
      expectText(row['项目名称'], f.projectName ?? '', at);
      expectAmount(row['总分'], f.totalScore, at);
      expectAmount(row['分值'], i.weight, at);
      expectAmount(row['得分'], i.score, at);
      expectText(row['偏差原因分析及改进措施'], i.deviation, at);
      expect(row['年度指标值'].formula, at).toBeUndefined();
      if (/^[=+\-@]/.test(i.target)) formulaLike++;
    });
    expect(formulaLike).toBeGreaterThan(20); // =6.00(次) and the like: all kept as text
  });

  it('lists every finding in Chinese, coloured by severity, linked to its indicator row', async () => {
    const findings = results.flatMap((r) => r.forms.flatMap((f) => (f.findings ?? []).map((x) => ({ r, f, x }))));
    const sheet = rows(wb.getWorksheet('问题')!);
    expect(sheet).toHaveLength(findings.length);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file('xl/worksheets/sheet3.xml')!.async('string');
    const links = new Map([...xml.matchAll(/<hyperlink ref="([A-Z]+\d+)" location="([^"]+)"\/>/g)].map((m) => [m[1], m[2].replace(/&apos;/g, "'")]));
    const indicatorSheet = wb.getWorksheet('指标')!;
    const fills = { error: 'FFF8D0CC', warning: 'FFFCEBB6', info: 'FFD6E6FA' };
    findings.forEach(({ r, f, x }, n) => {
      const row = sheet[n];
      const at = `${r.file} ${x.rule} ${n}`;
      expectText(row['表单编号'], `${r.file}#${f.pages[0]}`, at);
      expectText(row['级别'], SEVERITY_ZH[x.severity], at);
      expectText(row['规则'], x.rule, at);
      expect(row['页'].value, at).toBe(x.page);
      expect(row['行'].value ?? undefined, at).toBe(x.row);
      const message = row['说明'];
      expect(message.text, at).toBe(findingMessage('zh', x));
      expect(message.text, at).toBe(x.message);
      expect((row['级别'].fill as ExcelJS.FillPattern).fgColor?.argb, at).toBe(fills[x.severity]);
      const link = links.get(message.address);
      if (x.indicator === undefined) return expect(link, at).toBeUndefined();
      // the link goes to the row of this very indicator
      const m = /^'指标'!A(\d+)$/.exec(link ?? '');
      expect(m, at).not.toBeNull();
      const target = indicatorSheet.getRow(Number(m![1]));
      expect(target.getCell(1).value, at).toBe(`${r.file}#${f.pages[0]}`);
      expect(target.getCell(10).value, at).toBe(x.indicator);
      expect(target.getCell(15).value, at).toBe(f.indicators[x.indicator].level3);
    });
  });

  it('names the files and forms that could not be read, and explains the columns and rules', () => {
    const unread = rows(wb.getWorksheet('未读取')!);
    const errors = results.flatMap((r) => r.errors.map((e) => ({ r, e })));
    expect(unread).toHaveLength(errors.length);
    expect(errors.length).toBeGreaterThan(0);
    errors.forEach(({ r, e }, k) => {
      expectText(unread[k]['文件'], r.file, 'unread');
      expect(unread[k]['页'].value ?? undefined).toBe(e.page);
      // what the failure code means in Chinese, then the reader's own reason
      expectText(unread[k]['原因'], reasonText('zh', e), 'unread');
      expect(reasonText('zh', e)).toMatch(new RegExp(`^[^a-z]+：${e.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    });
    const about = wb.getWorksheet('说明')!;
    const texts = (about.getColumn(1).values as unknown[]).map(String);
    expect(texts).toContain('deduction-without-reason');
    expect(texts).toContain('指标 · 年度指标值');
  });

  it('uses the JSON field names with --lang en', async () => {
    const en = path.join(tmp, 'en.xlsx');
    expect((await cli(['--format', 'xlsx', '--lang', 'en', '-o', en, fixture('stsong-nonembedded.pdf')])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(en);
    expect(book.worksheets.map((ws) => ws.name)).toEqual(['Forms', 'Indicators', 'Findings', 'Funds', 'Unread', 'About']);
    expect((book.getWorksheet('Indicators')!.getRow(1).values as string[]).slice(1, 4)).toEqual(['formKey', 'file', 'pages']);
    const finding = rows(book.getWorksheet('Findings')!)[0];
    expect(finding.message.text).toBe('page 1, indicator row 5 「运营商短信发送量」: score 4.00 < weight 5.00 and no reason for the deduction');
  });

  it('needs -o: a workbook is not written to a terminal or a pipe', async () => {
    const { code, stderr } = await cli(['--format', 'xlsx', fixture('stsong-nonembedded.pdf')]);
    expect(code).toBe(2);
    expect(stderr).toContain('--format xlsx 需要 -o 文件');
  });
});

describe.skipIf(!hasSoffice)('the workbook in LibreOffice', () => {
  it('opens with every sheet\'s cells intact (converted back to CSV)', async () => {
    const file = path.join(tmp, 'lo.xlsx');
    expect((await cli(['-o', file, '--lang', 'en', fixture('stsong-nonembedded.pdf'), fixture('seed-forms.json')])).code).toBe(3);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const profile = sofficeProfile(tmp);
    // UTF-8, every sheet to its own CSV (the 12th token -1), cells as shown (formatted)
    await run('soffice', [profile, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
      '--outdir', path.join(tmp, 'lo'), file], { timeout: 120_000 });
    const csvs = readdirSync(path.join(tmp, 'lo')).sort();
    expect(csvs).toEqual(['lo-About.csv', 'lo-Findings.csv', 'lo-Forms.csv', 'lo-Funds.csv', 'lo-Indicators.csv', 'lo-Unread.csv']);
    for (const ws of book.worksheets) {
      const back = parse(readFileSync(path.join(tmp, 'lo', `lo-${ws.name}.csv`), 'utf8'), { relax_column_count: true }) as string[][];
      expect(back.length, ws.name).toBe(ws.rowCount);
      ws.eachRow((row, r) => {
        for (let c = 1; c <= ws.columnCount; c++) {
          const cell = row.getCell(c);
          const shown = back[r - 1][c - 1] ?? '';
          const v = cell.value;
          const expected = v == null ? '' : typeof v === 'number' ? (cell.numFmt === '0.00' ? v.toFixed(2) : String(v)) : cell.text;
          expect(shown, `${ws.name}!${cell.address}`).toBe(expected);
        }
      });
    }
    // a target such as =1.00(个) is shown as printed, not computed
    expect(readFileSync(path.join(tmp, 'lo', 'lo-Indicators.csv'), 'utf8')).toMatch(/,"?=1\.00\(个\)"?,/);
  });
});
