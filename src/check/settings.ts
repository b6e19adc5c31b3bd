// Every threshold of the consistency check, with a name (each rule reads them from here).
export const CHECK_SETTINGS = {
  /** allowed difference of the arithmetic rules (sums, rates, scores): the forms print two decimals */
  tolerance: 0.01,
  /** low-execution-rate fires below this 执行率, in percent (the usual 90% bar of fiscal reviews) */
  lowExecutionRate: 90,
  /** score-outpaces-spending fires when the score rate exceeds 执行率 by more than this many points */
  scoreOutpacesBy: 5,
};

export type CheckSettings = { [K in keyof typeof CHECK_SETTINGS]: number };
