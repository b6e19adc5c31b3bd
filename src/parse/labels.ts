// The header words that identify rows and columns. Templates differ in wording, suffixes
// (全年预算数（A）, 执行率(%)) and punctuation, so labels are compared as keys with
// whitespace, brackets and colons removed, and matched by pattern, never by position.
import type { FormKind, FundsColumnKey } from '../model/schema.js';
import { foldIdeographs, halfWidthDigits } from '../text/normalize.js';

/** Comparison key of a label: no whitespace, brackets, colons or bracketed suffixes like （A）. */
export function labelKey(text: string): string {
  return foldIdeographs(text)
    .replace(/[（(][A-Za-zＡ-Ｚａ-ｚ/／%％\s]*[)）]/g, '')
    .replace(/[\s:：()（）【】[\]]/g, '');
}

/** A self-evaluation form's title: 项目支出绩效自评表, 部门整体支出绩效自评表, 专项资金绩效目标自评表 … */
export const TITLE = /绩效(目标)?自评表/;
/** Any other 绩效 table's title (基础数据表, 绩效目标申报表, scoring rubrics): named and skipped. */
export const OTHER_TITLE = /绩效.*表$/;
/** The form kind its title names: transfer payments and special funds, department-wide, else project. */
export const KIND_OF_TITLE: [FormKind, RegExp][] = [
  ['transfer', /转移支付|专项资金/],
  ['department', /部门整体/],
];
/** A line printed above the title that belongs to the form (报表编号:510000_0013zp). */
export const ABOVE_TITLE_NOTE = /^(报表编号|表号)\s*[:：]/;
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

/** Header labels of the model's fields, per template (keys: whitespace and brackets removed). */
export const HEADER_FIELDS = {
  projectName: /^项目名称|^转移支付项目名称|^转移支付名称|^专项资金名称/,
  department: /^主管部门|^主管单位|^地方主管部门|^县级主管部门|^预算部门|^部门单位名称/,
  implementingUnit: /^实施单位|^执行单位|^资金使用单位/,
  totalScore: /^自评总分/,
} as const;
/** The name label of transfer-payment and special-fund forms. */
export const TRANSFER_NAME = /^转移支付|^专项资金名称/;
export type HeaderField = keyof typeof HEADER_FIELDS;
/** Header labels with no model field: their label and value go to notes. */
export const HEADER_NOTE_FIELDS = /^中央主管部门|^负责人及电话|^负责人|^联系电话|^联系人|^财政处室|^填报单位/;

export const FUNDS_LABEL = /项目资金|资金情况|预算执行情况|年度预算数|年度预算申请|预算资金/;
export const FUNDS_COLUMNS: [FundsColumnKey, RegExp][] = [
  ['initialBudget', /^年初预算/],
  ['annualBudget', /^全年预算|^调整后预算|^全年调整预算/],
  ['executed', /^全年执行|^实际执行|^预算执行数/],
  ['weight', /^分值|^分数|^权重|^执行率权重/],
  ['executionRate', /^(预算)?执行率$/],
  ['score', /^(自评|执行率)?得分/],
];
/** The funds block's 原因 column (Sichuan): its text is a note. */
export const FUNDS_REASON = /^原因/;
/** Words that mark a funds header row, besides the columns. */
export const FUNDS_HEADER_WORDS = /^年初预算|^全年预算|^全年执行|^调整后预算|^预算执行数/;

export const GOALS_LABEL = /总体目标|年度目标|绩效目标/;
export const GOALS_EXPECTED = /^预期目标|^项目年度目标$|^总体目标$|^年初设定目标|^年初绩效目标/;
export const GOALS_ACTUAL = /^实际完成情况|^实际完成|^年度目标完成情况$|^全年实际完成情况|^全年目标实际完成情况/;

