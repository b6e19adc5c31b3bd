// The data model, declared once. Every TypeScript type of a form is inferred from here, and
// every form is validated against these schemas before it leaves the library. Fields added
// after the first release have defaults, so that forms stored by older versions still parse.
import { z } from 'zod';
import { FailureCodeSchema } from './errors.js';

const num = z.number().finite().nullable();

export const FundsRowSchema = z.object({
  initialBudget: num,
  annualBudget: num,
  executed: num,
  weight: num,
  executionRate: num,
  score: num,
});

export const FUNDS_ROW_KEYS = ['total', 'currentYearAppropriation', 'carryover', 'other'] as const;
export const FUNDS_COLUMN_KEYS = FundsRowSchema.keyof().options;

/**
 * Decimals each 项目资金 cell was printed with (`99.40` → 2), where the text was a number: the
 * check needs them (a printed 执行率 is rounded to them) and numbers alone lose them.
 */
export const FundsDecimalsSchema = z.partialRecord(
  z.enum(FUNDS_ROW_KEYS),
  z.partialRecord(FundsRowSchema.keyof(), z.number().int().nonnegative()),
);

/**
 * A funds row as printed: its label (without an amount printed inside it, which is `amount`:
 * `其中：一般公共预算：1325.68` → label `其中：一般公共预算`, amount 1325.68) and its columns.
 */
export const PrintedFundsRowSchema = z.object({
  label: z.string().min(1),
  amount: num,
  ...FundsRowSchema.shape,
});

export const FundsSchema = z.object({
  unit: z.string(),
  total: FundsRowSchema,
  currentYearAppropriation: FundsRowSchema,
  carryover: FundsRowSchema,
  other: FundsRowSchema,
  decimals: FundsDecimalsSchema.optional(),
  /** every printed funds row, in print order (side-by-side breakdowns left then right) */
  rows: z.array(PrintedFundsRowSchema).default([]),
});

/** The family member a form belongs to: 项目支出 (any region), 转移支付/专项资金, 部门整体支出. */
export const FormKindSchema = z.enum(['project', 'transfer', 'department']);

/** A labelled free-text row no other field holds (评价结论, 说明, 注, 项目负责人 …). */
export const NoteSchema = z.object({
  label: z.string(),
  text: z.string(),
});

export const GoalsSchema = z.object({
  expected: z.string(),
  actual: z.string(),
});

/** A quantitative target or actual value such as `≥90.00(%)`; null for qualitative text. */
/** `[x0, top, x1, bottom]` on a page, in PDF points, top-left origin. */
export const BBoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** A cell's place: its page and its box. */
export const CellPositionSchema = z.object({
  page: z.number().int().positive(),
  bbox: BBoxSchema,
});

export const ParsedValueSchema = z.object({
  operator: z.enum(['=', '≥', '≤', '>', '<']).nullable(),
  value: z.number().finite(),
  unit: z.string(),
});

export const IndicatorSchema = z.object({
  level1: z.string().min(1),
  level2: z.string().min(1),
  level3: z.string().min(1),
  target: z.string(),
  actual: z.string(),
  weight: num,
  score: num,
  deviation: z.string(),
  /** 指标性质 (=, ≥, 定量 …) as printed; null where the template has no such column */
  nature: z.string().nullable().default(null),
  /** 度量单位 / 计量单位 as printed; null where the template has no such column */
  unit: z.string().nullable().default(null),
  targetParsed: ParsedValueSchema.nullable().optional(),
  actualParsed: ParsedValueSchema.nullable().optional(),
  /** the page of the indicator's first line, and its 1-based position in the form's indicator table */
  page: z.number().int().positive().optional(),
  row: z.number().int().positive().optional(),
  /** where each cell the parser read is printed (`--positions`) */
  cells: z.record(z.string(), CellPositionSchema).optional(),
});

export const SeveritySchema = z.enum(['error', 'warning', 'info']);

/** The consistency rules of src/check, in the order they run (errors, warnings, info). */
export const RuleIdSchema = z.enum([
  'total-score-sum', 'total-weight-sum', 'score-range', 'execution-rate', 'funds-score', 'funds-rows-sum', 'grade-band',
  'deduction-without-reason', 'unmet-full-score', 'unit-mismatch', 'over-execution', 'low-execution-rate', 'low-ocr-confidence',
  'all-full-marks', 'score-outpaces-spending',
]);

