// Field-by-field score of forms read by OCR against ground truth: each value exact or not
// (texts whitespace-insensitive, numbers within 0.005) and, when wrong, whether the output
// flags it — a low-ocr-confidence finding on that value, or an error-level consistency finding
// of its form that covers it (any, for numbers: a misread digit breaks a sum; the indicator's
// own, for texts).
import { FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, type Form } from '../../src/model/schema.js';

export type FieldKind = 'number' | 'label' | 'target/actual' | 'text';

export interface FieldScore {
  form: number;
  path: string;
  kind: FieldKind;
  want: unknown;
  got: unknown;
  exact: boolean;
  flagged: boolean;
  /** listed as low-ocr-confidence */
  low: boolean;
  confidence?: number;
}

type Truth = Omit<Form, 'pages'> & { pages?: number[] };

const text = (s: unknown) => (s == null ? '' : String(s).replace(/\s+/g, ''));
const sameNumber = (a: unknown, b: unknown) =>
  a == null || b == null ? a == null && b == null : Math.abs(Number(a) - Number(b)) < 0.005;
const get = (o: unknown, path: string) => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

/** Every field of the truth form with its kind. */
function fields(t: Truth): [string, FieldKind][] {
  const out: [string, FieldKind][] = [['title', 'label'], ['year', 'number'], ['projectName', 'text'], ['department', 'text'], ['implementingUnit', 'text']];
  for (const r of FUNDS_ROW_KEYS) for (const c of FUNDS_COLUMN_KEYS) out.push([`funds.${r}.${c}`, 'number']);
  out.push(['goals.expected', 'text'], ['goals.actual', 'text']);
  t.indicators.forEach((_, k) => {
    out.push([`indicators.${k}.level1`, 'label'], [`indicators.${k}.level2`, 'label'], [`indicators.${k}.level3`, 'text']);
    out.push([`indicators.${k}.target`, 'target/actual'], [`indicators.${k}.actual`, 'target/actual']);
    out.push([`indicators.${k}.weight`, 'number'], [`indicators.${k}.score`, 'number'], [`indicators.${k}.deviation`, 'text']);
  });
  out.push(['totalWeight', 'number'], ['totalScore', 'number'], ['grade', 'label']);
  return out;
}

export function scoreFields(truth: Truth[], got: Form[]): FieldScore[] {
  const scores: FieldScore[] = [];
  truth.forEach((t, k) => {
    const g = got[k];
    const errors = (g?.findings ?? []).filter((f) => f.severity === 'error' && f.rule !== 'low-ocr-confidence');
    const low = new Set((g?.findings ?? []).filter((f) => f.rule === 'low-ocr-confidence').map((f) => f.message));
    for (const [path, kind] of fields(t)) {
      const want = get(t, path), have = g ? get(g, path) : undefined;
      const exact = kind === 'number' ? sameNumber(want, have) : text(want) === text(have);
      const confidence = g?.ocr?.fields[path];
      const ind = /^indicators\.(\d+)\./.exec(path);
      const flaggedLow = confidence != null && confidence < (g?.ocr?.threshold ?? 0) && low.size > 0;
      const flaggedCheck = kind === 'number' ? errors.length > 0 : ind ? errors.some((f) => f.indicator === Number(ind[1])) : false;
      // a value read as blank while unsure text went into no value: the output says one may be lost
      const flaggedLost = (have == null || have === '') && (g?.ocr?.unplaced.length ?? 0) > 0;
      scores.push({ form: k, path, kind, want, got: have, exact, flagged: !g || flaggedLow || flaggedCheck || flaggedLost, low: flaggedLow, confidence });
    }
  });
  return scores;
}

/** Accuracy per field kind, as lines of a table. */
export function accuracyTable(scores: FieldScore[]): string[] {
  const kinds: FieldKind[] = ['number', 'target/actual', 'label', 'text'];
  return kinds.map((kind) => {
    const s = scores.filter((x) => x.kind === kind);
    const exact = s.filter((x) => x.exact).length;
    const wrongFlagged = s.filter((x) => !x.exact && x.flagged).length;
    const falseAlarms = s.filter((x) => x.exact && x.low).length;
    return `${kind.padEnd(14)} ${exact}/${s.length} exact (${((100 * exact) / (s.length || 1)).toFixed(1)}%), wrong: ${s.length - exact} (${wrongFlagged} flagged); exact but low confidence: ${falseAlarms}`;
  });
}
