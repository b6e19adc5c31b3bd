// Cells cut by a page break and closed on both sides of it. Word, Writer, report engines and
// hand-paginated tables close every cell with a rule at the bottom of a page and open it again
// at the top of the next, so the rules do not say whether a cell goes on. This pass decides it
// from evidence that holds across producers, and joins what goes on, in place:
//   - a row split across pages: the next page's first row has no values in the columns where
//     the last row of the page has numbers, and some text of its own (the rest of the row);
//   - a merged label (一级/二级指标, 项目资金 …) cut by the break: where the text sits in each
//     part (a label cut by the break runs to the break; a whole label does not, or sits centred
//     away from it), an empty part, a label repeated, and only as a tie-breaker the indicator
//     vocabulary of the national framework. What stays ambiguous is reported, not guessed.
// A joined cell is marked open on both sides of the break and its text goes to the first part
// of the chain (later parts are left empty), which is what the form parser reads.
import { joinWrapped } from '../text/index.js';
import { parseNumber } from '../text/normalize.js';
import type { Cell, PageLayout, Row } from './index.js';
import { LAYOUT_SETTINGS, type LayoutSettings } from './settings.js';

export interface BreakIssue {
  page: number;
  message: string;
}

export interface BreakOptions {
  /** a line of text outside any table that starts a new form (its title): no seam across it */
  startsForm?: (text: string) => boolean;
  /** a heading word of the form (主管部门, 预期目标, 年度总体目标, 年初预算数 …): whole, it goes on nowhere */
  isHeading?: (text: string) => boolean;
}

export type Verdict = 'continue' | 'new' | 'unsure';
type Evidence = 'continue' | 'new' | 'unknown';

/** The last band of a ruled table on one page and the band it may go on in on the next. */
export interface Seam {
  before: { page: PageLayout; row: Row };
  after: { page: PageLayout; row: Row };
}

const ruled = (r: Row) => r.cells.some((c) => c.ruled);
const key = (s: string) => s.replace(/\s+/g, '');
const same = (a: string, b: string) => key(a) !== '' && key(a) === key(b);
/** A cell holding a value of a number column: a number, or `-` printed for none. */
const isValue = (s: string) => s.trim() !== '' && !Number.isNaN(parseNumber(s));

/**
 * The national framework's 一级/二级指标 (with or without 指标, a weight suffix such as (50分)
 * ignored). Only a tie-breaker: regional templates have labels of their own.
 */
const INDICATOR_LABELS = new Set([
  '产出', '效益', '满意度', '成本',
  '数量', '质量', '时效', '经济成本', '社会成本', '生态环境成本', '经济效益', '社会效益', '生态效益', '可持续影响',
  '服务对象满意度', '社会公众满意度',
]);
export const isIndicatorLabel = (s: string) =>
  INDICATOR_LABELS.has(key(s).replace(/[（(][^（()）]*[)）]$/, '').replace(/指标$/, ''));

/**
 * Cells whose text moved to the first cell of their chain across page breaks. Weak maps: the
 * cells of pages read and handed on are dropped with their pages.
 */
class Chains {
  #root = new WeakMap<Cell, Cell>();
  #own = new WeakMap<Cell, string>();
  /** the page of each chain's first cell */
  #page = new WeakMap<Cell, number>();

