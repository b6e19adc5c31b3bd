#!/usr/bin/env node
// npm run bench [-- --files 500 --runs 1 --reps 7 --keep --only a,b --before [NAME=]BIN ...]
//   (parts: j1 j2 floor floor-ops floor-shipped pdftotext one big batch32 ocr hostile)
//
// Builds a corpus from the fixture PDFs (hard links, no disk used: --files of them, cycling
// through the four fixtures, ~24 pages each) and measures, on that same corpus in the same run:
//   eval-extract -j 1 and -j 2     the command as users run it (JSON Lines to a file), wall
//                                  time, pages/s and peak RSS (GNU time) of the whole process
//   engine floor                   bare pdfjs-dist in one process: getDocument, then every
//                                  page's getTextContent + getOperatorList (what eval-extract
//                                  asks pdfjs for), no parsing; with the same pdfjs options and
//                                  the same native-builtins fix as src/batch/worker.ts ("floor"),
//                                  and as pdfjs ships ("floor, polyfills as shipped"); and
//                                  getOperatorList alone, all src/read asks pdfjs for now
//   pdftotext -layout              poppler's text-only C++ extractor, one process per file,
//                                  sequential: the floor of a native text extractor
// and, each repeated --reps times (7) with the commands interleaved, median and range:
//   one report (one)               `eval-extract seed-chromium.pdf` (37 pages) and
//                                  seed-libreoffice.pdf (29 pages), the 2-page fixture, each
//                                  beside pdftotext and the bare pdf.js floor on the same file
//   one big report (big)           740 pages, 400 forms (scripts/big-report.mjs), default -j
//   a small batch (batch32)        32 files, -j 1 and -j 2
// With --before [NAME=]BIN (another build's bin/eval-extract.js; repeatable) every eval-extract
// command of those also runs with that build, side by side.
//   scanned fixtures (ocr)         eval-extract -j 1 and -j 2 on fixtures/scanned/*.pdf: OCR pages/s
//                                  (pages read by OCR / wall time) and peak RSS; with --before,
//                                  also each build --reps times, interleaved
//   hostile files (hostile)        issue 12's attacks at full size and a real 20,017-page report
//                                  (pdfunite, ~194 MB, ~5–9 min, ~1.1 GB), with the defaults
// and prints the ratios and a Markdown table for BENCHMARKS.md. Build first (npm run build).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBigReport } from './big-report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/eval-extract.js');
const FIXTURES = ['seed-chromium.pdf', 'seed-libreoffice.pdf', 'seed-pdfkit.pdf', 'stsong-nonembedded.pdf'];

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const k = args.indexOf(`--${name}`);
  return k === -1 ? dflt : args[k + 1];
};
const FILES = Number(opt('files', 500));
const RUNS = Number(opt('runs', 1));
const REPS = Number(opt('reps', 7));
// --before [NAME=]BIN, as often as wanted: other builds, run beside this one
const BEFORE = args.flatMap((a, k) => (a === '--before' ? [args[k + 1]] : [])).map((b) => {
  const eq = b.indexOf('=');
  return eq > 0 && !b.slice(0, eq).includes('/') ? [b.slice(0, eq), b.slice(eq + 1)] : ['before', b];
});
const KEEP = args.includes('--keep');
const ONLY = opt('only', '')?.split(',').filter(Boolean);
const want = (k) => !ONLY.length || ONLY.includes(k);

