// The header rows: a new form from its title, and the label | value fields below it
// (项目名称, 主管部门, 实施单位 and their regional spellings; other labels go to notes).
import type { Row } from '../layout/index.js';
import type { FormKind } from '../model/schema.js';
import { keyOf, type Context, type FormDraft } from './context.js';
import { HEADER_FIELDS, HEADER_NOTE_FIELDS, KIND_OF_TITLE, TITLE, TRANSFER_NAME, stripYear, yearOf, type HeaderField } from './labels.js';

export function newForm(row: Row, ctx: Context): FormDraft {
  const titleCell = row.cells.find((c) => TITLE.test(keyOf(c))) ?? row.cells[0];
  const raw = titleCell.text;
  const title = stripYear(raw);
  const kind: FormKind = KIND_OF_TITLE.find(([, re]) => re.test(title))?.[0] ?? 'project';
  const form: FormDraft = {
    kind, title, year: yearOf(raw), fields: {}, pages: [row.page], unit: null, fundsRows: [],
    goals: { expected: [], actual: [] }, indicators: [], indicatorColumns: [], totalWeight: null, totalScore: null,
    grade: null, notes: ctx.notesAbove, seen: new Set(), issues: [], firstPage: row.page,
  };
  ctx.forms.push(form);
  ctx.fundsCols = {};
  ctx.fundsReason = undefined;
  ctx.goalCols = { seenCells: new Set() };
  ctx.indCols = {};
  ctx.spans = {};
  ctx.indicatorPage = 0;
  ctx.notesAbove = [];
  ctx.noteCells = new Set();
  return form;
}

const fieldOf = (key: string): HeaderField | 'note' | null =>
  (Object.entries(HEADER_FIELDS) as [HeaderField, RegExp][]).find(([, re]) => re.test(key))?.[0]
  ?? (HEADER_NOTE_FIELDS.test(key) ? 'note' : null);

/** The row names a header field (or a header label kept as a note). */
export const isHeaderRow = (row: Row): boolean => row.cells.some((c) => fieldOf(keyOf(c)) !== null);

export function readHeaderFields(row: Row, form: FormDraft): void {
  const cells = row.cells;
  for (let k = 0; k < cells.length; k++) {
    const key = keyOf(cells[k]);
    const field = fieldOf(key);
    if (!field) continue;
    // "项目名称：XXX" in one cell, or the label in one cell and the value in the next
    const [label, inline] = splitLabel(cells[k].text);
    const next = cells[k + 1];
    const nextIsLabel = next && fieldOf(keyOf(next)) !== null;
    const value = inline ?? (next && !nextIsLabel ? next.text.trim() : '');
    if (inline === null && next && !nextIsLabel) k++;
    if (field === 'note') form.notes.push({ label, text: value });
    else form.fields[field] = value;
    // a transfer-payment or special-fund name marks the form's kind whatever its title says
    if (field === 'projectName' && TRANSFER_NAME.test(key)) form.kind = 'transfer';
  }
  form.seen.add('header');
}

/** `项目名称：XXX` → [项目名称, XXX]; a label alone → [label, null]. */
function splitLabel(text: string): [string, string | null] {
  const m = /^\s*([^:：]+?)\s*[:：]\s*(.*)$/s.exec(text);
  if (m && m[2].trim()) return [m[1].trim(), m[2].trim()];
  return [text.trim().replace(/[:：]$/, ''), null];
}
