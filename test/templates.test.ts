// The regional and sibling templates beyond field equality (test/variants.test.ts compares every
// field of every template fixture with its ground truth): the checks on each kind of form, the
// new fields in the CSV tables, and forms of a layout the parser does not know.
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkForm, extractFile, toCsvFiles } from '../src/index.js';
import { layoutPage } from '../src/layout/index.js';
import { joinPageBreaks } from '../src/layout/pagebreak.js';
import type { FileResult, Form, RuleId } from '../src/model/schema.js';
import { parseForms } from '../src/parse/form.js';
import { isHeadingWord } from '../src/parse/labels.js';
import { finishForm } from '../src/validate/index.js';
import { tablePage } from './helpers/synthetic.js';
import { FIXTURES } from './helpers/truth.js';

const variant = (name: string) => extractFile(path.join(FIXTURES, 'variants', `${name}.pdf`), { name: `${name}.pdf` });
const rules = (form: Form) => (form.findings ?? []).map((f) => f.rule);
const SCORE_RULES: RuleId[] = ['total-score-sum', 'total-weight-sum', 'score-range', 'funds-score', 'deduction-without-reason', 'all-full-marks', 'score-outpaces-spending'];

let results: Record<string, FileResult>;
beforeAll(async () => {
  const names = ['template-sichuan', 'template-yunnan', 'template-anhui', 'template-transfer', 'template-department'];
  results = Object.fromEntries(await Promise.all(names.map(async (n) => [n.slice('template-'.length), await variant(n)] as const)));
});

describe('the checks on every kind of form', () => {
  it('Sichuan: 合计 权重 includes the funds block\'s 10; 财政资金 + … + 其他资金 is checked against 总额', () => {
    const [a, b] = results.sichuan.forms;
    expect(a.findings!.filter((f) => f.severity === 'error')).toEqual([]);
    expect(b.findings!.filter((f) => f.severity === 'error')).toEqual([]);
    // the execution rate of a sub-row is checked too: 单位资金 46.20 / 70.00 = 66.00
    const broken = structuredClone(b);
    broken.funds.rows[3].executionRate = 70;
    broken.funds.rows[3].annualBudget = 80;
    const found = checkForm(broken);
    expect(found.find((f) => f.rule === 'execution-rate')?.message).toBe('第 3 页：单位资金执行率 70.00 不等于全年执行数 46.20 ÷ 全年预算数 80.00 × 100 = 57.75');
    expect(found.find((f) => f.rule === 'funds-rows-sum')?.message)
      .toBe('第 3 页：全年预算数：年度资金总额 856.30 不等于财政资金 786.30 + 财政专户管理资金 0.00 + 单位资金 80.00 + 其他资金 0.00 = 866.30');
  });

  it('targets and actuals combine 指标性质 and 度量单位: ≥ 186 公里, ﹦ 32 处; the word 完成 is no value', () => {
    const [sichuan] = results.sichuan.forms;
    expect(sichuan.indicators[0].targetParsed).toEqual({ operator: '≥', value: 186, unit: '公里' });
    expect(sichuan.indicators[0].actualParsed).toEqual({ operator: null, value: 186, unit: '公里' });
    expect(sichuan.indicators[3].actualParsed).toBeNull();
    const [yunnan] = results.yunnan.forms;
    expect(yunnan.indicators[0].nature).toBe('﹦');
    expect(yunnan.indicators[0].targetParsed).toEqual({ operator: '=', value: 32, unit: '处' });
    // 改造工程完工时间 ≤ 11 月, actual 12 月: unmet, and points were deducted with a reason
    expect(yunnan.findings!.map((f) => [f.rule, f.indicator])).not.toContainEqual(['unmet-full-score', 3]);
  });

  it('Anhui: the real anomaly 年度资金总额 0 while 本年财政拨款 holds the money is found', () => {
    const [, b] = results.anhui.forms;
    expect(b.findings!.filter((f) => f.rule === 'funds-rows-sum').map((f) => f.message)).toEqual([
      '第 2 页：年初预算数：年度资金总额 0.00 不等于当年财政拨款 165.00 + 上年结转资金 0.00 + 其他资金 0.00 = 165.00',
      '第 2 页：全年预算数：年度资金总额 0.00 不等于当年财政拨款 188.40 + 上年结转资金 12.50 + 其他资金 0.00 = 200.90',
      '第 2 页：全年执行数：年度资金总额 0.00 不等于当年财政拨款 176.30 + 上年结转资金 12.50 + 其他资金 0.00 = 188.80',
    ]);
  });

  it('transfer forms: no score rules, but execution-rate and funds-rows-sum still apply', () => {
    for (const form of results.transfer.forms) {
      expect(form.kind).toBe('transfer');
      expect([form.totalWeight, form.totalScore]).toEqual([null, null]);
      expect(rules(form).filter((r) => SCORE_RULES.includes(r))).toEqual([]);
      expect(form.findings!.filter((f) => f.severity === 'error')).toEqual([]);
    }
    const broken = structuredClone(results.transfer.forms[0]);
    broken.funds.total.executionRate = 90;
    broken.funds.rows[2].executed = 300;
    const found = checkForm(broken);
    expect(found.map((f) => f.rule)).toEqual(expect.arrayContaining(['execution-rate', 'funds-rows-sum']));
    expect(found.find((f) => f.rule === 'funds-rows-sum')?.message).toBe('第 1 页：全年执行数：年度资金总额 1198.74 不等于中央补助 871.20 + 地方资金 300.00 + 其他资金 0.00 = 1171.20');
    expect(found.filter((f) => SCORE_RULES.includes(f.rule))).toEqual([]);
  });

  it('department forms: 自评总分 printed in the header is checked against the scores', () => {
    const [a, b] = results.department.forms;
    expect([a.projectName, a.implementingUnit, b.projectName, b.implementingUnit]).toEqual([null, null, null, null]);
    expect([b.totalWeight, b.totalScore]).toEqual([null, 97.49]);
    expect(a.findings!.filter((f) => f.severity === 'error')).toEqual([]);
    expect(b.findings!.filter((f) => f.severity === 'error')).toEqual([]);
    expect(checkForm({ ...b, totalScore: 95 }).map((f) => f.rule)).toContain('total-score-sum');
  });
});

