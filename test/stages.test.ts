// The pure stages on small hand-made pages: layout (lines -> cells with spans, text joining)
// and the parser (sections, columns by header words, cells continued over a page break).
import { describe, expect, it } from 'vitest';
import { layoutPage } from '../src/layout/index.js';
import { parseForms } from '../src/parse/form.js';
import { Glyphs } from '../src/read/graphics/index.js';
import { glyphsToItems } from '../src/read/items.js';
import { InThreadPort } from '../src/read/pdf.js';
import { foldIdeographs, parseNumber } from '../src/text/normalize.js';
import { finishForm } from '../src/validate/index.js';
import { item, tablePage, type SynthTable } from './helpers/synthetic.js';

const texts = (page: ReturnType<typeof layoutPage>) => page.rows.map((r) => r.cells.map((c) => c.text));

describe('layout', () => {
  const spans: SynthTable = {
    x: 40, y: 100, widths: [60, 60, 120], rowHeight: 30,
    rows: [
      [{ text: '项目名称', cols: 1 }, { text: '合并两列', cols: 2 }],
      [{ text: '产出\n指标', rows: 2 }, '数量', '甲'],
      [null, '质量', '乙'],
    ],
  };

  it('finds row and column spans from missing rules', () => {
    const page = layoutPage(tablePage(1, [spans]));
    expect(texts(page)).toEqual([
      ['项目名称', '合并两列'],
      ['产出指标', '数量', '甲'],
      ['产出指标', '质量', '乙'],
    ]);
    // the merged cell is one cell in both bands
    expect(page.rows[1].cells[0].id).toBe(page.rows[2].cells[0].id);
  });

  it('gives the same cells when every cell edge is its own short segment', () => {
    const a = layoutPage(tablePage(1, [spans]));
    const b = layoutPage(tablePage(1, [{ ...spans, perCellEdges: true }]));
    expect(texts(b)).toEqual(texts(a));
  });

  it('snaps double and slightly offset rules onto one line', () => {
    const content = tablePage(1, [spans]);
    content.segments.push(...content.segments.map((s) => ({ ...s, x0: s.x0 + 0.6, x1: s.x1 + 0.6, y0: s.y0 + 0.8, y1: s.y1 + 0.8 })));
    expect(texts(layoutPage(content))).toEqual(texts(layoutPage(tablePage(1, [spans]))));
  });

  it('cuts an item that runs across a cell border into the two cells', () => {
    const content = tablePage(1, [{ x: 40, y: 100, widths: [60, 60], rowHeight: 20, rows: [['', '']] }]);
    content.items.push(item('数量指标达成', 45, 105)); // 6 ems of 9pt: 45..99, border at 100
    content.items.push({ ...item('指标值', 0, 105), x0: 82, x1: 127 }); // starts left of the border at 100
    const page = layoutPage(content);
    expect(texts(page)).toEqual([['数量指标达成指', '标值']]);
  });

  it('joins wrapped CJK lines with nothing between them and keeps text outside tables as rows', () => {
    const content = tablePage(1, [{ x: 40, y: 100, widths: [80], rowHeight: 60, rows: [['及时（按期\n运维）']] }], [item('财政项目支出绩效自评表', 150, 40)]);
    expect(texts(layoutPage(content))).toEqual([['财政项目支出绩效自评表'], ['及时（按期运维）']]);
  });

  it('marks cells left open at a page break', () => {
    const page = layoutPage(tablePage(2, [{ x: 40, y: 60, widths: [50, 100], rowHeight: 20, rows: [['指标', '乙']], openTop: [0] }]));
    const [first, second] = page.rows[0].cells;
    expect(first.openTop).toBe(true);
    expect(second.openTop).toBe(false);
  });
});

