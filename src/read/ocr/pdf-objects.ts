// The objects of a PDF, read straight from its bytes: only as much of the format as finding a
// scanned page's images takes (the cross-reference table or stream, object streams, dictionaries,
// arrays, streams' bytes). pdfjs reads everything else; this exists because pdfjs gives an image
// only decoded whole, in its own buffers (scan-raw.ts). Anything it does not know, or finds
// broken or encrypted, throws RawPdfError, and the page is left to pdfjs.
import { inflateSync } from 'node:zlib';

export class RawPdfError extends Error {
  override name = 'RawPdfError';
}

export interface Ref {
  num: number;
  gen: number;
}
export type PdfValue = number | boolean | null | string | Name | Ref | PdfValue[] | PdfDict;
/** a name (/Type), apart from strings */
export class Name {
  constructor(readonly name: string) {}
}
export type PdfDict = Map<string, PdfValue>;
export interface PdfStream {
  dict: PdfDict;
  /** the stream's bytes as stored (its filters not applied) */
  bytes: Uint8Array;
}

/** how deep arrays and dictionaries may nest, and how many /Prev sections are followed */
const MAX_DEPTH = 64;
const MAX_SECTIONS = 256;
/** the longest bare word (a number, a keyword) */
const MAX_WORD = 256;
/** how far before the end `startxref` is looked for */
const TAIL = 2048;
/** an object stream's or a page's content stream's most bytes once inflated */
const MAX_INFLATED = 16 << 20;

const WHITE = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

export const isRef = (v: unknown): v is Ref => typeof v === 'object' && v !== null && 'num' in v && 'gen' in v;
export const isDict = (v: unknown): v is PdfDict => v instanceof Map;
export const nameOf = (v: unknown): string | undefined => (v instanceof Name ? v.name : undefined);

/** A lexer and parser over `bytes` from `pos`. */
export class Parser {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  private skip(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (WHITE.has(c)) this.pos++;
      else if (c === 0x25) while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      else break;
    }
  }

  /** the next bare word (a number, a keyword, an operator), or '' at a delimiter */
  word(): string {
    this.skip();
    const b = this.bytes, start = this.pos;
    while (this.pos < b.length && !WHITE.has(b[this.pos]) && !DELIM.has(b[this.pos])) this.pos++;
    if (this.pos - start > MAX_WORD) throw new RawPdfError('a word too long');
    return String.fromCharCode(...b.subarray(start, this.pos));
  }

  peek(): number {
    this.skip();
    return this.pos < this.bytes.length ? this.bytes[this.pos] : -1;
  }

  /** One value; `n g R` read as a reference. Operators (content streams) come back as a string starting with '\0'. */
  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new RawPdfError('nested too deep');
    const c = this.peek();
    const b = this.bytes;
    if (c < 0) throw new RawPdfError('unexpected end');
    if (c === 0x2f) {
      this.pos++;
      const start = this.pos;
      while (this.pos < b.length && !WHITE.has(b[this.pos]) && !DELIM.has(b[this.pos])) this.pos++;
      if (this.pos - start > MAX_WORD) throw new RawPdfError('a name too long');
      return new Name(String.fromCharCode(...b.subarray(start, this.pos)).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === 0x5b) {
      this.pos++;
      const out: PdfValue[] = [];
      while (this.peek() !== 0x5d) out.push(this.value(depth + 1));
      this.pos++;
      return out;
    }
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const dict: PdfDict = new Map();
      while (!(this.peek() === 0x3e && b[this.pos + 1] === 0x3e)) {
        const key = this.value(depth + 1);
        if (!(key instanceof Name)) throw new RawPdfError('a dictionary key that is not a name');
        dict.set(key.name, this.value(depth + 1));
      }
      this.pos += 2;
      return dict;
    }
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, this.pos);
      if (end < 0) throw new RawPdfError('unterminated string');
      this.pos = end + 1;
      return '';
    }
    if (c === 0x28) {
      // a literal string: its text is never needed here, only its end
      let nest = 0;
      for (; this.pos < b.length; this.pos++) {
        const x = b[this.pos];
        if (x === 0x5c) this.pos++;
        else if (x === 0x28) nest++;
        else if (x === 0x29 && --nest === 0) break;
      }
      if (this.pos >= b.length) throw new RawPdfError('unterminated string');
      this.pos++;
      return '';
    }
    const w = this.word();
    if (!w) throw new RawPdfError(`unexpected byte ${c}`);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      // `n g R`
      if (/^\d+$/.test(w)) {
        const save = this.pos;
        const g = this.word();
        if (/^\d+$/.test(g) && this.word() === 'R') return { num: Number(w), gen: Number(g) };
        this.pos = save;
      }
      return Number(w);
    }
    if (w === 'true' || w === 'false') return w === 'true';
    if (w === 'null') return null;
    return '\0' + w;
  }
}

