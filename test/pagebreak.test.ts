// The continuation decision at page breaks (src/layout/pagebreak.ts) on small hand-made pages:
// tables whose cells are closed by a rule on both sides of the break, as Word, Writer and
// report engines draw them.
import { describe, expect, it } from 'vitest';
import type { Cell, PageLayout, Row } from '../src/layout/index.js';
import { decideLabel, isIndicatorLabel, joinPageBreaks, vocabularyEvidence } from '../src/layout/pagebreak.js';
import { sidewaysTurn } from '../src/read/pdf.js';

const SIZE = 10; // font size: a text line is SIZE high, LINE apart
const LINE = 13;
const PAD = 3;
/** Columns: 一级 | 二级 | 三级 | 分值 | 得分 */
const XS = [40, 70, 100, 300, 350, 400];

type Where = 'top' | 'centre' | 'bottom';
interface Spec {
  r0: number;
  r1?: number;
  c0: number;
  c1?: number;
  text?: string;
  /** the text's lines as printed (default: the text wrapped, two characters per line in narrow columns) */
  lines?: string[];
  at?: Where;
}

/** A page holding one ruled table: `ys` band edges, `specs` its cells (every other box is an empty cell). */
function page(n: number, ys: number[], specs: Spec[], loose: string[] = []): PageLayout {
  const grid: (Cell | undefined)[][] = ys.slice(1).map(() => XS.slice(1).map(() => undefined));
  let id = 0;
  const make = (s: Spec): Cell => {
    const r1 = s.r1 ?? s.r0, c1 = s.c1 ?? s.c0;
    const x0 = XS[s.c0], x1 = XS[c1 + 1], y0 = ys[s.r0], y1 = ys[r1 + 1];
    const text = s.text ?? s.lines?.join('') ?? '';
    const perLine = Math.max(1, Math.floor((x1 - x0 - 2 * PAD) / SIZE));
    const lines = s.lines ?? (text ? text.match(new RegExp(`.{1,${perLine}}`, 'gu'))! : []);
    const h = lines.length * LINE;
    const top = s.at === 'top' ? y0 + PAD : s.at === 'bottom' ? y1 - PAD - h : (y0 + y1 - h) / 2;
    const boxes = lines.map((l, k) => ({ x0: x0 + PAD, x1: x0 + PAD + l.length * SIZE, y0: top + k * LINE + 1.5, y1: top + k * LINE + 1.5 + SIZE }));
    const cell: Cell = { x0, x1, y0, y1, text, id: id++, ruled: true, openTop: false, openBottom: false, lines: boxes };
    for (let r = s.r0; r <= r1; r++) for (let c = s.c0; c <= c1; c++) grid[r][c] = cell;
    return cell;
  };
  specs.forEach(make);
  grid.forEach((row, r) => row.forEach((c, k) => {
    if (!c) make({ r0: r, c0: k });
  }));
  const rows: Row[] = loose.map((text, k) => ({
    page: n, x0: XS[0], x1: XS[XS.length - 1], y0: 10 + k * 12, y1: 20 + k * 12, tableStart: false, tableEnd: false,
    cells: [{ x0: XS[0], x1: XS[2], y0: 10 + k * 12, y1: 20 + k * 12, text, id: id++, ruled: false, openTop: false, openBottom: false, lines: [] }],
  }));
  grid.forEach((row, r) => rows.push({
    page: n, x0: XS[0], x1: XS[XS.length - 1], y0: ys[r], y1: ys[r + 1], tableStart: r === 0, tableEnd: r === grid.length - 1,
    cells: [...new Set(row)].filter((c): c is Cell => !!c),
  }));
  return { page: n, width: 595, height: 842, rows };
}

const cellAt = (p: PageLayout, band: number, col: number) => p.rows.filter((r) => r.cells.some((c) => c.ruled))[band].cells.find((c) => c.x0 === XS[col])!;

