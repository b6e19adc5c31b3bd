// The check stage: every rule over one form, the parsed targets/actuals and findings added to
// it, and the verdicts CI needs (counts by severity, --fail-on).
import {
  FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, RuleIdSchema, SeveritySchema,
  type FileResult, type Finding, type Form, type Indicator, type FundsColumnKey, type FundsRowKey, type RuleId, type Severity,
} from '../model/schema.js';
import { PLAIN_NUMBER } from '../text/normalize.js';
import { findingMessage } from './message.js';
import { CHECK_SETTINGS, type CheckSettings } from './settings.js';
import { RULES, type FundsPrecision, type GradeBand, type Hit, type RuleContext } from './rules.js';
import { parseIndicatorValue } from './value.js';

export { RULES, gradeOf, type FundsPrecision, type GradeBand } from './rules.js';
export { findingMessage, findingWhat, findingWhere } from './message.js';
export { parseValue, meetsTarget } from './value.js';

export interface CheckOptions {
  /** grade bands, default 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below */
  gradeBands?: GradeBand[];
  /** a different severity for a rule, or 'off' to skip it */
  severity?: Partial<Record<RuleId, Severity | 'off'>>;
  /** thresholds of the rules (check/settings.ts); those not given keep their defaults */
  settings?: Partial<CheckSettings>;
}

export const DEFAULT_GRADE_BANDS: readonly GradeBand[] = [
  { grade: '优', min: 90 },
  { grade: '良', min: 80 },
  { grade: '中', min: 60 },
  { grade: '差', min: 0 },
];

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
export const SEVERITIES = SeveritySchema.options;

/** An indicator's target and actual as values, with its 指标性质 and 度量单位 columns. */
const parsedValues = (i: Indicator) => ({
  target: parseIndicatorValue(i.target, i.nature, i.unit, true),
  actual: parseIndicatorValue(i.actual, i.nature, i.unit, false),
});

/**
 * All findings of one form, errors first; each rule's hits in row order. The printed decimals
 * of the funds cells are the form's own (funds.decimals) unless given.
 */
