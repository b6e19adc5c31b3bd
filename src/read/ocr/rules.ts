// Ruling lines of a page image: long dark runs along the rows (horizontal rules) and the columns
// (vertical rules). Gaps up to `ruleGap` are bridged (broken lines, scan dropouts); runs in
// neighbouring pixel rows that overlap are one rule, placed at their mean; anything thicker
// than a rule (a stamp's star, a filled block) is not one. Text strokes are far shorter than
// `minRuleLength`. Output: the segments the text-layer reader gives layout, in points.
import type { Segment } from '../../geometry/index.js';
import type { Gray } from './image.js';
import { OCR_SETTINGS, type OcrSettings } from './settings.js';

interface Run {
  /** the row (h) or column (v) of the run, and where it starts and ends along it */
  pos: number;
  from: number;
  to: number;
}

interface Rule {
  posSum: number;
  n: number;
  first: number;
  last: number;
  from: number;
  to: number;
  /** its runs */
  runs: Run[];
}

/**
 * Runs along the rows of a mask (`transpose` false) or its columns (true). Scans rows in
 * memory order either way; for columns each column keeps its own run state.
 */
function runs(mask: Uint8Array, width: number, height: number, vertical: boolean, minLen: number, gap: number, minDensity: number): Run[] {
  const out: Run[] = [];
  const lanes = vertical ? width : height;
  const start = new Int32Array(lanes).fill(-1);
  const lastInk = new Int32Array(lanes).fill(-1);
  const ink = new Int32Array(lanes);
  const close = (lane: number) => {
    const len = lastInk[lane] - start[lane] + 1;
    // a rule is nearly solid; a row through a line of text is not
    if (start[lane] >= 0 && len >= minLen && ink[lane] >= minDensity * len) out.push({ pos: lane, from: start[lane], to: lastInk[lane] + 1 });
    start[lane] = -1;
    ink[lane] = 0;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const lane = vertical ? x : y;
      const along = vertical ? y : x;
      if (mask[row + x]) {
        if (start[lane] < 0 || along - lastInk[lane] - 1 > gap) {
          close(lane);
          start[lane] = along;
        }
        lastInk[lane] = along;
        ink[lane]++;
      }
    }
    if (!vertical) close(y);
  }
  if (vertical) for (let x = 0; x < width; x++) close(x);
  return out;
}

/** Runs of neighbouring lanes that overlap along their length -> rules. */
function mergeRuns(list: Run[], mergePx: number): Rule[] {
  list.sort((a, b) => a.pos - b.pos || a.from - b.from);
  const open: Rule[] = [];
  const done: Rule[] = [];
  for (const r of list) {
    // rules whose last lane is too far behind are finished
    for (let k = open.length - 1; k >= 0; k--) {
      if (r.pos - open[k].last > mergePx) done.push(...open.splice(k, 1));
    }
    const len = r.to - r.from;
    const into = open.find((o) => Math.min(o.to, r.to) - Math.max(o.from, r.from) > 0.5 * Math.min(len, o.to - o.from));
    if (into) add(into, r);
    else open.push(ruleOf([r]));
  }
  return done.concat(open);
}

function add(rule: Rule, r: Run): void {
  rule.posSum += r.pos;
  rule.n++;
  rule.first = Math.min(rule.first, r.pos);
  rule.last = Math.max(rule.last, r.pos);
  rule.from = Math.min(rule.from, r.from);
  rule.to = Math.max(rule.to, r.to);
  rule.runs.push(r);
}

function ruleOf(runs: Run[]): Rule {
  const [r, ...rest] = runs;
  const rule = { posSum: r.pos, n: 1, first: r.pos, last: r.pos, from: r.from, to: r.to, runs: [r] };
  for (const o of rest) add(rule, o);
  return rule;
}

/**
 * A rule's own lanes: its runs at least half its length, where it has any (a rule drifting over
 * lanes has none: all of it). A seal's ring running beside a rule near where it touches, merged
 * in along a short stretch, neither thickens it past a rule's width nor moves it.
 */
function lanesOf(rule: Rule): Rule {
  const long = rule.runs.filter((r) => r.to - r.from >= 0.5 * (rule.to - rule.from));
  return long.length && long.length < rule.runs.length ? ruleOf(long) : rule;
}

/**
 * Where along a rule ink lies just beside it (`off` px above and below, or left and right): a
 * rule has paper there but where rules cross it or text touches it; a stroke inside a line of
 * text has the characters' other strokes. One flag a pixel of its length; null off the page.
 */
function flankHits(mask: Uint8Array, width: number, height: number, rule: Rule, vertical: boolean, off: number): Uint8Array | null {
  const a = rule.first - off, b = rule.last + off;
  if (a < 0 || b >= (vertical ? width : height)) return null;
  const hits = new Uint8Array(rule.to - rule.from);
  for (let t = rule.from; t < rule.to; t++) {
    const at = (lane: number) => (vertical ? mask[t * width + lane] : mask[lane * width + t]);
    if (at(a) || at(b)) hits[t - rule.from] = 1;
  }
  return hits;
}

