// The pure parts of batches: streamed JSON equals JSON rendered whole; the progress line.
import { describe, expect, it } from 'vitest';
import { EXIT, exitCode } from '../src/cli/exit.js';
import { adoptPrestarted, prestartWorkers, stopPrestarted } from '../src/batch/start-workers.js';
import { formatDuration, Progress } from '../src/cli/progress.js';
import { displayWidth } from '../src/text/index.js';
import { digestOf, renderBytes, sinkFor, type SinkFormat } from '../src/write/json.js';
import type { FileResult } from '../src/model/schema.js';

/** The whole list rendered at once: one file's result as an object, else an array. */
const toJson = (results: FileResult[], single: boolean) => JSON.stringify(single ? results[0] : results, null, 2) + '\n';
const toJsonLine = (r: FileResult) => JSON.stringify(r) + '\n';

const result = (file: string, forms = 0, errors: string[] = []): FileResult => ({
  file, pageCount: 2, forms: [], errors: errors.map((message) => ({ page: 1, message, code: 'form' as const })),
  ...(forms ? { pageCount: forms } : {}),
});
/** As the CLI writes it: each result's text (as a worker renders it) after its separator. */
const render = (format: SinkFormat, results: FileResult[]) => {
  const sink = sinkFor(format);
  const texts = results.map((r) => Buffer.from(renderBytes(format, r)).toString('utf8'));
  return sink.begin() + texts.map((t, k) => sink.before(k) + t).join('') + sink.end(results.length);
};

describe('streamed output', () => {
  const results = [result('a.pdf'), result('b "quoted"\nname.pdf', 0, ['not a PDF']), result('c.pdf', 3)];

  it('JSON: the same bytes as rendering the whole list, for one, several or no results', () => {
    expect(render('json', results)).toBe(toJson(results, false));
    expect(render('json', results.slice(0, 1))).toBe(toJson(results.slice(0, 1), false));
    expect(render('json', [])).toBe(toJson([], false));
    expect(render('json-single', results.slice(1, 2))).toBe(toJson(results.slice(1, 2), true));
  });

  it('JSON Lines: one result per line', () => {
    expect(render('jsonl', results)).toBe(results.map(toJsonLine).join(''));
  });

  it('a digest carries what the main thread reports: file, pages, errors, finding counts', () => {
    expect(digestOf(results[1])).toEqual({
      file: results[1].file, pageCount: 2, errors: [{ page: 1, message: 'not a PDF', code: 'form' }],
      counts: { files: 1, unreadable: 1, forms: 0, partial: 0, error: 0, warning: 0, info: 0 },
    });
  });
});

describe('progress', () => {
  const settled = (r: FileResult, failed = false) => ({ pages: r.pageCount, forms: r.forms.length, failed: failed || r.errors.length > 0 });

  it('shows files done of total, pages/s, ETA and failures; sums up at the end', () => {
    let now = 0;
    const written: string[] = [];
    const stream = { write: (s: string) => (written.push(s), true), isTTY: true, columns: 100 } as unknown as NodeJS.WritableStream;
    const p = new Progress({ stream, total: 4, bar: true, now: () => now });
    now = 2000;
    p.settle(settled({ ...result('a.pdf'), pageCount: 10, forms: [] }));
    p.settle(settled(result('b.pdf', 0, ['bad']), true));
    expect(p.line(100)).toBe('[###############---------------] 2/4 files  6.0 pages/s  ETA 2s  1 failed');
    expect(written.join('')).toMatch(/\r\x1b\[2K\[#+-+\] 1\/4 files/);
    p.log('eval-extract: b.pdf: bad');
    expect(written.slice(-3).join('')).toMatch(/^\r\x1b\[2Keval-extract: b\.pdf: bad\n\r\x1b\[2K\[/);
    p.stop();
    expect(written[written.length - 1]).toBe('\r\x1b[2K');
    expect(p.summary()).toBe('2 files, 0 forms, 12 pages, 1 failed, 2.0 s (6.0 pages/s)');
  });

  it('fits a narrow terminal and writes nothing when off', () => {
    const written: string[] = [];
    const stream = { write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WritableStream;
    const p = new Progress({ stream, total: 1000, bar: false });
    p.settle(settled(result('a.pdf')));
    p.stop();
    expect(written).toEqual([]);
    expect(p.line(30).length).toBeLessThan(30);
    expect([formatDuration(59.4), formatDuration(61), formatDuration(3725)]).toEqual(['59s', '1m01s', '1h02m']);
  });

  it('speaks Chinese, measured in terminal columns (a CJK character takes two)', () => {
    let now = 0;
    const stream = { write: () => true } as unknown as NodeJS.WritableStream;
    const p = new Progress({ stream, total: 4, bar: false, lang: 'zh', now: () => now });
    now = 2000;
    p.settle(settled({ ...result('a.pdf'), pageCount: 10, forms: [] }));
    p.settle(settled(result('b.pdf', 0, ['bad']), true));
    expect(p.line(100)).toBe('[###############---------------] 2/4 个文件  每秒 6.0 页  剩余 2s  1 个失败');
    expect(displayWidth(p.line(100))).toBeLessThanOrEqual(100);
    for (const columns of [30, 40, 60]) expect(displayWidth(p.line(columns)), String(columns)).toBeLessThan(columns);
    expect(p.summary()).toBe('2 个文件，0 张表单，12 页，1 个失败，2.0 秒（每秒 6.0 页）');
  });
});

describe('the exit code', () => {
  it('is 3 when an input failed (winning over findings), 1 on findings, else 0', () => {
    expect(exitCode({ failed: true, findings: true })).toBe(EXIT.input);
    expect(exitCode({ failed: false, findings: true })).toBe(EXIT.findings);
    expect(exitCode({ failed: false, findings: false })).toBe(EXIT.ok);
    expect([EXIT.ok, EXIT.findings, EXIT.usage, EXIT.input]).toEqual([0, 1, 2, 3]);
  });
});

describe('workers started early', () => {
  it('stopPrestarted ends those no pool took (and waits for them); an adopted one is the pool\'s', async () => {
    prestartWorkers(2, 123);
    const taken = adoptPrestarted(123);
    expect(taken).toBeDefined();
    await stopPrestarted();
    // the other one is gone: nothing left to adopt
    expect(adoptPrestarted(123)).toBeUndefined();
    // the adopted worker was left running for its pool
    const exited = new Promise<number>((resolve) => taken!.worker.once('exit', resolve));
    await taken!.worker.terminate();
    expect(typeof (await exited)).toBe('number');
  });
});
