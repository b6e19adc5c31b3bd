// The consistency rules, one small pure function each: a form (and its resolved options) in,
// the rule's findings out. Severity is added by checkForm from RULE_SEVERITY and the options.
import { bareFundsLabel, namedFundsRows } from '../model/funds.js';
import {
  FUNDS_ROW_KEYS, type Form, type FundsColumnKey, type FundsDecimals, type FundsRow, type FundsRowKey, type Indicator, type ParsedValue, type RuleId, type Severity,
} from '../model/schema.js';
import type { CheckSettings } from './settings.js';
import { formatValue, meetsTarget, sameUnit } from './value.js';

/** A grade and the lowest 总分 that earns it. */
export interface GradeBand {
  grade: string;
  min: number;
}

/** Decimals printed in each 项目资金 cell, where the extractor saw the text (`99.40` → 2). */
export type FundsPrecision = FundsDecimals;

/** Everything a rule may look at besides the form. */
export interface RuleContext extends CheckSettings {
  gradeBands: GradeBand[];
  precision: FundsPrecision;
  /** targetParsed / actualParsed of each indicator */
  parsed: { target: ParsedValue | null; actual: ParsedValue | null }[];
}

/**
 * A finding before checkForm gives it its rule id, severity, place and message: the message's
 * parts (numbers preformatted as printed in the message), rendered by the catalogue.
 */
export interface Hit {
  params: Record<string, string | number>;
  /** the message when the rule has several: `finding.<rule>.<variant>` */
  variant?: string;
  /** the page to look at when it is not the indicator's or the form's */
  page?: number;
  /** and where on it, when no indicator's row says it */
  bbox?: [number, number, number, number];
  indicator?: number;
  expected?: number | string;
  actual?: number | string;
}

export type Rule = (form: Form, ctx: RuleContext) => Hit[];

export const FUNDS_ROW_LABELS: Record<FundsRowKey, string> = {
  total: '年度资金总额',
  currentYearAppropriation: '当年财政拨款',
  carryover: '上年结转资金',
  other: '其他资金',
};
const FUNDS_COLUMN_LABELS: Record<FundsColumnKey, string> = {
  initialBudget: '年初预算数',
  annualBudget: '全年预算数',
  executed: '全年执行数',
  weight: '分值',
  executionRate: '执行率',
  score: '得分',
};
const COMPONENT_ROWS = ['currentYearAppropriation', 'carryover', 'other'] as const;

/** Every printed funds row with its name in messages (the named rows' usual one) and its key. */
function printedRows(form: Form): { label: string; key: FundsRowKey | null; row: FundsRow }[] {
  // a form stored without its printed rows (older versions): the named rows
  if (!form.funds.rows.length) return FUNDS_ROW_KEYS.map((key) => ({ label: FUNDS_ROW_LABELS[key], key, row: form.funds[key] }));
  const keys = namedFundsRows(form.funds.rows.map((r) => r.label));
  return form.funds.rows.map((row, i) => {
    const key = keys[i];
    return key ? { label: FUNDS_ROW_LABELS[key], key, row: form.funds[key] } : { label: bareFundsLabel(row.label), key, row };
  });
}

// ---- numbers ---------------------------------------------------------------------------

/** Float noise of sums such as 0.1 + 0.2; far below any printed precision. */
const EPS = 1e-9;
const pow10 = (d: number) => 10 ** d;
/** Scaled value with binary noise removed: 9.755 * 100 is 975.4999… but means 975.5. */
const scaled = (x: number, d: number) => Number((x * pow10(d)).toPrecision(12));
/** Round half away from zero to d decimals. */
const roundTo = (x: number, d: number) => (Math.sign(x) * Math.round(Math.abs(scaled(x, d)))) / pow10(d);
const round2 = (x: number) => roundTo(x, 2);
const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance + EPS;
const f2 = (x: number) => x.toFixed(2);
/** Decimals of a number as JavaScript prints it (99.4 → 1, 100 → 0). */
function decimalsOf(x: number): number {
  const m = /\.(\d+)$/.exec(String(x));
  return m ? m[1].length : 0;
}
/** Decimals a funds cell was printed with: as seen by the extractor (named rows), else at least 2. */
const printedDecimals = (row: FundsRow, key: FundsRowKey | null, ctx: RuleContext, col: FundsColumnKey): number =>
  (key ? ctx.precision[key]?.[col] : undefined) ?? Math.max(2, decimalsOf(row[col] ?? 0));

