// The public API of eval-extract; the CLI uses nothing else.
export { extractBuffer, extractFile, ExtractFailure, type ExtractOptions } from './extract.js';
export { extractMany, type ExtractManyOptions, type ManyResult } from './batch/many.js';
export { expandInputs, type BatchInput, type ExpandOptions, type Expanded } from './batch/inputs.js';
export type { FailureCode, FailureInfo } from './batch/protocol.js';
export * from './model/schema.js';
export {
  annotateForm, checkForm, countFindings, filterSeverity, findingMessage, DEFAULT_GRADE_BANDS, FAIL_ON, failsOn, fundsPrecision, gradeOf, meetsTarget,
  parseGradeBands, parseSeverityOverride, parseValue, RULES, SEVERITY_RANK, type CheckOptions, type FailOn,
  type FindingCounts, type FundsPrecision, type GradeBand,
} from './check/index.js';
export { colorLevel, formatFileReport, formatReport, formatSummary, type ColorLevel, type ReportOptions } from './report/index.js';
export { CSV_FILES, formKey, toCsvFiles, toIndicatorsCsv, writeCsv, type CsvFileName, type CsvOptions } from './write/csv.js';
export { langFromEnv, LANGS, t, type Lang, type MessageKey } from './i18n/index.js';
