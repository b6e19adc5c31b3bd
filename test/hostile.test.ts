// Hostile and broken inputs, closed pipes, full disks (issue 12): memory bounded by the
// defaults (read from the pool's own accounting), output complete, nothing raw on a terminal,
// every output error one clean line with its own exit code.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, freemem, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../src/batch/inputs.js';
import { effectiveJobs, type BatchStats, type ManyResult } from '../src/batch/many.js';
import { extractBuffer, extractFile } from '../src/extract.js';
import type { Form } from '../src/model/schema.js';
import { Glyphs } from '../src/read/graphics/index.js';
import { dedupe, glyphsToItems } from '../src/read/items.js';
import { READ_SETTINGS } from '../src/read/settings.js';
import { formatFileReport } from '../src/report/index.js';
import { escapeControls } from '../src/text/index.js';
import { toIndicatorsCsv } from '../src/write/csv.js';
import { writeAtomicAll, WriteError } from '../src/write/atomic.js';
import {
  appendObjects, corruptXref, deepXObjectsPdf, hugeImagePdf, imageOnlyPdf, longReport, manySavesPdf, mutate, rng, stream, streamBombPdf, truncated,
} from './helpers/badpdfs.js';
import { diffForms, fixture, loadJson } from './helpers/truth.js';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
const DIST = path.resolve(__dirname, '../dist/index.js');
const MB = 1024 * 1024;
let dir: string;
const STSONG = () => readFileSync(fixture('stsong-nonembedded.pdf'));
const stsongTruth = () => {
  const forms = loadJson<(Omit<Form, 'pages'> & { pages?: number[] })[]>('stsong-nonembedded.json');
  forms[0].pages = [1, 2];
  return forms;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'eval-extract-hostile-'));
  chmodSync(dir, 0o755); // the unreadable-folder case runs the command as another user
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memory and time bounded by the defaults', () => {
  it('a 20000×20000 image, a stream inflating to 1 GiB and a 2,000-page report: peak RSS under 300 MB, the report whole', async () => {
    const files = {
      image: path.join(dir, 'image.pdf'),
      bomb: path.join(dir, 'bomb.pdf'),
      report: path.join(dir, 'report.pdf'),
    };
    writeFileSync(files.image, hugeImagePdf(20_000, 20_000));
    writeFileSync(files.bomb, streamBombPdf(1 << 30));
    writeFileSync(files.report, longReport(1000));
    // the library in a process of its own (a test runner's heap would count in the peak)
    // (renderMany, as the command streams JSON: a worker renders each form as it is complete)
    const script = `
      import { readFileSync } from 'node:fs';
      import { renderMany } from ${JSON.stringify(DIST)};
      const stats = {};
      // results kept as the bytes the workers rendered, parsed only by the test: parsed objects
      // of 1,000 forms in this process would count in the peak as the tool's own memory
      const results = [];
      const text = new TextDecoder();
      for await (const r of renderMany(JSON.parse(process.argv[1]), 'jsonl', { stats })) {
        results.push('{"failure":' + JSON.stringify(r.failure ?? null) + ',"result":' + text.decode(r.text).trim() + '}');
      }
      // the kernel's own peak of this process's resident set, besides the pool's samples
      const hwm = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
      process.stdout.write('{"stats":' + JSON.stringify(stats) + ',"hwm":' + hwm + ',"results":[' + results.join(',') + ']}');`;
    const child = await run('node', ['--input-type=module', '-e', script, JSON.stringify([files.image, files.bomb, files.report])], { maxBuffer: 256 * MB });
    const { stats, hwm, results } = JSON.parse(child.stdout) as { stats: BatchStats; hwm: number; results: Pick<ManyResult, 'failure' | 'result'>[] };

    // the image is never decoded: the page's form is read as without it
    expect(diffForms(stsongTruth(), results[0].result.forms)).toEqual([]);
    expect(results[0].result.errors).toEqual([]);
    expect(results[1].failure).toMatchObject({ code: 'memory' });
    expect(results[1].failure!.reason).toBe("ran out of memory (over 163 MB, --max-memory + the file's size); stopped");
    // a 2,000-page report within the default limits (per page): every form, every field
    const report = results[2].result;
    expect(report.errors).toEqual([]);
    expect(report.pageCount).toBe(2000);
    expect(report.forms).toHaveLength(1000);
    report.forms.forEach((f, k) => {
      expect(f.pages).toEqual([2 * k + 1, 2 * k + 2]);
      expect(diffForms(stsongTruth(), [{ ...f, pages: [1, 2] }])).toEqual([]);
    });
    expect(stats.jobs).toBeLessThanOrEqual(2);
    expect(stats.peakWorker).toBeGreaterThan(0);
    // the target: under 300 MB at the default -j, by the pool's own samples and by the kernel's
    // peak (measured ~195–225 MB: the bomb's worker is stopped once it grows the process by 64 MB)
    expect(stats.peakRss).toBeGreaterThan(0);
    expect(stats.peakRss).toBeLessThan(300 * MB);
    if (hwm) expect(hwm).toBeLessThan(300 * MB);
  }, 180_000);

  it('1,000,000 q (save) operators on a page: one clean line in seconds, not the time limit', async () => {
    const saves = path.join(dir, 'saves.pdf');
    writeFileSync(saves, manySavesPdf(1_000_000));
    const t0 = performance.now();
    const err = await run('node', [BIN, '-q', '-f', 'jsonl', saves]).catch((e) => e);
    expect(err.code).toBe(3);
    expect(err.stderr).toBe(`eval-extract: ${saves}: page 1: more than 10000 nested q (save) operators\n`);
    // pdfjs is stopped at 10,000 (~1 s); it took the whole 60 s time limit before
    expect(performance.now() - t0).toBeLessThan(30_000);
    // in the library's own thread too (no pool, no time limit)
    await expect(extractBuffer(manySavesPdf(1_000_000))).rejects.toMatchObject({ page: 1, reason: 'more than 10000 nested q (save) operators' });
  }, 60_000);

  it('a 150 MB report: its bytes held once, and the limit of its worker grows with them', async () => {
    // stsong-nonembedded.pdf with 150 MB of bytes no page uses (an unreferenced stream)
    const big = path.join(dir, 'big-bytes.pdf');
    writeFileSync(big, appendObjects(STSONG(), new Map([[11, stream('', Buffer.alloc(150 * MB, 0x20))]])));
    const { stdout } = await run('node', [BIN, '-q', '-f', 'jsonl', big], { maxBuffer: 16 * MB });
    expect(diffForms(stsongTruth(), JSON.parse(stdout).forms)).toEqual([]);
  }, 60_000);

  it('-j is capped by the cores and by free memory', () => {
    expect(effectiveJobs(64, 160)).toBe(Math.min(availableParallelism(), Math.floor(freemem() / (160 * MB))));
    expect(effectiveJobs(64, 1e9)).toBe(1);
    expect(effectiveJobs(undefined, 160)).toBeGreaterThanOrEqual(1);
  });

  it('the fake-bold dedupe stays linear at any font size (60,000 glyphs at 0.001 pt)', () => {
    const glyphs = (size: number) => {
      const g = new Glyphs();
      for (let k = 0; k < 60_000; k++) {
        const x = 100 + k * size * 0.6, y = 700;
        g.push('A', x, y, x + size * 0.5, size, x, y - size, x + size * 0.5, y);
      }
      return g;
    };
    // the glyphs looked at to find twins: counted, not timed (a loaded machine stalls any run);
    // quadratic (every glyph in one grid cell at a tiny size) it was ~1.8 billion
    const looks = (size: number) => {
      const g = glyphs(size);
      const work = { looks: 0 };
      const kept = dedupe(g, READ_SETTINGS, work);
      expect(kept).toHaveLength(60_000);
      expect(glyphsToItems(g).reduce((n, i) => n + i.str.length, 0)).toBe(60_000);
      return work.looks;
    };
    for (const size of [10, 0.001]) expect(looks(size), `size ${size}`).toBeLessThanOrEqual(4 * 60_000);
  });

  it('form XObjects nested 3,000 deep: one clean line, the batch goes on', async () => {
    const deep = path.join(dir, 'deep.pdf');
    writeFileSync(deep, deepXObjectsPdf(3000));
    const good = path.join(dir, 'good-after-deep.pdf');
    writeFileSync(good, STSONG());
    const err = await run('node', [BIN, '-q', '-f', 'jsonl', deep, good]).catch((e) => e);
    expect(err.code).toBe(3);
    expect(err.stderr).toMatch(new RegExp(`^eval-extract: ${deep}: (page 1: form XObjects nested more than 64 deep|ran out of memory \\(over 16\\d MB, --max-memory( \\+ the file's size)?\\); stopped)\\n$`));
    const lines = err.stdout.trim().split('\n').map((l: string) => JSON.parse(l));
    expect(diffForms(stsongTruth(), lines[1].forms)).toEqual([]);
  }, 60_000);
});

