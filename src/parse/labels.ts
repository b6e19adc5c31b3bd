// The header words that identify rows and columns. Templates differ in wording, suffixes
// (全年预算数（A）, 执行率(%)) and punctuation, so labels are compared as keys with
// whitespace, brackets and colons removed, and matched by pattern, never by position.
import type { FundsColumnKey, FundsRowKey } from '../model/schema.js';
import { foldIdeographs, halfWidthDigits } from '../text/normalize.js';

/** Comparison key of a label: no whitespace, brackets, colons or bracketed suffixes like （A）. */
export function labelKey(text: string): string {
  return foldIdeographs(text)
    .replace(/[（(][A-Za-zＡ-Ｚａ-ｚ/／%％\s]*[)）]/g, '')
    .replace(/[\s:：()（）【】[\]]/g, '');
}

export const TITLE = /项目支出绩效自评表|项目绩效自评表|绩效自评表/;
const YEAR = /(\d{4})\s*年度?/;
/** A year as printed in a title or year line: （2024年度）, 2024年度, （２０２４ 年度）. */
const YEAR_PART = /[（(]?\s*[0-9０-９]{4}\s*年度?\s*[）)]?/;
export const yearOf = (text: string): number | null => {
  const m = halfWidthDigits(text).match(YEAR);
  return m ? Number(m[1]) : null;
};
/** The row is nothing but a year line. */
export const isYearLine = (text: string): boolean => new RegExp(`^${YEAR_PART.source}$`).test(text.trim());
/** The title without a year printed beside it. */
export const stripYear = (text: string): string => text.replace(YEAR_PART, '').trim() || text.trim();
/** A title repeated at the top of a continued page, not a new form. */
export const CONTINUED_TITLE = /[（(]续[)）]|续表/;

export const HEADER_FIELDS = {
  projectName: /^项目名称/,
  department: /^主管部门|^主管单位/,
  implementingUnit: /^实施单位|^执行单位/,
} as const;
export type HeaderField = keyof typeof HEADER_FIELDS;

export const FUNDS_LABEL = /项目资金|资金情况|预算执行/;
export const FUNDS_COLUMNS: [FundsColumnKey, RegExp][] = [
  ['initialBudget', /^年初预算/],
  ['annualBudget', /^全年预算/],
  ['executed', /^全年执行|^实际执行/],
  ['weight', /^分值|^分数|^权重/],
  ['executionRate', /^执行率/],
  ['score', /^得分/],
];
export const FUNDS_ROWS: [FundsRowKey, RegExp][] = [
  ['total', /年度资金总额|资金总额|^合计/],
  ['currentYearAppropriation', /(当年|本年)财政拨款|财政拨款/],
  ['carryover', /上年结转/],
  ['other', /其他资金/],
];

export const GOALS_LABEL = /总体目标|年度目标|绩效目标/;
export const GOALS_EXPECTED = /^预期目标/;
export const GOALS_ACTUAL = /^实际完成情况|^实际完成/;

export type IndicatorColumn = 'level1' | 'level2' | 'level3' | 'target' | 'actual' | 'weight' | 'score' | 'deviation';
export const INDICATOR_COLUMNS: [IndicatorColumn, RegExp][] = [
  ['level1', /^一级指标/],
  ['level2', /^二级指标/],
  ['level3', /^三级指标/],
  ['target', /(指标|目标)值/],
  ['actual', /^实际(完成)?(值|情况)|^完成值/],
  ['weight', /^分值|^分数|^权重/],
  ['score', /^得分/],
  ['deviation', /原因分析|改进措施|偏差原因|未完成原因/],
];
export const INDICATOR_COLUMN_NAMES: Record<IndicatorColumn, string> = {
  level1: '一级指标', level2: '二级指标', level3: '三级指标', target: '年度指标值', actual: '实际完成值',
  weight: '分值', score: '得分', deviation: '偏差原因分析及改进措施',
};
/** Columns an indicator table cannot do without. */
export const REQUIRED_INDICATOR_COLUMNS: IndicatorColumn[] = ['level3', 'weight', 'score'];

/** A units line printed outside the table: 单位：万元. */
export const UNIT_LINE = /^(?:金额)?单位\s*[:：]\s*([万千]?元)$/;

export const TOTAL = /^总分$|^合计$|^总计$/;
export const GRADE = /^(评分|自评|评价|绩效)等级$/;
/** Page furniture outside the table: page numbers. */
export const PAGE_NUMBER = /^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d+\s*[-—–]?|\d+\s*\/\s*\d+)$/;

/** A heading word of the form, whole (the page-break pass asks: a heading goes on nowhere). */
export function isHeadingWord(text: string): boolean {
  const key = labelKey(text);
  const words = [
    ...Object.values(HEADER_FIELDS), FUNDS_LABEL, ...FUNDS_COLUMNS.map(([, re]) => re), GOALS_LABEL, GOALS_EXPECTED,
    GOALS_ACTUAL, ...INDICATOR_COLUMNS.map(([, re]) => re), TOTAL, GRADE,
  ];
  return key !== '' && words.some((re) => re.test(key));
}