export function checkForm(form: Form, options: CheckOptions = {}, precision: FundsPrecision = form.funds.decimals ?? {}): Finding[] {
  const ctx: RuleContext = {
    ...CHECK_SETTINGS,
    ...options.settings,
    gradeBands: options.gradeBands?.length ? options.gradeBands : [...DEFAULT_GRADE_BANDS],
    precision,
    parsed: form.indicators.map(parsedValues),
  };
  const findings: Finding[] = [];
  for (const rule of RuleIdSchema.options) {
    const severity = options.severity?.[rule] ?? RULES[rule].severity;
    if (severity === 'off') continue;
    for (const hit of RULES[rule].check(form, ctx)) findings.push(locate(form, rule, severity, hit));
  }
  return findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** A rule that could not run on a form, and the input it lacked (`总分 得分`). */
export interface Unchecked {
  rule: RuleId;
  missing: string;
}

/** The rules (not turned off) that could not run on a form because an input was not read. */
export function uncheckedRules(form: Form, options: Pick<CheckOptions, 'severity'> = {}): Unchecked[] {
  const out: Unchecked[] = [];
  for (const rule of RuleIdSchema.options) {
    const missing = options.severity?.[rule] === 'off' ? undefined : RULES[rule].needs?.(form);
    if (missing) out.push({ rule, missing });
  }
  return out;
}

/** Rules about the 总分 row and the grade point at the form's last page; the others at its first. */
const AT_END: ReadonlySet<RuleId> = new Set(['total-score-sum', 'total-weight-sum', 'grade-band']);

/**
 * A hit made a finding: where to look (the indicator's page and row, else the form's page) and
 * its message. The JSON message is always Chinese, whatever --lang says, so that stored results
 * do not depend on the locale; reports render `params` in their own language.
 */
function locate(form: Form, rule: RuleId, severity: Severity, hit: Hit): Finding {
  const { params, variant, ...rest } = hit;
  const ind = hit.indicator === undefined ? undefined : form.indicators[hit.indicator];
  const page = ind?.page ?? hit.page ?? (AT_END.has(rule) ? form.pages[form.pages.length - 1] : form.pages[0]);
  const place = ind ? { page, row: ind.row ?? hit.indicator! + 1 } : { page };
  const finding = {
    rule, severity, ...rest, ...place,
    params: ind ? { name: ind.level3, ...params } : params,
    ...(variant ? { variant } : {}),
  };
  return { ...finding, message: findingMessage('zh', finding) };
}

/** The form with targetParsed / actualParsed on each indicator and its findings. */
export function annotateForm(form: Form, options: CheckOptions = {}, precision?: FundsPrecision): Form {
  return {
    ...form,
    indicators: form.indicators.map((i) => {
      const { target, actual } = parsedValues(i);
      return { ...i, targetParsed: target, actualParsed: actual };
    }),
    findings: checkForm(form, options, precision),
  };
}

/**
 * A saved result checked again (other options, a newer eval-extract): the parsed values and
 * findings of every form recomputed; the rest, errors included, as saved.
 */
export function recheckResult(result: FileResult, options: CheckOptions = {}): FileResult {
  return { ...result, forms: result.forms.map((f) => annotateForm(f, options)) };
}

/** Decimals of the printed 项目资金 texts (`99.40` → 2, `100` → 0); blanks are left out. */
export function fundsPrecision(
  texts: Partial<Record<FundsRowKey, Partial<Record<FundsColumnKey, string | null | undefined>>>>,
): FundsPrecision {
  const out: FundsPrecision = {};
  for (const row of FUNDS_ROW_KEYS) {
    for (const col of FUNDS_COLUMN_KEYS) {
      const raw = texts[row]?.[col]?.normalize('NFKC').replace(/[\s%,]/g, '');
      if (!raw || !PLAIN_NUMBER.test(raw)) continue;
      (out[row] ??= {})[col] = raw.includes('.') ? raw.length - raw.indexOf('.') - 1 : 0;
    }
  }
  return out;
}

// ---- options from text (the CLI) -------------------------------------------------------

/** `优:90,良:80,中:60,差:0` (full-width ：and ， too) → bands; throws a one-line Error. */
export function parseGradeBands(spec: string): GradeBand[] {
  const parts = spec.normalize('NFKC').split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) throw new Error('grade bands: expected GRADE:MIN,… such as 优:90,良:80,中:60,差:0');
  const bands = parts.map((part) => {
    const m = /^(.+?)\s*[:=]\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`grade bands: 「${part}」 is not GRADE:MIN (such as 优:90)`);
    return { grade: m[1], min: Number(m[2]) };
  });
  const names = new Set(bands.map((b) => b.grade));
  if (names.size !== bands.length) throw new Error('grade bands: a grade is named twice');
  return bands;
}

/** `deduction-without-reason=error` → [rule, severity]; throws a one-line Error. */
export function parseSeverityOverride(spec: string): [RuleId, Severity | 'off'] {
  const m = /^([a-z-]+)=(error|warning|info|off)$/.exec(spec.trim());
  const rule = RuleIdSchema.safeParse(m?.[1]);
  if (!m || !rule.success) {
    throw new Error(`severity: expected RULE=error|warning|info|off with RULE one of ${RuleIdSchema.options.join(', ')}`);
  }
  return [rule.data, m[2] as Severity | 'off'];
}

// ---- verdicts --------------------------------------------------------------------------

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface FindingCounts {
  files: number;
  /** files that could not be read or held no form */
  unreadable: number;
  forms: number;
  /** forms some rule could not run on (uncheckedRules) */
  partial: number;
  error: number;
  warning: number;
  info: number;
}

export function countFindings(results: Iterable<FileResult>): FindingCounts {
  const counts: FindingCounts = { files: 0, unreadable: 0, forms: 0, partial: 0, error: 0, warning: 0, info: 0 };
  for (const r of results) {
    counts.files++;
    if (!r.forms.length) counts.unreadable++;
    counts.forms += r.forms.length;
    for (const f of r.forms) {
      for (const x of f.findings ?? []) counts[x.severity]++;
      if (f.findings && uncheckedRules(f).length) counts.partial++;
    }
  }
  return counts;
}

/** The results with only the findings at or above `min` (`--min-severity`). */
export function filterSeverity(results: FileResult[], min: Severity): FileResult[] {
  const keep = (f: Finding) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min];
  return results.map((r) => ({ ...r, forms: r.forms.map((f) => (f.findings ? { ...f, findings: f.findings.filter(keep) } : f)) }));
}

/** Is there a finding at or above the --fail-on severity? `never` never fails. */
export function failsOn(counts: FindingCounts, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return SEVERITIES.some((s) => SEVERITY_RANK[s] >= SEVERITY_RANK[failOn] && counts[s] > 0);
}