describe('the library never disturbs its host', () => {
  it('broken files: no unhandled rejection, nothing on the console', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (r: unknown) => unhandled.push(r);
    process.on('unhandledRejection', onUnhandled);
    const printed: unknown[] = [];
    const saved = { ...console };
    for (const k of ['log', 'warn', 'error', 'info', 'debug'] as const) console[k] = (...a: unknown[]) => void printed.push(a);
    try {
      const random = rng(12);
      const inputs = [corruptXref('seed-libreoffice.pdf'), truncated('stsong-nonembedded.pdf'), imageOnlyPdf()];
      for (let k = 0; k < 12; k++) inputs.push(mutate(STSONG(), random));
      for (const bytes of inputs) await extractBuffer(bytes).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      Object.assign(console, saved);
      process.off('unhandledRejection', onUnhandled);
    }
    expect(printed).toEqual([]);
    expect(unhandled).toEqual([]);
  }, 60_000);

  it("extractBuffer leaves the caller's bytes as they are (pdfjs is handed a copy)", async () => {
    const bytes = STSONG();
    const before = Buffer.from(bytes);
    const result = await extractBuffer(bytes);
    expect(diffForms(stsongTruth(), result.forms)).toEqual([]);
    expect(bytes.byteLength).toBe(before.byteLength);
    expect(bytes.equals(before)).toBe(true);
  });

  it('a damaged XRef in a plain script with no handlers: exit 0, nothing on stderr', async () => {
    // the whole table and every object header broken, and entries with two bytes changed each
    const files: string[] = [];
    const save = (name: string, bytes: Uint8Array) => {
      const f = path.join(dir, name);
      writeFileSync(f, bytes);
      files.push(f);
    };
    save('xref-all.pdf', corruptXref('seed-libreoffice.pdf'));
    for (const name of ['seed-libreoffice.pdf', 'stsong-nonembedded.pdf', 'seed-pdfkit.pdf']) {
      const base = readFileSync(fixture(name));
      const table = base.lastIndexOf('xref');
      const entries = [...base.toString('latin1', table).matchAll(/\d{10} \d{5} [nf]/g)].slice(1, 7);
      entries.forEach((m, k) => {
        const b = Buffer.from(base);
        const at = table + m.index!;
        b[at + 7] = 0x39 - (b[at + 7] - 0x30); // a digit of the offset
        b[at + 17] = b[at + 17] === 0x6e ? 0x66 : 0x6e; // in use <-> free
        save(`xref-${k}-${name}`, b);
      });
    }
    const script = `
      import { extractFile } from ${JSON.stringify(DIST)};
      for (const f of JSON.parse(process.argv[1])) await extractFile(f).catch(() => undefined);
      // stray rejections would surface once the loop is done: give them a turn
      await new Promise((r) => setTimeout(r, 100));`;
    const child = spawnSync('node', ['--input-type=module', '-e', script, JSON.stringify(files)], { encoding: 'utf8' });
    expect({ status: child.status, stderr: child.stderr, stdout: child.stdout }).toEqual({ status: 0, stderr: '', stdout: '' });
  }, 60_000);

  it('a scan is still recognised (and handed to OCR) though the text reader never decodes its images', async () => {
    await expect(extractBuffer(imageOnlyPdf())).rejects.toThrow('no text layer, and OCR found no text on the page images');
  });
});

