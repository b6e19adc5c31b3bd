// The output formats of the command, declared once: their names (--format), the file
// extensions that name them (-o FILE.ext picks the format) and how they are written.
// A new format is one more entry here and its writer in report.ts.

export interface OutputFormat {
  /** file extensions that name this format, lower case with the dot; the first is its own */
  extensions: readonly string[];
  /** written result by result as files finish (json, jsonl), or once every result is in */
  streams: boolean;
  /** -o may name a folder (csv: its tables in it) */
  folder?: boolean;
  /** written to a file only, never to stdout (a workbook, a report with pictures) */
  fileOnly?: boolean;
}

export const FORMATS = {
  json: { extensions: ['.json'], streams: true },
  jsonl: { extensions: ['.jsonl', '.ndjson'], streams: true },
  text: { extensions: ['.txt'], streams: false },
  csv: { extensions: ['.csv'], streams: false, folder: true },
  xlsx: { extensions: ['.xlsx'], streams: false, fileOnly: true },
  html: { extensions: ['.html', '.htm'], streams: false, fileOnly: true },
} as const satisfies Record<string, OutputFormat>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
const spec = (f: FormatName): OutputFormat => FORMATS[f];

/**
 * Extensions of files that are never an output of ours (an input PDF, another program's
 * document): `-o result.xls` is a mistake, not a file name.
 */
const FOREIGN_EXTENSIONS = new Set(['.pdf', '.xls', '.ods', '.doc', '.docx', '.xml', '.zip']);

/** The format a file name's extension names, if any. */
export function formatOfExtension(ext: string): FormatName | undefined {
  const e = ext.toLowerCase();
  return FORMAT_NAMES.find((f) => spec(f).extensions.includes(e));
}

/** Does this extension name some kind of file (ours or another program's)? */
export const isKnownExtension = (ext: string): boolean => !!formatOfExtension(ext) || FOREIGN_EXTENSIONS.has(ext.toLowerCase());

/** Every extension that picks a format, for messages. */
export const allExtensions = (): string[] => FORMAT_NAMES.flatMap((f) => spec(f).extensions);

export const streams = (f: FormatName): boolean => spec(f).streams;
export const takesFolder = (f: FormatName): boolean => !!spec(f).folder;
export const fileOnly = (f: FormatName): boolean => !!spec(f).fileOnly;
