// Every tolerance and threshold of the form parser, with a name. No bare numbers in parse/.
export const PARSE_SETTINGS = {
  /** points a cell may overlap an edge and still count as beside it (cell borders drawn apart by rounding;
   * word processors shift a table's column edges by a point or two on the page it continues on) */
  edgeSlack: 3,
  /** indicator header words (一级指标, 指标值, 分值, …) a row needs to be the indicator header */
  indicatorHeaderWords: 4,
  /** funds header words (年初预算数, 执行数, 得分, …) a row needs to be the funds header */
  fundsHeaderWords: 3,
  /** indicator header words (实际完成值, 分值, 得分, …) of the upper of two header rows (Yunnan) */
  upperHeaderWords: 3,
  /** share of the row's width a cell must span to be a title or a heading across the table */
  fullWidthShare: 0.5,
  /** amount columns a funds cell must span to be a side-by-side breakdown (按收入性质分：…) */
  breakdownColumns: 2,
};

export type ParseSettings = { [K in keyof typeof PARSE_SETTINGS]: number };
