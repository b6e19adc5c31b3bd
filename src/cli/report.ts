// Everything written once every result is in: --format text (the check report, or one line per
// file with --summary), csv (indicators to stdout or FILE.csv, the tables to a folder), xlsx
// (the workbook) and html (the visual report); findings below --min-severity left out.
import { fstatSync } from 'node:fs';
import {
  colorLevel, escapeControls, filterSeverity, formatFileLines, formatReport, oneLine, t, toIndicatorsCsv, writeAtomic, writeCsv, writeHtml, writeXlsx,
  type FileResult,
} from '../index.js';
import type { MainOptions } from './options.js';
import type { OutputPlan } from './output.js';
import type { StreamWriter } from './session.js';

/** Is stdout redirected to a regular file (`> indicators.csv`), not a pipe or a terminal? */
function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

/** Write the report; resolves with the size of a report worth telling (html), in bytes. */
export async function emitReport(all: FileResult[], plan: OutputPlan, opts: MainOptions, stdout: StreamWriter): Promise<{ bytes?: number }> {
  const results = filterSeverity(all, opts.minSeverity);
  const { lang } = opts;
  const target = plan.target;
  // xlsx and html: planOutput gave them a file
  const file = target.kind === 'file' ? target.path : '';
  let text: string;
  if (plan.format === 'xlsx') {
    await writeXlsx(file, results, { lang });
    return {};
  }
  if (plan.format === 'html') {
    const { bytes, unpictured } = await writeHtml(file, results, { lang, password: opts.password });
    for (const u of unpictured) process.stderr.write(`eval-extract: ${escapeControls(u.file)}: ${t(lang, 'cli.noPictures', { reason: oneLine(u.reason) })}\n`);
    return { bytes };
  }
  if (plan.format === 'csv') {
    const csv = { escapeFormulas: opts.escapeFormulas, lang };
    if (target.kind === 'file' || target.kind === 'folder') {
      await writeCsv(target.path, results, { ...csv, bom: opts.bom });
      return {};
    }
    // a BOM when stdout is a file, so that Excel reads it as UTF-8; never into a pipe
    text = toIndicatorsCsv(results, { ...csv, bom: opts.bom && stdoutIsFile() });
  } else {
    const report = { color: target.kind !== 'stdout' || !opts.color ? 0 : colorLevel(process.stdout), lang, check: { severity: opts.severity } } as const;
    text = opts.summary ? formatFileLines(results, report) : formatReport(results, report);
  }
  if (target.kind === 'file') await writeAtomic(target.path, [text]);
  else await stdout.write(text);
  return {};
}
