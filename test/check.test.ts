// The consistency rules on forms built from ground truth: no error on the 20 seed forms, and for
// every rule a form with one injected fault on which exactly that rule fires.
import { describe, expect, it } from 'vitest';
import {
  annotateForm, checkForm, countFindings, failsOn, fundsPrecision, meetsTarget, parseGradeBands, parseSeverityOverride,
  parseValue, type CheckOptions,
} from '../src/index.js';
import { findingMessage } from '../src/check/index.js';
import { FormSchema, RuleIdSchema, type Form, type RuleId } from '../src/model/schema.js';
import { resultOf, seedForms } from './helpers/forms.js';

const rulesOf = (form: Form, options?: CheckOptions) => checkForm(form, options).map((f) => f.rule);

describe('parseValue', () => {
  it.each([
    ['≥90.00(%)', { operator: '≥', value: 90, unit: '%' }],
    ['=24.00(小时/天)', { operator: '=', value: 24, unit: '小时/天' }],
    ['≤1.00(小时)', { operator: '≤', value: 1, unit: '小时' }],
    ['<100.00(%)', { operator: '<', value: 100, unit: '%' }],
    ['>0(起)', { operator: '>', value: 0, unit: '起' }],
    ['≥９０％', { operator: '≥', value: 90, unit: '%' }],
    ['>=90%', { operator: '≥', value: 90, unit: '%' }],
    ['＞＝９０．５（％）', { operator: '≥', value: 90.5, unit: '%' }],
    ['<= 2 小时', { operator: '≤', value: 2, unit: '小时' }],
    ['=24.00(小时*7天)', { operator: '=', value: 24, unit: '小时*7天' }],
    ['=52(台)', { operator: '=', value: 52, unit: '台' }],
    ['≥60.00(TB)', { operator: '≥', value: 60, unit: 'TB' }],
    ['3.00(次)', { operator: null, value: 3, unit: '次' }],
    ['12504.00(个)', { operator: null, value: 12504, unit: '个' }],
    ['1,990.09万元', { operator: null, value: 1990.09, unit: '万元' }],
    ['95', { operator: null, value: 95, unit: '' }],
    ['不低于95%', { operator: '≥', value: 95, unit: '%' }],
    ['20天内', { operator: '≤', value: 20, unit: '天' }],
    ['90%以上', { operator: '≥', value: 90, unit: '%' }],
  ])('%s', (text, want) => {
    expect(parseValue(text)).toEqual(want);
  });

  it.each(['达成指标', '部分达成指标并具有一定效果', '及时（2小时内到达）', '5*8小时驻场服务', '7*24电话技术支持服务',
    '合规(按合同规定)', '90-100%', '100%完成', '2022年11月底前', '', '-'])('%s is qualitative: null', (text) => {
    expect(parseValue(text)).toBeNull();
  });

  it('compares an actual with a target by its operator; no operator means =', () => {
    const v = (t: string) => parseValue(t)!;
    expect(meetsTarget(v('≥90.00(%)'), v('90.00(%)'))).toBe(true);
    expect(meetsTarget(v('≥90.00(%)'), v('89.99(%)'))).toBe(false);
    expect(meetsTarget(v('≤1.00(小时)'), v('2.00(小时)'))).toBe(false);
    expect(meetsTarget(v('<100(%)'), v('100(%)'))).toBe(false);
    expect(meetsTarget(v('>0(起)'), v('1(起)'))).toBe(true);
    expect(meetsTarget(v('=6.00(次)'), v('3.00(次)'))).toBe(false);
    expect(meetsTarget(v('100%'), v('100.00(%)'))).toBe(true);
  });
});

