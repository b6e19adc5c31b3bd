// Every tolerance of the layout stage, in points, with a name (after pdfplumber's table
// settings). No bare numbers in the algorithms.
export const LAYOUT_SETTINGS = {
  /** line positions closer than this are one line (double strokes, rect-drawn rules) */
  snapTolerance: 2.5,
  /** collinear pieces with a gap up to this are one line (rules drawn per cell edge) */
  joinTolerance: 3,
  /** a vertical and a horizontal line touch if they come this close */
  intersectionTolerance: 3,
  /** a border must cover a cell edge except for this much to separate two cells */
  coverTolerance: 2.5,
  /** bands or columns thinner than this are not cells */
  minCellSize: 2,
  /** two items are on one text line when their vertical centres differ by less than this share of the font size */
  lineShare: 0.5,
  /** a gap wider than this share of the font size between two items on a line is a word space */
  spaceShare: 0.25,
  /** text of a cell open at a page break may run this many font sizes past the page's last rule */
  spillLines: 2.5,
  /** an item is cut at a cell border only if it runs this share of its font size past it */
  cutShare: 0.6,
  /** without ruling lines, a gap wider than this share of the font size separates two cells */
  cellGapShare: 1.5,
  /** cells on both sides of a page break are in one column when their edges differ by less than this */
  breakColumnTolerance: 3,
  /** a cell part whose free height (above and below its text) exceeds this many font sizes had room for another line */
  breakRoomShare: 2,
  /** text ending within this many font sizes of a page break runs up to it */
  breakReachShare: 1,
  /** text whose gaps to the top and bottom of its cell differ by more than this share of the font size is off-centre */
  offCentreShare: 0.5,
  /**
   * pages looked back at for the name of a column (一级指标 …) in a page-break message: a long
   * report keeps only its last pages (a table's header is on its first page, a page or two back)
   */
  nameLookbackPages: 16,
};

export type LayoutSettings = { [K in keyof typeof LAYOUT_SETTINGS]: number };
