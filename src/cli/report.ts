// --format text (the check report) or csv (indicators to stdout or FILE.csv, three tables to a
// folder): written once every result is in.
import { colorLevel, formatReport, toIndicatorsCsv, writeAtomic, writeCsv, type FileResult } from '../index.js';
import type { MainOptions } from './options.js';

export async function emitReport(results: FileResult[], opts: MainOptions): Promise<void> {
  let text: string;
  if (opts.format === 'csv') {
    if (opts.output) {
      await writeCsv(opts.output, results, { bom: opts.bom, escapeFormulas: opts.escapeFormulas });
      return;
    }
    text = toIndicatorsCsv(results, { escapeFormulas: opts.escapeFormulas });
  } else text = formatReport(results, { color: opts.output || !opts.color ? 0 : colorLevel(process.stdout) });
  if (opts.output) await writeAtomic(opts.output, [text]);
  else process.stdout.write(text);
}
