// Form drafts (texts as printed) -> Forms: numbers parsed, missing sections reported, and
// every form checked against the zod schema before it may leave the library.
import {
  FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, FormSchema, type ExtractError, type Form, type FundsRow,
} from '../model/schema.js';
import { spanText, type FormDraft, type Section } from '../parse/form.js';
import { parseNumber } from '../text/normalize.js';

const SECTION_NAMES: Record<Section, string> = {
  header: '项目名称/主管部门/实施单位',
  funds: '项目资金',
  goals: '年度总体目标',
  indicators: '绩效指标',
  total: '总分',
};

export interface Finished {
  form: Form | null;
  errors: ExtractError[];
}

/** Turn one draft into a validated form, with the errors met on the way. */
export function finishForm(draft: FormDraft): Finished {
  const errors: ExtractError[] = draft.issues.map((i) => ({ ...i, code: 'form' }));
  const label = draft.fields.projectName ? `「${draft.fields.projectName}」` : `on page ${draft.firstPage}`;
  if (draft.unreadable) {
    // never silently wrong data: a part not understood is reported and the form withheld
    errors.push({ page: draft.unreadable.page, message: `form ${label} not extracted: ${draft.unreadable.message}`, code: 'form' });
    return { form: null, errors };
  }
  const number = (raw: string | null | undefined, page: number, what: string): number | null => {
    const n = parseNumber(raw);
    if (Number.isNaN(n)) {
      errors.push({ page, message: `form ${label}: ${what} 「${raw}」 is not a number`, code: 'form' });
      return null;
    }
    return n;
  };

  const missing = (Object.keys(SECTION_NAMES) as Section[]).filter((s) => !draft.seen.has(s));
  if (missing.length) {
    errors.push({
      page: draft.firstPage,
      message: `form ${label} is missing ${missing.map((s) => SECTION_NAMES[s]).join(', ')}`,
      code: 'form',
    });
  }

  const funds = Object.fromEntries(
    FUNDS_ROW_KEYS.map((row) => [
      row,
      Object.fromEntries(FUNDS_COLUMN_KEYS.map((col) => [col, number(draft.funds[row]?.[col], draft.firstPage, `项目资金 ${row}.${col}`)])) as FundsRow,
    ]),
  );
  if (draft.seen.has('funds') && !draft.funds.total) {
    errors.push({ page: draft.firstPage, message: `form ${label}: 项目资金 has no 年度资金总额 row`, code: 'form' });
  }

  const indicators = draft.indicators.map((d) => ({
    level1: spanText(d.level1),
    level2: spanText(d.level2),
    level3: d.texts.level3,
    target: d.texts.target,
    actual: d.texts.actual,
    weight: number(d.weight, d.page, `三级指标「${d.texts.level3}」 分值`),
    score: number(d.score, d.page, `三级指标「${d.texts.level3}」 得分`),
    deviation: d.texts.deviation,
  }));

  const candidate = {
    title: draft.title,
    year: draft.year,
    projectName: draft.fields.projectName ?? '',
    department: draft.fields.department ?? '',
    implementingUnit: draft.fields.implementingUnit ?? '',
    pages: [...draft.pages].sort((a, b) => a - b),
    funds: { unit: draft.unit ?? '', ...funds },
    goals: { expected: draft.goals.expected.join(''), actual: draft.goals.actual.join('') },
    indicators,
    totalWeight: number(draft.totalWeight, draft.pages[draft.pages.length - 1], '总分 分值'),
    totalScore: number(draft.totalScore, draft.pages[draft.pages.length - 1], '总分 得分'),
    grade: draft.grade,
  };
  const parsed = FormSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) {
      errors.push({ page: pageOfPath(draft, issue.path), message: `form ${label}: ${issue.path.join('.')}: ${issue.message}`, code: 'form' });
    }
    return { form: null, errors };
  }
  return { form: parsed.data, errors };
}

function pageOfPath(draft: FormDraft, path: PropertyKey[]): number {
  if (path[0] === 'indicators' && typeof path[1] === 'number') return draft.indicators[path[1]]?.page ?? draft.firstPage;
  return draft.firstPage;
}
