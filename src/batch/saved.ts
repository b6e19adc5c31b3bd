// Saved results — the JSON or JSON Lines eval-extract wrote — read back as FileResults, so
// that `eval-extract check results.json` checks them again without the PDFs. Each result is
// validated against the schema; what cannot be read becomes that file's (or line's) error.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { FileResultSchema, type FileResult } from '../model/schema.js';

/** Is this input a saved results file rather than a PDF (by its name: .json, .jsonl, .ndjson)? */
export const isSavedResults = (file: string): boolean => /\.(json|jsonl|ndjson)$/i.test(file);

const isLines = (file: string) => /\.(jsonl|ndjson)$/i.test(file);

/** Does the saved file hold one result as an object (not an array, not lines)? It is printed so. */
export async function holdsOneResult(file: string): Promise<boolean> {
  if (isLines(file)) return false;
  const fh = await open(file).catch(() => undefined);
  if (!fh) return false;
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(256), 0, 256, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{');
  } finally {
    await fh.close();
  }
}

/** A saved file (or one of its lines) that is not eval-extract output, as a failed result. */
const notResults = (file: string, message: string): FileResult =>
  ({ file, pageCount: 0, forms: [], errors: [{ message, code: 'not-results' }] });

function validated(file: string, value: unknown, where: string): FileResult {
  const parsed = FileResultSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return notResults(file, `${where}not an eval-extract result (${at}${issue.message})`);
}

const reasonOf = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  return e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code ? `cannot read (${e.code})` : String(e.message);
};

/**
 * The results saved in `file`, in order: a .json file holds one result or an array of them,
 * a .jsonl file one per line (blank lines skipped).
 */
export async function* readSavedResults(file: string): AsyncGenerator<FileResult, void, undefined> {
  if (isLines(file)) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const line of lines) {
        n++;
        if (!line.trim()) continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          yield notResults(file, `line ${n}: not valid JSON`);
          continue;
        }
        yield validated(file, value, `line ${n}: `);
      }
    } catch (err) {
      yield notResults(file, reasonOf(err));
    }
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    yield notResults(file, err instanceof SyntaxError ? 'not valid JSON' : reasonOf(err));
    return;
  }
  if (value === null) return; // what a run over no input writes
  if (Array.isArray(value)) {
    for (const [k, item] of value.entries()) yield validated(file, item, `item ${k + 1}: `);
  } else yield validated(file, value, '');
}
