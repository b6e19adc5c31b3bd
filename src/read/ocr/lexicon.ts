// The templates' words (the headers and labels parse looks for, as printed) and the word a cell's
// text misses by one character: what OCR gets wrong in a header (实际完成什 → 实际完成值) is put
// right from them.

/** Template words of the forms' headers and labels (what parse looks for, as printed). */
export const LEXICON = [
  '项目名称', '主管部门', '主管单位', '实施单位', '执行单位', '项目资金', '年初预算数', '全年预算数', '全年执行数', '执行率',
  '年度资金总额', '当年财政拨款', '本年财政拨款', '其中：当年财政拨款', '其中：本年财政拨款', '上年结转资金', '其他资金',
  '年度总体目标', '预期目标', '实际完成情况', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值',
  '偏差原因分析及改进措施', '未完成原因分析及改进措施', '评分等级', '自评等级', '评价等级', '达成指标', '部分达成',
  '产出指标', '效益指标', '满意度指标', '数量指标', '质量指标', '时效指标', '成本指标', '经济效益指标', '社会效益指标',
  '生态效益指标', '可持续影响指标', '服务对象满意度指标',
  // other templates' words (parse/labels.ts): a word of one template is not another's misread
  '年度预算数', '调整后预算数', '全年调整预算数', '预算执行数', '预算执行率', '实际执行数', '预算执行情况', '资金情况',
  '财政专户管理资金', '单位资金', '其中：财政资金', '指标性质', '度量单位', '计量单位', '项目年度目标', '年初设定目标',
  '年度目标完成情况', '全年实际完成情况', '转移支付项目名称', '专项资金名称', '中央主管部门', '地方主管部门', '县级主管部门',
  '部门单位名称', '资金使用单位', '负责人及电话', '自评总分', '自评得分', '执行率得分', '执行率权重', '全年完成值',
  '全年实际完成值', '年初绩效目标', '全年目标实际完成情况', '绩效等级', '转移支付名称', '年度预算申请', '预算资金',
  '总体目标', '年度目标', '绩效目标', '实际完成', '原因分析', '改进措施', '偏差原因', '未完成原因', '指标解释', '评分标准',
  '指标说明及评分标准', '绩效指标', '年度绩效指标', '项目基本情况', '年度绩效指标完成情况', '评价结论', '自评结论',
  '存在问题', '存在的问题及改进措施', '项目负责人', '财务负责人', '报表编号', '联系电话', '财政处室', '填报单位',
  '负责人', '联系人', '填报人', '审核人', '预算部门',
  // short words, put right in a header row only (headerWords): elsewhere 分钟 is a unit, not 分值
  '分值', '得分', '分数', '权重', '完成值', '指标值', '目标值', '备注', '未完成原因分析',
  // the family's titles (REGIONAL-TEMPLATES): a title line read one character off
  '财政项目支出绩效自评表', '项目支出绩效自评表', '部门预算项目支出绩效自评表', '部门整体支出绩效自评表', '部门整体绩效自评表',
  '专项资金绩效目标自评表', '转移支付区域绩效自评表',
];

/**
 * The units indicator values are counted in (年度指标值 ≥90.00(%), 50.00(条/秒)), as characters:
 * a unit after a number read with another character is misread (条/秘). Letters, digits and
 * ASCII marks are units' too (TB, km², Mbps, 小时*7天).
 */
