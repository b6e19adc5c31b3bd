// The message catalogue: both languages have every key, with the same kind of value; each
// message renders in its language (no English words in Chinese messages and no CJK outside
// quoted labels in English ones, where a message has no label to quote); the locale decides.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, langFromEnv, LANGS, t, type MessageKey } from '../src/i18n/index.js';
import { RuleIdSchema } from '../src/model/schema.js';

const TYPED = /--?[a-z-]+|`[^`]*`|\b(eval-extract|jsonl?|text|csv|xlsx|html|error|warning|info|off|bbox|zh|en|Excel|PDF|UTF-8|LC_ALL|LC_MESSAGES|LANG|NO_COLOR|FILE(\.csv)?|pdf|MB|OCR|DIR|EVAL_EXTRACT_PASSWORD|ps|jq|check|schema|help|Schema|draft)\b/gi;
const keys = (lang: (typeof LANGS)[number]) => Object.keys(CATALOGUES[lang]).sort();

describe('message catalogue', () => {
  it('has every key in both languages, of the same kind', () => {
    expect(keys('en')).toEqual(keys('zh'));
    for (const k of keys('zh') as MessageKey[]) expect(typeof CATALOGUES.en[k], k).toBe(typeof CATALOGUES.zh[k]);
  });

  it('names and describes every rule and severity in both languages', () => {
    for (const lang of LANGS) {
      for (const rule of RuleIdSchema.options) expect(CATALOGUES[lang][`rule.${rule}` as MessageKey], rule).toBeTruthy();
      for (const rule of RuleIdSchema.options) {
        const finding = Object.keys(CATALOGUES[lang]).filter((k) => k === `finding.${rule}` || k.startsWith(`finding.${rule}.`));
        expect(finding.length, rule).toBeGreaterThan(0);
      }
    }
  });

  it('has no Latin words in Chinese texts and no unquoted CJK in English ones (plain strings)', () => {
    for (const k of keys('zh') as MessageKey[]) {
      const zh = CATALOGUES.zh[k], en = CATALOGUES.en[k];
      // option names, format names and values the user types are the same in both languages
      if (typeof zh === 'string') expect(zh.replace(TYPED, ''), k).not.toMatch(/[a-z]{3,}/i);
      if (typeof en === 'string') expect(en.replace(/「[^」]*」/g, ''), k).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('renders parameters in each language', () => {
    expect(t('zh', 'at.indicator', { page: 12, row: 7, name: '运营商短信发送量' })).toBe('第 12 页，指标第 7 行「运营商短信发送量」');
    expect(t('en', 'at.indicator', { page: 12, row: 7, name: '运营商短信发送量' })).toBe('page 12, indicator row 7 「运营商短信发送量」');
    expect(t('zh', 'finding.deduction-without-reason', { score: '4.00', weight: '5.00' })).toBe('得分 4.00 低于分值 5.00，未填写偏差原因');
  });

  it('takes the language from LC_ALL, LC_MESSAGES, then LANG', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
    expect(langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_ALL: 'zh_CN.GB18030' })).toBe('zh');
  });
});