  rootOf(c: Cell): Cell {
    return this.#root.get(c) ?? c;
  }
  /** the page of the first cell of the chain `c` is in (`c` continued) */
  rootPage(c: Cell): number | undefined {
    return this.#page.get(this.rootOf(c));
  }
  /** the text printed in the cell itself */
  ownText(c: Cell): string {
    return this.#own.get(c) ?? c.text;
  }
  continued(c: Cell): boolean {
    return this.#root.has(c);
  }
  /**
   * `after` goes on from `before` (on page `page`): its text joins the chain's (once, when it
   * repeats a label). The two are marked open at the break unless `after` ends with the band the
   * row goes on in (`rest`): that band is then left empty, and nothing below it may join the
   * cell, so both are marked closed.
   */
  join(before: Cell, after: Cell, page: number, label: boolean, rest = false): void {
    const root = this.rootOf(before);
    if (!this.#own.has(root)) this.#own.set(root, root.text);
    if (root === before) this.#page.set(root, page);
    const text = after.text;
    this.#own.set(after, text);
    if (text.trim() && !(label && same(text, root.text))) root.text = joinWrapped([root.text, text]);
    after.text = '';
    this.#root.set(after, root);
    before.openBottom = !rest;
    after.openTop = !rest;
  }
}

/** How many bands of its page each ruled cell spans. */
function bandCounts(page: PageLayout): Map<Cell, number> {
  const counts = new Map<Cell, number>();
  for (const row of page.rows) for (const c of row.cells) if (c.ruled) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

const sameColumn = (a: Cell, b: Cell, S: LayoutSettings) =>
  Math.abs(a.x0 - b.x0) <= S.breakColumnTolerance && Math.abs(a.x1 - b.x1) <= S.breakColumnTolerance;

/** Two rows with the same cells side by side: one block of the table (a label cut by a break lies in one). */
function laidOutAlike(a: Row, b: Row, S: LayoutSettings): boolean {
  const x = a.cells.filter((c) => c.ruled), y = b.cells.filter((c) => c.ruled);
  return x.length === y.length && x.every((c, k) => sameColumn(c, y[k], S));
}

/** A header row's identity: its texts, when it has several and no values (data rows may repeat). */
function signature(row: Row): string {
  const texts = row.cells.filter((c) => c.ruled && c.text.trim()).map((c) => c.text);
  return texts.length >= 3 && !texts.some(isValue) ? texts.map(key).join('|') : '';
}

/**
 * The seam between two consecutive pages: the lowest band of the last page's tables and the
 * first band of the next page's first table, below a header row repeated there. None when a
 * new form's title comes first on the next page.
 */
export function findSeam(before: PageLayout, after: PageLayout, headers: Set<string>, options: BreakOptions = {}, S: LayoutSettings = LAYOUT_SETTINGS): Seam | null {
  if (after.page !== before.page + 1) return null;
  let last: Row | undefined;
  for (const r of before.rows) if (ruled(r) && (!last || r.y1 > last.y1)) last = r;
  const first = after.rows.findIndex(ruled);
  if (!last || first < 0) return null;
  const lead = after.rows.slice(0, first);
  if (lead.some((r) => options.startsForm?.(r.cells.map((c) => c.text).join('')))) return null;
  let row = after.rows[first];
  const sig = signature(row);
  if (sig && headers.has(sig)) {
    const header = row;
    const next = after.rows.find((r) => ruled(r) && r !== header && Math.abs(r.y0 - header.y1) <= S.snapTolerance);
    if (!next) return null;
    row = next;
  }
  return { before: { page: before, row: last }, after: { page: after, row } };
}

/** Text block of a cell on its page: gaps to the cell's top and bottom, and the font size. */
function block(c: Cell): { top: number; bottom: number; size: number } | null {
  if (!c.lines.length) return null;
  const a = c.lines[0], z = c.lines[c.lines.length - 1];
  return { top: a.y0 - c.y0, bottom: c.y1 - z.y1, size: Math.max(...c.lines.map((l) => l.y1 - l.y0)) };
}

/**
 * Where the text sits in the part before the break. Text goes on past a break only when it does
 * not fit: a part with room for another line holds a whole label, unless its text sits low,
 * pushed towards the break (placed over the whole cell, centred across the break). A part full
 * to the break cannot tell; nor can the part after it (producers place what goes on at its top,
 * or centre it there anew, as they place a new label).
 */
export function placementEvidence(before: Cell, S: LayoutSettings = LAYOUT_SETTINGS): Evidence {
  const b = block(before);
  if (!b) return 'unknown';
  if (b.top - b.bottom > S.offCentreShare * b.size) return 'continue';
  if (b.top + b.bottom > S.breakRoomShare * b.size) return 'new';
  return 'unknown';
}

/**
 * The words as a tie-breaker: a bracket left open before the break and closed after it; the
 * parts joined make a framework label or a heading of the form, or each part is one.
 */
export function vocabularyEvidence(before: string, after: string, isHeading: (text: string) => boolean = () => false): Evidence {
  // a bracket opened before the break and closed after it: 项目资金（万 | 元）
  const open = (s: string) => (s.match(/[（(【[]/g)?.length ?? 0) - (s.match(/[）)】\]]/g)?.length ?? 0);
  if (open(before) > 0 && open(after) < 0) return 'continue';
  const known = (s: string) => isIndicatorLabel(s) || isHeading(s);
  const joined = known(before + after), kb = known(before), ka = known(after);
  if (joined && !(kb && ka)) return 'continue';
  if ((kb || ka) && !joined) return 'new';
  return 'unknown';
}

/**
 * Does the merged label cell `after` (first band of a page) go on from `before` (last band of
 * the page before)? `label` is the text of the chain `before` ends, `own` what `before` itself
 * holds.
 */
export function decideLabel(
  before: Cell, after: Cell, label: string, own: string, options: BreakOptions = {}, S: LayoutSettings = LAYOUT_SETTINGS,
): Verdict {
  const y = after.text;
  if (!y.trim()) return 'continue'; // the label printed before the break only
  if (same(y, label) || same(y, own)) return 'continue'; // repeated on every part
  // nothing printed before the break: the label printed after it only, unless the chain got
  // its label on an earlier page (then this is a new label)
  if (!own.trim()) return label.trim() ? 'new' : 'continue';
  const place = placementEvidence(before, S), words = vocabularyEvidence(label, y, options.isHeading);
  if (place === 'continue') return words === 'new' ? 'unsure' : 'continue';
  if (place === 'new') return words === 'continue' ? 'unsure' : 'new';
  return words === 'unknown' ? 'unsure' : words;
}

/**
 * The row at the top of the page goes on from the row at the bottom of the page before (laid
 * out alike): no rule between their cells; or the table has number columns (where rows laid
 * out alike on either page hold values) and this row has no value anywhere, only text (a split
 * header row, 年初预算 | 数, too: the rows under it hold the values); or, in a block without
 * numbers, each of its texts goes on one before the break.
 */
function rowContinues(
  seam: Seam, pairs: { b: Cell; t?: Cell }[], bandsBefore: Map<Cell, number>, bandsAfter: Map<Cell, number>,
  chains: Chains, options: BreakOptions, S: LayoutSettings,
): boolean {
  const after = seam.after.row.cells.filter((c) => c.ruled);
  // no rule between the row's cells and the next page's: one row, whatever its text
  const own = pairs.filter(({ b, t }) => t && bandsBefore.get(b) === 1 && bandsAfter.get(t) === 1);
  if (own.length && own.every(({ b, t }) => b.openBottom && t!.openTop)) return true;
  // values of the rows laid out in the same columns (the funds block above an indicator table
  // may share some column edges with it, not its number columns)
  const counts = new Map([...bandsBefore, ...bandsAfter]);
  const values = [...seam.before.page.rows, ...seam.after.page.rows]
    .filter((r) => laidOutAlike(r, seam.before.row, S))
    .flatMap((r) => r.cells.filter((c) => c.ruled && counts.get(c) === 1 && isValue(chains.ownText(c))));
  const numbers = pairs.filter(({ b }) => values.some((v) => sameColumn(v, b, S)));
  const single = after.filter((t) => bandsAfter.get(t) === 1);
  const texts = single.filter((t) => t.text.trim() !== '');
  if (!texts.length || single.some((t) => isValue(t.text))) return false;
  if (numbers.length) return true;
  // a block without numbers (header fields, goals): each text after the break goes on a text
  // before it that runs to the break and is no heading (主管部门 | 上海市闵行区数 / 据局(汇总))
  return texts.every((t) => {
    const b = pairs.find((p) => p.t === t)!.b;
    const own = chains.ownText(b), g = block(b);
    return bandsBefore.get(b) === 1 && own.trim() !== '' && !options.isHeading?.(own) && !!g && g.bottom <= S.breakReachShare * g.size;
  });
}

/** The name of a cell's column for messages: the 一级/二级/三级指标 header of its block. */
function columnName(pages: PageLayout[], upTo: number, row: Row, cell: Cell, S: LayoutSettings): string {
  for (let k = upTo; k >= 0; k--) {
    const rows = pages[k].rows.filter(ruled);
    for (let r = rows.length - 1; r >= 0; r--) {
      if (!laidOutAlike(rows[r], row, S)) return 'label';
      const head = rows[r].cells.find((c) => sameColumn(c, cell, S) && /^[一二三]级指标$/.test(key(c.text)));
      if (head) return key(head.text);
    }
  }
  return 'label';
}

function joinSeam(
  seam: Seam, chains: Chains, pages: PageLayout[], index: number, issues: BreakIssue[], options: BreakOptions, S: LayoutSettings,
): void {
  const { before, after } = seam;
  const bandsBefore = bandCounts(before.page), bandsAfter = bandCounts(after.page);
  const pairs = before.row.cells
    .filter((b) => b.ruled)
    .map((b) => ({ b, t: after.row.cells.find((t) => t.ruled && sameColumn(b, t, S)) }));
  // a column merges cells (a label column) when a cell in it spans several bands: in the seam's
  // block (rows laid out alike) a cell that is no heading (not 权重 or 得分 spanning a two-row
  // header), in another block a heading (项目资金 above the goals), not its data (the funds
  // block's 原因 text over the rows above an indicator table)
  const inBlock = (m: Cell) => [before, after].some((side) => side.page.rows.some((r) => r.cells.includes(m) && laidOutAlike(r, before.row, S)));
  const merged = (bands: Map<Cell, number>, c: Cell) =>
    [...bands].some(([m, n]) => n > 1 && sameColumn(m, c, S) && inBlock(m) !== !!options.isHeading?.(m.text));
  if (!laidOutAlike(before.row, after.row, S)) return; // another block of the table starts
  const whole = rowContinues(seam, pairs, bandsBefore, bandsAfter, chains, options, S);
  for (const { b, t } of pairs) {
    if (!t) continue;
    const label = bandsBefore.get(b)! > 1 || bandsAfter.get(t)! > 1 || chains.continued(b) || merged(bandsBefore, b) || merged(bandsAfter, t);
    if (whole) {
      chains.join(b, t, before.page.page, label, bandsAfter.get(t) === 1);
      continue;
    }
    if (b.openBottom) {
      // a label left open: one cell already, its text joined here too (once when repeated)
      chains.join(b, t, before.page.page, true);
      continue;
    }
    if (options.isHeading?.(chains.ownText(b))) continue; // a heading (一级指标) goes on in no label
    if (!label) continue; // a new row: its own cells
    const text = chains.rootOf(b).text;
    const verdict = decideLabel(b, t, text, chains.ownText(b), options, S);
    if (verdict === 'continue') chains.join(b, t, before.page.page, true);
    else if (verdict === 'unsure') {
      issues.push({
        page: after.page.page,
        message: `cannot tell whether 「${t.text}」 continues the ${columnName(pages, index - 1, before.row, b, S)} 「${text}」 of page ${before.page.page}`,
      });
    }
  }
}

/**
 * A band at the break holding no text of its own (only cells spanning other bands go through
 * it): the sliver of a row some producers (ReportLab's splitInRow) leave on the page where none
 * of the row fits, or an empty remnant on the next. It is dropped, and the row beside it is a
 * row of its own. Returns whether one was dropped.
 */
function dropSlivers(seam: Seam, S: LayoutSettings): boolean {
  const ownCells = (side: Seam['before']) => {
    const counts = bandCounts(side.page);
    return side.row.cells.filter((c) => c.ruled && counts.get(c) === 1);
  };
  // empty: its own cells and every cell starting in it (a label starting there is content)
  const sliver = (side: Seam['before']) => {
    const own = ownCells(side);
    const starting = side.row.cells.filter((c) => c.ruled && Math.abs(c.y0 - side.row.y0) <= S.snapTolerance);
    return own.length > 0 && [...own, ...starting].every((c) => !c.text.trim());
  };
  const drop = (side: Seam['before']) => side.page.rows.splice(side.page.rows.indexOf(side.row), 1);
  const before = sliver(seam.before), after = sliver(seam.after);
  if (before) for (const c of ownCells(seam.after)) c.openTop = false;
  if (after) for (const c of ownCells(seam.before)) c.openBottom = false;
  if (before) drop(seam.before);
  if (after) drop(seam.after);
  return before || after;
}

/**
 * Page breaks joined page by page, as pages are read: each page is joined, in place, to the
 * page before, and the pages no later break can change any more (none of their cells begins a
 * chain still open) are handed on at once. A long report holds a few pages, not all of them.
 */
export class PageBreaks {
  /** what could not be decided, by page (taken by the caller as it goes) */
  readonly issues: BreakIssue[] = [];
  readonly #chains = new Chains();
  readonly #headers = new Set<string>();
  /** pages not handed on yet: a later break may still change them */
  #held: PageLayout[] = [];
  /** the last pages read, where the messages look up a column's name */
  #recent: PageLayout[] = [];

  constructor(private readonly options: BreakOptions = {}, private readonly S: LayoutSettings = LAYOUT_SETTINGS) {}

  /** Join `page` to the page before it; returns the pages no later break can change, in order. */
  add(page: PageLayout): PageLayout[] {
    const { options, S } = this;
    const recent = this.#recent;
    recent.push(page);
    if (recent.length > S.nameLookbackPages + 2) recent.shift();
    const seam = recent.length > 1 ? findSeam(recent[recent.length - 2], page, this.#headers, options, S) : null;
    if (seam && !dropSlivers(seam, S)) joinSeam(seam, this.#chains, recent, recent.length - 1, this.issues, options, S);
    for (const row of page.rows) {
      const sig = signature(row);
      if (sig) this.#headers.add(sig);
    }
    this.#held.push(page);
    // this page's next break may still change it, and the first cell of every chain that
    // reaches it (its text grows with each part)
    let keep = page.page;
    for (const row of page.rows) {
      for (const c of row.cells) if (this.#chains.continued(c)) keep = Math.min(keep, this.#chains.rootPage(c) ?? keep);
    }
    const ready = this.#held.findIndex((p) => p.page >= keep);
    return this.#held.splice(0, ready < 0 ? this.#held.length : ready);
  }

  /** The pages still held, once the last page is added. */
  end(): PageLayout[] {
    return this.#held.splice(0);
  }
}

/**
 * Join, in place, the cells of every page break that go on on the next page; returns what
 * could not be decided, by page.
 */
export function joinPageBreaks(pages: PageLayout[], options: BreakOptions = {}, S: LayoutSettings = LAYOUT_SETTINGS): BreakIssue[] {
  const breaks = new PageBreaks(options, S);
  for (const page of pages) breaks.add(page);
  return breaks.issues;
}
