// The glyphs a page draws, as columns.

/**
 * The glyphs drawn on a page, in drawing order, as columns: a page draws thousands, and one
 * object per glyph (with its boxed numbers) was the largest share of the reader's garbage.
 * Page (top-left) coordinates; x0..y1 is the glyph box, ascent to descent.
 */
export class Glyphs {
  length = 0;
  /** the character(s), look-alike ideographs already folded */
  readonly ch: string[] = [];
  /** baseline start, and where the advance ends along the baseline */
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly ex: number[] = [];
  /** font size as drawn on the page */
  readonly size: number[] = [];
  readonly x0: number[] = [];
  readonly y0: number[] = [];
  readonly x1: number[] = [];
  readonly y1: number[] = [];

  // Plain arrays of numbers hold unboxed doubles on the young heap; typed arrays would put
  // their buffers outside it, where only a full collection frees them.
  push(ch: string, x: number, y: number, ex: number, size: number, x0: number, y0: number, x1: number, y1: number): void {
    this.length++;
    this.ch.push(ch);
    this.x.push(x);
    this.y.push(y);
    this.ex.push(ex);
    this.size.push(size);
    this.x0.push(x0);
    this.y0.push(y0);
    this.x1.push(x1);
    this.y1.push(y1);
  }
}