export const FindingSchema = z.object({
  rule: RuleIdSchema,
  severity: SeveritySchema,
  message: z.string(),
  indicator: z.number().int().nonnegative().optional(),
  expected: z.union([z.number(), z.string()]).optional(),
  actual: z.union([z.number(), z.string()]).optional(),
  /** the page to look at, and the indicator's row (1-based) for indicator findings */
  page: z.number().int().positive().optional(),
  row: z.number().int().positive().optional(),
  /** where on the page to look, when no indicator's row says it (OCR's unread ink) */
  bbox: BBoxSchema.optional(),
  /** the message's parts (preformatted numbers, labels), from which it is rendered in any language */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** the catalogue key of the message when a rule has several (`score-range.over`) */
  variant: z.string().optional(),
});

/**
 * How sure the OCR reader is of a form read (in part) from page images: the confidence (0–100,
 * tesseract's, the lowest character of the cell) of each value, keyed by its path in the form
 * (`projectName`, `funds.total.executed`, `indicators.3.score`, …). Values under `threshold`
 * are listed as low-ocr-confidence findings.
 */
export const OcrInfoSchema = z.object({
  /** the form's pages read by OCR */
  pages: z.array(z.number().int().positive()),
  threshold: z.number(),
  /** the lowest confidence of any value */
  confidence: z.number(),
  fields: z.record(z.string(), z.number()),
  /** text OCR read on the form's pages, under the threshold, that went into no value (a value lost?) */
  unplaced: z.array(z.object({ page: z.number().int().positive(), text: z.string(), confidence: z.number(), bbox: BBoxSchema.optional() })),
});

export const FormSchema = z.object({
  kind: FormKindSchema.default('project'),
  title: z.string().min(1),
  year: z.number().int().min(1990).max(2100).nullable(),
  /** null on department-wide forms */
  projectName: z.string().nullable(),
  department: z.string(),
  /** null on department-wide forms */
  implementingUnit: z.string().nullable(),
  pages: z.array(z.number().int().positive()).min(1),
  funds: FundsSchema,
  goals: GoalsSchema,
  indicators: z.array(IndicatorSchema),
  totalWeight: num,
  totalScore: num,
  grade: z.string().nullable(),
  notes: z.array(NoteSchema).default([]),
  findings: z.array(FindingSchema).optional(),
  /** present when some of the form was read by OCR */
  ocr: OcrInfoSchema.optional(),
});

export const ExtractErrorSchema = z.object({
  page: z.number().int().positive().optional(),
  message: z.string(),
  /** what kind of error (src/model/errors.ts), for scripts to branch on */
  code: FailureCodeSchema,
});

export const FileResultSchema = z.object({
  file: z.string(),
  pageCount: z.number().int().nonnegative(),
  forms: z.array(FormSchema),
  errors: z.array(ExtractErrorSchema),
  /** the pages read by OCR (no usable text layer, or --ocr), when there are any */
  ocrPages: z.array(z.number().int().positive()).optional(),
});

export type FundsRow = z.infer<typeof FundsRowSchema>;
export type PrintedFundsRow = z.infer<typeof PrintedFundsRowSchema>;
export type FormKind = z.infer<typeof FormKindSchema>;
export type Note = z.infer<typeof NoteSchema>;
export type Funds = z.infer<typeof FundsSchema>;
export type FundsDecimals = z.infer<typeof FundsDecimalsSchema>;
export type Goals = z.infer<typeof GoalsSchema>;
export type CellPosition = z.infer<typeof CellPositionSchema>;
export type ParsedValue = z.infer<typeof ParsedValueSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type RuleId = z.infer<typeof RuleIdSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type Form = z.infer<typeof FormSchema>;
export type OcrInfo = z.infer<typeof OcrInfoSchema>;
export type ExtractError = z.infer<typeof ExtractErrorSchema>;
export type FileResult = z.infer<typeof FileResultSchema>;
export type FundsRowKey = (typeof FUNDS_ROW_KEYS)[number];
export type FundsColumnKey = keyof FundsRow;
