// Everything written once every result is in: --format text (the check report, or one line per
// file with --summary), csv (indicators to stdout or FILE.csv, the tables to a folder), xlsx
// (the workbook) and html (the visual report); findings below --min-severity left out.
import { fstatSync } from 'node:fs';
import {
  colorLevel, filterSeverity, megabytes, formatFileLines, formatReport, t, toIndicatorsCsv, writeAtomic, writeCsv, writeHtml, writeXlsx,
  type FileResult,
} from '../index.js';
import type { MainOptions } from './options.js';

/** Is stdout redirected to a regular file (`> indicators.csv`), not a pipe or a terminal? */
function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

export async function emitReport(all: FileResult[], opts: MainOptions): Promise<void> {
  const results = filterSeverity(all, opts.minSeverity);
  const lang = opts.lang;
  let text: string;
  if (opts.format === 'xlsx') {
    await writeXlsx(opts.output!, results, { lang });
    return;
  }
  if (opts.format === 'html') {
    const { bytes, unpictured } = await writeHtml(opts.output!, results, { lang, password: opts.password });
    for (const u of unpictured) process.stderr.write(`eval-extract: ${u.file}: ${t(lang, 'cli.noPictures', { reason: u.reason })}\n`);
    if (!opts.quiet) process.stderr.write(`eval-extract: ${t(lang, 'cli.wrote', { path: opts.output!, mb: megabytes(bytes) })}\n`);
    return;
  }
  if (opts.format === 'csv') {
    const csv = { escapeFormulas: opts.escapeFormulas, lang };
    if (opts.output) {
      await writeCsv(opts.output, results, { ...csv, bom: opts.bom });
      return;
    }
    // a BOM when stdout is a file, so that Excel reads it as UTF-8; never into a pipe
    text = toIndicatorsCsv(results, { ...csv, bom: opts.bom && stdoutIsFile() });
  } else {
    const report = { color: opts.output || !opts.color ? 0 : colorLevel(process.stdout), lang } as const;
    text = opts.summary ? formatFileLines(results, report) : formatReport(results, report);
  }
  if (opts.output) await writeAtomic(opts.output, [text]);
  else process.stdout.write(text);
}