/** A band of 三级/分值/得分 of its own. */
const row = (r: number, level3: string, weight = '5.00', score = '5.00'): Spec[] => [
  { r0: r, c0: 2, text: level3, at: 'top' }, { r0: r, c0: 3, text: weight }, { r0: r, c0: 4, text: score },
];

const P1 = [700, 720, 740, 760, 780, 800]; // five bands at the bottom of page 1
const P2 = [50, 70, 90, 110]; // three bands at the top of page 2

describe('merged labels cut by a page break, closed on both sides', () => {
  it('(a) lines shared between the parts: 满意度指 | 标 is one label, given whole to every row', () => {
    const p1 = page(1, P1, [
      { r0: 0, r1: 4, c0: 0, lines: ['满意', '度指'], at: 'bottom' },
      { r0: 0, r1: 4, c0: 1, lines: ['服务', '对象'], at: 'bottom' },
      ...[0, 1, 2, 3, 4].flatMap((r) => row(r, `指标${r}`)),
    ]);
    const p2 = page(2, P2, [
      { r0: 0, r1: 2, c0: 0, lines: ['标'], at: 'top' },
      { r0: 0, r1: 2, c0: 1, lines: ['满意', '度指标'], at: 'top' },
      ...[0, 1, 2].flatMap((r) => row(r, `指标${r + 5}`)),
    ]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    const [a, b] = [cellAt(p1, 4, 0), cellAt(p2, 0, 0)];
    expect([a.text, b.text, a.openBottom, b.openTop]).toEqual(['满意度指标', '', true, true]);
    expect(cellAt(p1, 4, 1).text).toBe('服务对象满意度指标');
    // the rows of page 2 stay rows of their own
    expect([cellAt(p2, 0, 2).text, cellAt(p2, 0, 2).openTop]).toEqual(['指标5', false]);
  });

  it('(a) 社会 | 效益指标, filling a one-band part before the break (only the vocabulary can tell)', () => {
    const p1 = page(1, P1, [{ r0: 4, c0: 1, lines: ['社会'] }, ...row(4, '末行')]);
    const p2 = page(2, P2, [{ r0: 0, r1: 1, c0: 1, lines: ['效益', '指标'], at: 'top' }, ...row(0, '甲'), ...row(1, '乙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect(cellAt(p1, 4, 1).text).toBe('社会效益指标');
  });

  it('(b) the whole label after the break, the part before it blank', () => {
    const p1 = page(1, P1, [{ r0: 0, r1: 2, c0: 0, text: '产出指标' }, { r0: 3, r1: 4, c0: 0 }, ...row(3, '甲'), ...row(4, '乙')]);
    const p2 = page(2, P2, [{ r0: 0, r1: 2, c0: 0, text: '效益指标' }, ...row(0, '丙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect(cellAt(p1, 3, 0).text).toBe('效益指标');
    expect(cellAt(p1, 0, 0).text).toBe('产出指标');
  });

  it('(c) the whole label before the break, the part after it blank', () => {
    const p1 = page(1, P1, [{ r0: 2, r1: 4, c0: 0, text: '效益指标' }, ...row(4, '甲')]);
    const p2 = page(2, P2, [{ r0: 0, r1: 0, c0: 0 }, { r0: 1, r1: 2, c0: 0, text: '满意度指标' }, ...row(0, '丙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 0).text, cellAt(p2, 0, 0).openTop, cellAt(p2, 1, 0).text]).toEqual(['效益指标', true, '满意度指标']);
  });

  it('(d) the label repeated on both parts: given once', () => {
    const p1 = page(1, P1, [{ r0: 2, r1: 4, c0: 1, text: '社会效益指标' }, ...row(4, '甲')]);
    const p2 = page(2, P2, [{ r0: 0, r1: 1, c0: 1, text: '社会效益指标' }, ...row(0, '丙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 1).text, cellAt(p2, 0, 1).text, cellAt(p2, 0, 1).openTop]).toEqual(['社会效益指标', '', true]);
  });

  it('a label left open at the break (no rule) and repeated on the next page is given once', () => {
    const p1 = page(1, P1, [{ r0: 2, r1: 4, c0: 0, text: '产出指标' }, ...row(4, '甲')]);
    const p2 = page(2, P2, [{ r0: 0, r1: 1, c0: 0, text: '产出指标' }, ...row(0, '乙')]);
    cellAt(p1, 4, 0).openBottom = true;
    cellAt(p2, 0, 0).openTop = true;
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 0).text, cellAt(p2, 0, 0).text, cellAt(p2, 0, 0).openTop]).toEqual(['产出指标', '', true]);
  });

  it('a genuine new label starting exactly at the top of a page is not glued to the one before', () => {
    // one-band cells filled by their labels: placement cannot tell, both are framework labels
    const p1 = page(1, P1, [{ r0: 4, c0: 1, text: '数量指标', lines: ['数量指标'] }, ...row(4, '甲')]);
    const p2 = page(2, P2, [{ r0: 0, c0: 1, text: '质量指标', lines: ['质量指标'] }, ...row(0, '乙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 1).text, cellAt(p2, 0, 1).text, cellAt(p1, 4, 1).openBottom, cellAt(p2, 0, 1).openTop]).toEqual(['数量指标', '质量指标', false, false]);
    // tall cells with centred labels: each part is a whole label, whatever the words
    const q1 = page(1, P1, [{ r0: 1, r1: 4, c0: 0, text: '甲类项目' }, ...row(4, '甲')]);
    const q2 = page(2, P2, [{ r0: 0, r1: 2, c0: 0, text: '乙类项目' }, ...row(0, '乙')]);
    expect(joinPageBreaks([q1, q2])).toEqual([]);
    expect([cellAt(q1, 4, 0).text, cellAt(q2, 0, 0).text, cellAt(q2, 0, 0).openTop]).toEqual(['甲类项目', '乙类项目', false]);
  });

  it('reports what it cannot tell, with the page and the column, instead of guessing', () => {
    const head = page(1, [600, 620], [{ r0: 0, c0: 0, text: '一级指标' }, { r0: 0, c0: 1, text: '二级指标' }, { r0: 0, c0: 2, text: '三级指标' }, { r0: 0, c0: 3, text: '分值' }]);
    head.rows.push(...page(1, P1, [{ r0: 0, r1: 3, c0: 1, text: '产出指标' }, { r0: 4, c0: 1, lines: ['项目管'] }, ...row(4, '甲')]).rows);
    const p2 = page(2, P2, [{ r0: 0, c0: 1, lines: ['理成效'] }, ...row(0, '乙')]);
    expect(joinPageBreaks([head, p2])).toEqual([{ page: 2, message: 'cannot tell whether 「理成效」 continues the 二级指标 「项目管」 of page 1' }]);
    expect([cellAt(head, 5, 1).text, cellAt(p2, 0, 1).text]).toEqual(['项目管', '理成效']);
  });

  it('decides a label part by part: nothing printed before the break continues a chain only when the chain has no label yet', () => {
    const p1 = page(1, P1, [{ r0: 0, r1: 4, c0: 0 }]);
    const p2 = page(2, P2, [{ r0: 0, r1: 2, c0: 0, text: '成本指标' }]);
    const [b, t] = [cellAt(p1, 4, 0), cellAt(p2, 0, 0)];
    expect(decideLabel(b, t, '', '')).toBe('continue');
    expect(decideLabel(b, t, '效益指标', '')).toBe('new');
    expect(decideLabel(b, t, '成本指标', '')).toBe('continue');
  });
});

describe('rows split across pages', () => {
  it('a row whose number columns are empty at the top of the page is the rest of the row before', () => {
    const p1 = page(1, P1, [
      { r0: 0, r1: 4, c0: 0, text: '产出指标' }, { r0: 0, r1: 4, c0: 1, text: '数量指标' },
      ...row(3, '甲'), { r0: 4, c0: 2, lines: ['机房基础设施与气体消防巡检（含UPS、精密'], at: 'top' }, { r0: 4, c0: 3, text: '5.00' }, { r0: 4, c0: 4, text: '4.00' },
    ]);
    const p2 = page(2, P2, [
      { r0: 0, c0: 0 }, { r0: 1, r1: 2, c0: 0, text: '效益指标' }, { r0: 0, c0: 1 }, { r0: 1, r1: 2, c0: 1, text: '社会效益指标' },
      { r0: 0, c0: 2, lines: ['空调、配电柜）'], at: 'top' }, ...row(1, '乙'), ...row(2, '丙'),
    ]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect(cellAt(p1, 4, 2).text).toBe('机房基础设施与气体消防巡检（含UPS、精密空调、配电柜）');
    expect(cellAt(p2, 0, 2).text).toBe('');
    // the continuation band is left empty; the label cells it held end there, so nothing after
    // it may join the labels before the break
    expect([cellAt(p1, 4, 0).openBottom, cellAt(p2, 0, 0).openTop, cellAt(p2, 1, 0).text]).toEqual([false, false, '效益指标']);
  });

  it('a new row at the top of the page has values of its own: not joined', () => {
    const p1 = page(1, P1, [...row(4, '甲')]);
    const p2 = page(2, P2, [...row(0, '乙', '3.00', '2.00')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 2).text, cellAt(p2, 0, 2).text]).toEqual(['甲', '乙']);
  });

  it('in the funds block: 其中：当年财 | 政拨款 with the numbers before the break', () => {
    const p1 = page(1, P1, [{ r0: 0, r1: 4, c0: 0, c1: 1, text: '项目资金' }, { r0: 4, c0: 2, lines: ['其中：当年财'], at: 'top' }, { r0: 4, c0: 3, text: '99.00' }, { r0: 4, c0: 4, text: '-' }]);
    const p2 = page(2, P2, [{ r0: 0, r1: 1, c0: 0, c1: 1 }, { r0: 0, c0: 2, lines: ['政拨款'], at: 'top' }, { r0: 1, c0: 2, text: '上年结转资金' }, { r0: 1, c0: 3, text: '0.00' }]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 2).text, cellAt(p2, 0, 2).text, cellAt(p2, 1, 2).text]).toEqual(['其中：当年财政拨款', '', '上年结转资金']);
  });

  it('in a block without numbers, text running to the break goes on unless it is a heading', () => {
    const isHeading = (t: string) => ['主管部门', '实施单位', '预期目标', '实际完成情况'].includes(t);
    const p1 = page(1, P1, [{ r0: 4, c0: 0, text: '主管部门' }, { r0: 4, c0: 1, c1: 2, lines: ['上海市闵行区数'], at: 'top' }, { r0: 4, c0: 3, text: '实施单位' }, { r0: 4, c0: 4, text: '大数据中心' }]);
    const p2 = page(2, P2, [{ r0: 0, c0: 1, c1: 2, lines: ['据局(汇总)'], at: 'top' }]);
    expect(joinPageBreaks([p1, p2], { isHeading })).toEqual([]);
    expect([cellAt(p1, 4, 1).text, cellAt(p2, 0, 1).text]).toEqual(['上海市闵行区数据局(汇总)', '']);
    // a heading row at the bottom, the text under it on the next page: two rows
    const q1 = page(1, P1, [{ r0: 4, c0: 0, c1: 1, text: '预期目标' }, { r0: 4, c0: 2, c1: 4, text: '实际完成情况' }]);
    const q2 = page(2, P2, [{ r0: 0, c0: 0, c1: 1, lines: ['全面落实'], at: 'top' }]);
    expect(joinPageBreaks([q1, q2], { isHeading })).toEqual([]);
    expect([cellAt(q1, 4, 0).text, cellAt(q2, 0, 0).text]).toEqual(['预期目标', '全面落实']);
  });

  it('a header row repeated at the top of the page is looked past; a new form\'s title stops the seam', () => {
    const header: Spec[] = [{ r0: 0, c0: 0, text: '一级指标' }, { r0: 0, c0: 1, text: '二级指标' }, { r0: 0, c0: 2, text: '三级指标' }, { r0: 0, c0: 3, text: '分值' }];
    const p1 = page(1, [100, 120, ...P1], [...header, { r0: 2, r1: 6, c0: 0, lines: ['满意', '度指'], at: 'bottom' }, ...row(6, '甲')]);
    const p2 = page(2, [50, 70, 90, 110], [...header, { r0: 1, r1: 2, c0: 0, lines: ['标'], at: 'top' }, ...row(1, '乙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect(cellAt(p1, 6, 0).text).toBe('满意度指标');

    const q1 = page(1, P1, [{ r0: 0, r1: 4, c0: 0, lines: ['满意', '度指'], at: 'bottom' }, ...row(4, '甲')]);
    const q2 = page(2, P2, [{ r0: 0, r1: 2, c0: 0, lines: ['标'], at: 'top' }], ['财政项目支出绩效自评表']);
    joinPageBreaks([q1, q2], { startsForm: (t) => t.includes('自评表') });
    expect(cellAt(q1, 4, 0).text).toBe('满意度指');
  });
});

describe('slivers', () => {
  it('a first band holding only labels that start there is no sliver: the labels after the break are decided', () => {
    const p1 = page(1, P1, [{ r0: 0, r1: 3, c0: 0, text: '产出指标' }, { r0: 4, c0: 0 }, ...row(4, '日常工作正常开展')]);
    const p2 = page(2, P2, [{ r0: 0, r1: 2, c0: 0, text: '效益指标' }, { r0: 0, c0: 2 }, { r0: 0, c0: 3 }, { r0: 0, c0: 4 }, ...row(1, '乙')]);
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect([cellAt(p1, 4, 0).text, cellAt(p2, 0, 0).text]).toEqual(['效益指标', '']);
  });

  it('an empty sliver of a row left at the bottom of a page (ReportLab) is dropped; the row starts on the next page', () => {
    const p1 = page(1, P1, [{ r0: 0, r1: 4, c0: 0, text: '产出指标' }, ...row(3, '甲')]);
    const p2 = page(2, P2, [{ r0: 0, c0: 0 }, ...row(0, '乙'), ...row(1, '丙')]);
    const sliver = p1.rows[p1.rows.length - 1];
    for (const c of sliver.cells) c.openBottom = true;
    for (const c of p2.rows[0].cells) c.openTop = true;
    expect(joinPageBreaks([p1, p2])).toEqual([]);
    expect(p1.rows).not.toContain(sliver);
    expect([cellAt(p2, 0, 2).text, cellAt(p2, 0, 2).openTop, cellAt(p1, 3, 2).text]).toEqual(['乙', false, '甲']);
  });
});

describe('evidence', () => {
  it('the framework vocabulary: whole labels, with or without 指标 and a weight suffix', () => {
    expect(['产出指标', '效益', '社会效益指标', '服务对象满意度指标', '产出指标(50分)', '成本指标（20分）'].every(isIndicatorLabel)).toBe(true);
    expect(['社会', '满意度指', '标', '指标', '效益指'].some(isIndicatorLabel)).toBe(false);
    expect(vocabularyEvidence('社会效益指', '标')).toBe('continue');
    expect(vocabularyEvidence('效益', '指标')).toBe('continue');
    expect(vocabularyEvidence('数量指标', '质量指标')).toBe('new');
    expect(vocabularyEvidence('项目管', '理成效')).toBe('unknown');
  });

  it('a page is turned back by the direction most of its text runs', () => {
    expect(sidewaysTurn([100, 0, 0, 0])).toBe(0);
    expect(sidewaysTurn([0, 100, 0, 2])).toBe(90);
    expect(sidewaysTurn([1, 0, 90, 0])).toBe(180);
    expect(sidewaysTurn([0, 0, 0, 50])).toBe(270);
    expect(sidewaysTurn([40, 35, 0, 25])).toBe(0); // no majority: the producer's view
  });
});
