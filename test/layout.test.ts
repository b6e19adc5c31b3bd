// The layout stage on small hand-made pages: ruling lines -> grid -> cells with spans, text
// joined into cells, cells left open at a page break.
import { describe, expect, it } from 'vitest';
import type { Segment } from '../src/geometry/index.js';
import { buildGrid } from '../src/layout/grid.js';
import { layoutPage } from '../src/layout/index.js';
import { cluster, covers, groupTables, joinSegments, type Line } from '../src/layout/lines.js';
import { LAYOUT_SETTINGS } from '../src/layout/settings.js';
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

const seg = (orientation: 'h' | 'v', pos: number, from: number, to: number): Segment =>
  orientation === 'h' ? { orientation, x0: from, x1: to, y0: pos, y1: pos } : { orientation, x0: pos, x1: pos, y0: from, y1: to };

describe('ruling lines (layout/lines.ts)', () => {
  it('clusters positions chained within the tolerance into their means', () => {
    expect(cluster([10, 30, 11, 12.5, 31], 2)).toEqual([11.166666666666666, 30.5]);
    expect(cluster([], 2)).toEqual([]);
  });

  it('snaps near positions onto one length-weighted line and joins pieces across small gaps', () => {
    const lines = joinSegments([
      seg('h', 100, 0, 50), seg('h', 101, 52, 100), // one rule drawn in two pieces, 1 pt apart, 2 pt gap
      seg('h', 100, 110, 150), // 10 pt further: another line at the same height
      seg('h', 200, 0, 100), seg('v', 0, 100, 200), // other orientation and position
    ], 'h');
    const pos = (100 * 50 + 101 * 48 + 100 * 40) / (50 + 48 + 40);
    expect(lines).toEqual([
      { orientation: 'h', pos, from: 0, to: 100 },
      { orientation: 'h', pos, from: 110, to: 150 },
      { orientation: 'h', pos: 200, from: 0, to: 100 },
    ]);
  });

  it('takes its tolerances from the settings it is given', () => {
    const pieces = [seg('h', 100, 0, 50), seg('h', 100, 55, 100)];
    expect(joinSegments(pieces, 'h')).toHaveLength(2); // a 5 pt gap is more than joinTolerance
    expect(joinSegments(pieces, 'h', { ...LAYOUT_SETTINGS, joinTolerance: 6 })).toEqual([{ orientation: 'h', pos: 100, from: 0, to: 100 }]);
  });

  it('groups touching lines into tables and leaves lone rules out', () => {
    const h = [line('h', 0, 0, 100), line('h', 50, 0, 100), line('h', 300, 0, 100), line('h', 400, 0, 80)];
    const v = [line('v', 0, 0, 50), line('v', 100, 0, 50), line('v', 0, 300, 400), line('v', 80, 300, 400)];
    const groups = groupTables(h, v.concat([line('v', 500, 600, 700)]));
    expect(groups.map((g) => g.box)).toEqual([{ x0: 0, y0: 0, x1: 100, y1: 50 }, { x0: 0, y0: 300, x1: 100, y1: 400 }]);
    expect(groups.map((g) => [g.h.length, g.v.length])).toEqual([[2, 2], [2, 2]]);
  });

  it('says whether a line covers an interval up to the cover tolerance', () => {
    const lines = [line('h', 10, 0, 40), line('h', 11, 42, 100)];
    expect(covers(lines, 10, 0, 100)).toBe(true); // 98 of 100 covered: within 2.5
    expect(covers(lines, 10, 0, 120)).toBe(false);
    expect(covers(lines, 20, 0, 100)).toBe(false); // no line at 20
  });
});

const line = (orientation: 'h' | 'v', pos: number, from: number, to: number): Line => ({ orientation, pos, from, to });

describe('the grid (layout/grid.ts)', () => {
  // a 3×2 grid: row 0 has its middle vertical rule missing (a column span), column 0 has its
  // rule between rows 1 and 2 missing (a row span), and the table has no bottom rule
  const group = {
    box: { x0: 0, y0: 0, x1: 90, y1: 60 },
    h: [line('h', 0, 0, 90), line('h', 20, 0, 90), line('h', 40, 30, 90)],
    v: [line('v', 0, 0, 60), line('v', 30, 0, 60), line('v', 60, 20, 60), line('v', 90, 0, 60)],
  };

  it('finds columns, bands and spans from the lines that are missing', () => {
    const grid = buildGrid(group);
    expect(grid.xs).toEqual([0, 30, 60, 90]);
    expect(grid.ys).toEqual([0, 20, 40, 60]);
    const spanOf = (id: number) => (({ r0, r1, c0, c1 }) => ({ r0, r1, c0, c1 }))(grid.cells[id]);
    expect(spanOf(grid.cellAt[0][1])).toEqual({ r0: 0, r1: 0, c0: 1, c1: 2 });
    expect(grid.cellAt[0][1]).toBe(grid.cellAt[0][2]);
    expect(spanOf(grid.cellAt[1][0])).toEqual({ r0: 1, r1: 2, c0: 0, c1: 0 });
    expect(grid.cellAt[2][1]).not.toBe(grid.cellAt[2][2]);
    expect(grid.cells).toHaveLength(7);
  });

  it('marks the cells no rule closes at the top or bottom', () => {
    const grid = buildGrid(group);
    const bottom = grid.cellAt[2].map((id) => grid.cells[id].openBottom);
    expect(bottom).toEqual([true, true, true]);
    expect(grid.cells.filter((c) => c.openTop)).toEqual([]);
  });

  it('drops bands thinner than the minimum cell size', () => {
    const thin = { ...group, h: [...group.h, line('h', 21, 0, 90)] };
    expect(buildGrid(thin).ys).toEqual([0, 20.5, 40, 60]);
    expect(buildGrid(thin, { ...LAYOUT_SETTINGS, snapTolerance: 0.5 }).ys).toEqual([0, 20, 40, 60]);
  });
});