/**
 * The stretches of a rule with paper beside them all along (`reach` px on from any ink there,
 * but where a rule crosses it: `crossings`, px along it), at least minLen long: a light rule a
 * seal's ring and lettering cross, or text touches in one cell, is still a rule on either side.
 */
function cleanStretches(hits: Uint8Array, from: number, reach: number, minLen: number, crossings: number[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let t = 0; t <= hits.length; t++) {
    if (t < hits.length && (!hits[t] || crossings.some((c) => Math.abs(c - from - t) <= reach))) continue;
    if (t - reach - start >= minLen) out.push([from + start, from + t - reach]);
    start = t + reach + 1;
  }
  return out;
}

/**
 * The mask rules are looked for in: the ink mask (taken before a stamp is taken out of the
 * page, so rules under a stamp are there), and pixels of the page as OCR reads it (`gray`)
 * `ruleInkShare` of the way from the ink threshold to the paper's tone (the median of the
 * lighter pixels). A scan prints hairlines lighter than text (blur and turning spread a 1-px
 * line over 2–3 rows); length, density and flanks still tell a rule from text.
 */
export function ruleMask(gray: Gray, ink: Uint8Array, threshold: number, S: OcrSettings = OCR_SETTINGS, mask: Uint8Array = new Uint8Array(gray.data.length)): Uint8Array {
  const hist = new Float64Array(256);
  for (let i = 0; i < gray.data.length; i++) hist[gray.data[i]]++;
  let light = 0;
  for (let v = threshold + 1; v < 256; v++) light += hist[v];
  let paper = 255;
  for (let v = threshold + 1, seen = 0; v < 256; v++) if ((seen += hist[v]) >= light / 2) { paper = v; break; }
  const level = threshold + S.ruleInkShare * (paper - threshold);
  for (let i = 0; i < mask.length; i++) mask[i] = ink[i] || gray.data[i] <= level ? 1 : 0;
  return mask;
}

/** The rules of a mask (flanks looked at in `ink`), in points. */
function rulesOf(mask: Uint8Array, ink: Uint8Array, width: number, height: number, scale: number, S: OcrSettings, gapPt = S.ruleGap, density = S.minRuleDensity, flanks = S.maxFlankShare, split?: Segment[]): Segment[] {
  const minLen = Math.round(S.minRuleLength * scale);
  const gap = Math.round(gapPt * scale);
  const maxThick = Math.max(2, Math.round(S.maxRuleThickness * scale));
  const off = Math.max(2, Math.round(S.flankOffset * scale));
  const segments: Segment[] = [];
  for (const vertical of [false, true]) {
    for (const merged of mergeRuns(runs(mask, width, height, vertical, minLen, gap, density), S.ruleMergePx)) {
      const rule = lanesOf(merged);
      if (rule.last - rule.first + 1 > maxThick) continue;
      const hits = flankHits(ink, width, height, rule, vertical, off);
      if (!hits) continue;
      const dirty = hits.reduce((n, h) => n + h, 0);
      // with `split`, a rule with too much ink beside it keeps its long clean stretches
      // the centre of the pixel lane, in points
      const pos = (rule.posSum / rule.n + 0.5) / scale;
      // (where the rules found cross it, px along it, do not part it)
      const stretches: [number, number][] = dirty <= flanks * hits.length ? [[rule.from, rule.to]]
        : split ? cleanStretches(hits, rule.from, off, Math.round(S.minFreeRule * scale), crossingsOf(split, vertical ? 'v' : 'h', pos, S.ruleEndTolerance).map((c) => Math.round(c * scale))) : [];
      for (const [a, b] of stretches) {
        const from = a / scale, to = b / scale;
        segments.push(vertical
          ? { orientation: 'v', x0: pos, x1: pos, y0: from, y1: to }
          : { orientation: 'h', x0: from, x1: to, y0: pos, y1: pos });
      }
    }
  }
  return segments;
}

const span = (s: Segment): [number, number, number] => (s.orientation === 'h' ? [s.y0, s.x0, s.x1] : [s.x0, s.y0, s.y1]);

/** Where the rules of `found` across a line (its orientation, at `pos`) cross it, along it. */
const crossingsOf = (found: Segment[], orientation: 'h' | 'v', pos: number, tol: number): number[] =>
  found.filter((f) => f.orientation !== orientation && span(f)[1] <= pos + tol && span(f)[2] >= pos - tol).map((f) => span(f)[0]);

/**
 * `found` with `seg` laid over it: the rules of `found` along it (within tol) become one over
 * the stretches between them where the hairline printed lighter. Past the outermost of them,
 * `seg` counts where it runs on for minLen, or as far as the last rule across it if `ruled` says
 * that stretch is a rule's (a row of text strokes run on into a merged cell is not).
 */