if (!existsSync(path.join(ROOT, 'dist/cli/index.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}

// ---- the corpus -------------------------------------------------------------------------
const pagesOf = (file) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
const corpus = path.join(tmpdir(), `eval-extract-bench-${FILES}`);
const files = [];
let pages = 0;
const fixturePages = Object.fromEntries(FIXTURES.map((f) => [f, pagesOf(path.join(ROOT, 'fixtures', f))]));
mkdirSync(corpus, { recursive: true });
for (let k = 0; k < FILES; k++) {
  const src = FIXTURES[k % FIXTURES.length];
  const dst = path.join(corpus, `${String(k).padStart(5, '0')}-${src}`);
  if (!existsSync(dst)) {
    try {
      linkSync(path.join(ROOT, 'fixtures', src), dst);
    } catch {
      copyFileSync(path.join(ROOT, 'fixtures', src), dst);
    }
  }
  files.push(dst);
  pages += fixturePages[src];
}
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
const expectedForms = files.reduce((s, f) => s + (f.includes('stsong') ? 1 : 20), 0);

// ---- measuring ----------------------------------------------------------------------------
/** Run a command under GNU time: wall seconds, CPU seconds (user + sys) and peak RSS (MB). */
function measure(cmd, cmdArgs, { stdout = 'ignore', input } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M %U %S', cmd, ...cmdArgs], { stdio: [input ? 'pipe' : 'ignore', stdout, 'pipe'] });
    if (input) child.stdin.end(input);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const [rssKb, user, sys] = stderr.trim().split('\n').pop().split(' ').map(Number);
      if (code !== 0 && code !== 3) reject(new Error(`${cmd} ${cmdArgs.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ secs, cpu: user + sys, rssMb: rssKb / 1024, code });
    });
  });
}

async function best(label, fn) {
  let best;
  for (let r = 0; r < RUNS; r++) {
    const m = await fn();
    if (!best || m.secs < best.secs) best = m;
  }
  console.error(`  ${label}: ${best.secs.toFixed(1)} s, ${best.cpu.toFixed(1)} s CPU, ${(pages / best.secs).toFixed(0)} pages/s, peak RSS ${best.rssMb.toFixed(0)} MB`);
  return { label, ...best, pps: pages / best.secs };
}

const FLOOR = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))});
const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
const restore = process.argv[1] === 'restore'; // node -e SCRIPT a b c: argv is [node, a, b, c]
const opsOnly = process.argv[2] === 'ops';
const native = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
if (!('DOMMatrix' in globalThis)) globalThis.DOMMatrix = class DOMMatrix { a = 1; b = 0; c = 0; d = 1; e = 0; f = 0; };
const pdfjs = await import(require.resolve('pdfjs-dist/legacy/build/pdf.mjs'));
await import(require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'));
if (restore) { Array.prototype.push = native.push; JSON.stringify = native.stringify; JSON.parse = native.parse; }
const files = readFileSync(0, 'utf8').trim().split('\\n');
let pages = 0;
for (const f of files) {
  const task = pdfjs.getDocument({
    data: new Uint8Array(readFileSync(f)), cMapUrl: path.join(root, 'cmaps') + '/', cMapPacked: true,
    standardFontDataUrl: path.join(root, 'standard_fonts') + '/', useSystemFonts: false, disableFontFace: true,
    isEvalSupported: false, stopAtErrors: false, verbosity: 0,
  });
  const doc = await task.promise;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    if (opsOnly) await page.getOperatorList({ intent: 'display' });
    else await Promise.all([page.getTextContent(), page.getOperatorList({ intent: 'display' })]);
    page.cleanup();
    pages++;
  }
  await doc.destroy();
}
if (pages !== Number(process.argv[3])) throw new Error('floor: read ' + pages + ' pages');
`;

const PDFTOTEXT = `for f in "$@"; do pdftotext -layout "$f" - > /dev/null || exit 1; done`;

// ---- run ----------------------------------------------------------------------------------
console.error(`bench: ${files.length} PDFs, ${pages} pages, ${(bytes / 1e6).toFixed(0)} MB in ${corpus}`);
const results = {};
const out = path.join(tmpdir(), `eval-extract-bench-out-${process.pid}.jsonl`);
for (const jobs of [1, 2]) {
  if (!want(`j${jobs}`)) continue;
  results[`j${jobs}`] = await best(`eval-extract -j ${jobs}`, () =>
    measure('node', [BIN, '-j', String(jobs), '--quiet', '--format', 'jsonl', '-o', out, corpus]));
  // the output is complete and right: every file, every form
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const forms = lines.reduce((s, r) => s + r.forms.length, 0);
  const errors = lines.reduce((s, r) => s + r.errors.length, 0);
  if (lines.length !== files.length || forms !== expectedForms || errors) {
    throw new Error(`eval-extract -j ${jobs}: ${lines.length} results, ${forms} forms, ${errors} errors (want ${files.length}, ${expectedForms}, 0)`);
  }
  rmSync(out, { force: true });
}
if (want('floor')) {
  results.floor = await best('engine floor (pdfjs text + operator lists, one process)', () =>
    measure('node', ['--input-type=module', '-e', FLOOR, 'restore', 'all', String(pages)], { input: files.join('\n') }));
}
if (want('floor-ops')) {
  results.floorOps = await best('engine floor, operator lists only (what src/read now asks for)', () =>
    measure('node', ['--input-type=module', '-e', FLOOR, 'restore', 'ops', String(pages)], { input: files.join('\n') }));
}
if (want('floor-shipped')) {
  results.floorShipped = await best('engine floor, pdfjs polyfills as shipped', () =>
    measure('node', ['--input-type=module', '-e', FLOOR, 'shipped', 'all', String(pages)], { input: files.join('\n') }));
}
if (want('pdftotext')) {
  results.pdftotext = await best('pdftotext -layout (one process per file)', () => measure('bash', ['-c', PDFTOTEXT, 'bash', ...files]));
}
// ---- repeated, interleaved: one report, one big report, a small batch ---------------------
/** Median and range over REPS runs of each command, interleaved so they share the load. */
async function series(title, cmds) {
  const runs = cmds.map(() => []);
  for (let r = 0; r < REPS; r++) {
    for (const [k, c] of cmds.entries()) {
      const m = await measure(c.cmd, c.args, { input: c.input });
      c.check?.();
      runs[k].push(m);
    }
  }
  const rows = cmds.map((c, k) => {
    const secs = runs[k].map((m) => m.secs).sort((a, b) => a - b);
    const cpu = runs[k].map((m) => m.cpu).sort((a, b) => a - b);
    const row = { label: c.label, median: secs[secs.length >> 1], min: secs[0], max: secs.at(-1), cpu: cpu[cpu.length >> 1], rssMb: Math.max(...runs[k].map((m) => m.rssMb)), rssMinMb: Math.min(...runs[k].map((m) => m.rssMb)), secs: runs[k].map((m) => m.secs) };
    console.error(`  ${title}: ${c.label}: median ${row.median.toFixed(2)} s (${row.min.toFixed(2)}–${row.max.toFixed(2)}), CPU ${row.cpu.toFixed(2)} s, peak RSS ${row.rssMinMb.toFixed(0)}–${row.rssMb.toFixed(0)} MB`);
    return row;
  });
  return { title, rows };
}

/** eval-extract on one file to `out` as JSON, with this build and, with --before, that one. */
const builds = [['', BIN], ...BEFORE.map(([name, bin]) => [` (${name})`, path.resolve(bin)])];
const oneFileOut = path.join(tmpdir(), `eval-extract-bench-one-${process.pid}.json`);
const formsIn = (file) => {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return (Array.isArray(r) ? r : [r]).reduce((s, x) => (x.errors.length ? NaN : s + x.forms.length), 0);
};
const expectForms = (want) => () => {
  const got = formsIn(oneFileOut);
  if (got !== want) throw new Error(`eval-extract: ${got} forms (want ${want}, no error)`);
};
const floorOf = (file, n) => ({ label: 'bare pdf.js floor (node + pdfjs + operator lists)', cmd: 'node', args: ['--input-type=module', '-e', FLOOR, 'restore', 'ops', String(n)], input: file });
const pdftotextOf = (file) => ({ label: 'pdftotext -layout', cmd: 'pdftotext', args: ['-layout', file, '/dev/null'] });
const extractOf = (file, forms, extra = []) => builds.map(([tag, bin]) => ({
  label: `eval-extract${extra.length ? ' ' + extra.join(' ') : ''}${tag}`, cmd: 'node', args: [bin, ...extra, '-o', oneFileOut, file], check: expectForms(forms),
}));
const series_ = [];
if (want('one')) {
  for (const [name, forms] of [['seed-chromium.pdf', 20], ['seed-libreoffice.pdf', 20], ['stsong-nonembedded.pdf', 1]]) {
    const file = path.join(ROOT, 'fixtures', name);
    series_.push(await series(`one report: ${name} (${fixturePages[name]} pages)`, [...extractOf(file, forms), pdftotextOf(file), floorOf(file, fixturePages[name])]));
  }
}
if (want('big')) {
  const big = makeBigReport(path.join(tmpdir(), `eval-extract-bench-big-${process.pid}.pdf`));
  series_.push(await series(`one big report (${big.pages} pages, ${big.forms} forms)`, [...extractOf(big.file, big.forms), pdftotextOf(big.file), floorOf(big.file, big.pages)]));
  rmSync(big.file, { force: true });
}
if (want('batch32')) {
  const small = files.slice(0, 32);
  const n = small.reduce((s, f) => s + fixturePages[FIXTURES.find((x) => f.endsWith(x))], 0);
  const formsWant = small.reduce((s, f) => s + (f.includes('stsong') ? 1 : 20), 0);
  const dir = path.join(tmpdir(), `eval-extract-bench-32-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (const f of small) linkSync(f, path.join(dir, path.basename(f)));
  const cmds = [1, 2].flatMap((j) => builds.map(([tag, bin]) => ({
    label: `eval-extract -j ${j}${tag}`, cmd: 'node', args: [bin, '-j', String(j), '--quiet', '--format', 'json', '-o', oneFileOut, dir], check: expectForms(formsWant),
  })));
  const s32 = await series(`32 files (${n} pages)`, cmds);
  // the speed-up of -j 2 over -j 1, run by run
  for (const [tag] of builds) {
    const j1 = s32.rows.find((r) => r.label === `eval-extract -j 1${tag}`).secs;
    const j2 = s32.rows.find((r) => r.label === `eval-extract -j 2${tag}`).secs;
    const ups = j1.map((t, k) => t / j2[k]).sort((a, b) => a - b);
    s32.note = `${s32.note ? s32.note + '; ' : ''}-j 2 speed-up over -j 1${tag}: median ${ups[ups.length >> 1].toFixed(2)}× (${ups[0].toFixed(2)}–${ups.at(-1).toFixed(2)})`;
  }
  series_.push(s32);
  rmSync(dir, { recursive: true, force: true });
}
rmSync(oneFileOut, { force: true });
if (want('ocr')) {
  // the scanned fixtures (OCR: every page an image, one with a text-layer page besides)
  const scans = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/scanned/index.json'), 'utf8'));
  const scanFiles = scans.map((s) => path.join(ROOT, 'fixtures/scanned', `${s.name}.pdf`));
  const ocrPages = scans.reduce((n, s) => n + s.scannedPages.length, 0);
  const allPages = scans.reduce((n, s) => n + s.pageCount, 0);
  for (const jobs of [1, 2]) {
    const m = await measure('node', [BIN, '-j', String(jobs), '--quiet', '--format', 'jsonl', '-o', out, ...scanFiles]);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const read = lines.reduce((n, l) => n + (l.ocrPages?.length ?? 0), 0);
    if (read !== ocrPages) throw new Error(`ocr -j ${jobs}: ${read} pages read by OCR, want ${ocrPages}`);
    rmSync(out, { force: true });
    results[`ocr${jobs}`] = { ...m, pps: ocrPages / m.secs, files: scanFiles.length, ocrPages, allPages };
    console.error(`  scanned fixtures, eval-extract -j ${jobs}: ${m.secs.toFixed(1)} s, ${m.cpu.toFixed(1)} s CPU, ${ocrPages} OCR pages of ${allPages}: ${(ocrPages / m.secs).toFixed(2)} OCR pages/s, peak RSS ${m.rssMb.toFixed(0)} MB`);
  }
  if (BEFORE.length) {
    // with --before: both builds side by side, interleaved, REPS times
    const cmds = [1, 2].flatMap((j) => builds.map(([tag, bin]) => ({
      label: `scanned fixtures, eval-extract -j ${j}${tag}`, cmd: 'node', args: [bin, '-j', String(j), '--quiet', '--format', 'jsonl', '-o', out, ...scanFiles],
    })));
    series_.push(await series(`scanned fixtures (${scanFiles.length} files, ${ocrPages} OCR pages of ${allPages})`, cmds));
  }
}
if (want('hostile')) {
  // The hostile but legal files of issue 12 at full size, through the command with its
  // defaults: wall time, peak RSS of the whole process, exit code and its stderr line.
  const H = await import('./fixtures/hostile.mjs');
  const stsong = readFileSync(path.join(ROOT, 'fixtures/stsong-nonembedded.pdf'));
  const dir = path.join(tmpdir(), `eval-extract-bench-hostile-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const cases = [
    ['30000×30000 Flate image on a form page', () => H.hugeImagePdf(stsong, 30_000, 30_000)],
    ['content stream inflating to 2 GiB', () => H.streamBombPdf(2 ** 31)],
    ['20,000-page report (10,000 forms)', () => H.longReport(stsong, 10_000)],
    ['form XObjects nested 3,000 deep', () => H.deepXObjectsPdf(3000)],
    ['60,000 glyphs at 0.001 pt', () => H.tinyGlyphsPdf(60_000, 0.001)],
    ['1,000,000 q operators', () => H.manySavesPdf(1_000_000)],
  ];
  // a real long report: 541 copies of a 37-page Chromium report joined by poppler's pdfunite
  // (194 MB, 3.4 M objects), every form checked against the one copy's
  const COPIES = 541;
  const chromium = path.join(ROOT, 'fixtures/seed-chromium.pdf');
  const haveUnite = spawnSync('pdfunite', ['-v']).status === 0;
  if (haveUnite) cases.push([`${(37 * COPIES).toLocaleString('en')}-page report: pdfunite of ${COPIES} × seed-chromium.pdf`, (file) => {
    execFileSync('pdfunite', [...Array(COPIES).fill(chromium), file]);
  }]);
  else console.error('  (pdfunite not found: the real 20,017-page report is left out)');
  const oneCopy = JSON.parse(execFileSync('node', [BIN, '-q', '--format', 'jsonl', chromium], { maxBuffer: 1 << 28 }).toString());
  /** The forms of `copies` joined copies of seed-chromium.pdf that differ from the one copy's (page numbers shifted). */
  const differing = (forms) => {
    const norm = (f, off) => JSON.stringify(f, (k, v) => (k === 'page' && typeof v === 'number' ? v - off
      : k === 'pages' ? v.map((p) => p - off)
      : k === 'message' ? v.replace(/第 (\d+) 页/g, (_, n) => `第 ${n - off} 页`) : v));
    return forms.filter((f, k) => norm(f, 37 * Math.floor(k / 20)) !== norm(oneCopy.forms[k % 20], 0)).length;
  };
  results.hostile = [];
  for (const [label, make] of cases) {
    const file = path.join(dir, `${results.hostile.length}.pdf`);
    const bytes = make(file);
    if (bytes) writeFileSync(file, bytes);
    const r = spawnSync('/usr/bin/time', ['-f', '%M %e', 'node', BIN, '-q', '--format', 'jsonl', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('Command exited'));
    const [rssKb, secs] = lines.pop().split(' ').map(Number);
    const out = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    const m = { label, secs, rssMb: rssKb / 1024, code: r.status, forms: out?.forms.length ?? 0, message: lines.join(' ').replace(`eval-extract: ${file}: `, '') };
    if (label.includes('pdfunite') && out) m.message = `${out.pageCount} pages; forms differing from the one copy's: ${differing(out.forms)}`;
    results.hostile.push(m);
    console.error(`  ${label}: ${m.secs.toFixed(1)} s, peak RSS ${m.rssMb.toFixed(0)} MB, exit ${m.code}, ${m.forms} forms${m.message ? `: ${m.message}` : ''}`);
    rmSync(file, { force: true });
  }
  rmSync(dir, { recursive: true, force: true });
}
if (!KEEP) rmSync(corpus, { recursive: true, force: true });

// ---- report -------------------------------------------------------------------------------
const r = results;
const ratio = (a, b) => (a && b ? (a.secs / b.secs).toFixed(2) : 'n/a');
const speed = (a, b) => (a && b ? (b.secs / a.secs).toFixed(2) : 'n/a');
const pdfjsVersion = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/pdfjs-dist/package.json'), 'utf8')).version;
const poppler = (() => {
  const v = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }); // prints its version on stderr
  return `${v.stderr ?? ''}${v.stdout ?? ''}`.trim().split('\n')[0] || 'pdftotext: not found';
})();
const row = (name, m) => (m ? `| ${name} | ${m.secs.toFixed(1)} | ${m.cpu.toFixed(1)} | ${m.pps.toFixed(m.pps < 10 ? 2 : 0)} | ${m.rssMb.toFixed(0)} |` : null);
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), ` +
    `Node ${process.version}, pdfjs-dist ${pdfjsVersion}, ${poppler}.`,
  `Corpus: ${files.length} PDFs (the four fixtures in turn), ${pages} pages, ${(bytes / 1e6).toFixed(0)} MB, ${expectedForms} forms. Best of ${RUNS}. ` +
    `Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
  '',
  '| run | wall s | CPU s | pages/s | peak RSS (MB) |',
  '| --- | ---: | ---: | ---: | ---: |',
  row('eval-extract -j 1', r.j1),
  row('eval-extract -j 2', r.j2),
  row('engine floor: pdfjs getTextContent + getOperatorList, 1 process', r.floor),
  row('engine floor, pdfjs polyfills as shipped', r.floorShipped),
  row('engine floor, getOperatorList only', r.floorOps),
  row('pdftotext -layout, 1 process per file, sequential', r.pdftotext),
  row(`scanned fixtures (${r.ocr1?.files} files, ${r.ocr1?.ocrPages} OCR pages of ${r.ocr1?.allPages}; pages/s = OCR pages), -j 1`, r.ocr1),
  row('scanned fixtures, -j 2', r.ocr2),
  '',
  `- eval-extract -j 1 / engine floor (time): ${ratio(r.j1, r.floor)}${r.floorShipped ? ` (against the floor as shipped: ${ratio(r.j1, r.floorShipped)})` : ''}`,
  r.floorOps ? `- eval-extract -j 1 / operator-list-only floor (time): ${ratio(r.j1, r.floorOps)}` : null,
  `- eval-extract -j 2 speed-up over -j 1: ${speed(r.j2, r.j1)}×`,
  `- eval-extract -j 2 / pdftotext (time): ${ratio(r.j2, r.pdftotext)}`,
  ...(r.hostile ? [
    '',
    '| hostile file (defaults) | wall s | peak RSS (MB) | exit | forms | stderr |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...r.hostile.map((h) => `| ${h.label} | ${h.secs.toFixed(1)} | ${h.rssMb.toFixed(0)} | ${h.code} | ${h.forms} | ${h.message || '—'} |`),
  ] : []),
].filter((l) => l !== null);
for (const { title, rows, note } of series_) {
  lines.push('', `${title}, ${REPS} runs:`, '', '| run | wall s, median | range | CPU s | peak RSS (MB) |', '| --- | ---: | ---: | ---: | ---: |');
  for (const x of rows) lines.push(`| ${x.label} | ${x.median.toFixed(2)} | ${x.min.toFixed(2)}–${x.max.toFixed(2)} | ${x.cpu.toFixed(2)} | ${x.rssMinMb.toFixed(0) === x.rssMb.toFixed(0) ? '' : `${x.rssMinMb.toFixed(0)}–`}${x.rssMb.toFixed(0)} |`);
  if (note) lines.push('', `- ${note}`);
}
console.log(lines.join('\n'));
