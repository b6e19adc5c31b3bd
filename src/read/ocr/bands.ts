// A large image read by OCR in bands: tesseract's WebAssembly heap grows to what the largest
// image it reads needs and never shrinks (engine.ts recognize).

/**
 * A PGM of cropPgm cut into bands of whole rows of at most `maxPixels` each (one band when it
 * holds no more), each cut between two lines of text (rows with the least ink, darker than
 * `ink`, in the last third of its band); each band with the row it starts at.
 */
export function pgmBands(pgm: Buffer, maxPixels: number, ink = 128): { y0: number; image: Buffer }[] {
  const m = /^P5\n(\d+) (\d+)\n255\n/.exec(pgm.toString('latin1', 0, 32));
  if (!m) throw new Error('pgmBands: not a PGM of cropPgm');
  const W = Number(m[1]), H = Number(m[2]), from = m[0].length;
  const rows = Math.max(8, Math.floor(maxPixels / W));
  if (H <= rows) return [{ y0: 0, image: pgm }];
  const inkIn = (y: number) => {
    let n = 0;
    for (let i = from + y * W, end = i + W; i < end; i++) if (pgm[i] < ink) n++;
    return n;
  };
  const bands: { y0: number; image: Buffer }[] = [];
  for (let y0 = 0; y0 < H; ) {
    let y1 = Math.min(H, y0 + rows);
    if (y1 < H) {
      // the cut: in the middle of the longest run of the emptiest rows of the band's last third
      // (as empty as the emptiest but for a few pixels: a rule's remains at the cell's sides),
      // the space between two lines of text, never the top or foot of one
      const top = y1 - Math.max(1, Math.floor(rows / 3));
      const ink: number[] = [];
      for (let y = top; y < y1; y++) ink.push(inkIn(y));
      const low = Math.min(...ink) + Math.max(2, Math.round(W / 200));
      let run = 0, bestRun = 0, bestEnd = ink.length;
      ink.forEach((n, k) => {
        run = n <= low ? run + 1 : 0;
        if (run > bestRun) [bestRun, bestEnd] = [run, k + 1];
      });
      y1 = Math.max(y0 + 1, top + bestEnd - Math.floor(bestRun / 2));
    }
    const head = Buffer.from(`P5\n${W} ${y1 - y0}\n255\n`, 'latin1');
    bands.push({ y0, image: Buffer.concat([head, pgm.subarray(from + y0 * W, from + y1 * W)]) });
    y0 = y1;
  }
  return bands;
}
