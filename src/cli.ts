// The command line: wires options to the library and maps results to exit codes.
// Exit codes: 0 all inputs extracted; 2 usage error; 3 an input could not be read or held no form.
import { Command, CommanderError, Option } from 'commander';
import { extractFile, ExtractFailure } from './extract.js';
import type { FileResult } from './model/schema.js';
import { writeAtomic } from './write/atomic.js';
import { toJson, toJsonLine } from './write/json.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, input: 3 } as const;

interface MainOptions {
  format: 'json' | 'jsonl';
  output?: string;
  password?: string;
}

/** Extract one file; a failure becomes a result with its error, reported on stderr. */
async function extractOrReport(file: string, opts: MainOptions): Promise<{ result: FileResult; failed: boolean }> {
  try {
    const result = await extractFile(file, { password: opts.password });
    return { result, failed: result.forms.length === 0 };
  } catch (err) {
    const failure = err instanceof ExtractFailure ? err : new ExtractFailure(file, undefined, oneLine(err), 'corrupt');
    process.stderr.write(`eval-extract: ${failure.message}\n`);
    return {
      result: { file, pageCount: 0, forms: [], errors: [{ ...(failure.page ? { page: failure.page } : {}), message: failure.reason }] },
      failed: true,
    };
  }
}

const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();

async function runMain(files: string[], opts: MainOptions): Promise<number> {
  const results: FileResult[] = [];
  let failed = false;
  for (const file of files) {
    const r = await extractOrReport(file, opts);
    failed ||= r.failed;
    for (const e of r.result.errors) {
      if (!r.failed) process.stderr.write(`eval-extract: ${file}${e.page ? `: page ${e.page}` : ''}: ${e.message}\n`);
    }
    results.push(r.result);
  }
  const text = opts.format === 'jsonl' ? results.map(toJsonLine).join('') : toJson(results, files.length === 1);
  if (opts.output) await writeAtomic(opts.output, [text]);
  else process.stdout.write(text);
  return failed ? EXIT.input : EXIT.ok;
}

export function buildProgram(): Command {
  const program = new Command('eval-extract')
    .description('Extract 绩效自评表 forms from PDFs into validated JSON')
    .argument('<files...>', 'PDF files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'jsonl']).default('json'))
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--password <password>', 'user password of encrypted PDFs')
    .showHelpAfterError()
    .exitOverride()
    .action(async (files: string[], opts: MainOptions) => {
      process.exitCode = await runMain(files, opts);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end "successfully"
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`eval-extract: ${oneLine(err)}\n`);
    return EXIT.input;
  }
}
