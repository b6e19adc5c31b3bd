// Messages in the user's language: `t(lang, key, params)` over the one catalogue.
import { en, zh } from './catalogue.js';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type MessageKey = keyof typeof zh;

export const CATALOGUES: Record<Lang, Record<MessageKey, unknown>> = { zh, en };

/** The language of the locale: zh when LC_ALL, else LC_MESSAGES, else LANG starts with zh. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

type Params<K extends MessageKey> = (typeof zh)[K] extends (p: infer A) => string ? [params: A] : [];

/** The message `key` in `lang`. */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: Params<K>): string {
  const m = CATALOGUES[lang][key] as string | ((p: unknown) => string);
  return typeof m === 'function' ? m(params[0]) : m;
}

/** A translator bound to one language. */
export type Translate = <K extends MessageKey>(key: K, ...params: Params<K>) => string;
export const translator = (lang: Lang): Translate => (key, ...params) => t(lang, key, ...params);

/**
 * Why a file or form could not be read, in `lang`: in English the reader's own one-line reason;
 * in Chinese what its failure code means, then that reason as the reader gave it (a detail such
 * as pdfjs's message, quoted as printed).
 */
export function reasonText(lang: Lang, e: { message: string; code?: string }): string {
  if (lang === 'en' || !e.code || !(`failure.${e.code}` in CATALOGUES.zh)) return e.message;
  return t(lang, 'failure.detail', { what: t(lang, `failure.${e.code}` as 'failure.form'), detail: e.message });
}

/** A file size in MB as the messages print it: one decimal, two below 0.1 MB (never `0.0`). */
export const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 1e5 ? 2 : 1);
