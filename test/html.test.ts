/// <reference lib="dom" />
// The visual report through the real CLI on real fixtures, opened in a real headless Chromium:
// what is on screen (a screenshot's size and its non-blank pixels), every finding in the DOM with
// its message and a loaded picture of its page with the offending cells outlined in red, the
// charts drawn, and not one request leaving the file.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingMessage } from '../src/check/index.js';
import { megabytes } from '../src/i18n/index.js';
import { extractFile, writeHtml } from '../src/index.js';
import { FileResultSchema, type FileResult } from '../src/model/schema.js';
import { fixture } from './helpers/truth.js';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
const INPUTS = [fixture('seed-chromium.pdf'), fixture('stsong-nonembedded.pdf'), fixture('seed-forms.json')];
const tmp = mkdtempSync(path.join(tmpdir(), 'eval-extract-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [BIN, '-j', '2', ...args], { env: { ...process.env, LC_ALL: 'zh_CN.UTF-8' }, timeout: 120_000, maxBuffer: 64e6 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const report = path.join(tmp, 'report.html');
let results: FileResult[];
let html: string;

beforeAll(async () => {
  const made = await cli(['-o', report, ...INPUTS]); // the extension chooses html
  expect(made.code).toBe(3);
  expect(made.stderr).toMatch(/已写入 .*report\.html（\d+\.\d MB）/);
  const json = await cli(['--format', 'json', '--positions', ...INPUTS]);
  results = (JSON.parse(json.stdout) as unknown[]).map((r) => FileResultSchema.parse(r));
  html = readFileSync(report, 'utf8');
});

describe('--format html', () => {
  it('is one self-contained file that states its size', () => {
    // nothing fetched: no script, no stylesheet or image from elsewhere (the SVG namespace is a name)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script/i);
    const mb = statSync(report).size / 1e6;
    expect(html).toContain(`本报告 ${megabytes(statSync(report).size)} MB`);
    expect(megabytes(statSync(report).size)).toBe(mb.toFixed(1));
    // sized for 400 forms: well under 30 MB at this rate per form
    const forms = results.reduce((s, r) => s + r.forms.length, 0);
    expect((mb / forms) * 400).toBeLessThan(30);
  });

  it('sums up the batch and each 主管部门/实施单位, and names the file it could not read', () => {
    expect(html).toContain('<th>文件数</th><td class="n">3</td>');
    expect(html).toContain('<th>表单数</th><td class="n">21</td>');
    expect(html).toMatch(/seed-forms\.json<\/td><td class="n"><\/td><td>不是 PDF 文件：not a PDF/);
    expect(html).toContain('<td>上海市闵行区数据局(汇总)</td><td>上海市闵行区大数据中心</td>');
  });
});

describe('a PDF gone before its pages are drawn', () => {
  it('is named, and its findings are shown without pictures', async () => {
    const r = await extractFile(fixture('stsong-nonembedded.pdf'), { positions: true });
    const out = path.join(tmp, 'gone.html');
    const written = await writeHtml(out, [{ ...r, file: path.join(tmp, 'moved-away.pdf') }], { lang: 'en' });
    expect(written.unpictured).toEqual([{ file: path.join(tmp, 'moved-away.pdf'), reason: expect.stringContaining('ENOENT') }]);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('<img');
    expect(text).toContain('<p class="noimg">(no page image)</p>');
    expect(written.bytes).toBe(statSync(out).size);
  });
});

describe.skipIf(!CHROMIUM)('the report in headless Chromium', () => {
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  let browser: import('puppeteer-core').Browser;
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  let page: import('puppeteer-core').Page;
  const requests: string[] = [];

  beforeAll(async () => {
    const puppeteer = (await import('puppeteer-core')).default;
    browser = await puppeteer.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
    });
    page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      requests.push(req.url().slice(0, 60));
      void req.continue();
    });
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    // lazy images: bring each into view so that it loads, as a reader scrolling would
    await page.evaluate(async () => {
      for (const img of Array.from(document.images)) {
        img.loading = 'eager';
        if (!img.complete) await new Promise((ok) => { img.onload = ok; img.onerror = ok; });
      }
    });
  }, 120_000);
  afterAll(async () => browser?.close());

  it('links every form of the index to its section', async () => {
    const links = await page.$$eval('table.index a', (as) => as.map((a) => [a.textContent, !!document.querySelector(a.getAttribute('href')!)]));
    expect(links).toEqual(results.flatMap((r) => r.forms.map((f) => [f.projectName, true])));
  });

  it('loads nothing but the file itself', () => {
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  });

  it('shows every finding with its message, and a picture of its page for each indicator finding', async () => {
    const dom = await page.$$eval('li.finding', (items) => items.map((li) => {
      const img = li.querySelector('img');
      const box = img?.getBoundingClientRect();
      let red = 0;
      if (img && img.complete && img.naturalWidth) {
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let k = 0; k < d.length; k += 4) if (d[k] > 180 && d[k + 1] < 90 && d[k + 2] < 90) red++;
      }
      return {
        rule: li.dataset.rule, page: li.dataset.page, row: li.dataset.row,
        message: li.querySelector('.msg')!.textContent,
        image: img ? { loaded: img.complete && img.naturalWidth > 0, width: box!.width, height: box!.height, red } : null,
      };
    }));
    const expected = results.flatMap((r) => r.forms.flatMap((f) => f.findings ?? []));
    expect(dom).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThan(60);
    expected.forEach((x, k) => {
      const got = dom[k];
      const at = `${k} ${x.rule}`;
      expect(got.rule, at).toBe(x.rule);
      expect(got.page, at).toBe(String(x.page));
      expect(got.row, at).toBe(x.row === undefined ? '' : String(x.row));
      expect(got.message, at).toBe(`${{ error: '错误', warning: '警告', info: '提示' }[x.severity]}${findingMessage('zh', x)}${x.rule}`);
      if (x.indicator === undefined) return;
      // the crop of its page, on screen, with the offending cells outlined
      expect(got.image, at).not.toBeNull();
      expect(got.image!.loaded, at).toBe(true);
      expect(got.image!.width, at).toBeGreaterThan(300);
      expect(got.image!.height, at).toBeGreaterThan(40);
      expect(got.image!.red, at).toBeGreaterThan(200);
    });
  });

  it('draws the three charts, with the outliers labelled', async () => {
    const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => ({
      title: f.querySelector('figcaption')!.textContent,
      width: f.querySelector('svg')!.getBoundingClientRect().width,
      bars: f.querySelectorAll('rect.bar').length,
      dots: f.querySelectorAll('circle.dot').length,
      labels: Array.from(f.querySelectorAll('text.label')).map((t) => t.textContent),
    })));
    expect(charts.map((c) => c.title)).toEqual(['总分分布', '执行率与三级指标得分率', '各规则问题数']);
    for (const c of charts) expect(c.width).toBeGreaterThan(400);
    const forms = results.flatMap((r) => r.forms);
    expect(charts[1].dots).toBe(forms.length);
    // the outliers: score rate more than 5 points above the 执行率, or 执行率 below 90
    const outliers = forms.filter((f) => {
      const w = f.indicators.reduce((s, i) => s + i.weight!, 0);
      const y = (f.indicators.reduce((s, i) => s + i.score!, 0) / w) * 100;
      const x = f.funds.total.executionRate!;
      return y - x > 5 || x < 90;
    }).map((f) => f.projectName ?? '').map((n) => (n.length > 14 ? `${n.slice(0, 14)}…` : n));
    expect(outliers.length).toBeGreaterThan(0);
    expect(charts[1].labels).toEqual(outliers);
    const outpaced = forms.filter((f) => f.findings!.some((x) => x.rule === 'score-outpaces-spending'));
    for (const f of outpaced) expect(outliers).toContain(f.projectName);
    expect(charts[2].bars).toBe(new Set(forms.flatMap((f) => (f.findings ?? []).map((x) => x.rule))).size);
  });

  it('puts it on screen: a full-page screenshot, mostly drawn', async () => {
    const png = await page.screenshot({ fullPage: true, type: 'png' });
    const image = await loadImage(Buffer.from(png));
    const docs = process.env.EVAL_EXTRACT_SCREENSHOTS; // a folder: the README's pictures
    if (docs) {
      const top = createCanvas(image.width, 1500);
      top.getContext('2d').drawImage(image, 0, 0);
      writeFileSync(path.join(docs, 'html-report.png'), await top.encode('png'));
      const article = await page.$('article.form li.finding img');
      const form = await article!.evaluateHandle((img) => img.closest('article')!);
      writeFileSync(path.join(docs, 'html-finding.png'), await (form as unknown as import('puppeteer-core').ElementHandle).screenshot({ type: 'png' }));
    }
    expect(image.width).toBe(1200);
    expect(image.height).toBeGreaterThan(5000);
    // the first screen: count pixels that are not background white
    const c = createCanvas(image.width, 900);
    const ctx = c.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let k = 0; k < d.length; k += 4) if (d[k] < 230 || d[k + 1] < 230 || d[k + 2] < 230) ink++;
    expect(ink / (c.width * c.height)).toBeGreaterThan(0.02);
  });
});

