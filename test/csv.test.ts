// CSV for Excel: a round trip through a CSV parser keeps every text and number, the three tables
// join by form key, and (where LibreOffice is installed) a spreadsheet opens them with Chinese intact.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { annotateForm, CSV_FILES, formKey, toCsvFiles, toIndicatorsCsv, writeCsv } from '../src/index.js';
import type { FileResult } from '../src/model/schema.js';
import { hasSoffice, sofficeProfile } from './helpers/office.js';
import { resultOf, seedForms } from './helpers/forms.js';

const run = promisify(execFile);
type Row = Record<string, string>;
const BOM = '\uFEFF';
const readCsv = (text: string): Row[] => parse(text, { bom: true, columns: true, skip_empty_lines: false }) as Row[];

const tmp = mkdtempSync(path.join(tmpdir(), 'eval-extract-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Two files of seed forms, the first form's texts made hard for CSV. */
function results(): FileResult[] {
  const forms = seedForms().map((f) => annotateForm(f));
  const hard = forms[0];
  hard.projectName = '政务外网,运维 "一期"\n（含改造）';
  hard.indicators[0].deviation = '项目服务期刚过半,\r\n下半年 "补足"';
  hard.indicators[1].level3 = '=SUM(A1:A2)';
  hard.goals.expected = '第一行\n第二行，含逗号, and "quotes"';
  return [resultOf(forms.slice(0, 12), 'a,b/seed 1.pdf'), resultOf(forms.slice(12), 'seed-2.pdf')];
}

describe('CSV tables', () => {
  const input = results();
  const files = toCsvFiles(input, { bom: true });

  it('start with a UTF-8 BOM when asked; the indicators CSV for stdout has none', () => {
    for (const name of CSV_FILES) expect(files[name].startsWith(BOM)).toBe(true);
    expect(toIndicatorsCsv(input).startsWith(BOM)).toBe(false);
    expect(toCsvFiles(input)['findings.csv'].startsWith(BOM)).toBe(false);
  });

  it('keep texts with commas, quotes and newlines intact through a CSV parser', () => {
    const forms = readCsv(files['forms.csv']);
    const form = input[0].forms[0];
    expect(forms).toHaveLength(20);
    expect(forms[0].projectName).toBe(form.projectName);
    expect(forms[0].goalsExpected).toBe(form.goals.expected);
    expect(forms[0].department).toBe('上海市闵行区数据局(汇总)');
    expect(forms[0].file).toBe('a,b/seed 1.pdf');
    const indicators = readCsv(files['indicators.csv']);
    expect(indicators[0].deviation).toBe(form.indicators[0].deviation);
    expect(indicators[1].level3).toBe('=SUM(A1:A2)');
    expect(indicators[0].target).toBe('=6.00(次)');
    // every indicator of every form, in order, with its form's columns
    const all = input.flatMap((r) => r.forms.flatMap((f) => f.indicators.map((i) => ({ r, f, i }))));
    expect(indicators).toHaveLength(all.length);
    all.forEach(({ r, f, i }, k) => {
      const row = indicators[k];
      expect(row.level3).toBe(i.level3);
      expect(row.target).toBe(i.target);
      expect(row.actual).toBe(i.actual);
      expect(row.projectName).toBe(f.projectName);
      expect(row.file).toBe(r.file);
      expect(row.implementingUnit).toBe(f.implementingUnit);
    });
  });

  it('give each form and indicator read by OCR its lowest OCR confidence, blank elsewhere', () => {
    const [a, b] = seedForms();
    a.ocr = { pages: a.pages, threshold: 90, confidence: 41, fields: { projectName: 97, 'indicators.0.target': 62, 'indicators.0.score': 88, 'indicators.2.level3': 41 }, unplaced: [] };
    const csv = toCsvFiles([resultOf([a, b])]);
    const forms = readCsv(csv['forms.csv']);
    expect(forms.map((f) => f.ocrConfidence)).toEqual(['41', '']);
    const rows = readCsv(csv['indicators.csv']);
    const mine = rows.filter((r) => r.formKey === forms[0].formKey).map((r) => r.ocrConfidence);
    expect(mine).toEqual(a.indicators.map((_, k) => ({ 0: '62', 2: '41' })[k] ?? ''));
    expect(rows.filter((r) => r.formKey === forms[1].formKey).every((r) => r.ocrConfidence === '')).toBe(true);
  });

  it('write numbers as numbers, parsed values in their own columns', () => {
    const indicators = readCsv(files['indicators.csv']);
    const row = indicators[8]; // 硬件故障率 ≤5.00(%) 1.00(%)
    expect(row).toMatchObject({
      year: '2024', totalScore: '93.94', grade: '优', indicator: '8', weight: '5.00', score: '5.00',
      targetOperator: '≤', targetValue: '5', targetUnit: '%', actualOperator: '', actualValue: '1', actualUnit: '%',
    });
    expect(indicators[5]).toMatchObject({ actual: '达成指标', actualValue: '', actualUnit: '' });
    // unquoted in the file, so that a spreadsheet reads them as numbers
    const line = files['indicators.csv'].split('\r\n').find((l) => l.includes('硬件故障率'))!;
    expect(line).toContain(',2024,');
    expect(line).toContain(',93.94,优,8,');
    const forms = readCsv(files['forms.csv']);
    expect(forms[0]).toMatchObject({ 'funds.total.annualBudget': '99.00', 'funds.total.executionRate': '99.44', indicators: '19' });
    // with the printed decimals, and every digit a number has
    const amounts = input.flatMap((r) => r.forms.flatMap((f) => f.indicators.map((i) => i.score)));
    readCsv(files['indicators.csv']).forEach((row, k) => {
      expect(Number(row.score)).toBe(amounts[k]);
      expect(row.score).toMatch(/^\d+\.\d{2,}$/);
    });
  });

  it('join by a stable form key: file and first page', () => {
    const forms = readCsv(files['forms.csv']);
    const keys = new Set(forms.map((f) => f.formKey));
    expect(keys.size).toBe(20);
    expect(forms[0].formKey).toBe(formKey('a,b/seed 1.pdf', input[0].forms[0]));
    expect(forms[0].formKey).toBe('a,b/seed 1.pdf#1');
    expect(forms[0].pages).toBe('1;2');
    for (const row of [...readCsv(files['indicators.csv']), ...readCsv(files['findings.csv'])]) expect(keys.has(row.formKey)).toBe(true);
    const findings = readCsv(files['findings.csv']);
    const counted = forms.reduce((s, f) => s + Number(f.errors) + Number(f.warnings) + Number(f.info), 0);
    expect(findings).toHaveLength(counted);
    const info = findings.find((f) => f.rule === 'all-full-marks')!;
    expect(info).toMatchObject({ severity: 'info', indicator: '', level3: '', projectName: '开办经费' });
    const warning = findings.find((f) => f.rule === 'deduction-without-reason')!;
    expect(warning.level3).toBe(input[0].forms[1].indicators[Number(warning.indicator)].level3);
  });

  it('escape formula-like texts only when asked', () => {
    const escaped = readCsv(toIndicatorsCsv(input, { escapeFormulas: true }));
    expect(escaped[0].target).toBe("'=6.00(次)");
    expect(escaped[0].score).toBe('3.00');
  });

  it('have Chinese headers and messages with lang zh, the JSON field names with en', () => {
    const zh = toCsvFiles(input, { lang: 'zh' });
    expect(zh['indicators.csv'].split('\r\n')[0]).toBe(
      '表单编号,文件,页码,年度,项目名称,主管部门,实施单位,总分,评分等级,指标序号,页,行,一级指标,二级指标,三级指标,'
      + '年度指标值,指标值符号,指标值数值,指标值单位,实际完成值,完成值符号,完成值数值,完成值单位,分值,得分,偏差原因分析及改进措施,表类型,指标性质,计量单位,OCR置信度');
    expect(files['indicators.csv'].split('\r\n')[0]).toBe(
      '\uFEFFformKey,file,pages,year,projectName,department,implementingUnit,totalScore,grade,indicator,page,row,level1,level2,level3,'
      + 'target,targetOperator,targetValue,targetUnit,actual,actualOperator,actualValue,actualUnit,weight,score,deviation,kind,nature,unit,ocrConfidence');
    expect(zh['forms.csv'].split('\r\n')[0]).toContain(',年度资金总额·全年执行数,');
    const findings = readCsv(zh['findings.csv']);
    const all = input.flatMap((r) => r.forms.flatMap((f) => f.findings ?? []));
    expect(findings.map((f) => f['说明'])).toEqual(all.map((f) => f.message));
    expect(findings.map((f) => f['级别'])).toEqual(all.map((f) => ({ error: '错误', warning: '警告', info: '提示' })[f.severity]));
    expect(readCsv(files['findings.csv'])[0].message).toMatch(/^page \d+/);
  });

  it('list what could not be read in errors.csv', () => {
    const failed: FileResult = { file: 'bad.pdf', pageCount: 0, forms: [], errors: [{ message: 'not a PDF (no %PDF- header)', code: 'not-pdf' }] };
    const partial: FileResult = { ...input[1], errors: [{ page: 17, message: 'form 「x」 is missing 总分', code: 'form' }] };
    const rows = readCsv(toCsvFiles([input[0], failed, partial])['errors.csv']);
    expect(rows).toEqual([
      { file: 'bad.pdf', page: '', reason: 'not a PDF (no %PDF- header)' },
      { file: 'seed-2.pdf', page: '17', reason: 'form 「x」 is missing 总分' },
    ]);
  });

  it('go to FILE.csv (indicators) or to a folder (four tables)', async () => {
    const written = await writeCsv(path.join(tmp, 'out'), input, { bom: true });
    expect(written.map((f) => path.basename(f))).toEqual([...CSV_FILES]);
    expect(readFileSync(path.join(tmp, 'out', 'forms.csv'), 'utf8')).toBe(files['forms.csv']);
    await writeCsv(path.join(tmp, 'one.CSV'), input, { bom: false });
    expect(readFileSync(path.join(tmp, 'one.CSV'), 'utf8')).toBe(toIndicatorsCsv(input));
  });
});

describe.skipIf(!hasSoffice)('a spreadsheet program (LibreOffice)', () => {
  it('opens the CSV with Chinese, multi-line texts and numbers intact', async () => {
    const dir = path.join(tmp, 'lo');
    await writeCsv(dir, results(), { bom: true });
    const profile = sofficeProfile(tmp);
    // UTF-8 (76), first line as header, formulas not evaluated (the 13th token), as Excel with a BOM
    await run('soffice', [profile, '--headless', '--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,false',
      '--convert-to', 'xlsx', '--outdir', path.join(dir, 'xlsx'), path.join(dir, 'indicators.csv')], { timeout: 60_000 });
    await run('soffice', [profile, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1',
      '--outdir', path.join(dir, 'back'), path.join(dir, 'xlsx', 'indicators.xlsx')], { timeout: 60_000 });
    const original = readFileSync(path.join(dir, 'indicators.csv'), 'utf8');
    const back = readFileSync(path.join(dir, 'back', 'indicators.csv'), 'utf8');
    // numbers come back as the spreadsheet shows them (5 for 5.00): equal as numbers
    const norm = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])));
    expect(norm(readCsv(back.replace(/\r\n/g, '\n')))).toEqual(norm(readCsv(original.replace(/\r\n/g, '\n'))));
    // numbers came back unquoted: the spreadsheet held them as numbers, not texts
    expect(back).toMatch(/"硬件故障率","≤5\.00\(%\)","≤",5,"%","1\.00\(%\)",,1,"%",5(\.00)?,5(\.00)?,/);
    expect(back).toContain('闵行区');
  });
});