function joinAlong(found: Segment[], seg: Segment, tol: number, minLen: number, ruled: (seg: Segment, a: number, b: number) => boolean): Segment[] {
  const [pos, from, to] = span(seg);
  const along = (f: Segment) => {
    const [p, a, b] = span(f);
    return f.orientation === seg.orientation && Math.abs(p - pos) <= tol && a <= to + tol && b >= from - tol;
  };
  const parts = found.filter(along).map(span);
  let a = Math.min(...parts.map((p) => p[1])), b = Math.max(...parts.map((p) => p[2]));
  const crossings = crossingsOf(found, seg.orientation, pos, tol);
  if (!parts.length || a - from >= minLen) a = from;
  else {
    const c = Math.min(a, ...crossings.filter((c) => c >= from - tol && c < a));
    if (c < a && ruled(seg, c, a)) a = c;
  }
  if (!parts.length || to - b >= minLen) b = to;
  else {
    const c = Math.max(b, ...crossings.filter((c) => c <= to + tol && c > b));
    if (c > b && ruled(seg, b, c)) b = c;
  }
  return [...found.filter((f) => !along(f)), seg.orientation === 'h' ? { ...seg, x0: a, x1: b } : { ...seg, y0: a, y1: b }];
}

/**
 * Is the stretch a..b (points) of a rule's line a rule: `faint` along it for S.minRuleDensity of
 * its length, with paper beside it in the ink mask (as rulesOf asks of a rule)?
 */
function ruledStretch(mask: Uint8Array, faint: Uint8Array, width: number, height: number, scale: number, S: OcrSettings) {
  return (seg: Segment, a: number, b: number): boolean => {
    const vertical = seg.orientation === 'v';
    const lane = Math.round(span(seg)[0] * scale - 0.5), lanes = vertical ? width : height;
    const off = Math.max(2, Math.round(S.flankOffset * scale));
    if (lane - off < 0 || lane + off >= lanes) return false;
    const at = (m: Uint8Array, l: number, t: number) => (vertical ? m[t * width + l] : m[l * width + t]);
    let ink = 0, flank = 0, n = 0;
    for (let t = Math.round(a * scale); t < Math.round(b * scale); t++, n++) {
      if (at(faint, lane - 1, t) || at(faint, lane, t) || at(faint, lane + 1, t)) ink++;
      if (at(mask, lane - off, t) || at(mask, lane + off, t)) flank++;
    }
    return n > 0 && ink >= S.minRuleDensity * n && flank <= S.maxFlankShare * n;
  };
}

/**
 * The ruling segments of a page image; `scale` is pixels per point. Rules are runs of the ink
 * `mask`; with `faint` (see ruleMask), the long rules found there too where the ink has none
 * (a hairline scanned light, or dashed by a one-bit scan), their flanks still looked at in the
 * ink mask (the lighter mask would find a blurred line's own fringe there).
 */
export function findRules(mask: Uint8Array, width: number, height: number, scale: number, S: OcrSettings = OCR_SETTINGS, faint?: Uint8Array): Segment[] {
  let segments = rulesOf(mask, mask, width, height, scale, S);
  if (faint) {
    // long ones only: a short run between two rules may be a row of strokes in a narrow cell
    const length = (seg: Segment) => span(seg)[2] - span(seg)[1];
    const light = rulesOf(faint, mask, width, height, scale, S, S.faintRuleGap, S.faintRuleDensity, S.faintFlankShare, segments).filter((seg) => length(seg) >= S.minFreeRule);
    const ruled = ruledStretch(mask, faint, width, height, scale, S);
    for (const seg of light) segments = joinAlong(segments, seg, S.ruleEndTolerance, S.minFreeRule, ruled);
  }
  // a short rule ends on a rule across it, or where two long ones along it end too: the edge of
  // a table continued from the page before, which has no rule across its top (short ones do not
  // count: strokes of text centred alike in a column end alike)
  const tol = S.ruleEndTolerance;
  const long = segments.filter((o) => span(o)[2] - span(o)[1] >= S.minFreeRule);
  const endsWith = (seg: Segment, at: number) => long.filter((o) => o.orientation === seg.orientation && (Math.abs(span(o)[1] - at) <= tol || Math.abs(span(o)[2] - at) <= tol)).length >= 2;
  const ends = (seg: Segment, at: number) => (seg.orientation === 'h' ? touches(segments, 'v', at, seg.y0, tol) : touches(segments, 'h', at, seg.x0, tol)) || endsWith(seg, at);
  return segments.filter((seg) => {
    const [, from, to] = span(seg);
    return to - from >= S.minFreeRule || (ends(seg, from) && ends(seg, to));
  });
}

/** Does a rule of `orientation` pass through (pos along it is `along`, its own position `at`)? */
function touches(segments: Segment[], orientation: 'h' | 'v', at: number, along: number, tol: number): boolean {
  return segments.some((s) => s.orientation === orientation && (orientation === 'v'
    ? Math.abs(s.x0 - at) <= tol && along >= s.y0 - tol && along <= s.y1 + tol
    : Math.abs(s.y0 - at) <= tol && along >= s.x0 - tol && along <= s.x1 + tol));
}
