// Which OCR regions each value of a form came from, and so how sure it is. Parse keeps no cell
// references, so a value is traced back by its text: the regions of the form's OCR pages whose
// text is the value (or a piece of it, for text joined across rows and pages; for numbers, the
// regions whose text is that number). A value takes the lowest confidence of all regions it may
// come from: a "5.00" misread anywhere lowers every 5.00, never the other way round.
import { FUNDS_COLUMN_KEYS, FUNDS_ROW_KEYS, type Form, type OcrInfo } from '../../model/schema.js';
import { isTemplateWord } from './lexicon.js';
import type { OcrRegion } from './page.js';
import { OCR_SETTINGS, type OcrSettings } from './settings.js';

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The number a region's text spells, if it is one (1,990.09 / 99.44% / ９８．４５). */
function numberOf(text: string): number | null {
  const t = norm(text).replace(/[,%]/g, '');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/** The indicator table's column headers, which no value holds. */
const COLUMN_HEADERS = ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '偏差原因分析及改进措施'];

/** Every value of a form with its path: strings and numbers, blanks left out. */
function values(form: Form): [string, string | number][] {
  const out: [string, string | number | null][] = [
    ['title', form.title], ['year', form.year], ['projectName', form.projectName], ['department', form.department],
    ['implementingUnit', form.implementingUnit],
  ];
  for (const row of FUNDS_ROW_KEYS) for (const col of FUNDS_COLUMN_KEYS) out.push([`funds.${row}.${col}`, form.funds[row][col]]);
  out.push(['goals.expected', form.goals.expected], ['goals.actual', form.goals.actual]);
  form.indicators.forEach((ind, k) => {
    for (const key of ['level1', 'level2', 'level3', 'target', 'actual', 'weight', 'score', 'deviation'] as const) out.push([`indicators.${k}.${key}`, ind[key]]);
  });
  out.push(['totalWeight', form.totalWeight], ['totalScore', form.totalScore], ['grade', form.grade]);
  return out.filter((e): e is [string, string | number] => e[1] !== null && e[1] !== '');
}

/** The OCR confidence of each value of a form, or undefined when none of its pages was OCR'd. */
export function ocrInfo(form: Form, regions: OcrRegion[], ocrPages: number[], S: OcrSettings = OCR_SETTINGS): OcrInfo | undefined {
  const pages = form.pages.filter((p) => ocrPages.includes(p));
  if (!pages.length) return undefined;
  const mine = regions.filter((r) => pages.includes(r.page)).map((r) => ({ ...r, norm: norm(r.text), num: numberOf(r.text) }));
  const allOcr = pages.length === form.pages.length;
  const lowest = mine.reduce((m, r) => Math.min(m, r.confidence), 100);
  const fields: Record<string, number> = {};
  const used = new Set<(typeof mine)[number]>();
  for (const [path, value] of values(form)) {
    let from: typeof mine;
    if (typeof value === 'number') {
      from = mine.filter((r) => r.num === value);
      // a number inside a longer text (100 in 100.00(%)); on a form also read from text, only
      // an OCR region that is the number (0 is in 2024年3月15日 too)
      if (!from.length && allOcr) from = mine.filter((r) => r.norm.includes(String(value)));
    } else {
      const v = norm(value);
      from = mine.filter((r) => r.norm && (r.norm === v || (r.norm.length >= 2 && v.includes(r.norm)) || r.norm.includes(v)));
    }
    // a value no region spells was pieced together by OCR in a way not traced here: as unsure
    // as the least sure region, when the form was read by OCR only (else it came from text)
    from.forEach((r) => used.add(r));
    if (from.length) fields[path] = Math.round(Math.min(...from.map((r) => (typeof value === 'number' ? r.numberConfidence : r.confidence))));
    else if (allOcr) fields[path] = Math.round(lowest);
    // a column's header word inside a value: a header row misread went into the data
    if (typeof value === 'string' && COLUMN_HEADERS.some((h) => norm(value).includes(h))) fields[path] = 0;
  }
  // no year on a form whose title page was read by OCR: its year line may be what was misread
  if (form.year == null && pages.includes(form.pages[0])) fields.year = 0;
  const confidence = Object.values(fields).reduce((m, c) => Math.min(m, c), 100);
  // unsure text that no value took: a value may have been lost (header words go nowhere, by design)
  const unplaced = mine
    .filter((r) => !used.has(r) && r.confidence < S.lowConfidence && !isTemplateWord(r.norm))
    .map((r) => ({ page: r.page, text: r.text, confidence: Math.round(r.confidence), bbox: [r.x0, r.y0, r.x1, r.y1].map((v) => Math.round(v * 100) / 100) as [number, number, number, number] }));
  return { pages, threshold: S.lowConfidence, confidence, fields, unplaced };
}
