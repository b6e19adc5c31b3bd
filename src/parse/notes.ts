// Labelled free text that no other field holds (评价结论, 存在问题, 说明, 注, signature rows,
// 报表编号, header fields without a model field): kept as notes, in print order.
import type { Row } from '../layout/index.js';
import { joinWrapped } from '../text/index.js';
import { cellKey, type Context, type FormDraft, type NoteDraft } from './context.js';
import { LABELLED } from './labels.js';

/** `项目负责人：何某` → {label 项目负责人, text 何某}; null when the text has no label and colon. */
export function labelledNote(text: string): NoteDraft | null {
  const m = LABELLED.exec(text.trim());
  return m ? { label: m[1].trim(), text: m[2].trim() } : null;
}

/**
 * A table row of notes: a label cell and its text to the right (评价结论 | …), or cells that
 * each hold a label and colon (项目负责人：何某 | 财务负责人：). Cells read before (merged over
 * several rows) are not read again. Returns false when the row holds no text.
 */
export function readNoteRow(row: Row, ctx: Context, form: FormDraft): boolean {
  const cells = row.cells.filter((c) => c.text.trim() && !ctx.noteCells.has(cellKey(row, c)));
  if (!cells.length) return false;
  for (const c of cells) ctx.noteCells.add(cellKey(row, c));
  const labelled = cells.map((c) => labelledNote(c.text));
  if (cells.length > 1 && labelled.every(Boolean)) {
    form.notes.push(...(labelled as NoteDraft[]));
    return true;
  }
  const [first, ...rest] = cells;
  if (!rest.length) {
    form.notes.push(labelled[0] ?? { label: first.text.trim(), text: '' });
    return true;
  }
  form.notes.push({ label: first.text.trim().replace(/[:：]$/, ''), text: joinWrapped(rest.map((c) => c.text.trim())) });
  return true;
}

/**
 * A line of text under the table: a new labelled note (注：1.…) or, when it has no label, the
 * next line of the last note (numbered notes wrap and go on: 2.…, 3.…).
 */
export function readNoteLine(row: Row, form: FormDraft): boolean {
  const text = row.cells.map((c) => c.text).join(' ').trim();
  if (!text) return false;
  const note = labelledNote(text);
  if (note) form.notes.push(note);
  else if (form.notes.length) {
    const last = form.notes[form.notes.length - 1];
    last.text = joinWrapped([last.text, text]);
  } else return false;
  return true;
}
