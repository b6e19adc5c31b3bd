// The visual report: one self-contained HTML file (no script, no network): the batch summary,
// a table per 主管部门/实施单位, inline SVG charts, then every form with its findings, each with
// a crop of its page where the offending cells are outlined.
import { countFindings, SEVERITIES } from '../../check/index.js';
// the scatter plot's outliers are the forms past the thresholds of score-outpaces-spending and low-execution-rate
import { scoreRateOf, totalRate } from '../../check/rules.js';
import { CHECK_SETTINGS } from '../../check/settings.js';
import { findingMessage } from '../../check/message.js';
import { megabytes, reasonText, t, type Lang } from '../../i18n/index.js';
import { RuleIdSchema, type FileResult, type Form } from '../../model/schema.js';
import { pageRanges } from '../../report/index.js';
import { oneLine } from '../../text/index.js';
import { writeAtomic } from '../atomic.js';
import { bars, esc, histogram, scatter, type Point } from './charts.js';
import { filePictures, type FormPictures } from './crops.js';

export interface HtmlOptions {
  lang?: Lang;
  /** password of encrypted PDFs, to draw their pages */
  password?: string;
}

const SIZE_MARK = '\u0000SIZE\u0000';

const STYLE = `
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2733;background:#fff}
h1{font-size:24px;margin:8px 0}h2{font-size:19px;border-bottom:2px solid #d5dde6;padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:0 0 4px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d5dde6;padding:3px 8px;text-align:left;vertical-align:top}th{background:#eef2f6}td.n{text-align:right}
.meta{color:#5b6b7c}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{margin:0}.chart figcaption{font-weight:600}
svg text{font-size:11px;fill:#39495a}.axis{stroke:#8797a8}.diag{stroke:#c3ccd6;stroke-dasharray:4 3}.bar{fill:#4a7fb5}.bar.error{fill:#d0342c}.bar.warning{fill:#e0a100}.bar.info{fill:#3b8ed0}
.dot{fill:#4a7fb5;opacity:.8}.dot.outlier{fill:#d0342c}.label{fill:#b3261e}
.form{border:1px solid #d5dde6;border-radius:6px;padding:10px 14px;margin:14px 0}.findings{padding-left:20px}
.finding{margin:10px 0}.finding .msg{margin:0 0 4px}.sev{display:inline-block;border-radius:3px;padding:0 6px;margin-right:6px;color:#fff;font-size:12px}
.sev.error{background:#d0342c}.sev.warning{background:#c88f00}.sev.info{background:#3b8ed0}.rule{color:#5b6b7c;font-size:12px;margin-left:6px}
.finding img,.page img{max-width:100%;height:auto;border:1px solid #c3ccd6;display:block}.ok{color:#2a7d3b}.noimg{color:#8797a8;font-size:12px}
`;

const formId = (file: number, form: number) => `f-${file}-${form}`;
const num = (x: number | null | undefined) => (x == null ? '' : x.toFixed(2));