describe('the in-thread port between pdfjs halves', () => {
  const delivered = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('delivers later, clones ordinary messages, hands operator lists over with fresh arrays', async () => {
    const port = new InThreadPort();
    const got: unknown[] = [];
    port.addEventListener('message', (e) => got.push(e.data));
    const plain = { action: 'GetPage', data: { pageIndex: 1 } };
    const glyph = { unicode: '项', width: 1000 };
    const chunk = { stream: 4, chunk: { fnArray: [44], argsArray: [[[glyph]]], lastChunk: false, length: 1 } };
    port.postMessage(plain);
    port.postMessage(chunk);
    expect(got).toEqual([]);
    // the sender empties its arrays right after sending (OperatorList.flush)
    chunk.chunk.fnArray.length = 0;
    chunk.chunk.argsArray.length = 0;
    await delivered();
    expect(got[0]).toEqual(plain);
    expect(got[0]).not.toBe(plain);
    const sent = got[1] as typeof chunk;
    expect(sent.chunk.fnArray).toEqual([44]);
    expect(sent.chunk.argsArray[0][0][0]).toBe(glyph);
  });

  it('drops a listener when its signal aborts, as pdfjs does when a document closes', async () => {
    const port = new InThreadPort();
    const calls: string[] = [];
    const documents = Array.from({ length: 3 }, (_, k) => {
      const ac = new AbortController();
      port.addEventListener('message', () => calls.push(`doc${k}`), { signal: ac.signal });
      return ac;
    });
    expect(port.listenerCount).toBe(3);
    documents.forEach((ac) => ac.abort());
    expect(port.listenerCount).toBe(0);
    port.postMessage({ action: 'test' });
    await delivered();
    expect(calls).toEqual([]);
  });
});

describe('text cleanup', () => {
  it('folds Kangxi radicals and compatibility ideographs but keeps full-width punctuation', () => {
    expect(foldIdeographs('⽬标（⻓期）：')).toBe('目标（长期）：');
    expect(foldIdeographs('\uF9B1')).toBe('鈴');
  });

  it('drops letter-spacing between CJK glyphs and a glyph drawn twice, whatever the drawing order', () => {
    const drawn = new Glyphs();
    const glyph = (ch: string, x: number) => drawn.push(ch, x, 100, x + 9, 9, x, 92, x + 9, 101);
    // drawn right to left, then 项 again at (nearly) the same spot
    [...'项 目A B'].map((ch, k) => [ch, 10 + k * 9] as const).reverse().forEach(([ch, x]) => glyph(ch, x));
    glyph('项', 10.2);
    const items = glyphsToItems(drawn);
    expect(items.map((i) => i.str)).toEqual(['项目A B']);
    expect(items[0].starts).toEqual([10, 28, 37, 46, 55]);
  });

  it('drops a glyph drawn twice wherever the two copies fall on the dedupe grid', () => {
    // size 9: twins are within 2.7 pt; step across several grid cells in small steps
    for (let x = 20; x < 40; x += 0.37) {
      for (const [dx, dy] of [[0.4, 0], [-0.4, 0.3], [2.6, -2.6], [-2.6, 2.6]]) {
        const drawn = new Glyphs();
        drawn.push('国', x, 100, x + 9, 9, x, 92, x + 9, 101);
        drawn.push('国', x + dx, 100 + dy, x + dx + 9, 9, x + dx, 92 + dy, x + dx + 9, 101 + dy);
        expect(glyphsToItems(drawn).map((i) => i.str)).toEqual(['国']);
      }
      // a copy more than 0.3 em away is another character
      const two = new Glyphs();
      two.push('国', x, 100, x + 9, 9, x, 92, x + 9, 101);
      two.push('国', x + 9, 100, x + 18, 9, x + 9, 92, x + 18, 101);
      expect(glyphsToItems(two).map((i) => i.str)).toEqual(['国国']);
    }
  });

  it('parses printed numbers', () => {
    expect(parseNumber('1,990.09')).toBe(1990.09);
    expect(parseNumber('１２．５')).toBe(12.5);
    expect(parseNumber('99.44%')).toBe(99.44);
    expect(parseNumber('10分')).toBe(10);
    expect(parseNumber('99.00万元')).toBe(99);
    expect(parseNumber('-')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('达成指标')).toBeNaN();
  });
});

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
  const rows2: (string | null | { text: string; rows?: number })[][] = [];
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
