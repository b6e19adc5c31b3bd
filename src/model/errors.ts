// Every way a file can fail, declared once: the codes travel in the thread protocol, the API
// (ExtractFailure.code, ManyResult.failure.code) and the JSON output (errors[].code).
import { z } from 'zod';
import { oneLine } from '../text/index.js';

/** The failure codes, each with the one situation it stands for. */
export const FAILURE_CODES = {
  input: 'the path cannot be opened (missing, a folder, no permission) or names no file',
  'not-pdf': 'the file is not a PDF (empty, no %PDF- header)',
  password: 'the PDF is encrypted and the password is missing or wrong',
  corrupt: 'pdfjs cannot parse the PDF or one of its pages',
  'no-text': 'no decodable text layer (a scan, or fonts without a usable encoding)',
  'no-form': 'text, but no 绩效自评表 form in it',
  form: 'a form, a section or a field could not be read with certainty',
  timeout: 'the file took longer than the time limit',
  memory: 'the file needed more memory than the worker limit',
  crash: 'the extraction worker died or could not start',
  stopped: 'the batch was stopped before the file was done',
  'not-results': 'a saved results file to check again (.json, .jsonl) that is not eval-extract output',
  internal: 'a bug in eval-extract itself',
} as const;

export const FailureCodeSchema = z.enum(Object.keys(FAILURE_CODES) as [keyof typeof FAILURE_CODES, ...(keyof typeof FAILURE_CODES)[]]);
export type FailureCode = z.infer<typeof FailureCodeSchema>;

/** Why a file could not be extracted, as plain data (it crosses threads). */
export const FailureInfoSchema = z.object({
  file: z.string(),
  page: z.number().int().positive().optional(),
  reason: z.string(),
  code: FailureCodeSchema,
});
export type FailureInfo = z.infer<typeof FailureInfoSchema>;

/** A failure inside a stage, before the file's name is attached: one line, the page when known. */
export class ReadError extends Error {
  override name = 'ReadError';
  constructor(message: string, readonly page?: number, readonly code: FailureCode = 'corrupt') {
    super(message);
  }
}

/** A file that could not be read or holds no form: its one-line error. */
export class ExtractFailure extends Error {
  override name = 'ExtractFailure';
  constructor(readonly file: string, readonly page: number | undefined, readonly reason: string, readonly code: FailureCode) {
    super(`${file}${page ? `: page ${page}` : ''}: ${reason}`);
  }

  get info(): FailureInfo {
    return { file: this.file, ...(this.page ? { page: this.page } : {}), reason: this.reason, code: this.code };
  }
}

/** A list of inputs that cannot be read (--files-from): the caller's mistake, not a file's. */
export class InputListError extends Error {
  override name = 'InputListError';
}

/** An error of our own code, never blamed on the PDF. */
export const internalReason = (err: unknown): string =>
  `internal error (a bug in eval-extract; please report it with the file): ${oneLine(err)}`;

/** Any error thrown while extracting `file`, as a failure: unknown errors are our bugs. */
export function failureOf(err: unknown, file: string): FailureInfo {
  if (err instanceof ExtractFailure) return err.info;
  if (err instanceof ReadError) return { file, ...(err.page ? { page: err.page } : {}), reason: err.message, code: err.code };
  return { file, reason: internalReason(err), code: 'internal' };
}
