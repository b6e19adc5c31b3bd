// Messages between the pool (main thread) and its extraction workers.
import type { ExtractOptions } from '../extract.js';
import type { FileResult } from '../model/schema.js';
import type { ResultDigest, SinkFormat } from './sink.js';

/** Why a file could not be extracted: the fields of ExtractFailure, as plain data. */
export interface FailureInfo {
  file: string;
  page?: number;
  reason: string;
  /** what kind of failure (ExtractFailure codes, plus the pool's own: timeout, memory, crash) */
  code: FailureCode;
}

export type FailureCode =
  | 'not-pdf' | 'password' | 'corrupt' | 'no-text' | 'no-form' | 'timeout' | 'memory' | 'crash' | 'input';

export interface TaskMessage {
  type: 'task';
  id: number;
  file: string;
  /** extractFile's options (plain data: they cross a thread boundary) */
  options: TaskOptions;
  /** reply with the result rendered as output text in this format, instead of the result */
  render?: SinkFormat;
}

export type TaskOptions = Omit<ExtractOptions, 'name'>;

/** A result rendered by the worker: its output text and what the main thread needs of it. */
export interface Rendered {
  digest: ResultDigest;
  text: Uint8Array;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: FileResult }
  | ({ type: 'rendered'; id: number } & Rendered)
  | { type: 'failed'; id: number; failure: FailureInfo };
