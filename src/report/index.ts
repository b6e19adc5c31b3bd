// The human check report: per file and form, 项目名称 and pages, then its findings grouped by
// severity; a one-line summary at the end. Colour is the caller's choice (see colorLevel).
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import { countFindings, SEVERITIES, uncheckedRules, type CheckOptions, type FindingCounts } from '../check/index.js';
import { findingMessage } from '../check/message.js';
import { reasonText, t, type Lang } from '../i18n/index.js';
import type { FileResult, Finding, Form, RuleId, Severity } from '../model/schema.js';
import { escapeControls as esc } from '../text/index.js';

export type ColorLevel = 0 | 1 | 2 | 3;

export interface ReportOptions {
  /** 0 for plain text (the default), 1–3 for ANSI colours */
  color?: ColorLevel;
  /** the check's options: a rule turned off is not listed as not checked */
  check?: Pick<CheckOptions, 'severity'>;
  /** the language of the report (default en) */
  lang?: Lang;
}

/**
 * The colour level for a stream: none when NO_COLOR is set (and not empty) or the stream is not
 * a terminal; otherwise what chalk detects (which honours FORCE_COLOR).
 */
export function colorLevel(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): ColorLevel {
  if (env.NO_COLOR) return 0;
  const forced = 'FORCE_COLOR' in env;
  if (!stream.isTTY && !forced) return 0;
  return supportsColor ? supportsColor.level : 0;
}

function paint(c: ChalkInstance, severity: Severity, s: string): string {
  return severity === 'error' ? c.red(s) : severity === 'warning' ? c.yellow(s) : c.cyan(s);
}

/** `1–2`, `9`, `3–4, 7`: pages as ranges. */
export function pageRanges(pages: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j] + 1) j++;
    out.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j;
  }
  return out.join(', ');
}

/** More findings of one rule on one form than this are folded into one line with a count. */
export const FOLD_OVER = 5;

/** `3、5、8` (zh) or `3, 5, 8` (en), at most 12 rows then `…`. */
function rowList(lang: Lang, rows: number[]): string {
  const shown = rows.slice(0, 12).join(lang === 'zh' ? '、' : ', ');
  return rows.length > 12 ? `${shown}…` : shown;
}

function findingLines(c: ChalkInstance, lang: Lang, severity: Severity, group: Finding[]): string[] {
  const lines: string[] = [];
  const bullet = paint(c, severity, '•');
  const byRule = new Map<string, Finding[]>();
  for (const f of group) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  for (const [rule, same] of byRule) {
    if (same.length > FOLD_OVER) {
      const rows = same.map((f) => f.row).filter((r): r is number => r !== undefined);
      const pages = pageRanges([...new Set(same.map((f) => f.page).filter((p): p is number => p !== undefined))].sort((a, b) => a - b));
      const text = t(lang, 'report.folded', { rule: t(lang, `rule.${rule as RuleId}`), count: same.length, pages, rows: rowList(lang, rows) });
      lines.push(`       ${bullet} ${text}  ${c.dim(rule)}`);
    } else {
      for (const f of same) lines.push(`       ${bullet} ${esc(findingMessage(lang, f))}  ${c.dim(f.rule)}`);
    }
  }
  return lines;
}

function formReport(c: ChalkInstance, lang: Lang, form: Form, k: number, options: ReportOptions): string[] {
  const pages = t(lang, 'report.pages', { pages: pageRanges(form.pages), count: form.pages.length });
  const lines = [`  ${k + 1}. ${c.bold(esc(form.projectName || (form.kind === 'department' && form.department) || '') || t(lang, 'report.noProject'))}  ${c.dim(pages)}`];
  const findings = form.findings ?? [];
  // a rule that could not run is not a rule that found nothing
  const unchecked = uncheckedRules(form, options.check);
  if (unchecked.length) {
    const missing = [...new Set(unchecked.map((u) => u.missing))].join(', ');
    lines.push(`     ${c.magenta(t(lang, 'report.unchecked', { missing, rules: unchecked.map((u) => u.rule).join(', ') }))}`);
  }
  if (!findings.length) {
    if (!unchecked.length) lines.push(`     ${c.green(t(lang, 'report.noFindings'))}`);
    return lines;
  }
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    lines.push(`     ${paint(c, severity, t(lang, 'report.count', { count: group.length, severity: t(lang, `severity.${severity}`) }))}`);
    for (const line of findingLines(c, lang, severity, group)) lines.push(line);
  }
  return lines;
}