/** The objects of a PDF, found through its cross-reference sections. */
export class PdfObjects {
  /** object number → its offset, or [object stream, index] */
  private readonly where = new Map<number, number | [number, number]>();
  private readonly objStms = new Map<number, { offsets: number[]; data: Uint8Array; first: number }>();
  readonly trailer: PdfDict;

  constructor(readonly bytes: Uint8Array) {
    const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - TAIL)));
    const m = /startxref\s+(\d+)\s*%%EOF\s*$/.exec(tail) ?? /startxref\s+(\d+)/.exec(tail);
    if (!m) throw new RawPdfError('no startxref');
    let trailer: PdfDict | undefined;
    const seen = new Set<number>();
    const sections = [Number(m[1])];
    while (sections.length) {
      const at = sections.shift()!;
      if (seen.has(at) || seen.size > MAX_SECTIONS) continue;
      seen.add(at);
      const t = this.section(at);
      trailer ??= t;
      if (t.get('Encrypt') !== undefined) throw new RawPdfError('encrypted');
      for (const k of ['XRefStm', 'Prev']) {
        const v = t.get(k);
        if (typeof v === 'number') sections.push(v);
      }
    }
    if (!trailer) throw new RawPdfError('no trailer');
    this.trailer = trailer;
  }

  /** Read the cross-reference section at `at` (a table, or a stream), keeping earlier sections' entries; its trailer. */
  private section(at: number): PdfDict {
    const p = new Parser(this.bytes, at);
    if (p.word() === 'xref') {
      for (;;) {
        const first = p.word();
        if (first === 'trailer') break;
        const count = Number(p.word());
        if (!/^\d+$/.test(first) || !Number.isInteger(count)) throw new RawPdfError('bad xref table');
        for (let k = 0; k < count; k++) {
          const off = Number(p.word()), gen = p.word(), kind = p.word();
          void gen;
          const num = Number(first) + k;
          if (kind !== 'n' && kind !== 'f') throw new RawPdfError('bad xref entry');
          // a free entry is left for a hybrid file's cross-reference stream to fill
          if (kind === 'n' && !this.where.has(num)) this.where.set(num, off);
        }
      }
      const t = p.value();
      if (!isDict(t)) throw new RawPdfError('bad trailer');
      return t;
    }
    // a cross-reference stream
    const { dict, bytes } = this.objectAt(at).stream ?? {};
    if (!dict || !bytes || nameOf(dict.get('Type')) !== 'XRef') throw new RawPdfError('bad xref stream');
    const w = dict.get('W');
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) throw new RawPdfError('bad /W');
    const [w0, w1, w2] = w as number[];
    const size = dict.get('Size');
    const index = (dict.get('Index') as number[] | undefined) ?? [0, typeof size === 'number' ? size : 0];
    const data = decodeStream({ dict, bytes });
    const row = w0 + w1 + w2;
    const num = (o: number, n: number) => {
      let v = 0;
      for (let k = 0; k < n; k++) v = v * 256 + data[o + k];
      return v;
    };
    let o = 0;
    for (let s = 0; s + 1 < index.length; s += 2) {
      for (let k = 0; k < index[s + 1]; k++, o += row) {
        if (o + row > data.length) throw new RawPdfError('xref stream too short');
        const type = w0 ? num(o, w0) : 1, a = num(o + w0, w1), b = num(o + w0 + w1, w2);
        const n = index[s] + k;
        if (this.where.has(n)) continue;
        this.where.set(n, type === 1 ? a : type === 2 ? [a, b] : -1);
      }
    }
    return dict;
  }

  /** The object at byte `at` (`n g obj …`): its value, and its stream when it has one. */
  private objectAt(at: number, num?: number): { value: PdfValue; stream?: PdfStream } {
    const p = new Parser(this.bytes, at);
    const n = p.word(), g = p.word(), kw = p.word();
    if (kw !== 'obj' || !/^\d+$/.test(n) || !/^\d+$/.test(g) || (num !== undefined && Number(n) !== num)) throw new RawPdfError(`no object ${num ?? ''} at ${at}`);
    const value = p.value();
    if (!isDict(value)) return { value };
    const save = p.pos;
    if (p.word() !== 'stream') {
      p.pos = save;
      return { value };
    }
    // the stream's data starts after the end of line that follows `stream`
    let start = p.pos;
    if (this.bytes[start] === 13) start++;
    if (this.bytes[start] === 10) start++;
    let length = value.get('Length');
    if (isRef(length)) length = this.get(length);
    let end = typeof length === 'number' && length >= 0 ? start + length : -1;
    if (end < 0 || end > this.bytes.length || !new Parser(this.bytes, end).word().startsWith('endstream')) {
      // a wrong /Length: the stream ends where `endstream` is
      const e = indexOf(this.bytes, 'endstream', start);
      if (e < 0) throw new RawPdfError('unterminated stream');
      end = e;
      while (end > start && (this.bytes[end - 1] === 10 || this.bytes[end - 1] === 13)) end--;
    }
    return { value, stream: { dict: value, bytes: this.bytes.subarray(start, end) } };
  }

  /** Follow a reference (any other value is itself). */
  get(v: PdfValue | undefined): PdfValue | undefined {
    if (!isRef(v)) return v;
    return this.lookup(v.num).value;
  }

  /** The stream an entry refers to, or undefined. */
  stream(v: PdfValue | undefined): PdfStream | undefined {
    return isRef(v) ? this.lookup(v.num).stream : undefined;
  }

  private lookup(num: number): { value: PdfValue; stream?: PdfStream } {
    const w = this.where.get(num);
    if (w === undefined || w === -1) return { value: null };
    if (typeof w === 'number') return this.objectAt(w, num);
    const [stm, k] = w;
    let os = this.objStms.get(stm);
    if (!os) {
      const s = this.lookup(stm).stream;
      if (!s || nameOf(s.dict.get('Type')) !== 'ObjStm') throw new RawPdfError('bad object stream');
      const data = decodeStream(s);
      const count = s.dict.get('N'), first = s.dict.get('First');
      if (typeof count !== 'number' || typeof first !== 'number') throw new RawPdfError('bad object stream');
      const p = new Parser(data);
      const offsets: number[] = [];
      for (let i = 0; i < count; i++) {
        p.word();
        offsets.push(Number(p.word()));
      }
      os = { offsets, data, first };
      this.objStms.set(stm, os);
    }
    if (!(k < os.offsets.length)) throw new RawPdfError('bad object stream index');
    return { value: new Parser(os.data, os.first + os.offsets[k]).value() };
  }
}

