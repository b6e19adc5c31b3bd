// The OCR reader's packages missing from an install: the command, run from a copy of the
// project whose node_modules leaves one of them out, says on one line which file and page it
// could not read and exactly what to install — and still reads text-layer files.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { OCR_INSTALL_HINT } from '../src/read/ocr/engine.js';
import { fixture } from './helpers/truth.js';

const ROOT = path.resolve(__dirname, '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the built command whose node_modules links every package but `missing` (a scope/name). */
function installWithout(missing: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-extract-noocr-'));
  dirs.push(dir);
  // copied, not linked: node resolves a linked module from its real place, next to the full node_modules
  for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  const link = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      const at = path.join(from, name);
      if (path.relative(path.join(ROOT, 'node_modules'), at) === missing) continue;
      if (name.startsWith('@') && missing.startsWith(`${name}/`)) link(at, path.join(to, name));
      else symlinkSync(at, path.join(to, name));
    }
  };
  link(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

const run = (dir: string, ...args: string[]) => spawnSync('node', [path.join(dir, 'bin/eval-extract.js'), ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'en_US.UTF-8' } });

const SCAN = fixture('scanned/year-spaced-150dpi.pdf');
// a page with a text layer read by OCR (--ocr) is drawn by pdfjs; a plain scan is drawn from its images
const DRAWN = fixture('scanned/text/year-spaced-page2.pdf');

it.each([
  ['@tesseract.js-data/chi_sim', 'the simplified Chinese model', [SCAN]],
  ['tesseract.js', 'tesseract.js', [SCAN]],
  ['@napi-rs/canvas', '@napi-rs/canvas to render pages', ['--ocr', DRAWN]],
])('without %s: one line naming the file, the page and what to install', (missing, what, args) => {
  const dir = installWithout(missing);
  const r = run(dir, ...args);
  expect(r.status).toBe(3);
  expect(r.stderr.trim().split('\n')).toEqual([`eval-extract: ${args[args.length - 1]}: page 1: scanned page: OCR needs ${what}, which is not installed (${OCR_INSTALL_HINT})`]);
  // a file with a text layer does not need them
  const text = run(dir, fixture('seed-pdfkit.pdf'));
  expect(text.status).toBe(0);
  expect((JSON.parse(text.stdout) as { forms: unknown[] }).forms).toHaveLength(20);
  if (missing !== '@napi-rs/canvas') return;
  // nor does a plain scan (its images drawn straight into the page image): the same forms as a full install's
  const scan = run(dir, SCAN);
  expect(scan.stderr).toBe('');
  expect(JSON.parse(scan.stdout)).toEqual(JSON.parse(run(ROOT, SCAN).stdout));
}, 120_000);

it('a damaged model: one line naming the file and page, for the command and for a library caller', () => {
  const dir = installWithout('@tesseract.js-data/chi_sim');
  const model = path.join(dir, 'node_modules/@tesseract.js-data/chi_sim');
  mkdirSync(path.join(model, '4.0.0_best_int'), { recursive: true });
  cpSync(path.join(ROOT, 'node_modules/@tesseract.js-data/chi_sim/package.json'), path.join(model, 'package.json'));
  // it unzips, but it is no model (tesseract answers its failed start twice: the second answer threw)
  writeFileSync(path.join(model, '4.0.0_best_int/chi_sim.traineddata.gz'), gzipSync(randomBytes(50_000)));
  const cli = run(dir, SCAN);
  expect(cli.status).toBe(3);
  const first = `eval-extract: ${SCAN}: page 1: scanned page: the OCR engine could not start: `;
  expect(cli.stderr.split('\n')[0].startsWith(first)).toBe(true);
  expect(cli.stderr).toContain(OCR_INSTALL_HINT);
  expect(cli.stderr).not.toMatch(/^\s+at /m);
  // a library caller: the file's error, and its process goes on and ends (tesseract.js's own thread is ended)
  const script = `const { extractFile } = await import(${JSON.stringify(path.join(dir, 'dist/index.js'))});
    await extractFile(${JSON.stringify(SCAN)}).then(() => console.log('read'), (e) => console.log(e.message));`;
  const lib = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(lib.status).toBe(0);
  expect(lib.stdout.trim().startsWith(`${SCAN}: page 1: scanned page: the OCR engine could not start: `)).toBe(true);
}, 120_000);
