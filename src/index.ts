// The public API of eval-extract; the CLI (src/cli/) uses nothing else.
export { extractBuffer, extractFile, type ExtractOptions } from './extract.js';
export { effectiveJobs, extractMany, renderMany, type BatchStats, type ExtractManyOptions, type ManyResult, type OnSettled, type RenderedResult } from './batch/many.js';
export { POOL_DEFAULTS as BATCH_DEFAULTS } from './batch/settings.js';
export { expandInputs, type BatchInput, type ExpandOptions, type Expanded } from './batch/inputs.js';
export * from './model/errors.js';
export * from './model/schema.js';
export { outputJsonSchema } from './model/json-schema.js';
export { holdsOneResult, isSavedResults, readSavedResults } from './batch/saved.js';
export { displayWidth, escapeControls, oneLine } from './text/index.js';
export { closeOcr, OCR_SETTINGS } from './read/ocr/index.js';
export { DEFAULT_SETTINGS, resolveSettings, SettingsOverridesSchema, type Settings, type SettingsOverrides } from './settings.js';
export {
  annotateForm, checkForm, recheckResult, countFindings, uncheckedRules, type Unchecked, filterSeverity, findingMessage, DEFAULT_GRADE_BANDS, FAIL_ON, failsOn, fundsPrecision, gradeOf, meetsTarget,
  parseGradeBands, parseSeverityOverride, parseValue, RULES, SEVERITY_RANK, type CheckOptions, type FailOn,
  type FindingCounts, type FundsPrecision, type GradeBand,
} from './check/index.js';
export { colorLevel, formatFileLines, formatFileReport, formatReport, formatSummary, type ColorLevel, type ReportOptions } from './report/index.js';
export { CSV_FILES, formKey, toCsvFiles, toIndicatorsCsv, writeCsv, type CsvFileName, type CsvOptions } from './write/csv.js';
export { langFromEnv, LANGS, megabytes, reasonText, t, translator, type Lang, type MessageKey, type Translate } from './i18n/index.js';
export { digestOf, renderBytes, sinkFor, type OutputSink, type ResultDigest, type SinkFormat } from './write/json.js';
export { describeWriteError, removePendingTemps, removeStaleTemps, writeAtomic, writeAtomicAll, WriteError, writeErrorText } from './write/atomic.js';

// The workbook and the visual report: their modules (exceljs, canvas) are loaded on first use.
type XlsxModule = typeof import('./write/xlsx.js');
type HtmlModule = typeof import('./write/html/index.js');
export type { XlsxOptions } from './write/xlsx.js';
export type { HtmlOptions } from './write/html/index.js';
/** The Excel workbook of `results`, written to `target` whole or not at all. */
export const writeXlsx = async (...args: Parameters<XlsxModule['writeXlsx']>) => (await import('./write/xlsx.js')).writeXlsx(...args);
/** The visual report of `results` (pages drawn from the PDFs), written to `target`; resolves to its size in bytes. */
export const writeHtml = async (...args: Parameters<HtmlModule['writeHtml']>) => (await import('./write/html/index.js')).writeHtml(...args);
