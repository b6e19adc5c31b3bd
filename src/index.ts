// The public API of eval-extract; the CLI uses nothing else.
export { extractBuffer, extractFile, ExtractFailure, type ExtractOptions } from './extract.js';
export * from './model/schema.js';