const errorText = (lang: Lang, e: FileResult['errors'][number]) =>
  e.page ? t(lang, 'report.errorAt', { page: e.page, message: esc(reasonText(lang, e)) }) : esc(reasonText(lang, e));

/** One file's part of the report, ending with a newline. */
export function formatFileReport(result: FileResult, options: ReportOptions = {}): string {
  const c = new Chalk({ level: options.color ?? 0 });
  const lang = options.lang ?? 'en';
  // text from the PDF and file names with their control characters escaped: nothing raw on a terminal
  const lines = [c.bold.underline(esc(result.file))];
  if (!result.forms.length) {
    const why = result.errors.map((e) => errorText(lang, e)).join('; ') || t(lang, 'report.noForm');
    lines.push(`  ${c.red(t(lang, 'report.notChecked', { why }))}`);
    return lines.join('\n') + '\n';
  }
  result.forms.forEach((form, k) => {
    for (const line of formReport(c, lang, form, k, options)) lines.push(line);
  });
  for (const e of result.errors) lines.push(`  ${c.magenta(t(lang, 'report.extraction'))} ${errorText(lang, e)}`);
  return lines.join('\n') + '\n';
}

/** `0 errors, 65 warnings, 2 info` (`0 个错误，65 个警告，2 个提示`), the non-zero ones coloured. */
function countsText(c: ChalkInstance, lang: Lang, counts: Record<Severity, number>): string {
  return SEVERITIES.map((s) => {
    const text = t(lang, 'report.count', { count: counts[s], severity: t(lang, `severity.${s}`) });
    return counts[s] ? paint(c, s, text) : text;
  }).join(t(lang, 'report.listSep'));
}

/** The closing line: `20 forms in 3 files: 0 errors, 65 warnings, 2 info`. */
export function formatSummary(counts: FindingCounts, options: ReportOptions = {}): string {
  const c = new Chalk({ level: options.color ?? 0 });
  const lang = options.lang ?? 'en';
  const text = t(lang, 'report.summary', { forms: counts.forms, files: counts.files, counts: countsText(c, lang, counts) });
  const unread = counts.unreadable ? c.red(t(lang, 'report.unread', { count: counts.unreadable })) : '';
  const partial = counts.partial ? c.magenta(t(lang, 'report.partial', { count: counts.partial })) : '';
  return `${text}${unread}${partial}\n`;
}

/** `--summary`: one line per file, its forms and findings by severity. */
export function formatFileLines(results: FileResult[], options: ReportOptions = {}): string {
  const lang = options.lang ?? 'en';
  const lines = results.map((r) => {
    if (!r.forms.length) {
      const why = r.errors.map((e) => errorText(lang, e)).join('; ') || t(lang, 'report.noForm');
      return t(lang, 'report.fileFailed', { file: esc(r.file), why });
    }
    const counts = countFindings([r]);
    return t(lang, 'report.fileLine', { file: esc(r.file), forms: counts.forms, counts: countsText(new Chalk({ level: 0 }), lang, counts) });
  });
  return lines.join('\n') + '\n' + formatSummary(countFindings(results), options);
}

/** The whole report: every file, a blank line between files, and the summary. */
export function formatReport(results: FileResult[], options: ReportOptions = {}): string {
  return results.map((r) => formatFileReport(r, options) + '\n').join('') + formatSummary(countFindings(results), options);
}
