// Peak RSS of scanning pages for OCR (render, grey planes, deskew, stamp removal, rules; no
// tesseract) above the reader's baseline (the documents opened to draw, the canvas loaded), after
// each page, in MB: `node scan-peak.mjs DIST_ROOT file.pdf...` prints JSON. Each page's image is
// given back as the reader does once its cells are read. A process of its own: VmHWM is the
// whole process's.
import { readFileSync, writeFileSync } from 'node:fs';

const [root, ...files] = process.argv.slice(2);
const status = (key) => Number(readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${key}:\\s+(\\d+)`))[1]) / 1024;
const { openPdf } = await import(`${root}/dist/read/pdf.js`);
const { drawingCanvas } = await import(`${root}/dist/read/canvas.js`);
const { scanPage } = await import(`${root}/dist/read/ocr/page.js`);
await drawingCanvas();
const docs = [];
for (const f of files) docs.push(await openPdf(new Uint8Array(readFileSync(f)), { draw: true }));
const baseline = status('VmRSS');
try {
  // the peak from here on (where /proc lets a process reset it)
  writeFileSync('/proc/self/clear_refs', '5');
} catch {}
const peaks = [];
for (const doc of docs) {
  for (let p = 1; p <= doc.numPages; p++) {
    const scan = await scanPage(doc, p);
    scan.image.release();
    peaks.push(Math.round(status('VmHWM') - baseline));
  }
}
console.log(JSON.stringify({ baseline: Math.round(baseline), peaks }));
