// The output formats of the command, declared once: their names (--format), the file
// extensions that name them (-o FILE.ext picks the format) and how they are written.
// A new format (xlsx, html) is one more entry here and its writer in report.ts.

export interface OutputFormat {
  /** file extensions that name this format, lower case with the dot; the first is its own */
  extensions: readonly string[];
  /** written result by result as files finish (json, jsonl), or once every result is in */
  streams: boolean;
  /** -o may name a folder (csv: forms.csv, indicators.csv and findings.csv in it) */
  folder?: boolean;
}

export const FORMATS = {
  json: { extensions: ['.json'], streams: true },
  jsonl: { extensions: ['.jsonl', '.ndjson'], streams: true },
  text: { extensions: ['.txt'], streams: false },
  csv: { extensions: ['.csv'], streams: false, folder: true },
} as const satisfies Record<string, OutputFormat>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/**
 * Extensions of files that are never an output of ours (an input PDF, another program's
 * document): `-o result.xlsx` with another format is a mistake, not a file name.
 */
const FOREIGN_EXTENSIONS = new Set(['.pdf', '.xlsx', '.xls', '.ods', '.html', '.htm', '.doc', '.docx', '.xml', '.zip']);

/** The format a file name's extension names, if any. */
export function formatOfExtension(ext: string): FormatName | undefined {
  const e = ext.toLowerCase();
  return FORMAT_NAMES.find((f) => (FORMATS[f].extensions as readonly string[]).includes(e));
}

/** Does this extension name some kind of file (ours or another program's)? */
export const isKnownExtension = (ext: string): boolean => !!formatOfExtension(ext) || FOREIGN_EXTENSIONS.has(ext.toLowerCase());

/** `.json, .jsonl, .ndjson, .txt or .csv`: the extensions that pick a format, for messages. */
export const extensionList = (): string => {
  const all = FORMAT_NAMES.flatMap((f) => FORMATS[f].extensions);
  return `${all.slice(0, -1).join(', ')} or ${all.at(-1)}`;
};
