// The package's version, from package.json (two folders up from src/cli/ and dist/cli/).
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
