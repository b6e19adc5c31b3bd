// `eval-extract check` and the check/CSV flags of the main command, through the real reader:
// the report, colours, exit codes (0, 1 findings, 2 usage, 3 unreadable input), JSON and CSV.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { FileResultSchema, type FileResult } from '../src/model/schema.js';
import { BIN, cli as run } from './helpers/cli.js';
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
    expect(stdout).toMatch(/1 info\n +• page \d+: all 3 indicators have full marks  all-full-marks/);
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
      '       • page 1, indicator row 5 「运营商短信发送量」: score 4.00 < weight 5.00 and no reason for the deduction  deduction-without-reason',
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
    expect(stdout).toContain('grade 「优」 ≠ 「良」, the grade of total score 96.00 (良 ≥ 80)  grade-band');
  });

  it('exits 3 when an input cannot be read, even with findings (3 wins over 1)', async () => {
    const notPdf = path.join(tmp, 'notes.pdf');
    copyFileSync(fixture('seed-forms.json'), notPdf);
    const { code, stdout, stderr } = await cli(['check', '--fail-on', 'warning', notPdf, SMALL]);
    expect(code).toBe(3);
    // named once; the report's own last line counts it (one summary line)
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
      rule: 'deduction-without-reason', severity: 'warning', indicator: 4, expected: 5, actual: 4, page: 1, row: 5,
      params: { name: '运营商短信发送量', score: '4.00', weight: '5.00' },
      message: '第 1 页，指标第 5 行「运营商短信发送量」：得分 4.00 低于分值 5.00，未填写偏差原因',
    }]);
    expect(result.forms[0].indicators[4]).toMatchObject({ level3: '运营商短信发送量', page: 1, row: 5 });
    expect(result.forms[0].indicators[4].cells).toBeUndefined(); // --positions only
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
      file: SMALL, pages: '1;2', year: '2024', projectName: '区大数据中心-基础设施-专线短信租用(运维)', totalScore: '96.00', grade: '优',
      target: '=1.00(个)', targetOperator: '=', targetValue: '1', targetUnit: '个',
    });
  });

  it('starts with a BOM when stdout is redirected to a file, not into a pipe; Chinese headers with --lang zh', async () => {
    const out = path.join(tmp, 'redirected.csv');
    const fd = openSync(out, 'w');
    const child = spawnSync('node', [BIN, '--format', 'csv', '--lang', 'zh', SMALL], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(child.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF表单编号,文件,页码,年度,项目名称,')).toBe(true);
    const piped = await cli(['--format', 'csv', SMALL]);
    expect(piped.stdout.startsWith('formKey,')).toBe(true);
  });

  it('writes forms.csv, indicators.csv, findings.csv and errors.csv with a BOM to -o DIR; --no-bom omits it', async () => {
    const dir = path.join(tmp, 'csv');
    expect((await cli(['check', '--format', 'csv', '-o', dir, SMALL])).code).toBe(0);
    for (const name of ['forms.csv', 'indicators.csv', 'findings.csv', 'errors.csv']) {
      expect(readFileSync(path.join(dir, name), 'utf8').startsWith('\uFEFF')).toBe(true);
    }
    const findings = parse(readFileSync(path.join(dir, 'findings.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(findings).toEqual([expect.objectContaining({ formKey: `${SMALL}#1`, rule: 'deduction-without-reason', indicator: '4', level3: '运营商短信发送量' })]);
    const plain = path.join(tmp, 'csv-plain');
    expect((await cli(['--format', 'csv', '--no-bom', '-o', plain, SMALL])).code).toBe(0);
    expect(readFileSync(path.join(plain, 'forms.csv'), 'utf8').startsWith('formKey,')).toBe(true);
  });
});

describe('less noise, and in Chinese', () => {
  const SEED = fixture('seed-chromium.pdf');

  it('speaks Chinese in a Chinese locale, naming page and row', async () => {
    const { stdout } = await cli(['check', SMALL], { LC_ALL: 'zh_CN.UTF-8' });
    expect(stdout).toBe([
      SMALL,
      '  1. 区大数据中心-基础设施-专线短信租用(运维)  第 1–2 页',
      '     1 个警告',
      '       • 第 1 页，指标第 5 行「运营商短信发送量」：得分 4.00 低于分值 5.00，未填写偏差原因  deduction-without-reason',
      '',
      '1 个文件，1 张表单：0 个错误，1 个警告，0 个提示',
      '',
    ].join('\n'));
    // --lang wins over the locale
    expect((await cli(['check', '--lang', 'en', SMALL], { LC_ALL: 'zh_CN.UTF-8' })).stdout).toContain('1 form in 1 file');
    expect((await cli(['--help'], { LC_ALL: 'zh_CN.UTF-8' })).stdout).toContain('把 PDF 中的绩效自评表提取为经过校验的 JSON');
  });

  it('folds more than 5 findings of one rule on a form into one line with a count, page and rows', async () => {
    const { stdout } = await cli(['check', SEED]);
    const json = FileResultSchema.parse(JSON.parse((await cli(['--format', 'json', SEED])).stdout));
    for (const [k, form] of json.forms.entries()) {
      const same = (form.findings ?? []).filter((f) => f.rule === 'deduction-without-reason');
      const block = stdout.split(/\n  \d+\. /)[k + 1];
      if (same.length > 5) {
        const pages = [...new Set(same.map((f) => f.page))];
        expect(block).toContain(`• deduction without a reason: ${same.length} times (page${pages.length > 1 ? 's' : ''} ${pages.join('–')}, indicator rows ${same.map((f) => f.row).join(', ')})`);
        expect(block).not.toContain('no reason for the deduction');
      } else {
        expect(block.split('\n').filter((l) => l.includes('no reason for the deduction'))).toHaveLength(same.length);
      }
    }
    expect(json.forms.some((f) => (f.findings ?? []).length > 5)).toBe(true);
  });

  it('--min-severity leaves lower findings out of the report and the tables, not out of the verdict', async () => {
    const quiet = await cli(['check', '--min-severity', 'error', '--fail-on', 'warning', SEED]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toMatch(/deduction-without-reason|all-full-marks/);
    expect(quiet.stdout.trimEnd().split('\n').at(-1)).toBe('20 forms in 1 file: 0 errors, 0 warnings, 0 info');
    const dir = path.join(tmp, 'min');
    await cli(['--format', 'csv', '--min-severity', 'warning', '-o', dir, SEED]);
    const findings = parse(readFileSync(path.join(dir, 'findings.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(findings.length).toBe(66);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['warning']));
  });

  it('speaks Chinese in help and usage errors too, with help [command] and --lang after the command', async () => {
    const zh = { LC_ALL: 'zh_CN.UTF-8' };
    const [help, typo, refused, value] = await Promise.all([
      cli(['help', 'check'], zh),
      cli(['check', '--fromat', 'json', SMALL], zh),
      cli(['--lang', 'zh', '-o', SMALL, SMALL]),
      cli(['check', '-j', '0', '--lang', 'zh', SMALL]),
    ]);
    expect(help.stdout).toMatch(/^用法： eval-extract check /);
    expect(help.stdout).toContain('\n示例：\n');
    expect(typo.stderr).toBe("eval-extract: 未知选项 '--fromat'（是否要用 --format？）\n参见 'eval-extract check --help'\n");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`eval-extract: 拒绝写入 ${SMALL}：它是输入文件\n参见 'eval-extract --help'\n`);
    expect(value.stderr.split('\n')[0]).toBe(`eval-extract: 选项 '-j, --jobs <n>' 的值 '0' 无效：应为不小于 1 的整数，收到 "0"`);
  });

  it('--summary: one line per file', async () => {
    // a .json input to check is saved results: the file that is not a PDF is named .pdf
    const notPdf = path.join(tmp, 'summary-notes.pdf');
    copyFileSync(fixture('seed-forms.json'), notPdf);
    const { stdout } = await cli(['check', '--summary', SEED, SMALL, notPdf]);
    expect(stdout.split('\n')).toEqual([
      `${SEED}: 20 forms, 0 errors, 66 warnings, 2 info`,
      `${SMALL}: 1 form, 0 errors, 1 warning, 0 info`,
      `${notPdf}: not read (not a PDF (no %PDF- header))`,
      '21 forms in 3 files: 0 errors, 67 warnings, 2 info; 1 file not checked',
      '',
    ]);
  });
});
