// The parse stage (and the validation after it) on small hand-made pages: sections, columns by
// header words, cells continued over a page break.
import { describe, expect, it } from 'vitest';
import { layoutPage } from '../src/layout/index.js';
import { parseForms } from '../src/parse/form.js';
import { finishForm } from '../src/validate/index.js';
import { item, tablePage, type SynthTable } from './helpers/synthetic.js';

// A two-page form: the 效益指标 merged cell runs over the page break, its label split in two,
// and the last row of page 1 (a long 偏差原因 note) continues on page 2.
const W = [40, 40, 90, 60, 60, 35, 35, 90];
const header = ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'];
function twoPageForm(opts: { repeatHeader?: boolean; noLines?: boolean; goalsByRow?: boolean; heading?: boolean } = {}) {
  const page1 = tablePage(1, [
    {
      x: 40, y: 80, widths: [80, 100, 100, 100, 50, 50, 50], rowHeight: 24,
      rows: [
        ['项目名称', { text: '测试项目', cols: 6 }],
        ['主管部门', { text: '某局', cols: 2 }, '实施单位', { text: '某中心', cols: 3 }],
        [{ text: '项目资金（万元）', rows: 3 }, '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率(%)'],
        [null, '年度资金总额：', '1,000.00', '100.00', '90.00', '10.00', '90.00'],
        [null, '其中：本年财政拨款', '1,000.00', '100.00', '90.00', '-', '90.00'],
      ],
    },
    {
      x: 40, y: 230, widths: [80, 250, 200], rowHeight: 24,
      rows: opts.goalsByRow
        ? [
          [{ text: '年度总体目标', rows: 2 }, '预期目标', '完成建设'],
          [null, '实际完成情况', '已完成'],
        ]
        : [
          [{ text: '年度总体目标', rows: 2 }, '预期目标', '实际完成情况'],
          [null, '完成建设', '已完成'],
          ...(opts.heading ? [[{ text: '绩效指标', cols: 3 }]] : []),
        ],
    },
    {
      x: 40, y: 290, widths: W, rowHeight: 24, openBottom: [0, 7, 1, 2, 3, 4, 5, 6],
      rows: [
        header,
        [{ text: '产出指标', rows: 2 }, { text: '数量指标', rows: 2 }, '巡检次数', '=6.00(次)', '3.00(次)', '5.00', '3.00', '服务期过半'],
        [null, null, '完成率', '≥90.00(%)', '95.00(%)', '5.00', '5.00', ''],
        [{ text: '效益', rows: 1 }, { text: '社会效益', rows: 1 }, '稳定性', '稳定', '达成指标', '5.00', '4.00', '因设备老化'],
      ],
    },
  ], [item('财政项目支出绩效自评表', 200, 30), item('（2024年度）', 230, 50)]);
  const rows2: SynthTable['rows'] = [];
  if (opts.repeatHeader) rows2.push(header);
  rows2.push([{ text: '指标', rows: 2 }, { text: '指标', rows: 2 }, '', '', '', '', '', '，已更换']);
  rows2.push([null, null, '有效性', '有效', '达成指标', '5.00', '5.00', '']);
  rows2.push([{ text: '总分', cols: 5 }, '25.00', '22.00', '']);
  rows2.push([{ text: '评分等级', cols: 5 }, { text: '良', cols: 3 }]);
  const page2 = tablePage(2, [{ x: 40, y: 60, widths: W, rowHeight: 24, rows: rows2, openTop: opts.repeatHeader ? [] : [0, 1, 2, 3, 4, 5, 6, 7] }]);
  if (opts.noLines) for (const p of [page1, page2]) p.segments = [];
  return [page1, page2].map((p) => layoutPage(p));
}

