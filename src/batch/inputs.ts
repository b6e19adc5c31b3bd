// Command-line inputs -> the ordered list of files to extract. An input is a file, a folder
// (every `*.pdf` below it, any case, sorted), a glob pattern, or a line of a --files-from list.
// The same file named twice is extracted once, where it first appears.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputListError } from '../model/errors.js';
import { comparePaths, glob, hasMagic, listDir } from './glob.js';

export interface BatchInput {
  /** the path to read, and the name reported for it (`-`: the PDF on stdin, in `bytes`) */
  file: string;
  /** the PDF itself, when it does not come from a path (stdin) */
  bytes?: Uint8Array;
  /** set when the input names nothing to read (an empty folder, a pattern matching nothing) */
  error?: string;
}

export interface ExpandOptions {
  /** a file listing one path per line; `-` reads the list from `stdin` */
  filesFrom?: string;
  /** where `--files-from -` reads from (default: process.stdin) */
  stdin?: NodeJS.ReadableStream;
}

export interface Expanded {
  inputs: BatchInput[];
  /** exactly one input that names one file: the output is that file's result, not a list */
  single: boolean;
}

const isPdfName = (name: string) => name.toLowerCase().endsWith('.pdf');

export async function expandInputs(args: string[], options: ExpandOptions = {}): Promise<Expanded> {
  const inputs: BatchInput[] = [];
  const seen = new Set<string>();
  const add = async (file: string) => {
    const key = await realpath(file).catch(() => path.resolve(file));
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ file });
  };
  let single = args.length === 1 && !options.filesFrom;

  for (const arg of args) {
    if (arg === '-') {
      // the PDF on stdin: the caller reads it
      if (!seen.has('-')) inputs.push({ file: '-' });
      seen.add('-');
      continue;
    }
    const kind = await kindOf(arg);
    if (kind === 'file') await add(arg);
    else if (kind === 'dir') {
      single = false;
      const found = await pdfsUnder(arg);
      if (!found.length) inputs.push({ file: arg, error: 'no PDF files in this folder' });
      for (const f of found) await add(f);
    } else if (hasMagic(arg)) {
      single = false;
      const matches = await glob(arg);
      let any = false;
      for (const m of matches) {
        const k = await kindOf(m);
        if (k === 'dir') {
          for (const f of await pdfsUnder(m)) (any = true), await add(f);
        } else if (k === 'file') (any = true), await add(m);
      }
      if (!any) inputs.push({ file: arg, error: 'no file matches this pattern' });
    } else await add(arg); // reading it will say what is wrong (no such file, not readable)
  }

  if (options.filesFrom !== undefined) {
    for (const line of await readList(options.filesFrom, options.stdin ?? process.stdin)) {
      if ((await kindOf(line)) === 'dir') {
        const found = await pdfsUnder(line);
        if (!found.length) inputs.push({ file: line, error: 'no PDF files in this folder' });
        for (const f of found) await add(f);
      } else await add(line);
    }
  }
  return { inputs, single: single && inputs.length === 1 };
}

async function kindOf(p: string): Promise<'file' | 'dir' | 'missing'> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch (err) {
    // a path that exists but cannot be looked at is still "a file": reading it reports why
    return (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'missing' : 'file';
  }
}

/**
 * Every `*.pdf` (any case) below a folder, folder by folder in name order. Dot files are
 * skipped, and so are linked folders (as `find` does: no loops, no file found twice).
 */
async function pdfsUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string) => {
    let entries;
    try {
      entries = await listDir(d);
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDir) {
        if (!e.isLink) await visit(full);
      } else if (isPdfName(e.name)) out.push(full);
    }
  };
  await visit(dir);
  return out.sort(comparePaths);
}

/** One path per line, trimmed; blank lines and `#` comments skipped, CRLF accepted. */
async function readList(source: string, stdin: NodeJS.ReadableStream): Promise<string[]> {
  let text: string;
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new InputListError(`--files-from ${source}: ${e.code === 'ENOENT' ? 'no such file' : e.code ?? e.message}`);
    }
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
