// Messages between the pool (main thread) and its extraction workers.
import type { ExtractOptions } from '../extract.js';
import type { FileResult } from '../model/schema.js';

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
}

export type TaskOptions = Omit<ExtractOptions, 'name'>;

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: FileResult }
  | { type: 'failed'; id: number; failure: FailureInfo };
