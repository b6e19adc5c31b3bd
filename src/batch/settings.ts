// The pool's limits and how it watches its workers, each named once with its reason (as the
// stages' settings are). Memory figures were measured on a 2-core machine (see BENCHMARKS.md).

/**
 * Defaults of the limits a caller sets (the CLI's --timeout, per page, and --max-memory, per
 * worker: its heap in use plus the buffers outside it, beyond the file it reads). A worker
 * reading the fixtures uses 50–90 MB by that count; a long report no more (pages are not kept).
 */
export const POOL_DEFAULTS = { timeoutMs: 60_000, maxMemoryMb: 160 } as const;

export const POOL_SETTINGS = {
  /**
   * What a worker reading scanned pages needs beyond --max-memory, in what it reports (its heap
   * and buffers): the 300-dpi page's grey images, ~9 MB each for A4 (measured: ~35 MB over the
   * 160 MB default on the fixtures and the lead's scans; room for A3).
   */
  ocrPageMb: 150,
  /**
   * What the process needs beyond that for each worker that has read scanned pages, which the
   * worker cannot report: a page canvas's native pixels (a page that is not a plain scan: 8 MB
   * strips at 300 dpi, let go once read back) and what the allocator keeps of them and of the
   * page images.
   */
  ocrNativeMb: 100,
  /**
   * The process's one OCR engine (in the OCR worker's thread), once it is started: its
   * WebAssembly heap (~40–50 MB warm) is in the worker's reports, its compiled code and what
   * compiling it leaves with the allocator (~10–20 MB) in no one's; counted generously, as a
   * tesseract thread of its own once needed (see BENCHMARKS.md).
   */
  ocrEngineMb: 200,
  /**
   * Page images held at once in the process (workers reading text-layer files go on meanwhile):
   * one, as the process has one engine, which reads one page's cells at a time. Held in one
   * worker only, the OCR worker (pool.ts): turns taken in two workers in turn left both with a
   * page image's high-water memory (glibc's arena per thread, a grown heap), ~130 MB more at -j 2.
   */
  ocrPagesAtOnce: 1,
  /**
   * What a worker may hold for each byte of the file it reads, beyond --max-memory: the bytes
   * themselves (held once, by pdfjs) and pdfjs's index of the objects in them, up to ~1.7× their
   * size in a file of many small objects (pdfunite's join of Chromium reports: 3.4 M objects in
   * 194 MB, a 330 MB index). A small hostile file gains nothing by it.
   */
  fileShare: 3,
  /** What a worker may grow by for each page of its file read (pdfjs: ~6 KB a page). */
  pageAllowanceBytes: 8 * 1024,
  /**
   * The V8 heap limit of each worker, at least this whatever --max-memory says: it also sets how
   * far V8 lets a heap grow between full collections (its growing factor: ~1.4 at 512 MB, ~1.6
   * at 1024 MB, 4 from 2048 MB), so a smaller one makes every file slower. The pool's own watch
   * keeps the memory actually used under --max-memory.
   */
  v8HeapMb: 512,
  /**
   * Young generation of each worker. 28–48 MB are 10–18% faster at -j 2 but peak at 290–340 MB
   * RSS; 24 MB keeps two workers under 300 MB (16 saves nothing more).
   */
  youngGenerationMb: 24,
  /**
   * Stack of each worker: pdfjs reads nested form XObjects by recursion, ~10 frames a level; the
   * default 4 MB overflows near 1,000 levels (and V8 prints the overflow to the terminal itself).
   */
  stackMb: 64,
  /** How often a worker reports its memory (also as pdfjs hands over each operator chunk). */
  memoryReportMs: 100,
  /**
   * How often the main thread samples the process's resident set while tasks run: a decoder
   * filling a buffer (~300 MB/s here) grows the process by ~8 MB between two samples (and
   * by its whole size at once where it doubles it).
   */
  rssSampleMs: 25,
  /** A worker that has not reported its memory for this long is busy in one long step. */
  staleMs: 150,
  /**
   * What a worker busy in one long step may grow the process by before it is stopped (beyond
   * the share of the file it reads): a decoder filling a buffer (a stream bomb) is stopped at
   * this, so that two workers stay under 300 MB (at rest with one reading, the process is
   * ~200 MB); pdfjs's own steps (a font, a chunk of operators) grow it by a few MB.
   */
  busyGrowthMb: 64,
  /**
   * The process's budget is every worker's limit, plus this much for each worker (its code,
   * pdfjs, V8's own) and for the main thread: the backstop for memory no worker reports.
   */
  workerBaseMb: 64,
  baseBudgetMb: 64,
} as const;
