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

/**
 * A result's text in pieces, its forms one by one: the text of a 10,000-form report never
 * exists as one string. The pieces joined are JSON.stringify(r) (or its pretty form, every
 * line after the first indented by `pad`).
 */
function pieces(r: FileResult, pretty: boolean, pad = ''): string[] {
  const indent = (s: string) => (pad ? s.replace(/\n/g, '\n' + pad) : s);
  // inside a JSON string a quote is always escaped: the only raw `"forms":[]` is the key
  const shell = JSON.stringify({ ...r, forms: [] }, null, pretty ? 2 : undefined);
  if (!r.forms.length) return [indent(shell)];
  const key = pretty ? '"forms": [' : '"forms":[';
  const at = shell.indexOf(key) + key.length;
  const out = [indent(shell.slice(0, at))];
  r.forms.forEach((f, k) => {
    const text = pretty ? `${k ? ',' : ''}\n    ${JSON.stringify(f, null, 2).replace(/\n/g, '\n    ')}` : `${k ? ',' : ''}${JSON.stringify(f)}`;
    out.push(indent(text));
  });
  out.push(indent((pretty ? '\n  ' : '') + shell.slice(at)));
  return out;
}

const SINKS: Record<SinkFormat, OutputSink & { pieces(r: FileResult): string[] }> = {
  // JSON Lines: one result per line.
  jsonl: { begin: () => '', pieces: (r) => [...pieces(r, false), '\n'], render: (r) => pieces(r, false).join('') + '\n', before: () => '', end: () => '' },
  // Pretty JSON, as JSON.stringify(results, null, 2) would print the array.
  json: {
    begin: () => '',
    pieces: (r) => ['  ', ...pieces(r, true, '  ')],
    render: (r) => `  ${pieces(r, true, '  ').join('')}`,
    before: (k) => (k === 0 ? '[\n' : ',\n'),
    end: (n) => (n ? '\n]\n' : '[]\n'),
  },
  // One file: its result as an object.
  'json-single': {
    begin: () => '',
    pieces: (r) => [...pieces(r, true), '\n'],
    render: (r) => pieces(r, true).join('') + '\n',
    before: () => '',
    end: (n) => (n ? '' : 'null\n'),
  },
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
export function renderBytes(format: SinkFormat, r: FileResult): Uint8Array {
  // encoded piece by piece into one buffer: no string of the whole text, no second copy
  const parts = SINKS[format].pieces(r).map((p) => utf8.encode(p));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
