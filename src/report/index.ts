// The human check report: per file and form, 项目名称 and pages, then its findings grouped by
// severity; a one-line summary at the end. Colour is the caller's choice (see colorLevel).
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import { countFindings, SEVERITIES, uncheckedRules, type CheckOptions, type FindingCounts } from '../check/index.js';
import type { FileResult, Form, Severity } from '../model/schema.js';
import { escapeControls as esc } from '../text/index.js';

export type ColorLevel = 0 | 1 | 2 | 3;

export interface ReportOptions {
  /** 0 for plain text (the default), 1–3 for ANSI colours */
  color?: ColorLevel;
  /** the check's options: a rule turned off is not listed as not checked */
  check?: Pick<CheckOptions, 'severity'>;
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

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
const PLURAL: Record<Severity, string> = { error: 'errors', warning: 'warnings', info: 'info' };

function paint(c: ChalkInstance, severity: Severity, s: string): string {
  return severity === 'error' ? c.red(s) : severity === 'warning' ? c.yellow(s) : c.cyan(s);
}

/** `1–2`, `9`, `3–4, 7`: pages as ranges. */
function pageRanges(pages: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j] + 1) j++;
    out.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j;
  }
  return out.join(', ');
}

function formReport(c: ChalkInstance, form: Form, k: number, options: ReportOptions): string[] {
  const pages = `${form.pages.length > 1 ? 'pages' : 'page'} ${pageRanges(form.pages)}`;
  const lines = [`  ${k + 1}. ${c.bold(esc(form.projectName) || '(no 项目名称)')}  ${c.dim(pages)}`];
  const findings = form.findings ?? [];
  // a rule that could not run is not a rule that found nothing
  const unchecked = uncheckedRules(form, options.check);
  if (unchecked.length) {
    const missing = [...new Set(unchecked.map((u) => u.missing))].join(', ');
    lines.push(`     ${c.magenta(`? not checked, ${missing} not read: ${unchecked.map((u) => u.rule).join(', ')}`)}`);
  }
  if (!findings.length) {
    if (!unchecked.length) lines.push(`     ${c.green('✓ no findings')}`);
    return lines;
  }
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    lines.push(`     ${paint(c, severity, `${group.length} ${group.length === 1 ? LABEL[severity] : PLURAL[severity]}`)}`);
    for (const f of group) lines.push(`       ${paint(c, severity, '•')} ${esc(f.message)}  ${c.dim(f.rule)}`);
  }
  return lines;
}

/** One file's part of the report, ending with a newline. */
export function formatFileReport(result: FileResult, options: ReportOptions = {}): string {
  const c = new Chalk({ level: options.color ?? 0 });
  // text from the PDF and file names with their control characters escaped: nothing raw on a terminal
  const lines = [c.bold.underline(esc(result.file))];
  if (!result.forms.length) {
    const why = result.errors.map((e) => `${e.page ? `page ${e.page}: ` : ''}${esc(e.message)}`).join('; ') || 'no form';
    lines.push(`  ${c.red(`✗ not checked: ${why}`)}`);
    return lines.join('\n') + '\n';
  }
  result.forms.forEach((form, k) => {
    for (const line of formReport(c, form, k, options)) lines.push(line);
  });
  for (const e of result.errors) lines.push(`  ${c.magenta('! extraction')} ${e.page ? `page ${e.page}: ` : ''}${esc(e.message)}`);
  return lines.join('\n') + '\n';
}

/** The closing line: `20 forms in 3 files: 0 errors, 65 warnings, 2 info`. */
export function formatSummary(counts: FindingCounts, options: ReportOptions = {}): string {
  const c = new Chalk({ level: options.color ?? 0 });
  const n = (x: number, one: string, many: string) => `${x} ${x === 1 ? one : many}`;
  const parts = SEVERITIES.map((s) => {
    const text = n(counts[s], LABEL[s], PLURAL[s]);
    return counts[s] ? paint(c, s, text) : text;
  });
  const unread = counts.unreadable ? `; ${c.red(`${n(counts.unreadable, 'file', 'files')} not checked`)}` : '';
  const partial = counts.partial ? `; ${c.magenta(`${n(counts.partial, 'form', 'forms')} not fully checked`)}` : '';
  return `${n(counts.forms, 'form', 'forms')} in ${n(counts.files, 'file', 'files')}: ${parts.join(', ')}${unread}${partial}\n`;
}

/** The whole report: every file, a blank line between files, and the summary. */
export function formatReport(results: FileResult[], options: ReportOptions = {}): string {
  return results.map((r) => formatFileReport(r, options) + '\n').join('') + formatSummary(countFindings(results), options);
}
