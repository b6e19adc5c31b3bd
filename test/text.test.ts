// The shared text room: look-alike ideographs folded, printed numbers parsed.
import { describe, expect, it } from 'vitest';
import { foldIdeographs, parseNumber } from '../src/text/normalize.js';
import { joinWrapped, oneLine } from '../src/text/index.js';

describe('text cleanup', () => {
  it('folds Kangxi radicals and compatibility ideographs but keeps full-width punctuation', () => {
    expect(foldIdeographs('⽬标（⻓期）：')).toBe('目标（长期）：');
    expect(foldIdeographs('\uF9B1')).toBe('鈴');
  });

  it('parses printed numbers', () => {
    expect(parseNumber('1,990.09')).toBe(1990.09);
    expect(parseNumber('１２．５')).toBe(12.5);
    expect(parseNumber('99.44%')).toBe(99.44);
    expect(parseNumber('10分')).toBe(10);
    expect(parseNumber('99.00万元')).toBe(99);
    expect(parseNumber('-')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('达成指标')).toBeNaN();
  });

  it('joins wrapped lines without a space, except between two Latin words', () => {
    expect(joinWrapped(['年度预算', '执行率'])).toBe('年度预算执行率');
    expect(joinWrapped(['service', 'level', '', '达标'])).toBe('service level达标');
  });

  it('puts any error on one line', () => {
    expect(oneLine(new Error('bad\n  xref\ttable '))).toBe('bad xref table');
    expect(oneLine('plain')).toBe('plain');
  });
});
