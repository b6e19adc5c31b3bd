// Batches: a folder mixing good and bad PDFs through the worker pool — every good file's forms
// exact, every bad file its one-line error, in input order, the batch never stopped by one file.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMany } from '../src/batch/many.js';
import { MALLOC_MMAP_BYTES, MALLOC_VARIABLE, relaunchWanted } from '../src/cli/relaunch.js';
import { FileResultSchema, type FileResult, type Form } from '../src/model/schema.js';
import {
  corruptXref, ENCRYPTED, imageOnlyPdf, slowSavesPdf, missingSectionPdf, pathologicalPdf, textNotFormPdf, truncated,
} from './helpers/badpdfs.js';
import { diffForms, fixture, loadJson } from './helpers/truth.js';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
type Truth = Omit<Form, 'pages'> & { pages?: number[] };

/** Ground truth of each good file, by the name it gets in the batch folder. */
const GOOD: Record<string, { truth: string; pages?: string }> = {
  'a-chromium.pdf': { truth: 'seed-forms.json' },
  'b-libreoffice.pdf': { truth: 'seed-forms.json' },
  'sub/c-pdfkit.pdf': { truth: 'seed-forms.json', pages: 'seed-pdfkit.pages.json' },
  'sub/deeper/D-STSONG.PDF': { truth: 'stsong-nonembedded.json', pages: 'stsong-nonembedded.pages.json' },
};
const GOOD_SOURCE: Record<string, string> = {
  'a-chromium.pdf': 'seed-chromium.pdf',
  'b-libreoffice.pdf': 'seed-libreoffice.pdf',
  'sub/c-pdfkit.pdf': 'seed-pdfkit.pdf',
  'sub/deeper/D-STSONG.PDF': 'stsong-nonembedded.pdf',
};

/** Each bad file and the error it must get (forms: how many forms are still output). */
const BAD: Record<string, { error: RegExp; forms?: number }> = {
  'bad/empty.pdf': { error: /^empty file$/ },
  'bad/not-a-pdf.pdf': { error: /^not a PDF/ },
  'bad/truncated.pdf': { error: /^truncated PDF \(no %%EOF at the end\): corrupt PDF: Invalid PDF structure\.$/ },
  'bad/corrupt-xref.pdf': { error: /^corrupt PDF: Invalid PDF structure\.$/ },
  'bad/encrypted.pdf': { error: /^encrypted PDF: a password is needed \(--password\)$/ },
  // a page of grey noise: read by OCR, which finds specks of text but no form
  'bad/scanned.pdf': { error: /^(no 绩效自评表 form found|no text layer, and OCR found no text on the page images)$/ },
  'bad/letter.pdf': { error: /^no 绩效自评表 form found$/ },
  'bad/missing-total.pdf': { error: /is missing 总分/, forms: 1 },
};

let dir: string;
const truthFor = (name: string): Truth[] => {
  const { truth, pages } = GOOD[name];
  const forms = loadJson<Truth[]>(truth);
  if (pages) loadJson<number[][]>(pages).forEach((p, k) => (forms[k].pages = p));
  return forms;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'eval-extract-batch-'));
  const put = (name: string, data: Buffer | string) => {
    mkdirSync(path.dirname(path.join(dir, 'mix', name)), { recursive: true });
    writeFileSync(path.join(dir, 'mix', name), data);
  };
  for (const [name, src] of Object.entries(GOOD_SOURCE)) put(name, readFileSync(fixture(src)));
  put('bad/empty.pdf', '');
  put('bad/not-a-pdf.pdf', readFileSync(fixture('seed-forms.json')));
  put('bad/truncated.pdf', truncated('seed-pdfkit.pdf', 0.5));
  put('bad/corrupt-xref.pdf', corruptXref('stsong-nonembedded.pdf'));
  put('bad/encrypted.pdf', readFileSync(fixture(ENCRYPTED.file)));
  put('bad/scanned.pdf', imageOnlyPdf());
  put('bad/letter.pdf', textNotFormPdf());
  put('bad/missing-total.pdf', missingSectionPdf());
  put('notes.txt', 'not a PDF name: not taken from a folder');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Folder order: sorted folder by folder. */
const ORDER = [
  'a-chromium.pdf', 'b-libreoffice.pdf',
  'bad/corrupt-xref.pdf', 'bad/empty.pdf', 'bad/encrypted.pdf', 'bad/letter.pdf', 'bad/missing-total.pdf',
  'bad/not-a-pdf.pdf', 'bad/scanned.pdf', 'bad/truncated.pdf',
  'sub/c-pdfkit.pdf', 'sub/deeper/D-STSONG.PDF',
];