const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);
/** A 偏差原因 cell that says nothing: blank, 无, -, /. */
const isBlankReason = (s: string) => /^[\s\-—–/／无]*$/.test(s);

/** The execution rate of the 年度资金总额 row: as printed, else computed. */
export function totalRate(form: Form): number | null {
  const { annualBudget, executed, executionRate } = form.funds.total;
  if (executionRate != null) return executionRate;
  if (annualBudget == null || executed == null) return null;
  return annualBudget === 0 ? 0 : (executed / annualBudget) * 100;
}

// ---- errors ----------------------------------------------------------------------------

/** 总分's 得分 or 分值 against the funds row's plus the indicators' sum. */
const totalSum = (field: 'score' | 'weight'): Rule => (form, ctx) => {
  const total = field === 'score' ? form.totalScore : form.totalWeight;
  if (total == null) return [];
  const funds = form.funds.total[field] ?? 0;
  const indicators = sum(form.indicators.map((i) => i[field]));
  const expected = round2(funds + indicators);
  if (close(total, funds + indicators, ctx.tolerance)) return [];
  return [{
    params: { total: f2(total), funds: f2(funds), indicators: f2(indicators), expected: f2(expected) },
    expected,
    actual: total,
  }];
};

const totalScoreSum: Rule = totalSum('score');
const totalWeightSum: Rule = totalSum('weight');

const scoreRange: Rule = (form, ctx) => {
  const hits: Hit[] = [];
  const check = (subject: string, weight: number | null, score: number | null, indicator?: number) => {
    if (score == null) return;
    const at = indicator === undefined ? {} : { indicator };
    const params: Hit['params'] = { score: f2(score) };
    if (subject) params.subject = subject;
    if (score < -ctx.tolerance - EPS) {
      hits.push({ variant: 'negative', params, ...at, expected: 0, actual: score });
    } else if (weight != null && score > weight + ctx.tolerance + EPS) {
      hits.push({ variant: 'over', params: { ...params, weight: f2(weight) }, ...at, expected: weight, actual: score });
    }
  };
  check(FUNDS_ROW_LABELS.total, form.funds.total.weight, form.funds.total.score);
  form.indicators.forEach((ind, k) => check('', ind.weight, ind.score, k));
  return hits;
};

/**
 * The printed rate must be 全年执行数 / 全年预算数 × 100, truncated or rounded to the decimals it
 * is printed with. The amounts themselves are rounded to their printed decimals, so the exact
 * rate lies in an interval; any rate in it that prints as the printed value is accepted.
 */
const executionRate: Rule = (form, ctx) => {
  const hits: Hit[] = [];
  for (const { label, key, row } of printedRows(form)) {
    const { annualBudget: budget, executed, executionRate: printed } = row;
    if (printed == null || budget == null || executed == null) continue;
    if (budget === 0) {
      if (Math.abs(printed) > EPS) {
        hits.push({ variant: 'zero', params: { subject: label, printed: f2(printed) }, expected: 0, actual: printed });
      }
      continue;
    }
    const d = printedDecimals(row, key, ctx, 'executionRate');
    const unit = pow10(-d);
    const hb = pow10(-printedDecimals(row, key, ctx, 'annualBudget')) / 2;
    const he = pow10(-printedDecimals(row, key, ctx, 'executed')) / 2;
    const low = (Math.max(0, executed - he) / (budget + hb)) * 100;
    const high = budget - hb > 0 ? ((executed + he) / (budget - hb)) * 100 : Infinity;
    // truncation prints r as p for r in [p, p + unit), rounding for r in [p - unit/2, p + unit/2)
    if (high >= printed - unit / 2 - EPS && low < printed + unit - EPS) continue;
    const expected = roundTo((executed / budget) * 100, d);
    hits.push({
      params: { subject: label, printed: printed.toFixed(d), executed: f2(executed), budget: f2(budget), expected: expected.toFixed(d) },
      expected,
      actual: printed,
    });
  }
  return hits;
};

/** 得分 of the funds row = 分值 × min(执行率, 100) / 100, from the printed or the unrounded rate. */
const fundsScore: Rule = (form, ctx) => {
  const { weight, score, annualBudget: budget, executed, executionRate: printed } = form.funds.total;
  if (weight == null || score == null) return [];
  // a score outside 0…分值 is score-range's finding: one fault, one finding
  if (score > weight + ctx.tolerance + EPS || score < -ctx.tolerance - EPS) return [];
  const rates: number[] = [];
  if (printed != null) rates.push(printed);
  if (budget != null && executed != null) rates.push(budget === 0 ? 0 : (executed / budget) * 100);
  if (!rates.length) return [];
  const candidates = rates.map((r) => round2((weight * Math.min(r, 100)) / 100));
  if (candidates.some((c) => close(score, c, ctx.tolerance))) return [];
  const rate = rates[0];
  return [{
    params: { score: f2(score), weight: f2(weight), rate: f2(Math.min(rate, 100)), expected: f2(candidates[0]) },
    expected: candidates[0],
    actual: score,
  }];
};

