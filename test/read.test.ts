// The reader's pure parts: drawn glyphs -> text items (fake bold, letter-spacing, reading
// order), and the in-thread port between pdfjs's two halves.
import { describe, expect, it } from 'vitest';
import { Glyphs, readPageGraphics } from '../src/read/graphics/index.js';
import { PATH_OP } from '../src/read/graphics/paths.js';
import { glyphsToItems } from '../src/read/items.js';
import { InThreadPort, loadPdfJs } from '../src/read/pdf.js';
import { READ_SETTINGS } from '../src/read/settings.js';

describe('the in-thread port between pdfjs halves', () => {
  const delivered = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('delivers later, clones ordinary messages, hands operator lists over with fresh arrays', async () => {
    const port = new InThreadPort();
    const got: unknown[] = [];
    port.addEventListener('message', (e) => got.push(e.data));
    const plain = { action: 'GetPage', data: { pageIndex: 1 } };
    const glyph = { unicode: '项', width: 1000 };
    const chunk = { stream: 4, chunk: { fnArray: [44], argsArray: [[[glyph]]], lastChunk: false, length: 1 } };
    port.postMessage(plain);
    port.postMessage(chunk);
    expect(got).toEqual([]);
    // the sender empties its arrays right after sending (OperatorList.flush)
    chunk.chunk.fnArray.length = 0;
    chunk.chunk.argsArray.length = 0;
    await delivered();
    expect(got[0]).toEqual(plain);
    expect(got[0]).not.toBe(plain);
    const sent = got[1] as typeof chunk;
    expect(sent.chunk.fnArray).toEqual([44]);
    expect(sent.chunk.argsArray[0][0][0]).toBe(glyph);
  });

  it('drops a listener when its signal aborts, as pdfjs does when a document closes', async () => {
    const port = new InThreadPort();
    const calls: string[] = [];
    const documents = Array.from({ length: 3 }, (_, k) => {
      const ac = new AbortController();
      port.addEventListener('message', () => calls.push(`doc${k}`), { signal: ac.signal });
      return ac;
    });
    expect(port.listenerCount).toBe(3);
    documents.forEach((ac) => ac.abort());
    expect(port.listenerCount).toBe(0);
    port.postMessage({ action: 'test' });
    await delivered();
    expect(calls).toEqual([]);
  });
});

describe('glyphs -> text items', () => {
  it('drops letter-spacing between CJK glyphs and a glyph drawn twice, whatever the drawing order', () => {
    const drawn = new Glyphs();
    const glyph = (ch: string, x: number) => drawn.push(ch, x, 100, x + 9, 9, x, 92, x + 9, 101);
    // drawn right to left, then 项 again at (nearly) the same spot
    [...'项 目A B'].map((ch, k) => [ch, 10 + k * 9] as const).reverse().forEach(([ch, x]) => glyph(ch, x));
    glyph('项', 10.2);
    const items = glyphsToItems(drawn);
    expect(items.map((i) => i.str)).toEqual(['项目A B']);
    expect(items[0].starts).toEqual([10, 28, 37, 46, 55]);
  });

  it('drops a glyph drawn twice wherever the two copies fall on the dedupe grid', () => {
    // size 9: twins are within 2.7 pt; step across several grid cells in small steps
    for (let x = 20; x < 40; x += 0.37) {
      for (const [dx, dy] of [[0.4, 0], [-0.4, 0.3], [2.6, -2.6], [-2.6, 2.6]]) {
        const drawn = new Glyphs();
        drawn.push('国', x, 100, x + 9, 9, x, 92, x + 9, 101);
        drawn.push('国', x + dx, 100 + dy, x + dx + 9, 9, x + dx, 92 + dy, x + dx + 9, 101 + dy);
        expect(glyphsToItems(drawn).map((i) => i.str)).toEqual(['国']);
      }
      // a copy more than 0.3 em away is another character
      const two = new Glyphs();
      two.push('国', x, 100, x + 9, 9, x, 92, x + 9, 101);
      two.push('国', x + 9, 100, x + 18, 9, x + 9, 92, x + 18, 101);
      expect(glyphsToItems(two).map((i) => i.str)).toEqual(['国国']);
    }
  });

});

