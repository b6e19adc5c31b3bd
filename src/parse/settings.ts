// The parse stage's tolerances, named once.
export const PARSE_SETTINGS = {
  /** points a cell edge may sit past a column or label edge and still count as left/right of it */
  edgeSlack: 1,
} as const;