/**
 * The rows a total is the sum of: 当年财政拨款 + 上年结转资金 + 其他资金 where those are all the
 * form prints below 年度资金总额, else every row printed below it (财政资金, 单位资金 …).
 */
function componentRows(form: Form): { label: string; row: FundsRow }[] {
  const printed = printedRows(form);
  const below = printed.slice(printed.findIndex((r) => r.key === 'total') + 1);
  if (below.every((r) => r.key !== null && r.key !== 'total')) {
    return COMPONENT_ROWS.map((key) => ({ label: FUNDS_ROW_LABELS[key], row: form.funds[key] }));
  }
  return below;
}

const fundsRowsSum: Rule = (form, ctx) => {
  const hits: Hit[] = [];
  const components = componentRows(form);
  for (const col of ['initialBudget', 'annualBudget', 'executed'] as const) {
    const total = form.funds.total[col];
    const parts = components.map((c) => c.row[col]);
    if (total == null || parts.every((p) => p == null)) continue;
    const expected = round2(sum(parts));
    if (close(total, sum(parts), ctx.tolerance)) continue;
    const terms = components.map((c, k) => `${c.label} ${f2(parts[k] ?? 0)}`).join(' + ');
    hits.push({
      params: { column: FUNDS_COLUMN_LABELS[col], total: f2(total), terms, expected: f2(expected) },
      expected,
      actual: total,
    });
  }
  return hits;
};

/** The band a score falls in: the first band, highest minimum first, whose minimum it reaches. */
export function gradeOf(score: number, bands: GradeBand[]): GradeBand | null {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((b) => score >= b.min - EPS) ?? sorted[sorted.length - 1] ?? null;
}

/** 优 and 优秀, 良 and 良好 name the same grade. */
const sameGrade = (printed: string, band: string) => printed.startsWith(band) || band.startsWith(printed);

const gradeBand: Rule = (form, ctx) => {
  const printed = form.grade?.replace(/\s+/g, '');
  if (!printed || form.totalScore == null) return [];
  const band = gradeOf(form.totalScore, ctx.gradeBands);
  if (!band || sameGrade(printed, band.grade)) return [];
  return [{
    params: { printed, band: band.grade, score: f2(form.totalScore), min: band.min },
    expected: band.grade,
    actual: printed,
  }];
};

// ---- warnings --------------------------------------------------------------------------

const deductionWithoutReason: Rule = (form) =>
  form.indicators.flatMap((ind, k) =>
    ind.weight != null && ind.score != null && ind.score < ind.weight - EPS && isBlankReason(ind.deviation)
      ? [{
        params: { score: f2(ind.score), weight: f2(ind.weight) },
        indicator: k,
        expected: ind.weight,
        actual: ind.score,
      }]
      : []);

const unmetFullScore: Rule = (form, ctx) =>
  form.indicators.flatMap((ind, k) => {
    const { target, actual } = ctx.parsed[k] ?? {};
    if (!target || !actual || !sameUnit(target, actual)) return [];
    if (ind.weight == null || ind.score == null || Math.abs(ind.score - ind.weight) > EPS) return [];
    if (meetsTarget(target, actual)) return [];
    return [{
      params: { actual: ind.actual, target: ind.target, score: f2(ind.score) },
      indicator: k,
      expected: formatValue(target),
      actual: formatValue(actual),
    }];
  });

const unitMismatch: Rule = (form, ctx) =>
  form.indicators.flatMap((ind, k) => {
    const { target, actual } = ctx.parsed[k] ?? {};
    if (!target || !actual || sameUnit(target, actual)) return [];
    return [{
      params: { target: ind.target, targetUnit: target.unit, actual: ind.actual, actualUnit: actual.unit },
      indicator: k,
      expected: target.unit,
      actual: actual.unit,
    }];
  });

const overExecution: Rule = (form) => {
  const { annualBudget: budget, executed } = form.funds.total;
  if (budget == null || executed == null || executed <= budget + EPS) return [];
  return [{
    params: { executed: f2(executed), budget: f2(budget) },
    expected: budget,
    actual: executed,
  }];
};

