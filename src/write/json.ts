// Streaming renderings of a batch's results: each result becomes text as soon as it is ready,
// so no output format holds the whole batch in memory. Byte-for-byte the same as rendering
// the whole list at once with JSON.stringify. A result's own text does not depend on its
// position, so the worker that extracted it renders it: the main thread only writes bytes.
import { countFindings, type FindingCounts } from '../check/index.js';
import type { FileResult } from '../model/schema.js';

/** jsonl, json (an array), or json-single (one file's result as an object). */
export type SinkFormat = 'jsonl' | 'json' | 'json-single';

export interface OutputSink {
  /** text before the first result */
  begin(): string;
  /** one result's own text, the same wherever it goes in the output */
  render(result: FileResult): string;
  /** what separates the index-th result from the one before */
  before(index: number): string;
  /** text after the last result (count: how many there were) */
  end(count: number): string;
}

const SINKS: Record<SinkFormat, OutputSink> = {
  // JSON Lines: one result per line.
  jsonl: { begin: () => '', render: (r) => JSON.stringify(r) + '\n', before: () => '', end: () => '' },
  // Pretty JSON, as JSON.stringify(results, null, 2) would print the array.
  json: {
    begin: () => '',
    render: (r) => `  ${JSON.stringify(r, null, 2).replace(/\n/g, '\n  ')}`,
    before: (k) => (k === 0 ? '[\n' : ',\n'),
    end: (n) => (n ? '\n]\n' : '[]\n'),
  },
  // One file: its result as an object.
  'json-single': { begin: () => '', render: (r) => JSON.stringify(r, null, 2) + '\n', before: () => '', end: (n) => (n ? '' : 'null\n') },
};

export const sinkFor = (format: SinkFormat): OutputSink => SINKS[format];

/** What the main thread needs to know of a result it only writes out. */
export interface ResultDigest {
  file: string;
  pageCount: number;
  errors: FileResult['errors'];
  counts: FindingCounts;
}

export const digestOf = (r: FileResult): ResultDigest => ({
  file: r.file,
  pageCount: r.pageCount,
  errors: r.errors,
  counts: countFindings([r]),
});

const utf8 = new TextEncoder();

/** A result as the bytes of its output text (its own buffer: it can be transferred). */
export const renderBytes = (format: SinkFormat, r: FileResult): Uint8Array => utf8.encode(sinkFor(format).render(r));