function summary(lang: Lang, results: FileResult[]): string {
  const c = countFindings(results);
  const failed = results.filter((r) => !r.forms.length).length;
  const rows = [
    [t(lang, 'col.files'), results.length], [t(lang, 'col.forms'), c.forms], [t(lang, 'html.failed'), failed],
    ...SEVERITIES.map((s) => [t(lang, `severity.${s}`), c[s]] as const),
  ];
  const byRule = RuleIdSchema.options.map((rule) => {
    const n = SEVERITIES.map((s) => results.reduce((a, r) => a + r.forms.reduce((b, f) => b + (f.findings ?? []).filter((x) => x.rule === rule && x.severity === s).length, 0), 0));
    return { rule, n };
  }).filter((r) => r.n.some(Boolean));
  return `<section id="summary"><h2>${esc(t(lang, 'html.summary'))}</h2>
<table class="counts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td class="n">${v}</td></tr>`).join('')}</table>
<table class="rules"><tr><th>${esc(t(lang, 'col.rule'))}</th><th>${esc(t(lang, 'col.meaning'))}</th>${SEVERITIES.map((s) => `<th>${esc(t(lang, `severity.${s}`))}</th>`).join('')}</tr>
${byRule.map((r) => `<tr><td>${r.rule}</td><td>${esc(t(lang, `rule.${r.rule}`))}</td>${r.n.map((n) => `<td class="n">${n}</td>`).join('')}</tr>`).join('\n')}</table></section>`;
}

/** A form's name: its 项目名称, a department-wide form's 部门 (the form has no project). */
const nameOf = (lang: Lang, f: Form): string =>
  f.projectName || (f.kind === 'department' ? f.department : '') || t(lang, 'report.noProject');

function byOrganisation(lang: Lang, results: FileResult[]): string {
  const groups = new Map<string, { department: string; unit: string; forms: Form[] }>();
  for (const r of results) {
    for (const f of r.forms) {
      const key = `${f.department}\u0000${f.implementingUnit}`;
      const g = groups.get(key) ?? { department: f.department, unit: f.implementingUnit ?? '', forms: [] };
      g.forms.push(f);
      groups.set(key, g);
    }
  }
  const rows = [...groups.values()].sort((a, b) => a.department.localeCompare(b.department, 'zh') || a.unit.localeCompare(b.unit, 'zh')).map((g) => {
    const scores = g.forms.map((f) => f.totalScore).filter((x): x is number => x != null);
    const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    const count = (s: string) => g.forms.reduce((a, f) => a + (f.findings ?? []).filter((x) => x.severity === s).length, 0);
    return `<tr><td>${esc(g.department)}</td><td>${esc(g.unit)}</td><td class="n">${g.forms.length}</td><td class="n">${num(mean)}</td><td class="n">${count('error')}</td><td class="n">${count('warning')}</td></tr>`;
  });
  const head = [t(lang, 'col.department'), t(lang, 'col.implementingUnit'), t(lang, 'col.forms'), t(lang, 'col.meanScore'), t(lang, 'col.errors'), t(lang, 'col.warnings')];
  return `<section id="orgs"><h2>${esc(t(lang, 'html.byOrg'))}</h2><table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.join('\n')}</table></section>`;
}

function charts(lang: Lang, results: FileResult[]): string {
  const forms = results.flatMap((r, i) => r.forms.map((f, j) => ({ f, id: formId(i, j) })));
  const scores = forms.map(({ f }) => f.totalScore).filter((x): x is number => x != null);
  const points: Point[] = forms.flatMap(({ f, id }) => {
    const x = totalRate(f), y = scoreRateOf(f);
    if (x == null || y == null) return [];
    return [{ x, y, label: nameOf(lang, f), href: `#${id}`, outlier: y - x > CHECK_SETTINGS.scoreOutpacesBy || x < CHECK_SETTINGS.lowExecutionRate }];
  });
  const byRule = RuleIdSchema.options.map((rule) => {
    const all = forms.flatMap(({ f }) => (f.findings ?? []).filter((x) => x.rule === rule));
    return { label: rule, count: all.length, cls: all[0]?.severity };
  }).filter((d) => d.count);
  return `<section id="charts"><h2>${esc(t(lang, 'html.charts'))}</h2><div class="charts">
${histogram(scores, t(lang, 'html.scoreHistogram'))}
${scatter(points, t(lang, 'html.rateScatter'), t(lang, 'html.rateAxis'), t(lang, 'html.scoreRateAxis'))}
${bars(byRule, t(lang, 'html.findingsByRule'))}
</div></section>`;
}

function failedFiles(lang: Lang, results: FileResult[]): string {
  const failed = results.filter((r) => r.errors.length);
  if (!failed.length) return '';
  const rows = failed.flatMap((r) => r.errors.map((e) =>
    `<tr><td>${esc(r.file)}</td><td class="n">${e.page ?? ''}</td><td>${esc(reasonText(lang, e))}</td></tr>`));
  return `<section id="failed"><h2>${esc(t(lang, 'html.failed'))}</h2><table><tr><th>${esc(t(lang, 'col.file'))}</th><th>${esc(t(lang, 'col.page'))}</th><th>${esc(t(lang, 'col.reason'))}</th></tr>${rows.join('\n')}</table></section>`;
}

const img = (p: { src: string; width: number; height: number; page: number }, lang: Lang) =>
  `<img src="${p.src}" width="${p.width}" height="${p.height}" alt="${esc(t(lang, 'html.pageImage', { page: p.page }))}" loading="lazy">`;