describe('other 绩效 tables', () => {
  it('a PDF holding only tables that are no self-evaluation form names each, with its page: never "no form found"', async () => {
    const result = await extractFile(path.join(FIXTURES, 'other-tables.pdf'));
    expect(result.forms).toEqual([]);
    expect(result.errors).toEqual([
      { page: 1, message: '「部门整体支出绩效评价基础数据表」 is not a self-evaluation form; skipped', code: 'no-form' },
      { page: 2, message: '「部门整体支出绩效评价自评表」 is not a self-evaluation form; skipped', code: 'no-form' },
    ]);
  });
});

describe('CSV tables carry the new fields', () => {
  const read = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

  it('indicators.csv: kind, nature and unit; forms.csv: kind, notes; funds.csv: every printed funds row', () => {
    const files = toCsvFiles([results.sichuan, results.department]);
    const indicators = read(files['indicators.csv']);
    expect(indicators[0]).toMatchObject({ kind: 'project', level3: '农村公路日常养护里程', nature: '≥', target: '186', unit: '公里' });
    const forms = read(files['forms.csv']);
    expect(forms.map((f) => f.kind)).toEqual(['project', 'project', 'department', 'department']);
    expect(forms[0].notes.split(/\r?\n/)[0]).toBe('报表编号：510000_0027zp');
    expect(forms[0].notes.split(/\r?\n/)).toHaveLength(8);
    const funds = read(files['funds.csv']).filter((r) => r.department === '衡阳市某县自然资源局');
    expect(funds.map((r) => [r.label, r.amount])).toEqual([
      ['年度资金总额', ''], ['按收入性质分', '1688.36'], ['按支出性质分', '1602.17'], ['其中：一般公共预算', '1104.82'],
      ['其中：基本支出', '786.41'], ['政府性基金拨款', '96.40'], ['项目支出', '815.76'], ['纳入专户管理的非税收入拨款：', ''], ['其他资金', '487.14'],
    ]);
    expect(funds[0]).toMatchObject({ annualBudget: '1688.36', executionRate: '100.00', score: '10.00' });
  });
});

