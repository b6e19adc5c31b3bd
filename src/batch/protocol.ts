// Messages between the pool (main thread) and its extraction workers. A task's options are
// an explicit object, validated by the worker: only plain data crosses the thread boundary.
import { z } from 'zod';
import type { FailureCode, FailureInfo } from '../model/errors.js';
import { RuleIdSchema, SeveritySchema, type FileResult } from '../model/schema.js';
import { SettingsOverridesSchema } from '../settings.js';
import type { ResultDigest, SinkFormat } from '../write/json.js';

/** What a worker needs of extractFile's options (CheckOptions and settings as plain data). */
export const TaskOptionsSchema = z.strictObject({
  password: z.string().optional(),
  positions: z.boolean().optional(),
  check: z.union([
    z.literal(false),
    z.strictObject({
      gradeBands: z.array(z.strictObject({ grade: z.string(), min: z.number() })).optional(),
      severity: z.partialRecord(RuleIdSchema, z.union([SeveritySchema, z.literal('off')])).optional(),
    }),
  ]).optional(),
  settings: SettingsOverridesSchema.optional(),
  ocr: z.boolean().optional(),
});
export type TaskOptions = z.infer<typeof TaskOptionsSchema>;

export interface TaskMessage {
  type: 'task';
  id: number;
  file: string;
  /** the PDF itself (stdin); else the worker reads `file` */
  bytes?: Uint8Array;
  options: TaskOptions;
  /** reply with the result rendered as output text in this format, instead of the result */
  render?: SinkFormat;
}

/**
 * The pool's answers to a worker reading a scanned page: its turn to hold a page image, or (it is
 * not the pool's OCR worker) to stop the file and hand it back.
 */
export type OcrReply = { type: 'turn' } | { type: 'hand-back' };

/** What the pool posts to a worker. */
export type PoolMessage = TaskMessage | OcrReply;

/** A result rendered by the worker: its output text and what the main thread needs of it. */
export interface Rendered {
  digest: ResultDigest;
  text: Uint8Array;
}

export type WorkerReply =
  | { type: 'ready' }
  /** the worker's own memory (heap and the buffers outside it), in bytes: the pool's watch */
  /** ocr: the worker has read scanned pages (their images linger until its heap is next collected): it gets POOL_SETTINGS.ocrPageMb more */
  /** tid: the worker's thread in the OS (Linux), whose CPU time the pool reads */
  /** engines: tesseract engines alive in the worker's own thread */
  | { type: 'memory'; bytes: number; tid?: number; ocr?: boolean; engines?: number }
  /** the task's file is read: its size, held by the worker until the task ends */
  | { type: 'input'; id: number; bytes: number }
  /** a page of the task is done: its time limit starts again */
  | { type: 'page'; id: number; page: number }
  /** a form of the task rendered as soon as it was complete (render tasks): its bytes */
  | { type: 'part'; id: number; bytes: Uint8Array }
  | { type: 'done'; id: number; result: FileResult }
  /** the text, or with parts sent before it: what goes before them, and `tail` after them */
  | ({ type: 'rendered'; id: number; tail?: Uint8Array } & Rendered)
  | { type: 'failed'; id: number; failure: FailureInfo }
  /** the task asks for the turn to hold a page image (one a process), and gives it back */
  | { type: 'turn'; id: number }
  | { type: 'turn-done'; id: number }
  /** the task stopped when told to hand its file back: its documents closed, nothing of it to keep */
  | { type: 'handed-back'; id: number };
