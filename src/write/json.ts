// Streaming renderings of a batch's results: each result becomes text as soon as it is ready,
// so no output format holds the whole batch in memory. Byte-for-byte the same as rendering
// the whole list at once with JSON.stringify. A result's own text does not depend on its
// position, so the worker that extracted it renders it: the main thread only writes bytes.
import { countFindings, type FindingCounts } from '../check/index.js';
import type { FileResult, Form } from '../model/schema.js';
import { concatBytes } from './bytes.js';

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

/** How a format prints one result: compact or pretty, lines after the first indented by `pad`. */
interface Style {
  pretty: boolean;
  pad: string;
  prefix: string;
  suffix: string;
}
const STYLES: Record<SinkFormat, Style> = {
  // JSON Lines: one result per line.
  jsonl: { pretty: false, pad: '', prefix: '', suffix: '\n' },
  // Pretty JSON, as JSON.stringify(results, null, 2) would print the array.
  json: { pretty: true, pad: '  ', prefix: '  ', suffix: '' },
  // One file: its result as an object.
  'json-single': { pretty: true, pad: '', prefix: '', suffix: '\n' },
};

const indented = (st: Style, s: string) => (st.pad ? s.replace(/\n/g, '\n' + st.pad) : s);

/** The text of the k-th form of a result, with what separates it from the one before. */
function formText(st: Style, form: Form, k: number): string {
  const sep = k ? ',' : '';
  return indented(st, st.pretty ? `${sep}\n    ${JSON.stringify(form, null, 2).replace(/\n/g, '\n    ')}` : sep + JSON.stringify(form));
}

/**
 * A result's text in pieces, its forms one by one (or `formCount` forms rendered already),
 * so that the text of a 10,000-form report never exists as one string. Joined, the pieces
 * are JSON.stringify(r) in the format's style.
 */
function pieces(st: Style, r: FileResult, formCount = r.forms.length): { head: string; forms: string[]; tail: string } {
  // inside a JSON string a quote is always escaped: the only raw `"forms":[]` is the key
  const shell = JSON.stringify({ ...r, forms: [] }, null, st.pretty ? 2 : undefined);
  if (!formCount) return { head: st.prefix + indented(st, shell) + st.suffix, forms: [], tail: '' };
  const key = st.pretty ? '"forms": [' : '"forms":[';
  const at = shell.indexOf(key) + key.length;
  return {
    head: st.prefix + indented(st, shell.slice(0, at)),
    forms: r.forms.map((f, k) => formText(st, f, k)),
    tail: indented(st, (st.pretty ? '\n  ' : '') + shell.slice(at)) + st.suffix,
  };
}

const SINKS: Record<SinkFormat, OutputSink> = {
  jsonl: { begin: () => '', render: (r) => joined(STYLES.jsonl, r), before: () => '', end: () => '' },
  json: {
    begin: () => '',
    render: (r) => joined(STYLES.json, r),
    before: (k) => (k === 0 ? '[\n' : ',\n'),
    end: (n) => (n ? '\n]\n' : '[]\n'),
  },
  'json-single': { begin: () => '', render: (r) => joined(STYLES['json-single'], r), before: () => '', end: (n) => (n ? '' : 'null\n') },
};

function joined(st: Style, r: FileResult): string {
  const p = pieces(st, r);
  return p.head + p.forms.join('') + p.tail;
}

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
/**
 * A result as the bytes of its output text (its own buffer: it can be transferred), encoded
 * piece by piece into one buffer. `streamed`: its forms' bytes, rendered one by one as they
 * came (renderFormBytes) while `r` holds none of them.
 */
export function renderBytes(format: SinkFormat, r: FileResult, streamed?: Uint8Array[]): Uint8Array {
  const p = pieces(STYLES[format], r, streamed ? streamed.length : r.forms.length);
  return concatBytes([utf8.encode(p.head), ...(streamed ?? p.forms.map((f) => utf8.encode(f))), utf8.encode(p.tail)]);
}

/** What goes before and after `formCount` forms rendered one by one (renderFormBytes). */
export function renderShell(format: SinkFormat, r: FileResult, formCount: number): { head: Uint8Array; tail: Uint8Array } {
  const p = pieces(STYLES[format], r, formCount);
  return { head: utf8.encode(p.head), tail: utf8.encode(p.tail) };
}

/** The k-th form of a result as bytes of the format, for renderBytes(…, streamed). */
export const renderFormBytes = (format: SinkFormat, form: Form, k: number): Uint8Array => utf8.encode(formText(STYLES[format], form, k));