describe('a layout the parser does not know', () => {
  const W = [60, 70, 70, 50, 50, 30, 30, 100, 60];
  const form = (indicatorHeader: string[], row: string[], below: string[] = [], nameLabel = '项目名称') => [tablePage(1, [
    {
      x: 30, y: 80, widths: W, rowHeight: 24,
      rows: [
        [nameLabel, { text: '测试项目', cols: 8 }],
        ['主管部门', { text: '某局', cols: 3 }, '实施单位', { text: '某中心', cols: 4 }],
        [{ text: '项目资金（万元）', rows: 2 }, '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', { text: '得分', cols: 2 }],
        [null, '年度资金总额：', '10.00', '10.00', '10.00', '10', '100.00', { text: '10', cols: 2 }],
        [{ text: '年度总体目标', rows: 2 }, { text: '预期目标', cols: 4 }, { text: '实际完成情况', cols: 4 }],
        [null, { text: '完成', cols: 4 }, { text: '完成', cols: 4 }],
        indicatorHeader,
        row,
        [{ text: '总分', cols: 5 }, '10', '10', { text: '', cols: 2 }],
      ],
    },
  ], [
    { str: '项目支出绩效自评表', size: 14, x0: 200, x1: 326, y0: 40, y1: 54 },
    ...below.map((str, k) => ({ str, size: 9, x0: 30, x1: 30 + 9 * str.length, y0: 310 + 12 * k, y1: 319 + 12 * k })),
  ])].map((p) => layoutPage(p));

  it('names an indicator column it does not understand instead of dropping its values silently', () => {
    const pages = form(
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施', '是否核心指标'],
      ['产出指标', '数量指标', '巡检次数', '6次', '6次', '10', '10', '', '是'],
    );
    const { form: f, errors } = finishForm(parseForms(pages).forms[0]);
    expect(f!.indicators.map((i) => [i.level3, i.target, i.actual, i.weight, i.score])).toEqual([['巡检次数', '6次', '6次', 10, 10]]);
    expect(errors).toEqual([{ page: 1, message: 'the indicator table\'s column 「是否核心指标」 is not understood; its values are not output', code: 'form' }]);
  });

  it('withholds a project form whose indicator header lacks a column it needs, saying which', () => {
    const pages = form(
      ['一级指标', '二级指标', '三级指标', '年度指标值', '得分系数', '分值', '得分', '偏差原因分析及改进措施', '备注'],
      ['产出指标', '数量指标', '巡检次数', '6次', '1', '10', '10', '', ''],
    );
    const { form: f, errors } = finishForm(parseForms(pages).forms[0]);
    expect(f).toBeNull();
    expect(errors.map((e) => e.message)).toContain('form 「测试项目」 not extracted: the indicator header has no 实际完成值 column');
  });

  it('reports an indicator table without 三级指标 (指标名称 | 计量单位 | …) as a missing section, never as indicators', () => {
    const pages = form(
      ['指标名称', '计量单位', '指标性质', '年初指标值', '调整指标值', '全年完成值', '得分系数', '指标权重', '指标得分'],
      ['巡检次数', '次', '定量', '6', '6', '6', '100', '10', '10'],
    );
    const { form: f, errors } = finishForm(parseForms(pages).forms[0]);
    expect(f?.indicators ?? []).toEqual([]);
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/is missing 绩效指标/));
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/^unexpected row in goals: 「指标名称计量单位/));
  });

  it('takes a note under the table that names a form for a note, not for a new form', () => {
    const pages = form(
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施', ''],
      ['产出指标', '数量指标', '巡检次数', '6次', '6次', '10', '10', '', ''],
      ['注：请于次年3月底前报送项目支出绩效自评表', '和佐证材料。'],
    );
    const { forms } = parseForms(pages);
    expect(forms).toHaveLength(1);
    const { form: f, errors } = finishForm(forms[0]);
    expect(errors).toEqual([]);
    expect(f!.notes).toEqual([{ label: '注', text: '请于次年3月底前报送项目支出绩效自评表和佐证材料。' }]);
  });

  it('reads a form named by 专项资金名称 as a transfer form (no 分值/得分 needed) whatever its title', () => {
    const pages = form(
      ['一级指标', '二级指标', '三级指标', '年度指标值', '全年完成值', '', '', '未完成原因和改进措施', ''],
      ['产出指标', '数量指标', '巡检次数', '6次', '6次', '', '', '', ''],
      [], '专项资金名称',
    );
    const { form: f, errors } = finishForm(parseForms(pages).forms[0]);
    expect(errors.filter((e) => !e.message.includes('总分'))).toEqual([]);
    expect([f!.kind, f!.projectName, f!.indicators[0].weight]).toEqual(['transfer', '测试项目', null]);
  });

  it('joins a row split over a page break with closed borders (LibreOffice Writer), its values and its label fragment continued too', () => {
    const [page1] = form(
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施', ''],
      ['效益指', '社会效益', '群众出行条件', '明显', '明显改善', '15', '15', '', ''],
    );
    page1.rows = page1.rows.filter((r) => !r.cells.some((c) => c.text === '总分'));
    const page2 = layoutPage(tablePage(2, [{
      x: 30, y: 60, widths: W, rowHeight: 24,
      rows: [
        ['标', '', '改善情况', '改善', '', '', '', '', ''],
        ['效益指标', '可持续影响', '长效机制', '健全', '健全', '10', '10', '', ''],
        [{ text: '总分', cols: 5 }, '25', '25', { text: '', cols: 2 }],
      ],
    }]));
    // the page-break pass decides, as extract does before parsing
    expect(joinPageBreaks([page1, page2], { isHeading: isHeadingWord })).toEqual([]);
    const { form: f, errors } = finishForm(parseForms([page1, page2]).forms[0]);
    expect(errors).toEqual([]);
    // the one-row 一级 cell was split too: its fragment 标 on page 2 ends the label of page 1
    expect(f!.indicators.map((i) => [i.level1, i.level3, i.target, i.actual, i.weight])).toEqual([
      ['效益指标', '群众出行条件改善情况', '明显改善', '明显改善', 15],
      ['效益指标', '长效机制', '健全', '健全', 10],
    ]);
  });
});