function checkResults(results: FileResult[], base: string) {
  expect(results.map((r) => path.relative(base, r.file))).toEqual(ORDER);
  for (const r of results) {
    const name = path.relative(base, r.file);
    FileResultSchema.parse(r);
    if (GOOD[name]) {
      expect({ name, errors: r.errors }).toEqual({ name, errors: [] });
      expect({ name, diffs: diffForms(truthFor(name), r.forms) }).toEqual({ name, diffs: [] });
    } else {
      const bad = BAD[name];
      expect({ name, forms: r.forms.length }, JSON.stringify(r.errors)).toEqual({ name, forms: bad.forms ?? 0 });
      expect(r.errors.length, name).toBeGreaterThan(0);
      expect(r.errors[0].message, name).toMatch(bad.error);
    }
  }
}

describe('a folder of good and bad PDFs', () => {
  it('CLI, 2 workers, JSON Lines: every good form exact, every bad file its one-line error, exit 3', async () => {
    const mix = path.join(dir, 'mix');
    const err = await run('node', [BIN, '-j', '2', '--format', 'jsonl', mix]).catch((e) => e);
    expect(err.code).toBe(3);
    const results: FileResult[] = err.stdout.trim().split('\n').map((l: string) => JSON.parse(l) as FileResult);
    checkResults(results, mix);
    // stderr: one line per error, naming the file (and page); no progress bar, no stack trace
    const lines: string[] = err.stderr.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^eval-extract: \S.*: \S/);
    expect(lines.join('\n')).not.toMatch(/\n\s+at |\r|\x1b/);
    for (const name of Object.keys(BAD)) expect(lines.some((l) => l.startsWith(`eval-extract: ${path.join(mix, name)}: `))).toBe(true);
    expect(lines.find((l) => l.includes('missing-total'))).toMatch(/missing-total\.pdf: page 1: form .* is missing 总分/);
  });

  it('library: only the options a worker needs are posted to it; settings reach the worker; a bad setting throws at once', async () => {
    const file = fixture('stsong-nonembedded.pdf');
    // a function-valued option of the caller's own (not cloneable) must not reach the worker
    const options = { jobs: 1, onSettled: () => undefined, mine: () => 0, settings: { check: { lowExecutionRate: 101 } } };
    const got = [];
    for await (const r of extractMany([file, { file: 'missing.pdf' }, { file: 'empty/', error: 'no PDF files in this folder' }], options)) got.push(r);
    expect(got.map((r) => r.result.forms.length)).toEqual([1, 0, 0]);
    expect(got[0].result.forms[0].findings?.some((f) => f.rule === 'low-execution-rate')).toBe(true);
    expect(got.slice(1).map((r) => [r.failure?.code, r.result.errors])).toEqual([
      ['input', [{ message: 'no such file', code: 'input' }]],
      ['input', [{ message: 'no PDF files in this folder', code: 'input' }]],
    ]);
    const bad = extractMany([file], { settings: { layout: { snap: 1 } } as never });
    await expect(bad.next()).rejects.toThrow(/invalid settings: layout\.snap/);
  });

  it('library: extractMany yields the same results in input order, one worker or several', async () => {
    const mix = path.join(dir, 'mix');
    const files = ORDER.map((n) => path.join(mix, n));
    for (const jobs of [1, 3]) {
      const got = [];
      for await (const r of extractMany(files, { jobs })) got.push(r);
      expect(got.map((r) => r.index)).toEqual(files.map((_, k) => k));
      checkResults(got.map((r) => r.result), mix);
      expect(got.find((r) => r.file.endsWith('encrypted.pdf'))?.failure?.code).toBe('password');
      expect(['no-text', 'no-form']).toContain(got.find((r) => r.file.endsWith('scanned.pdf'))?.failure?.code); // noise read by OCR
    }
  });

  it('opens the encrypted file with --password, and says so when the password is wrong', async () => {
    const enc = path.join(dir, 'mix/bad/encrypted.pdf');
    const { stdout } = await run('node', [BIN, '--password', ENCRYPTED.password, enc]);
    const ok = JSON.parse(stdout) as FileResult;
    expect(diffForms(truthFor('sub/deeper/D-STSONG.PDF'), ok.forms)).toEqual([]);
    const err = await run('node', [BIN, '--password', 'not-it', enc]).catch((e) => e);
    expect(err.code).toBe(3);
    expect(err.stderr.trim()).toBe(`eval-extract: ${enc}: encrypted PDF: the password is wrong`);
  });

  it('takes glob patterns and --files-from - (stdin), keeping input order and dropping duplicates', async () => {
    const mix = path.join(dir, 'mix');
    const list = [path.join(mix, 'sub/c-pdfkit.pdf'), path.join(mix, 'bad/empty.pdf'), path.join(mix, 'a-chromium.pdf')].join('\n');
    const child = spawn('node', [BIN, '--format', 'jsonl', `${mix}/bad/{empty,letter}.pdf`, '--files-from', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(list + '\n');
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    const names = out.trim().split('\n').map((l) => path.relative(mix, (JSON.parse(l) as FileResult).file));
    expect(names).toEqual(['bad/empty.pdf', 'bad/letter.pdf', 'sub/c-pdfkit.pdf', 'a-chromium.pdf']);
  });
});

describe('pathological files', () => {
  let patho: string;
  beforeAll(() => {
    patho = path.join(dir, 'patho');
    mkdirSync(patho, { recursive: true });
    copyFileSync(fixture('stsong-nonembedded.pdf'), path.join(patho, '1-good.pdf'));
    writeFileSync(path.join(patho, '2-slow.pdf'), pathologicalPdf(400_000));
    copyFileSync(fixture('stsong-nonembedded.pdf'), path.join(patho, '3-good.pdf'));
    mkdirSync(path.join(patho, 'timeout'));
    copyFileSync(fixture('stsong-nonembedded.pdf'), path.join(patho, 'timeout/1-good.pdf'));
    // one page that takes minutes in little memory (each `q` costs pdfjs as much as the nesting
    // is deep: 9,000, under the depth eval-extract stops at, 400 times over): only the time limit
    // can stop it, however fast or loaded the machine
    writeFileSync(path.join(patho, 'timeout/2-slow.pdf'), slowSavesPdf(9_000, 400));
    copyFileSync(fixture('stsong-nonembedded.pdf'), path.join(patho, 'timeout/3-good.pdf'));
  });

  it('--timeout: the worker is terminated and replaced, the files after it are extracted', async () => {
    const dir = path.join(patho, 'timeout');
    // memory enough that only the time limit stops the slow page, however fast the machine
    const err = await run('node', [BIN, '-j', '1', '--timeout', '2', '--max-memory', '2048', '--format', 'jsonl', dir]).catch((e) => e);
    expect(err.code).toBe(3);
    const results: FileResult[] = err.stdout.trim().split('\n').map((l: string) => JSON.parse(l) as FileResult);
    expect(results.map((r) => r.forms.length)).toEqual([1, 0, 1]);
    expect(results[1].errors).toEqual([{ message: 'page 1 took longer than 2 s (--timeout); stopped', code: 'timeout' }]);
    expect(err.stderr.trim()).toBe(`eval-extract: ${path.join(dir, '2-slow.pdf')}: page 1 took longer than 2 s (--timeout); stopped`);
  });

  it('--max-memory: a worker out of memory is replaced, the files after it are extracted', async () => {
    const err = await run('node', [BIN, '-j', '1', '--max-memory', '64', '--timeout', '0', '--format', 'jsonl', ...['1-good', '2-slow', '3-good'].map((f) => path.join(patho, `${f}.pdf`))]).catch((e) => e);
    expect(err.code).toBe(3);
    const results: FileResult[] = err.stdout.trim().split('\n').map((l: string) => JSON.parse(l) as FileResult);
    expect(results.map((r) => r.forms.length)).toEqual([1, 0, 1]);
    expect(err.stderr.trim()).toBe(`eval-extract: ${path.join(patho, '2-slow.pdf')}: ran out of memory (over 64 MB, --max-memory); stopped`);
  });
});

describe('output files and interruptions', () => {
  let many: string;
  beforeAll(() => {
    many = path.join(dir, 'many');
    mkdirSync(many, { recursive: true });
    for (let k = 0; k < 30; k++) copyFileSync(fixture('seed-pdfkit.pdf'), path.join(many, `f${String(k).padStart(2, '0')}.pdf`));
  });

  it('-o writes the whole output, through a temporary file renamed at the end', async () => {
    const out = path.join(dir, 'out', 'small.json');
    mkdirSync(path.dirname(out));
    await run('node', [BIN, '-o', out, path.join(dir, 'mix/sub')]);
    const results = JSON.parse(readFileSync(out, 'utf8')) as FileResult[];
    expect(results.map((r) => path.basename(r.file))).toEqual(['c-pdfkit.pdf', 'D-STSONG.PDF']);
    expect(readdirSync(path.dirname(out))).toEqual(['small.json']);
  });

  /** Start a batch writing to `out` (a process group of its own when `detached`, as a terminal's job is); resolves once it is under way. */
  async function startBatch(out: string, detached = false) {
    const child = spawn('node', [BIN, '-j', '1', '-o', out, many], { stdio: ['ignore', 'ignore', 'pipe'], detached });
    const err = { text: '' };
    child.stderr.on('data', (d) => (err.text += d));
    const closed = new Promise((resolve) => child.on('close', (c, s) => resolve(c ?? s)));
    // under way: its temporary file exists
    const started = Date.now();
    while (!readdirSync(path.dirname(out)).some((f) => f.endsWith('.tmp')) && Date.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    return { child, err, closed };
  }

  /** Start a batch writing to `out`, stop it with `signal` once it is under way. */
  async function interrupt(out: string, signal: NodeJS.Signals) {
    const { child, err, closed } = await startBatch(out);
    child.kill(signal);
    const code = await closed;
    return { code, stderr: err.text };
  }

  it('SIGTERM mid-batch: the old output file is kept, no temporary file is left, it says how far it got', async () => {
    const out = path.join(dir, 'int1', 'results.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, 'old results\n');
    const { code, stderr } = await interrupt(out, 'SIGTERM');
    expect(code).toBe(143);
    expect(stderr.trim()).toMatch(new RegExp(`^eval-extract: interrupted \\(SIGTERM\\) after \\d+ of 30 files; ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} left as it was$`));
    expect(readFileSync(out, 'utf8')).toBe('old results\n');
    expect(readdirSync(path.dirname(out))).toEqual(['results.json']);
  });

  it.runIf(relaunchWanted())('a batch runs in a second process, malloc told where large blocks go; a terminal\'s Ctrl-C (to both) is one orderly stop', async () => {
    const out = path.join(dir, 'int3', 'results.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const { child, err, closed } = await startBatch(out, true);
    // the command's one child, and what it was started with
    const kids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(readProc(`/proc/${p}/stat`).replace(/^.*\) /s, '').split(' ')[1]) === child.pid);
    expect(kids).toHaveLength(1);
    expect(readProc(`/proc/${kids[0]}/environ`).split('\0')).toContain(`${MALLOC_VARIABLE}=${MALLOC_MMAP_BYTES}`);
    expect(readProc(`/proc/${child.pid}/environ`).split('\0').some((v) => v.startsWith(MALLOC_VARIABLE))).toBe(false);
    // not where the user told malloc anything already
    expect(relaunchWanted({ MALLOC_ARENA_MAX: '2' })).toBe(false);
    expect(relaunchWanted({ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=0' })).toBe(false);
    process.kill(-child.pid!, 'SIGINT');
    expect(await closed).toBe(130);
    // one stop, in order: the batch says how far it got
    expect(err.text.trim()).toMatch(/^eval-extract: interrupted \(SIGINT\) after \d+ of 30 files; .*results\.json not written$/);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it('Ctrl-C (SIGINT) mid-batch with no old file: none is written', async () => {
    const out = path.join(dir, 'int2', 'results.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const { code, stderr } = await interrupt(out, 'SIGINT');
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted \(SIGINT\) after \d+ of 30 files; .*results\.json not written/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });
});

describe('progress on a terminal', () => {
  it('draws a bar on stderr and ends with a summary line; --quiet draws neither', async () => {
    const sub = path.join(dir, 'mix/sub');
    const out = path.join(dir, 'tty.json');
    // `script` gives the command a terminal; its output is what the terminal showed
    const shell = (extra: string) => run('script', ['-qec', `node ${BIN} ${extra} -o ${out} ${sub}`, '/dev/null'], { env: { ...process.env, COLUMNS: '100' } });
    const { stdout } = await shell('');
    expect(stdout).toMatch(/\[[#-]+\] +\d\/2 files +[\d.]+ pages\/s +ETA \S+ +0 failed/);
    expect(stdout).toMatch(/eval-extract: 2 files, 21 forms, 29 pages, 0 failed, [\d.]+ s/);
    const quiet = await shell('--quiet');
    expect(quiet.stdout.trim()).toBe('');
  });
});

/** A file of /proc, '' once its process is gone. */
function readProc(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}
