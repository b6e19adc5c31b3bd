// Command-line inputs -> the ordered list of files to extract. An input is a file, a folder
// (every `*.pdf` below it, any case, sorted), a glob pattern, or a line of a --files-from list.
// The same file named twice is extracted once, where it first appears.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputListError } from '../model/errors.js';
import { comparePaths, globMatches, hasMagic, listDir } from './glob.js';

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
  // the same file named twice is known by its real path: its folder's (looked up once per
  // folder), and its own only when it is a link (150,000 files: not 150,000 lookups)
  const folders = new Map<string, Promise<string>>();
  const realFolder = (d: string) => {
    let p = folders.get(d);
    if (!p) folders.set(d, (p = realpath(d).catch(() => path.resolve(d))));
    return p;
  };
  const add = async (file: string, isLink = true) => {
    const key = isLink
      ? await realpath(file).catch(() => path.resolve(file))
      : path.join(await realFolder(path.dirname(file)), path.basename(file));
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ file });
  };
  let single = args.length === 1 && !options.filesFrom;
  /** a folder's PDFs, its unreadable subfolders as errors, or that it holds no PDF */
  const addFolder = async (dir: string) => {
    const { files, unreadable } = await pdfsUnder(dir);
    for (const u of unreadable) inputs.push(u);
    if (!files.length && !unreadable.length) inputs.push({ file: dir, error: 'no PDF files in this folder' });
    for (const f of files) await add(f.path, f.isLink);
  };

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
      await addFolder(arg);
    } else if (hasMagic(arg)) {
      single = false;
      let any = false;
      for (const m of await globMatches(arg)) {
        if (m.isDir) {
          const { files, unreadable } = await pdfsUnder(m.path);
          for (const u of unreadable) (any = true), inputs.push(u);
          for (const f of files) (any = true), await add(f.path, f.isLink);
        } else (any = true), await add(m.path, m.isLink);
      }
      if (!any) inputs.push({ file: arg, error: 'no file matches this pattern' });
    } else await add(arg); // reading it will say what is wrong (no such file, not readable)
  }

  if (options.filesFrom !== undefined) {
    for (const line of await readList(options.filesFrom, options.stdin ?? process.stdin)) {
      if ((await kindOf(line)) === 'dir') await addFolder(line);
      else await add(line);
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

/** What a folder holds: its PDFs, and the folders below it that could not be read. */
interface Found {
  files: { path: string; isLink: boolean }[];
  unreadable: BatchInput[];
}

/**
 * Every `*.pdf` (any case) below a folder, folder by folder in name order, with an explicit
 * stack (any depth). Dot files are skipped, and so are linked folders (as `find` does: no
 * loops, no file found twice). A folder that cannot be read is an input error of its own.
 */
async function pdfsUnder(dir: string): Promise<Found> {
  const files: Found['files'] = [];
  const unreadable: BatchInput[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = await listDir(d);
    } catch (err) {
      unreadable.push({ file: d, error: `cannot read this folder (${describeFsError(err)})` });
      continue;
    }
    const below: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDir) {
        if (!e.isLink) below.push(full);
      } else if (isPdfName(e.name)) files.push({ path: full, isLink: e.isLink });
    }
    for (let k = below.length - 1; k >= 0; k--) stack.push(below[k]);
  }
  return { files: files.sort((a, b) => comparePaths(a.path, b.path)), unreadable };
}

const describeFsError = (err: unknown): string => {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? `permission denied, ${code}` : code ?? String(err);
};

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
