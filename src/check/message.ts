// A finding's message in either language, rendered from its structured parts: where to look
// (page, indicator row and name), then what is wrong.
import { t, type Lang, type MessageKey } from '../i18n/index.js';
import type { Finding } from '../model/schema.js';

type Located = Pick<Finding, 'rule' | 'variant' | 'params' | 'page' | 'row'>;

/** What is wrong, without the place. */
export function findingWhat(lang: Lang, f: Located): string {
  const key = `finding.${f.rule}${f.variant ? `.${f.variant}` : ''}` as MessageKey;
  return t(lang, key as 'finding.all-full-marks', f.params ?? {});
}

/** `第 12 页，指标第 7 行「运营商短信发送量」` / `page 12, indicator row 7 「…」`; '' without a page. */
export function findingWhere(lang: Lang, f: Located): string {
  if (f.page === undefined) return '';
  const name = f.params?.name;
  if (f.row !== undefined && name !== undefined) return t(lang, 'at.indicator', { page: f.page, row: f.row, name: String(name) });
  return t(lang, 'at.page', { page: f.page });
}

/** The whole message: `第 12 页，指标第 7 行「运营商短信发送量」：得分 4.00 低于分值 5.00，未填写偏差原因`. */
export function findingMessage(lang: Lang, f: Located): string {
  const where = findingWhere(lang, f);
  return where ? `${where}${t(lang, 'at.sep')}${findingWhat(lang, f)}` : findingWhat(lang, f);
}
