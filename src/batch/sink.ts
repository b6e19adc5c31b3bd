// Streaming renderings of a batch's results: each result becomes text as soon as it is ready,
// so no output format holds the whole batch in memory. Byte-for-byte the same as rendering
// the whole list at once with JSON.stringify.
import type { FileResult } from '../model/schema.js';

export interface OutputSink {
  /** text before the first result */
  begin(): string;
  /** the text of one result (index: its position in the output) */
  item(result: FileResult, index: number): string;
  /** text after the last result (count: how many there were) */
  end(count: number): string;
}

/** JSON Lines: one result per line. */
export const jsonlSink = (): OutputSink => ({
  begin: () => '',
  item: (r) => JSON.stringify(r) + '\n',
  end: () => '',
});

/**
 * Pretty JSON: one file's result as an object (`single`), else an array of them, printed as
 * JSON.stringify(results, null, 2) would.
 */
export const jsonSink = (single: boolean): OutputSink =>
  single
    ? { begin: () => '', item: (r, k) => (k === 0 ? JSON.stringify(r, null, 2) + '\n' : ''), end: (n) => (n ? '' : 'null\n') }
    : {
        begin: () => '',
        item: (r, k) => `${k === 0 ? '[\n' : ',\n'}  ${JSON.stringify(r, null, 2).replace(/\n/g, '\n  ')}`,
        end: (n) => (n ? '\n]\n' : '[]\n'),
      };