export type IndicatorColumn = 'level1' | 'level2' | 'level3' | 'nature' | 'target' | 'unit' | 'actual' | 'weight' | 'score' | 'deviation';
export const INDICATOR_COLUMNS: [IndicatorColumn, RegExp][] = [
  ['level1', /^一级指标/],
  ['level2', /^二级指标/],
  ['level3', /^三级指标/],
  ['nature', /^指标性质/],
  ['unit', /^度量单位|^计量单位/],
  ['target', /(指标|目标)值/],
  ['actual', /^实际(完成)?(值|情况)|^完成值|^全年(实际)?完成值/],
  ['weight', /^分值|^分数|^权重/],
  ['score', /^得分/],
  ['deviation', /原因分析|改进措施|偏差原因|未完成原因/],
];
export const INDICATOR_COLUMN_NAMES: Record<IndicatorColumn, string> = {
  level1: '一级指标', level2: '二级指标', level3: '三级指标', nature: '指标性质', target: '年度指标值', unit: '度量单位',
  actual: '实际完成值', weight: '分值', score: '得分', deviation: '偏差原因分析及改进措施',
};
/** Columns an indicator table cannot do without, per kind: transfer forms have no scores. */
export const REQUIRED_INDICATOR_COLUMNS: Record<FormKind, IndicatorColumn[]> = {
  project: ['level3', 'target', 'actual', 'weight', 'score'],
  department: ['level3', 'target', 'actual'],
  transfer: ['level3', 'target', 'actual'],
};
/** Header words of scoring rubrics and goal tables: such a table is not a self-evaluation form. */
export const NOT_SELF_EVALUATION = /^指标解释|^评分标准|^指标说明及评分标准/;
/** Template rows left unfilled: 指标1：, 指标2:, ……, … */
export const PLACEHOLDER = /^(指标\d+[:：]?|[…⋯．.。·]+)$/;
/** The block label over the indicator columns: 绩效指标, 年度绩效指标完成情况 (the upper of two header rows). */
export const INDICATOR_BLOCK = /^(绩效指标|年度绩效指标)/;
/** A full-width heading row inside the table: 预算执行情况(10分), 绩效指标(90分). */
export const SECTION_HEADING = /^(预算执行情况|绩效指标|项目基本情况|年度绩效指标完成情况)/;

/** A units line printed outside the table: 单位：万元. */
export const UNIT_LINE = /^(?:金额)?单位\s*[:：]\s*([万千]?元)$/;

export const TOTAL = /^总分$|^合计$|^总计$|^自评总分$/;
export const GRADE = /^(评分|自评|评价|绩效)等级$/;
/** Labels of the free-text rows and lines that close a form (and end a table without 总分). */
export const NOTE_LABEL = /^(说明|注|备注|评价结论|自评结论|存在问题|改进措施|存在的问题及改进措施|项目负责人|财务负责人|填报人|审核人|联系电话)$/;

/** A labelled line: label, colon, text (注：1.…, 项目负责人：何某). */
export const LABELLED = /^\s*([^:：\d][^:：]{0,14}?)\s*[:：]\s*([\s\S]*)$/;

/** Page furniture outside the table: page numbers. */
export const PAGE_NUMBER = /^(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d+\s*[-—–]?|\d+\s*\/\s*\d+)$/;

/** A heading word of the form, whole (the page-break pass asks: a heading goes on nowhere). */
export function isHeadingWord(text: string): boolean {
  const key = labelKey(text);
  const words = [
    ...Object.values(HEADER_FIELDS), FUNDS_LABEL, ...FUNDS_COLUMNS.map(([, re]) => re), GOALS_LABEL, GOALS_EXPECTED,
    GOALS_ACTUAL, ...INDICATOR_COLUMNS.map(([, re]) => re), TOTAL, GRADE, NOTE_LABEL, HEADER_NOTE_FIELDS, TRANSFER_NAME,
    FUNDS_REASON, SECTION_HEADING,
  ];
  return key !== '' && words.some((re) => re.test(key));
}
