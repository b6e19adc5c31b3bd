// A thread of ours loads pdfjs without its drawing package (read/canvas.ts) and without Node's
// fetch, reads text all the same, and draws once something asks for the canvas. Run in a fresh
// worker thread: both are loaded once per thread, and vitest's own thread may have them already.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

const SCRIPT = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
const dist = ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/read/')).href)};
const pdf = await import(dist + 'pdf.js');
const { drawingCanvas } = await import(dist + 'canvas.js');
const require = createRequire(${JSON.stringify(path.join(ROOT, 'node_modules/pdfjs-dist/package.json'))});
const id = require.resolve('@napi-rs/canvas');
// as in a pool worker (batch/worker.ts): pdfjs's warnings go nowhere
for (const k of ['log', 'info', 'warn', 'error', 'debug']) console[k] = () => undefined;
pdf.leanPdfJs();
await pdf.loadPdfJs();
const noFetch = !process.moduleLoadList.some((m) => m.includes('undici'));
const response = await new Response('回应').text();
const leftOut = Object.keys(require.cache[id]?.exports ?? { loaded: 1 }).length === 0;
const doc = await pdf.openPdf(readFileSync(${JSON.stringify(path.join(ROOT, 'fixtures/stsong-nonembedded.pdf'))}));
const text = (await pdf.readPage(doc, 1)).items.map((i) => i.str).join('');
const canvas = await pdf.renderPage(doc, 1, 0.5);
const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let ink = 0;
for (let k = 0; k < px.length; k += 4) if (px[k] < 128) ink++;
const { createCanvas } = await drawingCanvas();
parentPort.postMessage({ noFetch, response, leftOut, text, width: canvas.width, ink, same: typeof createCanvas === 'function' && !!require.cache[id]?.exports.createCanvas });
`;

describe('pdfjs in a thread of ours', () => {
  it('reads text without @napi-rs/canvas or fetch loaded, then draws with the canvas', async () => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(SCRIPT)}`));
    const got = await new Promise<{ noFetch: boolean; response: string; leftOut: boolean; text: string; width: number; ink: number; same: boolean }>((resolve, reject) => {
      worker.once('message', resolve).once('error', reject);
    });
    await worker.terminate();
    expect(got.leftOut).toBe(true);
    // Node 20 (where the pdfjs import is what wakes fetch); Node 22+ loads undici during that
    // import whatever the globals say
    if (process.versions.node.startsWith('20.')) expect(got.noFetch).toBe(true);
    // the real Response afterwards
    expect(got.response).toBe('回应');
    expect(got.text).toContain('财政项目支出绩效自评表');
    // A4 at half a pixel per point, with the form's rulings and text drawn in black
    expect(got.width).toBe(298);
    expect(got.ink).toBeGreaterThan(1000);
    expect(got.same).toBe(true);
  }, 60_000);
});
