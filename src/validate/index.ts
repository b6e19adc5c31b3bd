// Form drafts (texts as printed) -> Forms: numbers parsed, missing sections reported, and
// every form checked against the zod schema before it may leave the library.
import { namedFundsRows } from '../model/funds.js';
import {
  FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, FormSchema, type CellPosition, type ExtractError, type Form, type FormKind, type FundsRow, type FundsRowKey,
} from '../model/schema.js';
import { spanText, type FormDraft, type FundsDraft, type Section, type Span } from '../parse/form.js';
import { parseNumber } from '../text/normalize.js';

const SECTION_NAMES: Record<Section, string> = {
  header: '项目名称/主管部门/实施单位',
  funds: '项目资金',
  goals: '年度总体目标',
  indicators: '绩效指标',
  total: '总分',
};
/** The sections each kind of form prints: transfer forms have no 总分. */
const SECTIONS: Record<FormKind, Section[]> = {
  project: ['header', 'funds', 'goals', 'indicators', 'total'],
  department: ['header', 'funds', 'goals', 'indicators', 'total'],
  transfer: ['header', 'funds', 'goals', 'indicators'],
};

export interface Finished {
  form: Form | null;
  errors: ExtractError[];
  /** the named funds rows' texts as printed (for the printed precision of the checks) */
  fundsTexts: FundsDraft;
}

/** Where the cells of an indicator are printed: the merged 一级/二级 labels' and its own. */
const spanAt = (s: Span): CellPosition | undefined => s.at ?? (s.above ? spanAt(s.above) : undefined);
const cellsOf = (d: FormDraft['indicators'][number]) => {
  const at = spanAt(d.level1);
  const at2 = spanAt(d.level2);
  return { ...(at ? { level1: at } : {}), ...(at2 ? { level2: at2 } : {}), ...d.cells };
};

export interface FinishOptions {
  /** keep each indicator's cell boxes (`cells`) */
  positions?: boolean;
}

/** Turn one draft into a validated form, with the errors met on the way. */
export function finishForm(draft: FormDraft, options: FinishOptions = {}): Finished {
  const errors: ExtractError[] = draft.issues.map((i) => ({ ...i, code: 'form' }));
  const name = draft.fields.projectName ?? (draft.kind === 'department' ? draft.fields.department : undefined);
  const label = name ? `「${name}」` : `on page ${draft.firstPage}`;
  const keys = namedFundsRows(draft.fundsRows.map((r) => r.label));
  const fundsTexts: FundsDraft = {};
  keys.forEach((k, i) => k && (fundsTexts[k] = draft.fundsRows[i].values));
  if (draft.notSelfEvaluation) {
    errors.push({ page: draft.firstPage, message: `「${draft.title}」 is not a self-evaluation form; skipped`, code: 'no-form' });
    return { form: null, errors: errors.filter((e) => !e.message.startsWith('unexpected')), fundsTexts };
  }
  if (draft.unreadable) {
    // never silently wrong data: a part not understood is reported and the form withheld
    errors.push({ page: draft.unreadable.page, message: `form ${label} not extracted: ${draft.unreadable.message}`, code: 'form' });
    return { form: null, errors, fundsTexts };
  }
  const number = (raw: string | null | undefined, page: number, what: string): number | null => {
    const n = parseNumber(raw);
    if (Number.isNaN(n)) {
      errors.push({ page, message: `form ${label}: ${what} 「${raw}」 is not a number`, code: 'form' });
      return null;
    }
    return n;
  };

  // 自评总分 printed in the header is the total
  if (draft.fields.totalScore !== undefined) {
    draft.seen.add('total');
    draft.totalScore ??= draft.fields.totalScore;
  }
  const missing = SECTIONS[draft.kind].filter((s) => !draft.seen.has(s));
  if (missing.length) {
    errors.push({
      page: draft.firstPage,
      message: `form ${label} is missing ${missing.map((s) => SECTION_NAMES[s]).join(', ')}`,
      code: 'form',
    });
  }

  const rows = draft.fundsRows.map((r, i) => {
    const what = keys[i] ?? r.label;
    const values = Object.fromEntries(FUNDS_COLUMN_KEYS.map((col) => [col, number(r.values[col], r.page, `项目资金 ${what}.${col}`)])) as FundsRow;
    return { label: r.label, amount: number(r.amount, r.page, `项目资金 ${r.label}`), ...values };
  });
  const empty = Object.fromEntries(FUNDS_COLUMN_KEYS.map((col) => [col, null])) as FundsRow;
  const named = (key: FundsRowKey): FundsRow => {
    const row = rows[keys.indexOf(key)];
    if (!row) return { ...empty };
    const { label: _label, amount: _amount, ...values } = row;
    return values;
  };
  const funds = Object.fromEntries(FUNDS_ROW_KEYS.map((key) => [key, named(key)]));
  if (draft.seen.has('funds') && !fundsTexts.total) {
    errors.push({ page: draft.firstPage, message: `form ${label}: 项目资金 has no 年度资金总额 row`, code: 'form' });
  }

  const indicators = draft.indicators.map((d, k) => ({
    level1: spanText(d.level1),
    level2: spanText(d.level2),
    level3: d.texts.level3,
    target: d.texts.target,
    actual: d.texts.actual,
    weight: number(d.weight, d.page, `三级指标「${d.texts.level3}」 分值`),
    score: number(d.score, d.page, `三级指标「${d.texts.level3}」 得分`),
    deviation: d.texts.deviation,
    nature: draft.indicatorColumns.includes('nature') ? d.texts.nature : null,
    unit: draft.indicatorColumns.includes('unit') ? d.texts.unit : null,
    page: d.firstPage,
    row: k + 1,
    ...(options.positions ? { cells: cellsOf(d) } : {}),
  }));

  const department = draft.kind === 'department';
  const candidate = {
    kind: draft.kind,
    title: draft.title,
    year: draft.year,
    projectName: department ? null : draft.fields.projectName ?? '',
    department: draft.fields.department ?? '',
    implementingUnit: department ? null : draft.fields.implementingUnit ?? '',
    pages: [...draft.pages].sort((a, b) => a - b),
    funds: { unit: draft.unit ?? '', ...funds, rows },
    goals: { expected: draft.goals.expected.join(''), actual: draft.goals.actual.join('') },
    indicators,
    totalWeight: number(draft.totalWeight, draft.pages[draft.pages.length - 1], '总分 分值'),
    totalScore: number(draft.totalScore, draft.pages[draft.pages.length - 1], '总分 得分'),
    grade: draft.grade,
    notes: draft.notes,
  };
  const parsed = FormSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) {
      errors.push({ page: pageOfPath(draft, issue.path), message: `form ${label}: ${issue.path.join('.')}: ${issue.message}`, code: 'form' });
    }
    return { form: null, errors, fundsTexts };
  }
  return { form: parsed.data, errors, fundsTexts };
}

function pageOfPath(draft: FormDraft, path: PropertyKey[]): number {
  if (path[0] === 'indicators' && typeof path[1] === 'number') return draft.indicators[path[1]]?.page ?? draft.firstPage;
  return draft.firstPage;
}
