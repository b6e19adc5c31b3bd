// A light entry point for commands: start the extraction workers before the rest of the
// library loads (`eval-extract/prestart`). Imports nothing but the workers' start-up.
export { prestartWorkers, stopPrestarted } from './batch/start-workers.js';
