// --format text (the check report) or csv (indicators to stdout or FILE.csv, three tables to a
// folder): written once every result is in.
import { colorLevel, formatReport, toIndicatorsCsv, writeAtomic, writeCsv, type FileResult } from '../index.js';
import type { MainOptions } from './options.js';
import type { OutputPlan } from './output.js';
import type { StreamWriter } from './session.js';

export async function emitReport(results: FileResult[], plan: OutputPlan, opts: MainOptions, stdout: StreamWriter): Promise<void> {
  const t = plan.target;
  let text: string;
  if (plan.format === 'csv') {
    if (t.kind === 'file' || t.kind === 'folder') {
      await writeCsv(t.path, results, { bom: opts.bom, escapeFormulas: opts.escapeFormulas });
      return;
    }
    text = toIndicatorsCsv(results, { escapeFormulas: opts.escapeFormulas });
  } else text = formatReport(results, { color: t.kind !== 'stdout' || !opts.color ? 0 : colorLevel(process.stdout), check: { severity: opts.severity } });
  if (t.kind === 'file') await writeAtomic(t.path, [text]);
  else await stdout.write(text);
}