describe('output streams', () => {
  const good = () => {
    const f = path.join(dir, 'out-good.pdf');
    if (!existsSync(f)) writeFileSync(f, STSONG());
    return f;
  };

  it('a closed pipe ends quietly with 141, in every format', async () => {
    // more output than a pipe holds (64 KB), so that writing it meets the closed pipe
    const big = ['pipe-a.pdf', 'pipe-b.pdf', 'pipe-c.pdf'].map((f) => path.join(dir, f));
    for (const f of big) writeFileSync(f, readFileSync(fixture('seed-pdfkit.pdf')));
    for (const format of ['csv', 'jsonl']) {
      const child = spawn('node', [BIN, '-q', '-f', format, ...big], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect({ format, code, stderr }).toEqual({ format, code: 141, stderr: '' });
    }
  }, 60_000);

  it('a full disk: one line and exit 4, in every format', () => {
    if (!existsSync('/dev/full')) return;
    for (const format of ['text', 'csv', 'json']) {
      const r = spawnSync('sh', ['-c', `node "${BIN}" -q -f ${format} "${good()}" > /dev/full`], { encoding: 'utf8' });
      expect({ format, status: r.status, stderr: r.stderr }).toEqual({
        format, status: 4, stderr: 'eval-extract: cannot write to stdout: no space left on the device (ENOSPC)\n',
      });
    }
  }, 60_000);

  it('help, --version and schema: a closed pipe ends quietly with 141, a full disk is one line and exit 4', async () => {
    for (const args of [['--help'], ['help', 'check'], ['schema'], ['--version']]) {
      // the reading end closed before the command writes (it takes ~100 ms to start)
      const child = spawn('node', [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect({ args, code, stderr }).toEqual({ args, code: 141, stderr: '' });
      if (!existsSync('/dev/full')) continue;
      const r = spawnSync('sh', ['-c', `node "${BIN}" ${args.join(' ')} > /dev/full`], { encoding: 'utf8' });
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 4, stderr: 'eval-extract: cannot write to stdout: no space left on the device (ENOSPC)\n' });
    }
  }, 60_000);

  it('-o: a closed stderr never stops the output; a replaced file keeps its mode; stale temporaries are removed', async () => {
    const out = path.join(dir, 'keep-mode.json');
    writeFileSync(out, 'old');
    chmodSync(out, 0o640);
    // a temporary file of a killed run (its process is gone), and one of a live writer (this one)
    const dead = spawnSync('true').pid;
    const stale = path.join(dir, `.keep-mode.json.${dead}.0badf00d.tmp`);
    const live = path.join(dir, `.keep-mode.json.${process.pid}.0badf00d.tmp`);
    writeFileSync(stale, 'half');
    writeFileSync(live, 'half');
    const child = spawn('node', [BIN, '-f', 'json', '-o', out, good(), path.join(dir, 'missing.pdf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(diffForms(stsongTruth(), results[0].forms)).toEqual([]);
    expect(results[1].errors[0].message).toBe('no such file');
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('.keep-mode.json.') && f !== path.basename(live))).toEqual([]);
  }, 60_000);

  it('-o DIR: the tables are replaced together or not at all', async () => {
    const tables = path.join(dir, 'tables');
    mkdirSync(tables, { recursive: true });
    for (const f of ['forms.csv', 'indicators.csv', 'findings.csv']) writeFileSync(path.join(tables, f), `old ${f}`);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    async function* failing() {
      yield 'part of a table';
      throw full;
    }
    const write = writeAtomicAll([
      { target: path.join(tables, 'forms.csv'), chunks: ['new forms'] },
      { target: path.join(tables, 'indicators.csv'), chunks: failing() },
      { target: path.join(tables, 'findings.csv'), chunks: ['new findings'] },
    ]);
    await expect(write).rejects.toThrow(WriteError);
    await expect(write).rejects.toThrow(`cannot write to ${path.join(tables, 'indicators.csv')}: no space left on the device (ENOSPC)`);
    expect(readdirSync(tables).sort()).toEqual(['findings.csv', 'forms.csv', 'indicators.csv']);
    for (const f of ['forms.csv', 'indicators.csv', 'findings.csv']) expect(readFileSync(path.join(tables, f), 'utf8')).toBe(`old ${f}`);
  });
});

describe('control characters never reach a terminal raw', () => {
  const EVIL = 'evil\x1b[2J\x1b]0;pwned\x07\n\x9b.pdf';
  const SHOWN = 'evil\\x1b[2J\\x1b]0;pwned\\x07\\x0a\\x9b.pdf';

  it('file names and PDF text: escaped in stderr lines, the report and CSV; exact in JSON', async () => {
    const evil = path.join(dir, EVIL);
    writeFileSync(evil, STSONG());
    const notPdf = path.join(dir, `bad${EVIL}`);
    writeFileSync(notPdf, 'hello');
    const err = await run('node', [BIN, '-q', '-f', 'jsonl', evil, notPdf]).catch((e) => e);
    expect(err.stderr).toBe(`eval-extract: ${path.join(dir, `bad${SHOWN}`)}: not a PDF (no %PDF- header)\n`);
    expect(err.stdout.trim().split('\n').map((l: string) => JSON.parse(l).file)).toEqual([evil, notPdf]);
    const report = await run('node', [BIN, 'check', '--fail-on', 'never', evil]);
    expect(report.stdout).toContain(SHOWN);
    expect(report.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);

    // text of the PDF itself (a 项目名称 with escape sequences), through the renderers
    const result = await extractFile(evil);
    const form = { ...result.forms[0], projectName: 'a\x1b[31mb\r\nc\x00' };
    const hostile = { ...result, forms: [form], errors: [{ page: 1, message: 'x\x1b]0;t\x07y', code: 'form' as const }] };
    const text = formatFileReport(hostile);
    expect(text).toContain('a\\x1b[31mb\\x0d\\x0ac\\x00');
    expect(text).toContain('x\\x1b]0;t\\x07y');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    const csv = toIndicatorsCsv([hostile]);
    expect(csv).toContain('a\\x1b[31mb\r\nc\\x00');
    expect(csv).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(JSON.parse(JSON.stringify(hostile)).forms[0].projectName).toBe('a\x1b[31mb\r\nc\x00');
    expect(escapeControls('\t\x7f\x85', '\t')).toBe('\t\\x7f\\x85');
  }, 60_000);
});

describe('inputs', () => {
  it('a pattern matching 150,000 files: no recursion or spread limit', async () => {
    // in memory where there is such a folder: 150,000 files on a busy disk take minutes
    const many = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : dir, 'eval-extract-many-'));
    for (let k = 0; k < 150_000; k++) writeFileSync(path.join(many, `${k}.pdf`), '');
    const { inputs } = await expandInputs([path.join(many, '*.pdf')]);
    expect(inputs).toHaveLength(150_000);
    expect(inputs.every((i) => !i.error)).toBe(true);
    rmSync(many, { recursive: true, force: true });
  }, 120_000);

  it('symbolic link loops under */*/…: walked once, every file once', async () => {
    const loop = path.join(dir, 'loop');
    mkdirSync(path.join(loop, 'a'), { recursive: true });
    writeFileSync(path.join(loop, 'a', 'x.pdf'), '');
    // two links back up: 2^20 paths 40 levels down, unless a folder is walked once per segment
    symlinkSync('..', path.join(loop, 'a', 'up'));
    symlinkSync('..', path.join(loop, 'a', 'up2'));
    const pattern = path.join(loop, ...Array<string>(39).fill('*'), '*.pdf');
    const { inputs } = await expandInputs([pattern, loop]);
    expect(inputs).toHaveLength(1);
    expect(inputs[0].error).toBeUndefined();
    expect(realpathSync(inputs[0].file)).toBe(realpathSync(path.join(loop, 'a', 'x.pdf')));
    expect(path.relative(loop, inputs[0].file).split(path.sep)).toHaveLength(40);
  });

  it('an unreadable folder, named or below one, is reported with exit 3', async () => {
    const top = path.join(dir, 'unreadable');
    mkdirSync(path.join(top, 'locked'), { recursive: true });
    mkdirSync(path.join(top, 'open'), { recursive: true });
    writeFileSync(path.join(top, 'open', 'a.pdf'), STSONG());
    writeFileSync(path.join(top, 'locked', 'b.pdf'), STSONG());
    chmodSync(top, 0o755);
    chmodSync(path.join(top, 'open'), 0o755);
    chmodSync(path.join(top, 'open', 'a.pdf'), 0o644);
    chmodSync(path.join(top, 'locked'), 0o000);
    // root reads every folder: run the command as nobody
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'node'] : ['node'];
    if (asUser[0] === 'setpriv' && spawnSync('setpriv', ['--version']).status !== 0) return;
    const cli = (args: string[]) => spawnSync(asUser[0], [...asUser.slice(1), BIN, '-q', '-f', 'jsonl', ...args], { encoding: 'utf8' });
    const below = cli([top]);
    expect(below.status).toBe(3);
    expect(below.stderr).toBe(`eval-extract: ${path.join(top, 'locked')}: cannot read this folder (permission denied, EACCES)\n`);
    expect(below.stdout.trim().split('\n').map((l) => JSON.parse(l).file)).toEqual([path.join(top, 'locked'), path.join(top, 'open', 'a.pdf')]);
    const named = cli([path.join(top, 'locked')]);
    expect(named.status).toBe(3);
    expect(named.stderr).toBe(`eval-extract: ${path.join(top, 'locked')}: cannot read this folder (permission denied, EACCES)\n`);
    chmodSync(path.join(top, 'locked'), 0o755);
  }, 60_000);
});
