// `eval-extract check` and the check/CSV flags of the main command, through the real reader:
// the report, colours, exit codes (0, 1 findings, 2 usage, 3 unreadable input), JSON and CSV.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { FileResultSchema, type FileResult } from '../src/model/schema.js';
import { cli as run } from './helpers/cli.js';
import { fixture } from './helpers/truth.js';

const SMALL = fixture('stsong-nonembedded.pdf'); // one form, one deduction-without-reason warning
const ANSI = /\u001b\[/;

/** Run the command with extra environment variables. */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => run(args, { env });

const tmp = mkdtempSync(path.join(tmpdir(), 'eval-extract-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('eval-extract check', () => {
  it('reports every form of the seed fixture, no errors, and exits 0', async () => {
    const { code, stdout } = await cli(['check', fixture('seed-chromium.pdf')]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANSI); // not a terminal
    expect(stdout).toContain('1. 闵行区政务外网整体运维(运维)  pages 1–2');
    expect(stdout).toMatch(/\n  16\. 开办经费  page \d+\n/);
    expect(stdout).toMatch(/1 info\n +• all 3 三级指标 have full marks \(得分 = 分值\)  all-full-marks/);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('20 forms in 1 file: 0 errors, 66 warnings, 2 info');
  });

  it('groups findings by severity under 项目名称 and pages', async () => {
    const { code, stdout } = await cli(['check', SMALL]);
    expect(code).toBe(0);
    expect(stdout).toBe([
      SMALL,
      '  1. 区大数据中心-基础设施-专线短信租用(运维)  pages 1–2',
      '     1 warning',
      '       • 三级指标「运营商短信发送量」: 得分 4.00 < 分值 5.00 with no 偏差原因分析及改进措施  deduction-without-reason',
      '',
      '1 form in 1 file: 0 errors, 1 warning, 0 info',
      '',
    ].join('\n'));
  });

  it('colours only when asked to and NO_COLOR is not set', async () => {
    expect((await cli(['check', SMALL], { FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await cli(['check', SMALL], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await cli(['check', '--no-color', SMALL], { FORCE_COLOR: '1' })).stdout).not.toMatch(ANSI);
  });

  it('exits 1 on findings at or above --fail-on', async () => {
    expect((await cli(['check', '--fail-on', 'warning', SMALL])).code).toBe(1);
    expect((await cli(['check', '--fail-on', 'info', SMALL])).code).toBe(1);
    expect((await cli(['check', '--fail-on', 'never', '--severity', 'deduction-without-reason=error', SMALL])).code).toBe(0);
    const promoted = await cli(['check', '--severity', 'deduction-without-reason=error', SMALL]);
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toContain('1 form in 1 file: 1 error, 0 warnings, 0 info');
    // the main command fails on nothing unless asked
    expect((await cli(['--format', 'jsonl', SMALL])).code).toBe(0);
    expect((await cli(['--format', 'jsonl', '--fail-on', 'warning', SMALL])).code).toBe(1);
  });

  it('applies --grade-bands', async () => {
    const { code, stdout } = await cli(['check', '--grade-bands', '优:97,良:80,中:60,差:0', SMALL]); // 总分 96
    expect(code).toBe(1);
    expect(stdout).toContain('评分等级 「优」 ≠ 「良」, the grade of 总分 96.00 (良 ≥ 80)  grade-band');
  });

  it('exits 3 when an input cannot be read, even with findings (3 wins over 1)', async () => {
    const notPdf = path.join(tmp, 'notes.pdf');
    copyFileSync(fixture('seed-forms.json'), notPdf);
    const { code, stdout, stderr } = await cli(['check', '--fail-on', 'warning', notPdf, SMALL]);
    expect(code).toBe(3);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/notes\.pdf: not a PDF/)]);
    expect(stdout).toContain('✗ not checked: not a PDF');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 form in 2 files: 0 errors, 1 warning, 0 info; 1 file not checked');
  });

  it('exits 2 on a usage error, with a one-line message', async () => {
    for (const args of [['--fail-on', 'sometimes'], ['--grade-bands', '优'], ['--severity', 'no-rule=error'], ['--format', 'xls']]) {
      const { code, stderr } = await cli(['check', ...args, SMALL]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect((await cli(['check'])).code).toBe(2);
  });

  it('writes machine-readable findings in JSON for jq', async () => {
    const { code, stdout } = await cli(['check', '--format', 'json', SMALL]);
    expect(code).toBe(0);
    const result: FileResult = FileResultSchema.parse(JSON.parse(stdout));
    expect(result.forms[0].findings).toEqual([{
      rule: 'deduction-without-reason', severity: 'warning', indicator: 4, expected: 5, actual: 4,
      message: '三级指标「运营商短信发送量」: 得分 4.00 < 分值 5.00 with no 偏差原因分析及改进措施',
    }]);
    expect(result.forms[0].indicators[1].targetParsed).toEqual({ operator: '=', value: 1, unit: '个' });
    expect(result.forms[0].indicators[0].actualParsed).toBeNull();
  });

  it('writes the report to a file without colours with -o, and prints the verdict', async () => {
    const out = path.join(tmp, 'report.txt');
    const { code, stdout } = await cli(['check', '-o', out, SMALL], { FORCE_COLOR: '1' });
    expect(code).toBe(0);
    expect(stdout).toBe(`1 form in 1 file: 0 errors, 1 warning, 0 info; written to ${out}\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(ANSI);
    expect(text).toContain('1 form in 1 file');
  });
});

describe('--format csv', () => {
  it('prints one row per indicator to stdout, without BOM', async () => {
    const { code, stdout } = await cli(['--format', 'csv', SMALL]);
    expect(code).toBe(0);
    expect(stdout.startsWith('formKey,file,pages,year,projectName,department,implementingUnit,totalScore,grade,')).toBe(true);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(18);
    expect(rows[1]).toMatchObject({
      file: SMALL, pages: '1;2', year: '2024', projectName: '区大数据中心-基础设施-专线短信租用(运维)', totalScore: '96', grade: '优',
      target: '=1.00(个)', targetOperator: '=', targetValue: '1', targetUnit: '个',
    });
  });

  it('writes forms.csv, indicators.csv and findings.csv with a BOM to -o DIR; --no-bom omits it', async () => {
    const dir = path.join(tmp, 'csv');
    expect((await cli(['check', '--format', 'csv', '-o', dir, SMALL])).code).toBe(0);
    for (const name of ['forms.csv', 'indicators.csv', 'findings.csv']) {
      expect(readFileSync(path.join(dir, name), 'utf8').startsWith('\uFEFF')).toBe(true);
    }
    const findings = parse(readFileSync(path.join(dir, 'findings.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(findings).toEqual([expect.objectContaining({ formKey: `${SMALL}#1`, rule: 'deduction-without-reason', indicator: '4', level3: '运营商短信发送量' })]);
    const plain = path.join(tmp, 'csv-plain');
    expect((await cli(['--format', 'csv', '--no-bom', '-o', plain, SMALL])).code).toBe(0);
    expect(readFileSync(path.join(plain, 'forms.csv'), 'utf8').startsWith('formKey,')).toBe(true);
  });
});
