// Geometry shared by every stage from the reader on: points, top-left origin, y grows down.

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TextItem extends Box {
  str: string;
  /** font size in points, as drawn */
  size: number;
  /** where each character (code point) of `str` starts, when the reader knows it */
  starts?: number[];
}

/** A horizontal (y0 === y1) or vertical (x0 === x1) ruling segment. */
export interface Segment extends Box {
  orientation: 'h' | 'v';
}

export interface PageContent {
  /** 1-based page number */
  page: number;
  width: number;
  height: number;
  items: TextItem[];
  segments: Segment[];
  /** the page draws text (showText operators) — lets the reader tell "no text layer" from "blank" */
  drawsText: boolean;
  /** the page paints images (a scanned page) */
  drawsImages: boolean;
}