/** A stream's bytes with its filters applied: none, or FlateDecode (with PNG predictors); else RawPdfError. */
export function decodeStream({ dict, bytes }: PdfStream): Uint8Array {
  const filter = dict.get('Filter');
  const filters = (Array.isArray(filter) ? filter : filter === undefined ? [] : [filter]).map(nameOf);
  if (!filters.length) return bytes;
  if (filters.length !== 1 || (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl')) throw new RawPdfError(`filter ${filters.join(' ')}`);
  let out: Uint8Array;
  try {
    out = inflateSync(bytes, { maxOutputLength: MAX_INFLATED, finishFlush: 2 /* Z_SYNC_FLUSH: a stream cut short keeps what it has */ });
  } catch {
    throw new RawPdfError('bad Flate data');
  }
  const parms = dict.get('DecodeParms');
  const pred = isDict(parms) ? parms.get('Predictor') : undefined;
  if (typeof pred !== 'number' || pred < 10) {
    if (typeof pred === 'number' && pred > 1) throw new RawPdfError('TIFF predictor');
    return out;
  }
  const cols = (isDict(parms) && (parms.get('Columns') as number)) || 1;
  const colors = (isDict(parms) && (parms.get('Colors') as number)) || 1;
  const bpc = (isDict(parms) && (parms.get('BitsPerComponent') as number)) || 8;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8)), rowBytes = Math.ceil((cols * colors * bpc) / 8);
  const rows = Math.floor(out.length / (rowBytes + 1));
  const res = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = out[r * (rowBytes + 1)], src = r * (rowBytes + 1) + 1, dst = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const x = out[src + i], left = i >= bpp ? res[dst + i - bpp] : 0, up = r ? res[dst - rowBytes + i] : 0;
      const ul = r && i >= bpp ? res[dst - rowBytes + i - bpp] : 0;
      let v: number;
      if (type === 0) v = x;
      else if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - ul, pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - ul);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : ul);
      } else throw new RawPdfError('bad PNG predictor row');
      res[dst + i] = v & 255;
    }
  }
  return res;
}

function indexOf(bytes: Uint8Array, word: string, from: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(word, from, 'latin1');
}