describe('the form state machine', () => {
  it('reads every section and joins a merged cell and a row split by a page break', () => {
    const { forms } = parseForms(twoPageForm());
    expect(forms).toHaveLength(1);
    const { form, errors } = finishForm(forms[0]);
    expect(errors).toEqual([]);
    expect(form).not.toBeNull();
    const f = form!;
    expect([f.title, f.year, f.projectName, f.department, f.implementingUnit]).toEqual(['财政项目支出绩效自评表', 2024, '测试项目', '某局', '某中心']);
    expect(f.pages).toEqual([1, 2]);
    expect(f.funds.unit).toBe('万元');
    expect(f.funds.total).toEqual({ initialBudget: 1000, annualBudget: 100, executed: 90, weight: 10, executionRate: 90, score: null });
    expect(f.funds.currentYearAppropriation.weight).toBeNull();
    expect(f.funds.carryover.initialBudget).toBeNull();
    expect(f.goals).toEqual({ expected: '完成建设', actual: '已完成' });
    expect(f.indicators.map((i) => [i.level1, i.level2, i.level3, i.deviation, i.weight, i.score])).toEqual([
      ['产出指标', '数量指标', '巡检次数', '服务期过半', 5, 3],
      ['产出指标', '数量指标', '完成率', '', 5, 5],
      ['效益指标', '社会效益指标', '稳定性', '因设备老化，已更换', 5, 4],
      ['效益指标', '社会效益指标', '有效性', '', 5, 5],
    ]);
    expect([f.totalWeight, f.totalScore, f.grade]).toEqual([25, 22, '良']);
  });

  it('does not take a header row repeated on the next page for an indicator', () => {
    const { forms } = parseForms(twoPageForm({ repeatHeader: true }));
    const { form } = finishForm(forms[0]);
    // the cells left open at the foot of page 1 go on below the repeated header
    expect(form!.indicators.map((i) => [i.level1, i.level3, i.deviation])).toEqual([
      ['产出指标', '巡检次数', '服务期过半'],
      ['产出指标', '完成率', ''],
      ['效益指标', '稳定性', '因设备老化，已更换'],
      ['效益指标', '有效性', ''],
    ]);
  });

  it('reads goals whose 预期目标 and 实际完成情况 labels run down the side', () => {
    const { form, errors } = finishForm(parseForms(twoPageForm({ goalsByRow: true })).forms[0]);
    expect(errors).toEqual([]);
    expect(form!.goals).toEqual({ expected: '完成建设', actual: '已完成' });
  });

  it('does not take a heading row across the goal columns for goal text', () => {
    const { form, errors } = finishForm(parseForms(twoPageForm({ heading: true })).forms[0]);
    expect(errors).toEqual([]);
    expect(form!.goals).toEqual({ expected: '完成建设', actual: '已完成' });
  });

  it('takes a year line printed above the title and a units line outside the table', () => {
    const [page1, page2] = twoPageForm();
    const title = page1.rows.findIndex((r) => r.cells[0].text === '财政项目支出绩效自评表');
    const year = page1.rows.findIndex((r) => r.cells[0].text === '（2024年度）');
    // move the year above the title and put a units line in its place
    page1.rows[year].cells[0].text = '单位：千元';
    page1.rows.splice(title, 0, { ...page1.rows[year], cells: [{ ...page1.rows[year].cells[0], text: '2023年度' }] });
    page1.rows.forEach((r) => r.cells.forEach((c) => (c.text = c.text.replace('项目资金（万元）', '项目资金'))));
    const { form, errors } = finishForm(parseForms([page1, page2]).forms[0]);
    expect(errors).toEqual([]);
    expect([form!.year, form!.funds.unit]).toEqual([2023, '千元']);
  });

  it('withholds a form whose indicator table has no ruling lines, saying why', () => {
    const { form, errors } = finishForm(parseForms(twoPageForm({ noLines: true })).forms[0]);
    expect(form).toBeNull();
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/「测试项目」 not extracted: the indicator table has no ruling lines/));
  });

  it('reports a missing section by name and still returns the form', () => {
    const pages = twoPageForm();
    pages[1].rows = pages[1].rows.filter((r) => !r.cells.some((c) => c.text === '总分'));
    const { form, errors } = finishForm(parseForms(pages).forms[0]);
    expect(form).not.toBeNull();
    expect(errors).toEqual([{ page: 1, message: 'form 「测试项目」 is missing 总分', code: 'form' }]);
  });
});
