// The public API of eval-extract; the CLI (src/cli/) uses nothing else.
export { extractBuffer, extractFile, type ExtractOptions } from './extract.js';
export { effectiveJobs, extractMany, renderMany, type BatchStats, type ExtractManyOptions, type ManyResult, type OnSettled, type RenderedResult } from './batch/many.js';
export { POOL_DEFAULTS as BATCH_DEFAULTS } from './batch/pool.js';
export { expandInputs, type BatchInput, type ExpandOptions, type Expanded } from './batch/inputs.js';
export * from './model/errors.js';
export * from './model/schema.js';
export { outputJsonSchema } from './model/json-schema.js';
export { holdsOneResult, isSavedResults, readSavedResults } from './batch/saved.js';
export { escapeControls, oneLine } from './text/index.js';
export { closeOcr, OCR_SETTINGS } from './read/ocr/index.js';
export { DEFAULT_SETTINGS, resolveSettings, SettingsOverridesSchema, type Settings, type SettingsOverrides } from './settings.js';
export {
  annotateForm, checkForm, recheckResult, countFindings, uncheckedRules, type Unchecked, DEFAULT_GRADE_BANDS, FAIL_ON, failsOn, fundsPrecision, gradeOf, meetsTarget,
  parseGradeBands, parseSeverityOverride, parseValue, RULES, SEVERITY_RANK, type CheckOptions, type FailOn,
  type FindingCounts, type FundsPrecision, type GradeBand,
} from './check/index.js';
export { colorLevel, formatFileReport, formatReport, formatSummary, type ColorLevel, type ReportOptions } from './report/index.js';
export { CSV_FILES, formKey, toCsvFiles, toIndicatorsCsv, writeCsv, type CsvFileName, type CsvOptions } from './write/csv.js';
export { digestOf, renderBytes, sinkFor, type OutputSink, type ResultDigest, type SinkFormat } from './write/json.js';
export { describeWriteError, removePendingTemps, removeStaleTemps, writeAtomic, writeAtomicAll, WriteError } from './write/atomic.js';
