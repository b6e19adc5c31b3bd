// Settings: every stage's tolerances resolved from overrides by name, and passed through
// extractFile to the stage that uses them; the one error taxonomy.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS, ExtractFailure, extractFile, FAILURE_CODES, failureOf, FailureCodeSchema, ReadError, resolveSettings,
} from '../src/index.js';
import { fixture } from './helpers/truth.js';

describe('settings', () => {
  it('resolves overrides over the defaults, stage by stage', () => {
    const s = resolveSettings({ layout: { snapTolerance: 4 }, check: { tolerance: 0.5 } });
    expect(s.layout).toEqual({ ...DEFAULT_SETTINGS.layout, snapTolerance: 4 });
    expect(s.check).toEqual({ ...DEFAULT_SETTINGS.check, tolerance: 0.5 });
    expect(s.read).toEqual(DEFAULT_SETTINGS.read);
    expect(resolveSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('names an unknown setting or a bad value', () => {
    expect(() => resolveSettings({ layout: { snapTolerence: 3 } } as never)).toThrow(/invalid settings: layout\.snapTolerence/);
    expect(() => resolveSettings({ read: { nearWhite: -1 } })).toThrow(/invalid settings: read\.nearWhite/);
    expect(() => resolveSettings({ lyout: {} } as never)).toThrow(/invalid settings: lyout/);
  });

  it('reach their stage through extractFile', async () => {
    const file = fixture('stsong-nonembedded.pdf');
    const plain = await extractFile(file);
    const rateOf = (r: typeof plain) => r.forms[0].funds.total.executionRate;
    expect(rateOf(plain)).toBe(100);
    const rule = (r: typeof plain) => r.forms[0].findings?.filter((f) => f.rule === 'low-execution-rate') ?? [];
    expect(rule(plain)).toEqual([]);
    // a bar above 100% makes a full execution "low"
    const strict = await extractFile(file, { settings: { check: { lowExecutionRate: 101 } } });
    expect(rule(strict)).toHaveLength(1);
    expect({ ...strict.forms[0], findings: undefined }).toEqual({ ...plain.forms[0], findings: undefined });
    // a reader that takes all paint for white finds no ruling, and the form is withheld, saying why
    const noRules = await extractFile(file, { settings: { read: { nearWhite: 0 } } });
    expect(noRules.forms).toEqual([]);
    expect(noRules.errors).toEqual([{ page: 1, code: 'form', message: expect.stringMatching(/the indicator table has no ruling lines/) }]);
  });
});

describe('failure codes', () => {
  it('are one enum, each with its meaning', () => {
    expect(FailureCodeSchema.options).toEqual(Object.keys(FAILURE_CODES));
    expect(FailureCodeSchema.options).toContain('input');
    expect(FailureCodeSchema.options).toContain('internal');
  });

  it('blame our own bugs on us, never on the PDF', () => {
    const bug = failureOf(new TypeError("Cannot read properties of undefined (reading 'x0')"), 'a.pdf');
    expect(bug).toEqual({
      file: 'a.pdf', code: 'internal',
      reason: "internal error (a bug in eval-extract; please report it with the file): Cannot read properties of undefined (reading 'x0')",
    });
    expect(failureOf(new ReadError('corrupt PDF: bad xref', 3, 'corrupt'), 'a.pdf')).toEqual({ file: 'a.pdf', page: 3, reason: 'corrupt PDF: bad xref', code: 'corrupt' });
    expect(failureOf(new ExtractFailure('b.pdf', undefined, 'no such file', 'input'), 'a.pdf')).toEqual({ file: 'b.pdf', reason: 'no such file', code: 'input' });
  });

  it('tell a folder from a PDF', async () => {
    await expect(extractFile(path.dirname(fixture('seed-chromium.pdf')))).rejects.toMatchObject({ code: 'input', reason: 'is a directory' });
  });
});