describe('the seed forms', () => {
  const forms = seedForms();

  it('are consistent: no error-level finding on any of the 20', () => {
    expect(forms).toHaveLength(20);
    for (const form of forms) {
      expect(checkForm(form).filter((f) => f.severity === 'error'), form.projectName ?? undefined).toEqual([]);
    }
  });

  it('still validate once annotated, with parsed targets/actuals and findings', () => {
    for (const form of forms) {
      const annotated = FormSchema.parse(annotateForm(form));
      expect(annotated.findings).toBeDefined();
      annotated.indicators.forEach((i) => {
        expect(i.targetParsed).toEqual(parseValue(i.target));
        expect(i.actualParsed).toEqual(parseValue(i.actual));
      });
    }
    const first = annotateForm(forms[0]);
    expect(first.indicators[8].targetParsed).toEqual({ operator: '≤', value: 5, unit: '%' });
    expect(first.indicators[8].actualParsed).toEqual({ operator: null, value: 1, unit: '%' });
    expect(first.indicators[5].actualParsed).toBeNull(); // 达成指标
  });

  it('raise the warnings and info reviewers expect', () => {
    expect(rulesOf(forms[0])).toEqual([]);
    expect(rulesOf(forms[1])).toEqual(['deduction-without-reason', 'deduction-without-reason', 'deduction-without-reason']);
    expect(rulesOf(forms[15])).toEqual(['all-full-marks']); // 开办经费
    expect(rulesOf(forms[16])).toEqual(['low-execution-rate', 'score-outpaces-spending']); // nothing executed
  });
});

/** Set 全年执行数 of the total and 当年财政拨款 rows with the rate and funds score that follow. */
function execute(form: Form, executed: number, rate: number, fundsScore: number) {
  for (const row of [form.funds.total, form.funds.currentYearAppropriation]) {
    row.executed = executed;
    row.executionRate = rate;
  }
  form.funds.total.score = fundsScore;
  form.totalScore = +(fundsScore + form.indicators.reduce((s, i) => s + (i.score ?? 0), 0)).toFixed(2);
}

interface Fault {
  name: string;
  rule: RuleId;
  /** the seed form the fault is injected into */
  base: number;
  /** a change to the clean form that the fault starts from */
  prepare?: (form: Form) => void;
  inject: (form: Form) => void;
  options?: CheckOptions;
  /** the finding's indicator and message (JSON: Chinese; and in English), where the test pins them */
  indicator?: number;
  message?: string;
  en?: string;
}