const lowExecutionRate: Rule = (form, ctx) => {
  const rate = totalRate(form);
  if (rate == null || form.funds.total.annualBudget === 0 || rate >= ctx.lowExecutionRate - EPS) return [];
  return [{
    params: { rate: f2(rate), min: ctx.lowExecutionRate },
    expected: ctx.lowExecutionRate,
    actual: round2(rate),
  }];
};

/** A value read by OCR with a confidence under the form's OCR threshold: check it by eye. */
export const lowOcrConfidence: Rule = (form) => {
  if (!form.ocr) return [];
  const { threshold, fields, unplaced } = form.ocr;
  const lost: Hit[] = unplaced.map((u) => ({
    params: { text: u.text, confidence: u.confidence, threshold },
    variant: u.text ? 'unplaced' : 'unread',
    page: u.page,
    ...(u.bbox ? { bbox: u.bbox } : {}),
    expected: threshold,
    actual: u.confidence,
  }));
  return lost.concat(Object.entries(fields)
    .filter(([, confidence]) => confidence < threshold)
    .map(([path, confidence]) => {
      const at = /^indicators\.(\d+)\./.exec(path);
      const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], form);
      return {
        params: { field: at ? path.slice(at[0].length) : path, value: String(value ?? ''), confidence, threshold },
        ...(at ? { indicator: Number(at[1]) } : {}),
        expected: threshold,
        actual: confidence,
      };
    }));
};

// ---- info ------------------------------------------------------------------------------

const allFullMarks: Rule = (form) => {
  const scored = form.indicators.filter((i) => i.weight != null && i.score != null);
  if (!scored.length || scored.some((i) => Math.abs(i.score! - i.weight!) > EPS)) return [];
  return [{ params: { count: scored.length } }];
};

/** The indicators' score rate, Σ得分 / Σ分值 × 100; null without weights. */
export function scoreRateOf(form: Form): number | null {
  const weights = sum(form.indicators.map((i) => i.weight));
  return weights > 0 ? (sum(form.indicators.map((i) => i.score)) / weights) * 100 : null;
}

const scoreOutpacesSpending: Rule = (form, ctx) => {
  const rate = totalRate(form);
  if (rate == null || !form.funds.total.annualBudget) return [];
  const scoreRate = scoreRateOf(form);
  if (scoreRate == null || scoreRate <= rate + ctx.scoreOutpacesBy + EPS) return [];
  return [{
    params: { scoreRate: f2(scoreRate), diff: f2(scoreRate - rate), rate: f2(rate), by: ctx.scoreOutpacesBy },
    expected: round2(rate),
    actual: round2(scoreRate),
  }];
};

/**
 * What a rule cannot run without, where a form may lack it because it was not read (a form
 * missing its 总分 row): the missing input's label, or undefined when it is there.
 */
export type Needs = (form: Form) => string | undefined;
// transfer forms print no 分值/得分 at all: the score rules do not apply, nothing was missed
const needsTotal = (field: 'totalScore' | 'totalWeight', label: string): Needs => (form) =>
  (form[field] == null && form.kind !== 'transfer' ? label : undefined);

/** Every rule with its default severity (and what it needs), in the order they run. */
export const RULES: Record<RuleId, { severity: Severity; check: Rule; needs?: Needs }> = {
  'total-score-sum': { severity: 'error', check: totalScoreSum, needs: needsTotal('totalScore', '总分 得分') },
  'total-weight-sum': { severity: 'error', check: totalWeightSum, needs: needsTotal('totalWeight', '总分 分值') },
  'score-range': { severity: 'error', check: scoreRange },
  'execution-rate': { severity: 'error', check: executionRate },
  'funds-score': { severity: 'error', check: fundsScore },
  'funds-rows-sum': { severity: 'error', check: fundsRowsSum },
  'grade-band': { severity: 'error', check: gradeBand, needs: needsTotal('totalScore', '总分 得分') },
  'deduction-without-reason': { severity: 'warning', check: deductionWithoutReason },
  'unmet-full-score': { severity: 'warning', check: unmetFullScore },
  'unit-mismatch': { severity: 'warning', check: unitMismatch },
  'over-execution': { severity: 'warning', check: overExecution },
  'low-execution-rate': { severity: 'warning', check: lowExecutionRate },
  'low-ocr-confidence': { severity: 'warning', check: lowOcrConfidence },
  'all-full-marks': { severity: 'info', check: allFullMarks },
  'score-outpaces-spending': { severity: 'info', check: scoreOutpacesSpending },
};
