// The goals block: 预期目标 | 实际完成情况 (or 项目年度目标 | 年度目标完成情况, 总体目标 |
// 全年实际完成情况 …) across the top or down the side; a further labelled row inside the block
// (2.项目实施内容及过程概述 | text) is a note.
import type { Row } from '../layout/index.js';
import { joinWrapped } from '../text/index.js';
import { cellKey, cellUnder, cellsLeftOf, cellsRightOf, keyOf, rowText, snippet, type Context, type FormDraft, type State } from './context.js';
import { GOALS_ACTUAL, GOALS_EXPECTED, GOALS_LABEL } from './labels.js';

export function startGoals(row: Row, ctx: Context, form: FormDraft): State {
  const expected = row.cells.find((c) => GOALS_EXPECTED.test(keyOf(c)));
  const actual = row.cells.find((c) => GOALS_ACTUAL.test(keyOf(c)));
  ctx.goalCols = { expected, actual, seenCells: new Set() };
  if (expected && !actual && cellsRightOf(ctx, row, expected.x1).some((c) => c.text)) {
    // labels down the side instead of across the top: 预期目标 | text, then 实际完成情况 | text
    ctx.goalCols.byRow = true;
    readGoals(row, ctx, form);
  } else if (!expected) {
    // no 预期目标/实际完成情况 header: the goal text is in this row, right of the label
    const label = row.cells.find((c) => GOALS_LABEL.test(keyOf(c)));
    const rest = label ? cellsRightOf(ctx, row, label.x1) : [];
    ctx.goalCols.expected = rest[0];
    ctx.goalCols.actual = rest[1];
  }
  // the block's label cells, merged down beside the goal rows, are not note labels
  if (ctx.goalCols.expected) for (const c of cellsLeftOf(ctx, row, ctx.goalCols.expected.x0)) ctx.goalCols.seenCells.add(cellKey(row, c));
  if (!expected && !ctx.goalCols.byRow) readGoals(row, ctx, form);
  form.seen.add('goals');
  return 'goals';
}

export function readGoals(row: Row, ctx: Context, form: FormDraft): void {
  if (ctx.goalCols.byRow) {
    for (const [side, re] of [['expected', GOALS_EXPECTED], ['actual', GOALS_ACTUAL]] as const) {
      const label = row.cells.find((c) => re.test(keyOf(c)));
      const text = label && joinWrapped(cellsRightOf(ctx, row, label.x1).map((c) => c.text));
      if (text) form.goals[side].push(text);
    }
    return;
  }
  // goal text fills two cells at most: a row of more is another table the parser does not know
  const from = ctx.goalCols.expected ? ctx.goalCols.expected.x0 : -Infinity;
  const filled = new Set(cellsRightOf(ctx, row, from).filter((c) => c.text.trim() && !ctx.goalCols.seenCells.has(cellKey(row, c))));
  if (filled.size > 2) {
    form.issues.push({ page: row.page, message: `unexpected row in goals: 「${snippet(rowText(row))}」` });
    return;
  }
  if (readGoalsNote(row, ctx, form)) return;
  const under = { expected: cellUnder(row, ctx.goalCols.expected), actual: cellUnder(row, ctx.goalCols.actual) };
  // one cell across both columns is a heading (e.g. 绩效指标), not goal text
  if (under.expected && under.expected === under.actual && ctx.goalCols.actual) return;
  for (const side of ['expected', 'actual'] as const) {
    const cell = under[side];
    if (!cell) continue;
    const id = cellKey(row, cell);
    if (ctx.goalCols.seenCells.has(id)) continue; // a cell spanning two bands is read once
    ctx.goalCols.seenCells.add(id);
    if (cell.text) form.goals[side].push(cell.text);
  }
}

/** A new label left of the goal columns, with text right of it: 2.项目实施内容及过程概述 | text. */
function readGoalsNote(row: Row, ctx: Context, form: FormDraft): boolean {
  const left = ctx.goalCols.expected;
  if (!left) return false;
  // a label continued from the page above is the block's own, not a new one; so is the rest of
  // the block's label cut by a page break (年度 | 总体目标, each part closed)
  const label = cellsLeftOf(ctx, row, left.x0)
    .find((c) => c.text.trim() && !c.openTop && !GOALS_LABEL.test(keyOf(c)) && !ctx.goalCols.seenCells.has(cellKey(row, c)));
  if (!label) return false;
  const texts = cellsRightOf(ctx, row, label.x1).filter((c) => c !== label && !ctx.goalCols.seenCells.has(cellKey(row, c)));
  for (const c of [label, ...texts]) ctx.goalCols.seenCells.add(cellKey(row, c));
  form.notes.push({ label: label.text.trim(), text: joinWrapped(texts.map((c) => c.text.trim())) });
  return true;
}