const FAULTS: Fault[] = [
  {
    name: '总分 得分 not the sum', rule: 'total-score-sum', base: 0,
    inject: (f) => { f.totalScore = 95; },
    message: '第 2 页：总分得分 95.00 不等于年度资金总额得分 9.94 加三级指标得分合计 84.00（= 93.94）',
    en: 'page 2: total score 95.00 ≠ funds score 9.94 + indicator scores 84.00 = 93.94',
  },
  {
    name: '总分 分值 not the sum', rule: 'total-weight-sum', base: 0,
    inject: (f) => { f.totalWeight = 110; },
  },
  {
    name: 'an indicator scored above its 分值', rule: 'score-range', base: 0,
    inject: (f) => { f.indicators[8].score = 6; f.totalScore = 94.94; },
    indicator: 8, message: '第 1 页，指标第 9 行「硬件故障率」：得分 6.00 高于分值 5.00',
    en: 'page 1, indicator row 9 「硬件故障率」: score 6.00 > weight 5.00',
  },
  {
    name: 'a negative indicator score', rule: 'score-range', base: 0,
    inject: (f) => { f.indicators[1].score = -1; f.indicators[1].deviation = '未完成'; f.totalScore = 87.94; f.grade = '良'; },
    indicator: 1,
  },
  {
    name: 'the funds scored above their 分值', rule: 'score-range', base: 5,
    inject: (f) => { f.funds.total.weight = 9; f.totalWeight = 99; },
    message: '第 10 页：年度资金总额得分 10.00 高于分值 9.00',
    en: 'page 10: 「年度资金总额」 score 10.00 > weight 9.00',
  },
  {
    name: 'a printed 执行率 not 执行数 / 预算数', rule: 'execution-rate', base: 0,
    inject: (f) => { f.funds.currentYearAppropriation.executionRate = 99.54; },
    message: '第 1 页：当年财政拨款执行率 99.54 不等于全年执行数 98.45 ÷ 全年预算数 99.00 × 100 = 99.44',
    en: 'page 1: 「当年财政拨款」 execution rate 99.54 ≠ executed 98.45 / annual budget 99.00 × 100 = 99.44',
  },
  {
    name: 'a 执行率 where nothing was budgeted', rule: 'execution-rate', base: 0,
    inject: (f) => { f.funds.carryover.executionRate = 5; },
    message: '第 1 页：上年结转资金执行率 5.00 应为 0（全年预算数为 0）',
    en: 'page 1: 「上年结转资金」 execution rate 5.00 ≠ 0 (annual budget 0)',
  },
  {
    name: 'the funds 得分 not 分值 × 执行率', rule: 'funds-score', base: 0,
    inject: (f) => { f.funds.total.score = 9.5; f.totalScore = 93.5; },
  },
  {
    name: '年度资金总额 not the sum of its sources', rule: 'funds-rows-sum', base: 0,
    inject: (f) => { f.funds.carryover.annualBudget = 1; },
    message: '第 1 页：全年预算数：年度资金总额 99.00 不等于当年财政拨款 99.00 + 上年结转资金 1.00 + 其他资金 0.00 = 100.00',
    en: 'page 1: 「全年预算数」: 年度资金总额 99.00 ≠ 当年财政拨款 99.00 + 上年结转资金 1.00 + 其他资金 0.00 = 100.00',
  },
  {
    name: 'a grade outside its band', rule: 'grade-band', base: 0,
    inject: (f) => { f.grade = '良'; },
  },
  {
    name: 'a grade outside a configured band', rule: 'grade-band', base: 0,
    prepare: (f) => { f.grade = '良'; }, // 93.94 is 良 when 优 needs 95
    inject: (f) => { f.grade = '优'; },
    options: { gradeBands: parseGradeBands('优:95,良:80,中:60,差:0') },
  },
  {
    name: 'a deduction with no reason', rule: 'deduction-without-reason', base: 0,
    inject: (f) => { f.indicators[0].deviation = ''; },
    indicator: 0,
  },
  {
    name: 'full marks for an unmet target', rule: 'unmet-full-score', base: 0,
    inject: (f) => { f.indicators[0].score = 5; f.totalScore = 95.94; }, // =6.00(次), 3.00(次)
    indicator: 0,
  },
  {
    name: 'full marks above a ≤ target', rule: 'unmet-full-score', base: 0,
    inject: (f) => { f.indicators[10].actual = '1.50(小时)'; }, // ≤1.00(小时)
    indicator: 10,
  },
  {
    name: 'target and actual in different units', rule: 'unit-mismatch', base: 0,
    inject: (f) => { f.indicators[18].actual = '91.00(分)'; },
    indicator: 18,
  },
  {
    name: 'more executed than budgeted', rule: 'over-execution', base: 0,
    inject: (f) => execute(f, 100, 101.01, 10),
  },
  {
    name: 'a 执行率 below 90%', rule: 'low-execution-rate', base: 0,
    inject: (f) => execute(f, 88.5, 89.39, 8.94),
  },
  {
    name: 'a value read by OCR with low confidence', rule: 'low-ocr-confidence', base: 0, indicator: 8,
    inject: (f) => { f.ocr = { pages: [1], threshold: 90, confidence: 62, fields: { projectName: 97, 'indicators.8.target': 62 }, unplaced: [] }; },
    message: '第 1 页，指标第 9 行「硬件故障率」：target「≤5.00(%)」的 OCR 置信度 62 低于 90',
    en: 'page 1, indicator row 9 「硬件故障率」: target 「≤5.00(%)」: OCR confidence 62 < 90',
  },
  {
    name: 'every indicator with full marks', rule: 'all-full-marks', base: 1,
    inject: (f) => { for (const k of [16, 17, 18]) f.indicators[k].score = 5; f.totalScore = 100; },
  },
  {
    name: 'scores far ahead of spending', rule: 'score-outpaces-spending', base: 5,
    inject: (f) => execute(f, 0.5, 90.91, 9.09),
  },
];

