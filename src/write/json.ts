// JSON and JSON Lines renderings of file results.
import type { FileResult } from '../model/schema.js';

/** One file: its object; several: an array of them. Pretty-printed for people. */
export function toJson(results: FileResult[], single: boolean): string {
  return JSON.stringify(single ? results[0] : results, null, 2) + '\n';
}

/** One file result per line. */
export function toJsonLine(result: FileResult): string {
  return JSON.stringify(result) + '\n';
}
