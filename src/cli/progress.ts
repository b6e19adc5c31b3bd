// Progress of a batch on stderr: a one-line bar (files done/total, pages/s, ETA, failures so
// far) redrawn in place while stderr is a terminal, and the final summary line.

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  total: number;
  /** draw the bar (a terminal, not --quiet) */
  bar: boolean;
  now?: () => number;
}

/** What the progress line counts of a finished file. */
export interface Settled {
  pages: number;
  forms: number;
  /** could not be extracted, or read with errors */
  failed: boolean;
}

export interface Tally {
  files: number;
  forms: number;
  pages: number;
  failed: number;
}

const REDRAW_MS = 100;

export class Progress {
  readonly tally: Tally = { files: 0, forms: 0, pages: 0, failed: 0 };
  private readonly started: number;
  private drawn = false;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    if (options.bar) {
      this.timer = setInterval(() => this.draw(), 500);
      this.timer.unref();
    }
  }

  /** A file finished (in any order). */
  settle(s: Settled): void {
    const t = this.tally;
    t.files++;
    t.forms += s.forms;
    t.pages += s.pages;
    if (s.failed) t.failed++;
    if (this.options.bar && this.now() - this.lastDraw >= REDRAW_MS) this.draw();
  }

  /** Write a line (a failure message) above the bar. */
  log(line: string): void {
    if (this.drawn) this.options.stream.write('\r\x1b[2K');
    this.drawn = false;
    this.options.stream.write(line.endsWith('\n') ? line : line + '\n');
    if (this.options.bar) this.draw();
  }

  /** Remove the bar for good. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.options.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  elapsedMs(): number {
    return this.now() - this.started;
  }

  /** The bar's text for a terminal `columns` wide. */
  line(columns = 80): string {
    const { files, pages, failed } = this.tally;
    const total = this.options.total;
    const secs = this.elapsedMs() / 1000;
    const rate = secs > 0 ? pages / secs : 0;
    const eta = files > 0 && total > files ? formatDuration(((total - files) * secs) / files) : files >= total ? '0s' : '?';
    const text = ` ${files}/${total} files  ${rate.toFixed(1)} pages/s  ETA ${eta}  ${failed} failed`;
    const width = Math.max(0, Math.min(30, columns - text.length - 3));
    if (width < 5) return text.trim().slice(0, Math.max(0, columns - 1));
    const full = total > 0 ? Math.round((width * files) / total) : width;
    return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]${text}`;
  }

  /** Files, forms, pages, failures, time. */
  summary(): string {
    const { files, forms, pages, failed } = this.tally;
    const secs = this.elapsedMs() / 1000;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const rate = secs > 0 ? ` (${(pages / secs).toFixed(1)} pages/s)` : '';
    return `${plural(files, 'file')}, ${plural(forms, 'form')}, ${plural(pages, 'page')}, ${failed} failed, ${secs.toFixed(1)} s${rate}`;
  }

  private draw(): void {
    if (!this.options.bar) return;
    this.lastDraw = this.now();
    const columns = this.options.stream.columns || 80; // a terminal of unknown size says 0
    this.options.stream.write(`\r\x1b[2K${this.line(columns)}`);
    this.drawn = true;
  }
}

export function formatDuration(secs: number): string {
  const s = Math.max(0, Math.round(secs));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
