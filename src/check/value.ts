// Quantitative targets and actual values as printed in the 指标值 / 实际完成值 columns:
// `≥90.00(%)`, `=24.00(小时/天)`, `≤1.00(小时)`, `>=90%`, `≥９０％`, `20天内`. Qualitative
// text (达成指标, 及时（2小时内到达）, 5*8小时驻场服务) is not a value and parses to null.
import type { ParsedValue } from '../model/schema.js';

type Operator = NonNullable<ParsedValue['operator']>;

/** Operator spellings, longest first; NFKC has already turned ＞＝ into >=. */
const OPERATORS: [string, Operator][] = [
  ['>=', '≥'], ['=>', '≥'], ['≥', '≥'], ['≧', '≥'], ['⩾', '≥'],
  ['<=', '≤'], ['=<', '≤'], ['≤', '≤'], ['≦', '≤'], ['⩽', '≤'],
  ['==', '='], ['=', '='], ['>', '>'], ['<', '<'],
  ['不低于', '≥'], ['不少于', '≥'], ['不小于', '≥'], ['至少', '≥'], ['大于等于', '≥'],
  ['不高于', '≤'], ['不超过', '≤'], ['不多于', '≤'], ['不大于', '≤'], ['至多', '≤'], ['小于等于', '≤'],
  ['等于', '='], ['大于', '>'], ['高于', '>'], ['超过', '>'], ['多于', '>'], ['小于', '<'], ['低于', '<'], ['少于', '<'],
].sort((a, b) => b[0].length - a[0].length) as [string, Operator][];

/** A number as printed: optional sign, thousands separators, decimals. */
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|^[+-]?\.\d+/;
/** A unit in brackets: anything but brackets. */
const BRACKETED_UNIT = /^\(([^()]{0,20})\)$/;
/** A bare unit: %, ‰, or a short word (个, 小时/天, TB, m2) — never one starting with a digit. */
const BARE_UNIT = /^(?:[%‰]|[\p{L}°][\p{L}\d/·*°]{0,7})$/u;
/** Suffixes that turn a bare value into a bound: 20天内, 2小时以内, 90%以上. */
const BOUND_SUFFIXES: [RegExp, Operator][] = [[/(?:以内|以下|之内|内)$/, '≤'], [/(?:以上)$/, '≥']];

/** Parse one target or actual text; null when it is not a single quantitative value. */
export function parseValue(text: string | null | undefined): ParsedValue | null {
  if (!text) return null;
  // NFKC folds full-width digits, ％, （）, ＝, ＞, ＜ and ， to their ASCII forms.
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  if (!s) return null;
  let operator: Operator | null = null;
  const op = OPERATORS.find(([spelling]) => s.startsWith(spelling));
  if (op) {
    operator = op[1];
    s = s.slice(op[0].length);
  }
  const number = NUMBER.exec(s);
  if (!number) return null;
  const value = Number(number[0].replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  let rest = s.slice(number[0].length);
  if (operator === null) {
    for (const [suffix, bound] of BOUND_SUFFIXES) {
      if (suffix.test(rest)) {
        rest = rest.replace(suffix, '');
        operator = bound;
        break;
      }
    }
  }
  let unit: string;
  const bracketed = BRACKETED_UNIT.exec(rest);
  if (bracketed) unit = bracketed[1];
  // a number inside the unit (2022年11月底前) makes a date or a phrase, not a quantity
  else if (rest === '' || (BARE_UNIT.test(rest) && !/\d\p{L}/u.test(rest))) unit = rest;
  else return null;
  return { operator, value, unit };
}

/**
 * A target or actual of a template that prints 指标性质 and 度量单位 in their own columns
 * (`=` | `100` | `%`): the operator from `nature` when the value has none (targets only), the
 * unit from `unit` when the value has none.
 */
export function parseIndicatorValue(text: string, nature: string | null | undefined, unit: string | null | undefined, target: boolean): ParsedValue | null {
  const v = parseValue(text);
  if (!v) return null;
  const op = target && v.operator === null && nature ? OPERATORS.find(([s]) => s === nature.normalize('NFKC').replace(/\s+/g, ''))?.[1] : undefined;
  return { operator: op ?? v.operator, value: v.value, unit: v.unit || (unit?.trim() ?? '') };
}

/** Units compared without case or spaces: `%` = `％`, `TB` = `tb`. */
export const unitKey = (unit: string): string => unit.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export const sameUnit = (a: ParsedValue, b: ParsedValue): boolean => unitKey(a.unit) === unitKey(b.unit);

/** Does the actual value meet the target? A target without operator means `=`. */
export function meetsTarget(target: ParsedValue, actual: ParsedValue): boolean {
  const t = target.value;
  const a = actual.value;
  const eps = 1e-9 * Math.max(1, Math.abs(t), Math.abs(a));
  switch (target.operator ?? '=') {
    case '=': return Math.abs(a - t) <= eps;
    case '≥': return a >= t - eps;
    case '≤': return a <= t + eps;
    case '>': return a > t + eps;
    case '<': return a < t - eps;
  }
}

/** A parsed value printed back: `≥90.00(%)` style, without trailing zeros. */
export const formatValue = (v: ParsedValue): string => `${v.operator ?? ''}${v.value}${v.unit ? `(${v.unit})` : ''}`;