describe('one injected fault: exactly its rule fires', () => {
  const forms = seedForms();
  for (const fault of FAULTS) {
    it(`${fault.rule}: ${fault.name}`, () => {
      const clean = structuredClone(forms[fault.base]);
      fault.prepare?.(clean);
      expect(rulesOf(clean, fault.options)).not.toContain(fault.rule);
      const form = structuredClone(clean);
      fault.inject(form);
      const findings = checkForm(form, fault.options);
      expect(findings.map((f) => f.rule)).toEqual([fault.rule]);
      const [finding] = findings;
      expect(finding.severity).toBe(fault.rule === 'all-full-marks' || fault.rule === 'score-outpaces-spending'
        ? 'info' : ['deduction-without-reason', 'unmet-full-score', 'unit-mismatch', 'over-execution', 'low-execution-rate', 'low-ocr-confidence'].includes(fault.rule)
          ? 'warning' : 'error');
      if (fault.indicator !== undefined) expect(finding.indicator).toBe(fault.indicator);
      if (fault.message) expect(finding.message).toBe(fault.message);
      if (fault.message) expect(findingMessage('zh', finding)).toBe(fault.message);
      if (fault.en) expect(findingMessage('en', finding)).toBe(fault.en);
      expect(() => FormSchema.parse(annotateForm(form, fault.options))).not.toThrow();
    });
  }

  it('covers every rule', () => {
    expect(new Set(FAULTS.map((f) => f.rule))).toEqual(new Set(RuleIdSchema.options));
  });
});

