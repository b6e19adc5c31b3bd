// Every tolerance and assumption of the reader, in points or shares of the font size, with a
// name (as pdfplumber's table settings). No bare numbers in the walker or the item builder.
export const READ_SETTINGS = {
  /** a filled rectangle no thicker than this is a ruling line, not a cell background */
  maxRuleThickness: 2.5,
  /** a line this far from axis-aligned still counts as horizontal/vertical */
  axisTolerance: 0.8,
  /** segments shorter than this are dots or glyph parts */
  minSegmentLength: 1,
  /** a filled path is a rectangle when every point lies this close to a corner of its box */
  cornerTolerance: 0.5,
  /** paint whose R, G and B are all at least this (of 255) is white on paper: it draws no ruling */
  nearWhite: 235,
  /** glyph box above the baseline, in font sizes (the operator list carries no per-font metrics) */
  ascent: 0.85,
  /** glyph box below the baseline, in font sizes */
  descent: 0.15,
  /** the same character again within this share of the font size = drawn twice (fake bold) */
  duplicateShare: 0.3,
  /** glyphs whose baselines differ by less than this share of the font size are on one line */
  baselineShare: 0.3,
  /** a gap (or overlap) wider than this share of the font size ends a run */
  runGapShare: 0.3,
  /** form XObjects nested deeper than this are a hostile file, not a form (real ones: a few) */
  maxFormDepth: 64,
};

export type ReadSettings = { [K in keyof typeof READ_SETTINGS]: number };

/**
 * `q` (save) nested deeper than this on one page is a hostile file, not a form (real pages nest
 * a few levels). pdfjs copies its graphics state by prototype chain, so each `q` costs as much
 * as the nesting is deep: reaching this takes it ~1 s, a million would take hours. Not a
 * setting: pdfjs is stopped there for every document of the thread (InThreadPort).
 */
export const MAX_SAVE_DEPTH = 10_000;