describe('ink OCR could not read', () => {
  it('is shown where it is: its finding has its box on the page, and a picture of it', async () => {
    const r = await extractFile(fixture('scanned/mixed-rects-page3.pdf'), { positions: true });
    const lost = r.forms.flatMap((f) => (f.findings ?? []).filter((x) => x.variant === 'unread' || x.variant === 'unplaced'));
    expect(lost.length).toBeGreaterThan(0);
    const unplaced = r.forms.flatMap((f) => f.ocr?.unplaced ?? []);
    expect(lost.map((x) => [x.page, x.bbox])).toEqual(unplaced.map((u) => [u.page, u.bbox]));
    for (const x of lost) {
      // on the page (A4, points), and no bigger than a cell
      const [x0, y0, x1, y1] = x.bbox!;
      expect(0 <= x0 && x0 < x1 && x1 <= 596 && 0 <= y0 && y0 < y1 && y1 <= 843, String(x.bbox)).toBe(true);
      expect(x1 - x0).toBeLessThan(300);
    }
    const out = path.join(tmp, 'unread.html');
    await writeHtml(out, [r], { lang: 'en' });
    const items = readFileSync(out, 'utf8').split('<li class="finding ').slice(1);
    const shown = items.filter((li) => /data-rule="low-ocr-confidence"/.test(li) && /could not read|went into no value/.test(li));
    expect(shown).toHaveLength(lost.length);
    for (const li of shown) expect(li.split('</li>')[0]).toMatch(/<img [^>]*src="data:image\/webp;base64,/);
  }, 60_000);
});
