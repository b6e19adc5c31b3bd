// Every tolerance of the OCR reader, with a name. Lengths in points unless the name says px.
// Overridable as the other stages' settings: extractFile(file, { settings: { ocr: { dpi: 400 } } }).
export const OCR_SETTINGS = {
  /** resolution the page is rendered at: 9-pt CJK is ~37 px high, what tesseract reads best */
  dpi: 300,
  /** a file of at most this many bytes is held once more while its scanned pages are read, for
   * their JPEG images to be decoded here instead of by pdfjs (scan-raw.ts: 25–70 MB less at a
   * page's peak); a larger one is drawn by pdfjs */
  rawBytesMax: 32 << 20,
  /** an image of more pixels than this is read in bands of whole rows, cut where a row holds the
   * least ink (tesseract's heap grows ~15 MB a million pixels of the largest image it reads, for
   * good); a goals cell of a 300-dpi page's third of its width and three quarters of its
   * height (2.8 M) is read whole, a table read as one cell (its rules lost, 6 M) in bands */
  maxReadPixels: 3_000_000,
  /** the page is drawn a strip of rows at a time, on a canvas of at most this many pixels (4 bytes each: a whole A4 page at 300 dpi would be 35 MB) */
  stripPixels: 2_000_000,
  /** a dark area holding a square edgeSolid wide (pt) all dark, reaching the image's edge, is the
   * scanner's lid where the sheet did not reach, and one inside the page as round as a disc
   * (its core filling at most holeFill of its box: a rectangle fills it), no wider than
   * holeSize and within holeMargin of the edge, a punch hole (border.ts): painted paper, with
   * edgeMargin more for its blurred rim. A form's thickest strokes (a bold title) are ~3 pt;
   * punch holes are 5–6 mm (~17 pt). */
  edgeSolid: 6,
  edgeMargin: 1.5,
  holeSize: 30,
  holeFill: 0.9,
  /** a punch hole's centre is at most this far (pt) from the image's edge: holes are punched ~12 mm in */
  holeMargin: 70,
  /** skew searched within ±this many degrees (scanners add up to ~1°) */
  maxSkewDeg: 2,
  /** coarse and fine steps of the skew search, degrees */
  skewStepDeg: 0.1,
  skewFineStepDeg: 0.01,
  /** the skew's row projection is summed over this height (pt): an image scaled by a fraction has a row pattern of its own */
  skewSmooth: 1,
  /** rules are looked for in pixels up to this share of the way from the ink threshold to the
   * paper's tone: a scan prints hairlines lighter than text (see ruleMask) */
  ruleInkShare: 0.5,
  /** there, gaps up to faintRuleGap are bridged and faintRuleDensity of the length is enough: a
   * hairline thresholded to one bit (a scanner's document mode) comes out dashed, ~half ink in
   * dashes ~6 pt apart; paper beside it along all but faintFlankShare of its length (a row
   * through text has ink beside it, far more) */
  faintRuleGap: 7,
  faintRuleDensity: 0.4,
  faintFlankShare: 0.02,
  /** a dark run at least this long is a ruling line (the narrowest cells are ~25 pt wide) */
  minRuleLength: 18,
  /** gaps up to this long inside a ruling (broken lines, scan dropouts) are bridged */
  ruleGap: 1.2,
  /** share of a rule's length that is ink (a row through a line of text is far sparser) */
  minRuleDensity: 0.8,
  /** a rule shorter than this must end on crossing rules at both ends (within ruleEndTolerance): strokes of text do not */
  minFreeRule: 60,
  ruleEndTolerance: 2,
  /** a rule has paper this far (pt) beside it along all but `maxFlankShare` of its length; a stroke of text has not */
  flankOffset: 0.8,
  maxFlankShare: 0.25,
  /** runs in adjacent pixel rows/columns this close (px) belong to one ruling */
  ruleMergePx: 3,
  /** a ruling is at most this thick; thicker dark runs are blocks (a stamp, a filled area) */
  maxRuleThickness: 3,
  /** a cell is read inside its borders, this far in (keeps the rules out of the crop) */
  cellInset: 1.2,
  /** blobs up to this area (pt², ~6 px at 300 dpi) are scan specks, removed before OCR */
  maxSpeck: 0.35,
  /** blobs up to this area (pt², ~26 px) with no other ink within `dotReach` are specks too */
  maxDot: 1.5,
  dotReach: 2,
  /** unless a dot of about its size lies straight above or below it within this (pt): the two dots of a colon */
  colonReach: 5,
  /** pixels this much lighter than the ink threshold are paper (its tone, a red stamp, JPEG ringing) */
  paperMargin: 35,
  /** and in a cell, pixels less than this darker than the cell's median are its fill (a shaded label cell scanned grey) */
  shadeMargin: 30,
  /** a pixel this colourful (max − min of R, G, B; paper and black ink: < 20) is a stamp's ink */
  stampChroma: 60,
  /** seal removal (see stampFree, stampInk): near a stamp the page is paper − (the stamp alone −
   * lightest channel) / the contrast under the stamp, measured on the page: the form's ink under
   * the stamp is this quantile of the stamp's pixels (a stamp covers a few characters), and the
   * contrast at least minStampContrast (a stamp over no ink gives none to measure); within
   * stampArea (pt) of stamp ink, a pixel this colourful and at least stampShadeShare × the
   * stamp's own shade light is the stamp's (thin lines whose colour the JPEG blurred) */
  stampInkQuantile: 0.03,
  minStampContrast: 0.3,
  stampArea: 12,
  stampFaintChroma: 30,
  stampShadeShare: 0.85,
  /** within stampReach (pt) of stamp ink only pixels darker than stampInkShare × the page's ink
   * threshold are the form's ink (the JPEG leaves the stamp's edges grey) */
  stampReach: 0.75,
  stampInkShare: 1,
  /** away from stamps, a pixel is lightened by this × its colourfulness (JPEG colour noise around glyphs, coloured paper) */
  chromaWeight: 1,
  /** a seal on a page scanned in grey (seal.ts): the form's ink is what is at most sealDarkShare
   * of the way from its darkest (the sealCoreQuantile of the ink) to paper; ink lighter than that
   * with none of it within sealNearDark (mm) is a seal's, when there is sealMinShare to sealMaxShare
   * of the page of it and it draws a ring of sealMinRadius to sealMaxRadius (mm), sealRingWidth (mm) thick, round at least
   * sealCoverage of its circumference; the seal is taken out to sealMargin (mm) beyond the ring */
  sealCoreQuantile: 0.1,
  sealDarkShare: 0.2,
  sealNearDark: 0.25,
  sealMinShare: 0.001,
  sealMaxShare: 0.06,
  sealMinRadius: 15,
  sealMaxRadius: 25,
  sealRingWidth: 1.2,
  sealCoverage: 0.6,
  sealMargin: 2,
  /** round the seal's ink, its grey edges reach this far (mm); a cell read again keeps only the form's dark ink this far from it (mm) */
  sealEdge: 0.2,
  sealRecheckReach: 0.4,
  /** a cell where this share of the pixels is stamp ink lies under a stamp: */
  minStampShare: 0.02,
  /** it is read again with the stamp taken out harder (wider, darker ink only); where the readings differ, the surer one is taken with a confidence of at most disagreeConfidence */
  recheckReach: 1.5,
  recheckInkShare: 0.8,
  disagreeConfidence: 50,
  /** a cell with fewer ink pixels than this is blank (scan specks are smaller; a "-" is larger) */
  minInkPx: 40,
  /** text outside the tables: a gap of blank rows this high separates two blocks; a block taller than maxBlockHeight is not text */
  blockGap: 4,
  maxBlockHeight: 120,
  /** a mark at a line's end whose ink is smaller than this share of the line height is dust */
  junkInkShare: 0.2,
  /** a - _ ~ is this many times wider than high, or it is a blot; a lone digit read from ink this flat is a dash */
  dashFlatness: 1.5,
  /** a dash is at most this share of the line's height tall (a "." whose ink is such a bar above the foot is a "-") */
  dashHeight: 0.2,
  /** the foot of a line, where a full stop or decimal point sits: this share of its height */
  footShare: 0.25,
  /** punctuation at a line's end lower than this share of the line, this far from its neighbour (shares of the line height), is a speck */
  junkHeightShare: 0.45,
  junkGapShare: 0.4,
  /** an ASCII bracket with a gap wider than this share of the line height beside it is full width */
  fullWidthGapShare: 0.3,
  /** a scanned page with this many rows of ruled cells holds a table: when no form is read from it, that is an error on the page */
  minTableRows: 3,
  /** OCR confidence (0–100) under which a value is listed as low-ocr-confidence */
  lowConfidence: 90,
  /** a character put right from where it stands rather than read (a % in brackets after a number,
   * a decimal point read as a colon, a dash read as a digit), or an operator the ink does not
   * show (a 二 before a number): at most this sure, so that its value is listed as unsure */
  guessConfidence: 50,
  /** a number read leaves a glyph out where, in its line's rows, a run of ink columns this share of the line's height wide (and minInkPx) lies beyond every box read: looked at again (suspect.ts inkLeftOut) */
  leftOutWidth: 0.3,
  /** ...and this share of it high (a digit's ink, not a speck's or a stamp's fleck) */
  leftOutHeight: 0.5,
  /** ...or a point's box is wider than this share of its line's height (it holds a digit's ink too) */
  pointWidth: 0.5,
  /** a Chinese character's box under this share of its line's em wide and high is a stroke of
   * its neighbour's (correct.ts fragmentGlyphs) */
  fragmentWidth: 0.45,
  fragmentHeight: 0.6,
  /** a mark of ink between two glyphs of a line that OCR read as nothing (a dropped ， 。 or
   * decimal point): at least unreadInk pt² (a printed . is ~0.6 pt²; specks are taken out
   * before), at most unreadSize × the line height across, low in the line; the line is unsure */
  unreadInk: 0.3,
  unreadSize: 0.4,
  /** between Chinese characters, the two glyphs around such a mark stand this many times the line's median pitch apart */
  unreadPitch: 1.6,
  /** a digit whose box lies this share of its width inside the next %'s box was read from the % itself */
  ghostOverlap: 0.5,
  /** a line of Chinese read with this many characters more than its ink's width holds at the page's median pitch has one too many (unsure, guessConfidence) */
  extraChars: 0.6,
  /** a row with this many cells that read as template words is a header row (short header words put right there) */
  headerRowWords: 2,
  /** a recognised line over this share of another's height and width is the same ink read twice (sameInkTwice) */
  sameInkShare: 0.5,
  /** a cell read with a confidence under this, in at most retryMaxChars characters, is read again as sparse text; the surer reading wins */
  retryBelow: 95,
  retryMaxChars: 8,
  /** Chinese read with this many characters fewer than its ink's width holds (em squares) is read
   * again scaled by secondLookLarger and secondLookSmaller, the reading that fits the ink kept */
  missingChars: 2,
  /** a line of ink less high than this (pt) is no line of text (a rule's fringe, specks): 6-pt print is ~5 pt high */
  minGlyphHeight: 4,
  /** text read with a confidence under this is read again scaled by secondLookLarger, and by secondLookSmaller when that reads otherwise (see readRegion): readings that differ are unsure */
  secondLookBelow: 97,
  secondLookLarger: 1.25,
  secondLookSmaller: 0.8,
  /** a cell whose first reading is made of these characters only is read again restricted to them */
  numberChars: '0123456789.,%-≥≤<>=+()',
  /** a blank tesseract worker is terminated after this long unused (ms), so that the process can exit */
  idleMs: 1000,
};

export type OcrSettings = { [K in keyof typeof OCR_SETTINGS]: (typeof OCR_SETTINGS)[K] extends string ? string : number };