describe('the graphics walker (read/graphics)', () => {
  const IDENTITY = [1, 0, 0, 1, 0, 0];
  const fonts = () => undefined; // every font: the default 1/1000 matrix
  /** Walk a list of [operator name, args] on a 200×200 page with pdfjs's own operator codes. */
  async function walk(ops: [string, unknown[]][], settings = READ_SETTINGS) {
    const { OPS } = await loadPdfJs();
    const codes = OPS as unknown as Record<string, number>;
    for (const [name] of ops) expect(codes[name], name).toBeTypeOf('number');
    return readPageGraphics(codes, ops.map(([name]) => codes[name]), ops.map(([, args]) => args), IDENTITY, 200, 200, fonts, settings);
  }
  const path = async (op: string, ...coords: number[]) => [(await loadPdfJs()).OPS[op as 'stroke'], [new Float32Array(coords)]];
  const { moveTo, lineTo, closePath } = PATH_OP;

  it('keeps stroked axis-aligned lines, moved by the current transformation, and drops slanted ones', async () => {
    const g = await walk([
      ['save', []],
      ['transform', [1, 0, 0, 1, 10, 20]],
      ['constructPath', await path('stroke', moveTo, 0, 0, lineTo, 100, 0.5, lineTo, 100, 50, lineTo, 60, 90)],
      ['restore', []],
      ['constructPath', await path('stroke', moveTo, 5, 5, lineTo, 5, 105)],
    ]);
    expect(g.segments).toEqual([
      { orientation: 'h', x0: 10, x1: 110, y0: 20.25, y1: 20.25 },
      { orientation: 'v', x0: 110, x1: 110, y0: 20.5, y1: 70 },
      { orientation: 'v', x0: 5, x1: 5, y0: 5, y1: 105 },
    ]);
  });

  it('takes a thin filled rectangle for a rule and a thick one or white paint for none', async () => {
    const rect = (x: number, y: number, w: number, h: number) =>
      path('fill', moveTo, x, y, lineTo, x + w, y, lineTo, x + w, y + h, lineTo, x, y + h, closePath);
    const g = await walk([
      ['constructPath', await rect(10, 10, 100, 1)],
      ['constructPath', await rect(10, 50, 100, 20)],
      ['setStrokeRGBColor', ['#ffffff']],
      ['constructPath', await path('stroke', moveTo, 0, 150, lineTo, 100, 150)],
    ]);
    expect(g.segments).toEqual([{ orientation: 'h', x0: 10, x1: 110, y0: 10.5, y1: 10.5 }]);
    // a 20 pt band is a rule when the settings say rules may be that thick
    const wide = await walk([['constructPath', await rect(10, 50, 100, 20)]], { ...READ_SETTINGS, maxRuleThickness: 25 });
    expect(wide.segments).toEqual([{ orientation: 'h', x0: 10, x1: 110, y0: 60, y1: 60 }]);
  });

  it('places each glyph by the text matrix, size, spacing and TJ offsets, and drops glyphs the clip hides', async () => {
    const g = await walk([
      ['beginText', []],
      ['setFont', ['F1', 10]],
      ['setCharSpacing', [1]],
      ['setTextMatrix', [[1, 0, 0, 1, 50, 100]]],
      ['showText', [[{ unicode: '项', width: 1000 }, -500, { unicode: '⽬', width: 1000 }]]],
      ['nextLine', []],
      ['save', []],
      ['clip', []],
      ['constructPath', await path('endPath', moveTo, 0, 0, lineTo, 57, 0, lineTo, 57, 200, lineTo, 0, 200, closePath)],
      ['moveText', [0, 20]],
      ['showText', [[{ unicode: 'A', width: 500 }, { unicode: 'B', width: 500 }]]],
      ['restore', []],
    ]);
    expect(g.drawsText).toBe(true);
    expect(g.drawsImages).toBe(false);
    // 项 at 50; 目 (folded from the Kangxi radical) after a 10 pt advance, 1 pt spacing and a 5 pt TJ shift;
    // A on the next line, 20 pt further, with B after it
    expect(g.glyphs.ch).toEqual(['项', '目', 'A']);
    expect(g.glyphs.x).toEqual([50, 66, 50]);
    expect(g.glyphs.ex).toEqual([60, 76, 55]);
    expect(g.glyphs.y).toEqual([100, 100, 120]);
    expect(g.glyphs.size).toEqual([10, 10, 10]);
    // the box runs from the descent to the ascent (0.15 and 0.85 of the size)
    expect([g.glyphs.y0[0], g.glyphs.y1[0]]).toEqual([98.5, 108.5]);
    // B (56–61) has its centre beyond the clip at x = 57: not printed
    expect(g.glyphs.length).toBe(3);
  });

  it('says when a page paints images', async () => {
    expect((await walk([['paintImageXObject', ['img1', 100, 100]]])).drawsImages).toBe(true);
  });
});
