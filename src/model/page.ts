// What the reader hands on, per page: positioned text items and ruling segments (points,
// top-left origin). Every reader (pdfjs, OCR) produces this; layout starts from it.
import type { Box, Segment } from '../geometry/index.js';

export interface TextItem extends Box {
  str: string;
  /** font size in points, as drawn */
  size: number;
  /** where each character (code point) of `str` starts, when the reader knows it */
  starts?: number[];
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
