// A light entry point for commands: start the extraction workers before the rest of the
// library loads (`eval-extract/prestart`). Imports nothing but the pool.
export { prestartWorkers } from './batch/pool.js';
