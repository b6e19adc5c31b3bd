// A light entry point for commands: start the first extraction worker before the rest of the
// library loads (`eval-extract/prestart`). Imports nothing but the pool.
export { prestartWorker } from './batch/pool.js';