const UNITS = [
  '%', '‰', '℃', '个', '次', '人', '户', '项', '家', '台', '套', '件', '份', '篇', '场', '期', '批', '本', '册', '座', '所', '处',
  '条', '株', '棵', '亩', '公顷', '平方米', '立方米', '米', '公里', '千米', '吨', '天', '日', '月', '年', '小时', '分钟', '秒',
  '周', '起', '例', '宗', '辆', '艘', '头', '只', '张', '部', '名', '位', '床', '间', '栋', '元', '万', '亿', '千', '百', '分',
  '倍', '级', '星', '档', '轮', '课时', '学时', '班', '节', '门', '组', '队', '对', '双', '盏', '根', '段', '片', '块', '口',
  '眼', '孔', '圈', '趟', '餐', '剂', '支', '瓶', '盒', '箱', '袋', '包', '斤', '克', '公斤', '千克', '瓦', '千瓦时', '度',
  '兆', '字', '页', '届', '类', '种', '款', '区', '村', '镇', '乡', '街', '校', '园', '馆', '站', '点', '单', '票', '证',
  '卷', '幅', '集', '首', '季', '车', '架', '百分点', '平方', '立方', '时', '每', '以', '上', '下', '内', '累计', '标准',
  '㎡', '㎞', '㎏', '²', '³', '·', '／', '＊', '×',
];
const UNIT_CHAR = new Set([...UNITS.join('')]);

/** A unit in brackets right after a number, one of whose characters no unit has. */
export function unknownUnit(text: string): boolean {
  for (const [, unit] of text.matchAll(/\d\s*[(（]([^()（）]{1,6})[)）]/g)) if ([...unit].some((ch) => !UNIT_CHAR.has(ch) && !/[\x21-\x7e\s]/.test(ch))) return true;
  return false;
}

/** A cell at the bottom (end) or the top (start) of the page's tables: a page break may cut it. */
export interface Cut {
  start?: boolean;
  end?: boolean;
}

/** Template words too rare to put a misread right to: 分什 is 分值 (分数 is one character off too). */
const RARE_WORDS = new Set(['分数']);

/** A label's words, without a colon or a bracket after them (执行率(%) → 执行率). */
export const labelWords = (t: string) => t.replace(/[（(][^)）]*[)）]$/, '').replace(/[:：]$/, '');
/** Is a cell's text a template word (LEXICON), as printed, whatever its colon or bracket? */
export const isTemplateWord = (t: string) => LEXICON.includes(labelWords(t));

/**
 * The lexicon word (at least `minLength` characters) a cell's text misses by one character: one
 * substitution, or one character dropped or added (质指标 → 质量指标), its colon or bracket
 * kept (年度资金总矣： → 年度资金总额：, 实际完成什(B) → 实际完成值(B)); undefined when none or
 * more than one (a word one character misread wins over one a character longer or shorter).
 * `cut`: where a page break may have cut the cell (see above).
 */
export function lexiconWord(text: string, minLength = 4, cut: Cut = {}): string | undefined {
  // a label's colon is not part of the word, nor a bracket after it (实际完成值(B), 执行率(%))
  const after = /[:：]$|[（(][^（()）]*[)）]$/.exec(text)?.[0];
  if (after && after.length < text.length) {
    const word = lexiconWord(text.slice(0, -after.length), minLength);
    return word && word + after;
  }
  const chars = [...text];
  if (chars.length < minLength - 1 || LEXICON.includes(text)) return undefined;
  const hits = LEXICON.filter((w) => {
    const wc = [...w];
    if (RARE_WORDS.has(w)) return false;
    if (wc.length < minLength) return false;
    if (wc.length === chars.length) {
      let diff = 0;
      for (let k = 0; k < wc.length && diff < 2; k++) if (wc[k] !== chars[k]) diff++;
      return diff === 1;
    }
    // one character more in one of them: dropping it from the longer gives the shorter; in a
    // cell a page break may have cut, a word's first or last characters alone are no misread
    // of it (满意度指 | 标: its rest is on the next page)
    const [long, short] = wc.length > chars.length ? [wc, chars] : [chars, wc];
    if (long.length !== short.length + 1) return false;
    if (long === wc && ((cut.end && w.startsWith(text)) || (cut.start && w.endsWith(text)))) return false;
    let k = 0;
    while (k < short.length && long[k] === short[k]) k++;
    return long.slice(k + 1).join('') === short.slice(k).join('');
  });
  // a character misread is likelier than one dropped or added: 实际完成什 is 实际完成值, not 实际完成
  const same = hits.filter((w) => [...w].length === chars.length);
  return hits.length === 1 ? hits[0] : same.length === 1 ? same[0] : undefined;
}
