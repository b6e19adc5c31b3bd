// Which printed funds rows stand for the model's named rows (total, currentYearAppropriation,
// carryover, other). Shared by validation, which fills the named rows, and the checks, which
// name them in their messages.
import type { FundsRowKey } from './schema.js';

const NAMED_ROWS: [FundsRowKey, RegExp][] = [
  ['total', /年度资金总额|资金总额|^总额$|^合计$/],
  ['currentYearAppropriation', /(当年|本年)?财政拨款$/],
  ['carryover', /上年结转/],
  ['other', /^其他资金$/],
];

/** A printed label without its 其中： prefix, colons and whitespace: `其中：当年财政拨款` → `当年财政拨款`. */
export const bareFundsLabel = (label: string): string =>
  label.replace(/\s+/g, '').replace(/^其中[:：]?/, '').replace(/[:：]+$/, '');

/** The named row each printed row stands for: the first row matching each name, null for the others. */
export function namedFundsRows(labels: string[]): (FundsRowKey | null)[] {
  const taken = new Set<FundsRowKey>();
  return labels.map((label) => {
    const bare = bareFundsLabel(label);
    const key = NAMED_ROWS.find(([k, re]) => !taken.has(k) && re.test(bare))?.[0] ?? null;
    if (key) taken.add(key);
    return key;
  });
}
