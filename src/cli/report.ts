// --format text (the check report) or csv (indicators to stdout or FILE.csv, the tables to a
// folder): written once every result is in.
import { fstatSync } from 'node:fs';
import { colorLevel, formatReport, toIndicatorsCsv, writeAtomic, writeCsv, type FileResult } from '../index.js';
import type { MainOptions } from './options.js';

/** Is stdout redirected to a regular file (`> indicators.csv`), not a pipe or a terminal? */
function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

export async function emitReport(results: FileResult[], opts: MainOptions): Promise<void> {
  let text: string;
  if (opts.format === 'csv') {
    const csv = { escapeFormulas: opts.escapeFormulas, lang: opts.lang };
    if (opts.output) {
      await writeCsv(opts.output, results, { ...csv, bom: opts.bom });
      return;
    }
    // a BOM when stdout is a file, so that Excel reads it as UTF-8; never into a pipe
    text = toIndicatorsCsv(results, { ...csv, bom: opts.bom && stdoutIsFile() });
  } else text = formatReport(results, { color: opts.output || !opts.color ? 0 : colorLevel(process.stdout), lang: opts.lang });
  if (opts.output) await writeAtomic(opts.output, [text]);
  else process.stdout.write(text);
}
