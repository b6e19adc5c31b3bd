#!/usr/bin/env node
// The eval-extract command: a thin shell over the compiled library (npm install builds dist/).
import { prestartWorker } from '../dist/prestart.js';

// The first extraction worker loads pdfjs while the command line itself loads.
const memory = process.argv.findIndex((a) => a === '--max-memory' || a.startsWith('--max-memory='));
if (memory === -1) prestartWorker();
const { main, ExitError } = await import('../dist/cli/index.js');

try {
  await main(process.argv);
} catch (err) {
  if (!(err instanceof ExitError)) throw err;
  process.exitCode = err.exitCode;
}
