// Every tolerance and threshold of the form parser, with a name. No bare numbers in parse/.
export const PARSE_SETTINGS = {
  /** points a cell may overlap an edge and still count as beside it (cell borders drawn apart by rounding;
   * word processors shift a table's column edges by a point or two on the page it continues on) */
  edgeSlack: 3,
  /** indicator header words (一级指标, 指标值, 分值, …) a row needs to be the indicator header */
  indicatorHeaderWords: 4,
  /** funds header words (年初预算数, 执行数, 得分, …) a row needs to be the funds header */
  fundsHeaderWords: 3,
};

export type ParseSettings = { [K in keyof typeof PARSE_SETTINGS]: number };