describe('rule details', () => {
  const forms = seedForms();

  it('execution-rate accepts both truncation and rounding to the printed decimals', () => {
    const form = structuredClone(forms[0]);
    for (const row of [form.funds.total, form.funds.currentYearAppropriation]) {
      row.annualBudget = 3000;
      row.executed = 2000; // 66.6666…%
    }
    const rateWith = (printed: number) => {
      form.funds.total.executionRate = printed;
      form.funds.currentYearAppropriation.executionRate = printed;
      return checkForm(form).filter((f) => f.rule === 'execution-rate');
    };
    expect(rateWith(66.66)).toEqual([]); // truncated
    expect(rateWith(66.67)).toEqual([]); // rounded
    expect(rateWith(66.7)).toHaveLength(2); // as a number it is taken as printed 66.70
    expect(checkForm(form, {}, fundsPrecision({ total: { executionRate: '66.7' } })).filter((f) => f.rule === 'execution-rate'))
      .toHaveLength(1); // printed 66.7: only the 当年财政拨款 row, whose text is not known, is wrong
    expect(rateWith(66.68)).toHaveLength(2);
    expect(rateWith(66.65)).toHaveLength(2);
  });

  it('execution-rate reads the printed decimals when the extractor saw them', () => {
    const form = structuredClone(forms[0]);
    form.funds.total.executionRate = 99; // 99.44% printed as 99.00 is wrong, as 99 it is truncated
    const precision = fundsPrecision({ total: { executionRate: '99.00', annualBudget: '99.00', executed: '98.45' } });
    expect(precision.total).toEqual({ executionRate: 2, annualBudget: 2, executed: 2 });
    const rules = (p: Parameters<typeof checkForm>[2]) => checkForm(form, {}, p).filter((f) => f.rule === 'execution-rate');
    expect(rules(precision)).toHaveLength(1);
    expect(rules(fundsPrecision({ total: { executionRate: '99%' } }))).toEqual([]);
  });

  it('a form carries its printed decimals (funds.decimals): saved JSON checks as the PDF did', () => {
    const form = structuredClone(forms[0]);
    form.funds.total.executionRate = 99; // 99.44%: wrong printed as 99.00, truncated printed as 99
    const rules = (f: Form) => checkForm(f).filter((x) => x.rule === 'execution-rate');
    delete form.funds.decimals;
    expect(rules(form)).toHaveLength(1); // unknown: at least 2 decimals assumed
    form.funds.decimals = fundsPrecision({ total: { executionRate: '99', annualBudget: '99.00', executed: '98.45' } });
    expect(rules(form)).toEqual([]);
    expect(rules(JSON.parse(JSON.stringify(form)) as Form)).toEqual([]);
  });

  it('funds-score accepts the score from the printed or the unrounded rate', () => {
    const form = structuredClone(forms[0]);
    form.funds.total.annualBudget = 3000;
    form.funds.total.executed = 2000; // 66.6667%
    form.funds.total.executionRate = 66; // printed without decimals
    const fires = (score: number) => {
      form.funds.total.score = score;
      return rulesOf(form).includes('funds-score');
    };
    expect(fires(6.6)).toBe(false); // 10 × 66%
    expect(fires(6.67)).toBe(false); // 10 × 66.6667%
    expect(fires(6.63)).toBe(true);
    form.funds.total.executionRate = 120; // the rate counts up to 100%
    form.funds.total.executed = 3600;
    expect(fires(10)).toBe(false);
    expect(fires(9.5)).toBe(true);
    form.funds.total.score = 12; // above 分值: score-range's finding, not this rule's
    expect(rulesOf(form).filter((r) => r === 'score-range' || r === 'funds-score')).toEqual(['score-range']);
  });

  it('severities can be changed or rules turned off', () => {
    const form = structuredClone(forms[1]);
    expect(checkForm(form, { severity: { 'deduction-without-reason': 'error' } }).map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(checkForm(form, { severity: { 'deduction-without-reason': 'off' } })).toEqual([]);
    expect(parseSeverityOverride('grade-band=warning')).toEqual(['grade-band', 'warning']);
    expect(() => parseSeverityOverride('no-such-rule=error')).toThrow(/RULE one of/);
  });

  it('grade bands parse from text, full-width punctuation too', () => {
    expect(parseGradeBands('优：90，良：80，中：60，差：0')).toEqual([
      { grade: '优', min: 90 }, { grade: '良', min: 80 }, { grade: '中', min: 60 }, { grade: '差', min: 0 },
    ]);
    expect(() => parseGradeBands('优=x')).toThrow(/not GRADE:MIN/);
    const form = structuredClone(forms[11]); // 89.78 良
    expect(rulesOf(form)).not.toContain('grade-band');
    form.grade = '良好';
    expect(rulesOf(form)).not.toContain('grade-band'); // 良好 names 良
    form.totalScore = 59.99;
    form.grade = '中';
    expect(checkForm(form).find((f) => f.rule === 'grade-band')?.expected).toBe('差');
  });

  it('a form with one fault fails CI at its severity', () => {
    const form = structuredClone(forms[0]);
    form.grade = '良';
    const results = [resultOf([annotateForm(form), annotateForm(forms[1])])];
    const counts = countFindings(results);
    expect(counts).toEqual({ files: 1, unreadable: 0, forms: 2, partial: 0, error: 1, warning: 3, info: 0 });
    expect(failsOn(counts, 'error')).toBe(true);
    expect(failsOn(counts, 'never')).toBe(false);
    const clean = countFindings([resultOf([annotateForm(forms[1])])]);
    expect(failsOn(clean, 'error')).toBe(false);
    expect(failsOn(clean, 'warning')).toBe(true);
    expect(failsOn(clean, 'info')).toBe(true);
  });
});
