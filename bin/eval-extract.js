#!/usr/bin/env node
// The eval-extract command: a thin shell over the compiled library (npm install builds dist/).
import module from 'node:module';
import { availableParallelism } from 'node:os';
import v8 from 'node:v8';
import { prestartWorkers } from '../dist/prestart.js';

// V8 weighs optimising a function each time it has run this much bytecode (default 66 KB). A run is
// short and mostly pdfjs: at the default, optimising lukewarm functions took the compiler
// threads ~550 ms of CPU for one 37-page report, as much as the extraction itself, on the same
// cores. Set before any worker starts; a library caller's process keeps V8's default.
const INTERRUPT_BUDGET = 400_000;
v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);

// V8's code cache of every module, kept between runs where Node has it (22.1+; the workers
// find it through the environment): ~40% of a cold start is compiling pdfjs and zod.
const cache = module.enableCompileCache?.();
if (cache?.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;

// The extraction workers load pdfjs while the command line itself loads: one for one PDF (or -),
// as many as -j asks (at most the cores) for more; none for what extracts nothing (a worker
// still loading holds up the exit).
const args = process.argv.slice(2);
const NO_EXTRACTION = ['--help', '-h', '--version', '-V', 'help', 'schema'];
const memory = args.findIndex((a) => a === '--max-memory' || a.startsWith('--max-memory='));
const onePdf = args.filter((a) => /\.pdf$/i.test(a) || a === '-').length === 1 && !args.includes('--files-from');
if (memory === -1 && args.length && !args.some((a) => NO_EXTRACTION.includes(a))) {
  prestartWorkers(onePdf ? 1 : Math.min(jobsAsked(args) ?? Infinity, availableParallelism()));
}
const { main, ExitError } = await import('../dist/cli/index.js');

try {
  await main(process.argv);
} catch (err) {
  if (!(err instanceof ExitError)) throw err;
  process.exitCode = err.exitCode;
}

/** -j N, -jN, --jobs N, --jobs=N; anything else is left to the command line's own parsing. */
function jobsAsked(args) {
  for (let k = 0; k < args.length; k++) {
    const m = /^(?:-j(\d+)?|--jobs(?:=(\d+))?)$/.exec(args[k]);
    if (!m) continue;
    const n = Number(m[1] ?? m[2] ?? args[k + 1]);
    return Number.isInteger(n) && n >= 1 ? n : undefined;
  }
  return undefined;
}
