#!/usr/bin/env node
// The eval-extract command: a thin shell over the compiled library (npm install builds dist/).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv);
