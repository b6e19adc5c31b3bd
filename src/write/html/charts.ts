// Inline SVG charts of the visual report, pure functions of numbers: a histogram, a scatter plot
// with labelled outliers, horizontal bars. No script, no external resource.

export const esc = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const W = 520;
const H = 260;
const PAD = { left: 44, right: 16, top: 16, bottom: 40 };

/** Counts of `values` in bins of `width` from `from` to `to` (values below go to the first bin). */
export function bins(values: number[], from: number, to: number, width: number): { lo: number; hi: number; count: number }[] {
  const out = [];
  for (let lo = from; lo < to; lo += width) out.push({ lo, hi: lo + width, count: 0 });
  for (const v of values) {
    const k = Math.min(out.length - 1, Math.max(0, Math.floor((v - from) / width)));
    out[k].count++;
  }
  return out;
}

export function histogram(values: number[], title: string): string {
  const from = Math.min(60, Math.floor(Math.min(100, ...values) / 5) * 5);
  const data = bins(values, from, 100, 5);
  const max = Math.max(1, ...data.map((d) => d.count));
  const bw = (W - PAD.left - PAD.right) / data.length;
  const y = (n: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * n) / max;
  const bars = data.map((d, k) => {
    const x = PAD.left + k * bw;
    return `<rect class="bar" x="${x + 2}" y="${y(d.count)}" width="${bw - 4}" height="${H - PAD.bottom - y(d.count)}"><title>${d.lo}–${d.hi}: ${d.count}</title></rect>`
      + (d.count ? `<text x="${x + bw / 2}" y="${y(d.count) - 3}" text-anchor="middle">${d.count}</text>` : '')
      + `<text x="${x + bw / 2}" y="${H - PAD.bottom + 14}" text-anchor="middle">${d.lo}</text>`;
  }).join('');
  return svg(title, `${axes()}${bars}`);
}

export interface Point {
  x: number;
  y: number;
  label: string;
  href?: string;
  outlier: boolean;
}

export function scatter(points: Point[], title: string, xLabel: string, yLabel: string): string {
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const x0 = Math.min(0, ...xs), x1 = Math.max(100, ...xs), y0 = Math.min(0, ...ys), y1 = Math.max(100, ...ys);
  const sx = (v: number) => PAD.left + ((W - PAD.left - PAD.right) * (v - x0)) / (x1 - x0 || 1);
  const sy = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * (v - y0)) / (y1 - y0 || 1);
  const diagonal = `<line class="diag" x1="${sx(Math.max(x0, y0))}" y1="${sy(Math.max(x0, y0))}" x2="${sx(Math.min(x1, y1))}" y2="${sy(Math.min(x1, y1))}"/>`;
  const ticks = [0, 25, 50, 75, 100].map((v) =>
    `<text x="${sx(v)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${v}</text><text x="${PAD.left - 4}" y="${sy(v) + 4}" text-anchor="end">${v}</text>`).join('');
  const dots = points.map((p) => {
    const dot = `<circle class="${p.outlier ? 'dot outlier' : 'dot'}" cx="${sx(p.x)}" cy="${sy(p.y)}" r="${p.outlier ? 4 : 3}"><title>${esc(p.label)}: ${p.x.toFixed(2)}, ${p.y.toFixed(2)}</title></circle>`
      + (p.outlier ? `<text class="label" x="${sx(p.x) + 6}" y="${sy(p.y) - 4}">${esc(p.label.length > 14 ? `${p.label.slice(0, 14)}…` : p.label)}</text>` : '');
    return p.href ? `<a href="${esc(p.href)}">${dot}</a>` : dot;
  }).join('');
  const labels = `<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>`
    + `<text x="12" y="${(H - PAD.bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(H - PAD.bottom) / 2})">${esc(yLabel)}</text>`;
  return svg(title, `${axes()}${diagonal}${ticks}${dots}${labels}`);
}

export function bars(data: { label: string; count: number; cls?: string }[], title: string): string {
  const rowH = 22;
  const h = PAD.top + data.length * rowH + 8;
  const labelW = 200;
  const max = Math.max(1, ...data.map((d) => d.count));
  const body = data.map((d, k) => {
    const y = PAD.top + k * rowH;
    const w = ((W - labelW - 60) * d.count) / max;
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(d.label)}</text>`
      + `<rect class="bar ${d.cls ?? ''}" x="${labelW}" y="${y + 3}" width="${Math.max(1, w)}" height="${rowH - 6}"/>`
      + `<text x="${labelW + w + 4}" y="${y + 15}">${d.count}</text>`;
  }).join('');
  return svg(title, body, h);
}

const axes = () =>
  `<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>`
  + `<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>`;

const svg = (title: string, body: string, h = H) =>
  `<figure class="chart"><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(title)}">${body}</svg></figure>`;
