#!/usr/bin/env node
// The eval-extract command: a thin shell over the compiled library (npm install builds dist/).
import module from 'node:module';
import { availableParallelism } from 'node:os';
import v8 from 'node:v8';
import { relaunch, relaunchWanted } from '../dist/cli/relaunch.js';

// V8's code cache of every module, kept between runs where Node has it (22.1+; the workers use
// it only through the environment): compiling pdfjs and zod is ~30% of a worker's start.
const cache = module.enableCompileCache?.();
if (cache?.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;

// WebAssembly (the OCR engine, tesseract) compiled by the optimising compiler only: its
// baseline code, kept beside the optimised one, is ~55 MB of a scanning run's peak, for no
// time (it is compiled once, as the engine starts). Set before anything compiles WebAssembly.
v8.setFlagsFromString('--no-liftoff');

// The extraction workers load pdfjs while the command line itself loads: one for one PDF (or -),
// as many as -j asks (at most the cores) for more; none for what extracts nothing (a worker
// still loading holds up the exit).
const args = process.argv.slice(2);
const NO_EXTRACTION = ['--help', '-h', '--version', '-V', 'help', 'schema'];
const memory = args.findIndex((a) => a === '--max-memory' || a.startsWith('--max-memory='));
const onePdf = args.filter((a) => /\.pdf$/i.test(a) || a === '-').length === 1 && !args.includes('--files-from');
const extracts = args.length > 0 && !args.some((a) => NO_EXTRACTION.includes(a));
// a batch on Linux with glibc runs again with malloc told where large blocks go (relaunch.ts;
// ~50 ms): this process only waits for it (or, if it cannot start one, runs the command itself)
if (extracts && !onePdf && relaunchWanted()) await relaunch();
const { prestartWorkers, stopPrestarted } = await import('../dist/prestart.js');
if (memory === -1 && extracts) {
  prestartWorkers(onePdf ? 1 : Math.min(jobsAsked(args) ?? Infinity, availableParallelism()));
}
const { main, ExitError } = await import('../dist/cli/index.js');

try {
  await main(process.argv);
} catch (err) {
  if (!(err instanceof ExitError)) throw err;
  process.exitCode = err.exitCode;
} finally {
  // workers started early that nothing took (a usage error, a command without extraction)
  await stopPrestarted();
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
