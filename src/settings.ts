// The settings of every stage in one object: each tolerance is named once, in its stage's
// settings file, with its reason. A caller overrides any of them by name (as pdfplumber's
// TableSettings.resolve): extractFile(file, { settings: { layout: { snapTolerance: 3 } } }).
import { z } from 'zod';
import { CHECK_SETTINGS, type CheckSettings } from './check/settings.js';
import { LAYOUT_SETTINGS, type LayoutSettings } from './layout/settings.js';
import { PARSE_SETTINGS, type ParseSettings } from './parse/settings.js';
import { OCR_SETTINGS, type OcrSettings } from './read/ocr/settings.js';
import { READ_SETTINGS, type ReadSettings } from './read/settings.js';

export interface Settings {
  read: ReadSettings;
  /** the OCR reader of scanned pages (read stage) */
  ocr: OcrSettings;
  layout: LayoutSettings;
  parse: ParseSettings;
  check: CheckSettings;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { read: READ_SETTINGS, ocr: OCR_SETTINGS, layout: LAYOUT_SETTINGS, parse: PARSE_SETTINGS, check: CHECK_SETTINGS };

/** Overrides of one stage: any of its names, each a finite number not below 0 (a text, where the default is one). */
const stage = (defaults: object) =>
  z.strictObject(Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, (typeof v === 'string' ? z.string() : z.number().finite().nonnegative()).optional()]))).optional();

export const SettingsOverridesSchema = z.strictObject({
  read: stage(READ_SETTINGS),
  ocr: stage(OCR_SETTINGS),
  layout: stage(LAYOUT_SETTINGS),
  parse: stage(PARSE_SETTINGS),
  check: stage(CHECK_SETTINGS),
});

/** Some settings of some stages; the rest keep their defaults. */
export type SettingsOverrides = { [S in keyof Settings]?: Partial<Settings[S]> };

/** The defaults with `overrides` applied; an unknown name or a bad value throws, naming it. */
export function resolveSettings(overrides: SettingsOverrides = {}): Settings {
  const parsed = SettingsOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
    throw new TypeError(`invalid settings: ${[...issue.path, keys].filter((p) => p !== '').join('.')}: ${issue.message}`);
  }
  const o = overrides;
  return {
    read: { ...READ_SETTINGS, ...o.read },
    ocr: { ...OCR_SETTINGS, ...o.ocr },
    layout: { ...LAYOUT_SETTINGS, ...o.layout },
    parse: { ...PARSE_SETTINGS, ...o.parse },
    check: { ...CHECK_SETTINGS, ...o.check },
  };
}