function formSection(lang: Lang, r: FileResult, f: Form, id: string, pictures: FormPictures | undefined): string {
  const findings = f.findings ?? [];
  const head = `<h3>${esc(nameOf(lang, f))}</h3>
<p class="meta">${esc(r.file)} · ${esc(t(lang, 'report.pages', { pages: pageRanges(f.pages), count: f.pages.length }))} · ${esc(t(lang, 'col.totalScore'))} ${num(f.totalScore)} · ${esc(t(lang, 'col.grade'))} ${esc(f.grade ?? '')}</p>`;
  if (!findings.length) return `<article class="form" id="${id}">${head}<p class="ok">✓ ${esc(t(lang, 'html.noFindings'))}</p></article>`;
  const items = findings.map((x, j) => {
    const crop = pictures?.crops.get(j);
    const picture = crop ? img(crop, lang) : x.indicator === undefined ? '' : `<p class="noimg">${esc(t(lang, 'html.noImage'))}</p>`;
    return `<li class="finding ${x.severity}" data-rule="${x.rule}" data-page="${x.page ?? ''}" data-row="${x.row ?? ''}">
<p class="msg"><span class="sev ${x.severity}">${esc(t(lang, `severity.${x.severity}`))}</span>${esc(findingMessage(lang, x))}<span class="rule">${x.rule}</span></p>${picture}</li>`;
  }).join('\n');
  const page = pictures?.page ? `<figure class="page">${img(pictures.page, lang)}</figure>` : '';
  return `<article class="form" id="${id}">${head}<ol class="findings">${items}</ol>${page}</article>`;
}

/** The report's HTML, given every form's pictures (by file, then form index). */
export function renderHtml(results: FileResult[], pictures: Map<number, FormPictures>[], lang: Lang = 'en'): string {
  const c = countFindings(results);
  const forms = results.flatMap((r, i) => r.forms.map((f, j) => formSection(lang, r, f, formId(i, j), pictures[i]?.get(j)))).join('\n');
  const count = (f: Form, s: string) => (f.findings ?? []).filter((x) => x.severity === s).length;
  const index = results.flatMap((r, i) => r.forms.map((f, j) =>
    `<tr><td><a href="#${formId(i, j)}">${esc(nameOf(lang, f))}</a></td><td>${esc(r.file)}</td>`
    + `<td class="n">${num(f.totalScore)}</td><td class="n">${count(f, 'error')}</td><td class="n">${count(f, 'warning')}</td></tr>`)).join('\n');
  const indexHead = [t(lang, 'col.projectName'), t(lang, 'col.file'), t(lang, 'col.totalScore'), t(lang, 'col.errors'), t(lang, 'col.warnings')]
    .map((h) => `<th>${esc(h)}</th>`).join('');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(t(lang, 'html.title'))}</title><style>${STYLE}</style></head><body>
<header><h1>${esc(t(lang, 'html.title'))}</h1><p class="meta">${esc(t(lang, 'html.generated', { files: c.files, forms: c.forms }))} · <span id="size">${SIZE_MARK}</span></p></header>
${summary(lang, results)}
${byOrganisation(lang, results)}
${charts(lang, results)}
${failedFiles(lang, results)}
<section id="forms"><h2>${esc(t(lang, 'html.forms'))}</h2>
<table class="index"><tr>${indexHead}</tr>${index}</table>
${forms}
</section></body></html>
`;
}

/** The report with its own size stated in it. */
export function withSize(html: string, lang: Lang): string {
  const mb = megabytes(Buffer.byteLength(html));
  return html.replace(SIZE_MARK, esc(t(lang, 'html.size', { mb })));
}

export interface HtmlWritten {
  /** the report's size in bytes */
  bytes: number;
  /** files whose pages could not be drawn again (moved, changed, unreadable), and why */
  unpictured: { file: string; reason: string }[];
}

/** Draw the pictures (re-opening each PDF), render and write the report whole. */
export async function writeHtml(target: string, results: FileResult[], options: HtmlOptions = {}): Promise<HtmlWritten> {
  const lang = options.lang ?? 'en';
  const pictures: Map<number, FormPictures>[] = [];
  const unpictured: HtmlWritten['unpictured'] = [];
  for (const r of results) {
    // a file that cannot be drawn again still gets its findings, each saying it has no picture
    pictures.push(r.forms.length ? await filePictures(r, options).catch((err: unknown) => {
      unpictured.push({ file: r.file, reason: oneLine(err) });
      return new Map<number, FormPictures>();
    }) : new Map());
  }
  const html = withSize(renderHtml(results, pictures, lang), lang);
  await writeAtomic(target, [html]);
  return { bytes: Buffer.byteLength(html), unpictured };
}
