// Text-layer cleanup of single strings. Targeted, not NFKC: full-width punctuation such as
// （） and ： must stay as printed, only look-alike ideograph code points are folded.

/** CJK Radicals Supplement code points that stand for a normal (simplified) ideograph. */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2E9F': '母', '\u2EA0': '民', '\u2EAE': '竹',
  '\u2EB7': '羊', '\u2EC4': '西', '\u2EC5': '见',
  '\u2EC6': '角', '\u2EC8': '讠', '\u2EC9': '贝', '\u2ECA': '足', '\u2ECB': '车',
  '\u2ED3': '长', '\u2ED4': '门',
  '\u2ED8': '青', '\u2EDA': '页', '\u2EDB': '风', '\u2EDC': '飞', '\u2EDD': '食',
  '\u2EE2': '马', '\u2EE3': '骨', '\u2EE4': '鬼',
  '\u2EE5': '鱼', '\u2EE6': '鸟', '\u2EE7': '卤', '\u2EE8': '麦', '\u2EE9': '黄',
  '\u2EEA': '黾', '\u2EEC': '齐', '\u2EEE': '齿',
  '\u2EF0': '龙', '\u2EF3': '龟',
};

function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  // Kangxi radicals and CJK compatibility ideographs all carry a canonical or compatibility
  // decomposition to exactly one unified ideograph.
  if ((cp >= 0x2f00 && cp <= 0x2fdf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) {
    const n = ch.normalize('NFKC');
    return [...n].length === 1 ? n : ch;
  }
  if (cp >= 0x2e80 && cp <= 0x2eff) return RADICAL_SUPPLEMENT[ch] ?? ch;
  return ch;
}

const FOLDABLE = /[\u2E80-\u2FDF\uF900-\uFAFF]|[\u{2F800}-\u{2FA1F}]/u;

export function foldIdeographs(s: string): string {
  if (!FOLDABLE.test(s)) return s;
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

/** CJK ideographs and CJK punctuation: between two of these a space is never printed. */
export const CJK = '\\u3000-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65';
const CJK_CHAR = new RegExp(`^[${CJK}]`);
export function isCjkChar(ch: string): boolean {
  return CJK_CHAR.test(ch);
}

const FULLWIDTH_DIGITS = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B\uFF05]/g;

/** Full-width digits and number punctuation (０-９ ． ， － ＋ ％) as ASCII. */
export const halfWidthDigits = (s: string): string =>
  s.replace(FULLWIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** A plain decimal number, the whole string: `12`, `-1.5`, `.5`, `3.`. */
export const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Parse a printed number: `1,990.09`, `１２．５`, `99.44%`, `10分`, `99.00万元`; `-`, `—`, `/` or
 * blank are null; other text NaN.
 */
export function parseNumber(raw: string | undefined | null): number | null {
  if (raw == null) return null;
  let s = halfWidthDigits(raw);
  s = s.replace(/[\s,，]/g, '').replace(/(?:[%％]|分|[万千]?元)$/, '');
  if (s === '' || /^[-—–－/／]+$/.test(s)) return null;
  if (!PLAIN_NUMBER.test(s)) return NaN;
  return Number(s);
}
