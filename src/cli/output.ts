// Where the output goes, settled before any work: the format (--format, else -o's extension,
// else the command's default), the target (stdout, a file, a folder of CSV tables, one file per
// input with --out-dir), checked to be writable, and never an input of the run.
import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CSV_FILES, type BatchInput } from '../index.js';
import { UsageError } from './exit.js';
import { FORMATS, formatOfExtension, isKnownExtension, type FormatName } from './formats.js';
import { MESSAGES as M } from './messages.js';
import type { Mode } from './options.js';

export type Target =
  | { kind: 'stdout' }
  | { kind: 'file'; path: string }
  /** csv: forms.csv, indicators.csv and findings.csv in this folder */
  | { kind: 'folder'; path: string }
  /** --out-dir: DIR/<name>.json for each input */
  | { kind: 'per-input'; path: string };

export interface OutputPlan {
  format: FormatName;
  target: Target;
  /** json: an array even for one input */
  array: boolean;
}

export interface OutputOptions {
  /** --format as given (undefined: not given) */
  format?: FormatName;
  output?: string;
  outDir?: string;
  array?: boolean;
  skipExisting?: boolean;
}

export const DEFAULT_FORMAT: Record<Mode, FormatName> = { extract: 'json', check: 'text' };

/** The format and target the options ask for; a contradiction is a UsageError. Pure. */
export function planOutput(o: OutputOptions, mode: Mode): OutputPlan {
  if (o.output !== undefined && o.outDir !== undefined) throw new UsageError(M.outputAndOutDir);
  if (o.skipExisting && o.outDir === undefined) throw new UsageError(M.skipNeedsOutDir);
  if (o.outDir !== undefined) {
    if (o.format && o.format !== 'json') throw new UsageError(M.outDirIsJson(o.format));
    if (o.array) throw new UsageError(M.arrayWithOutDir);
    return { format: 'json', target: { kind: 'per-input', path: o.outDir }, array: false };
  }
  const out = o.output;
  let format: FormatName;
  let target: Target;
  if (out === undefined || out === '-') {
    format = o.format ?? DEFAULT_FORMAT[mode];
    target = { kind: 'stdout' };
  } else {
    const folder = /[\\/]$/.test(out);
    const ext = folder ? '' : path.extname(out);
    const named = ext ? formatOfExtension(ext) : undefined;
    if (o.format) {
      if (ext && isKnownExtension(ext) && named !== o.format) throw new UsageError(M.formatContradiction(out, o.format));
      format = o.format;
    } else if (named) format = named;
    else if (ext) throw new UsageError(M.unknownExtension(out));
    else format = DEFAULT_FORMAT[mode];
    const spec = FORMATS[format];
    if ('folder' in spec && spec.folder && !(spec.extensions as readonly string[]).includes(ext.toLowerCase())) {
      target = { kind: 'folder', path: out };
    } else {
      if (folder) throw new UsageError(M.fileNeeded('-o', out, format));
      target = { kind: 'file', path: out };
    }
  }
  if (o.array && format !== 'json') throw new UsageError(M.arrayNeedsJson(format));
  return { format, target, array: !!o.array };
}

const flagOf = (t: Target) => (t.kind === 'per-input' ? '--out-dir' : '-o');
const code = (err: unknown) => (err as NodeJS.ErrnoException).code;
const writable = (p: string) => access(p, constants.W_OK).then(() => true, () => false);

/** A folder that must exist (a file's parent) and be writable. */
async function checkParent(flag: string, output: string, dir: string): Promise<void> {
  const st = await stat(dir).catch((err) => {
    if (code(err) === 'ENOENT') throw new UsageError(M.noFolder(flag, output, dir));
    if (code(err) === 'ENOTDIR') throw new UsageError(M.notAFolder(flag, output, dir));
    throw err;
  });
  if (!st.isDirectory()) throw new UsageError(M.notAFolder(flag, output, dir));
  if (!(await writable(dir))) throw new UsageError(M.notWritable(flag, output, dir));
}

/**
 * Check that the target can be written, before any work: a file's folder exists and is
 * writable and the file is not a folder; a folder target is a folder (or can be made in its
 * parent). Throws UsageError with a one-line reason.
 */
export async function checkTarget(plan: OutputPlan): Promise<void> {
  const t = plan.target;
  if (t.kind === 'stdout') return;
  const flag = flagOf(t);
  const st = await stat(t.path).catch(() => undefined);
  const parent = path.dirname(path.resolve(t.path));
  if (t.kind === 'file') {
    if (st?.isDirectory()) throw new UsageError(M.fileNeeded(flag, t.path, plan.format));
    await checkParent(flag, t.path, parent);
    // a device or pipe is written in place
    if (st && !st.isFile() && !(await writable(t.path))) throw new UsageError(M.notWritable(flag, t.path, t.path));
    return;
  }
  if (!st) return checkParent(flag, t.path, parent);
  if (!st.isDirectory()) throw new UsageError(M.notAFolder(flag, t.path, t.path));
  if (!(await writable(t.path))) throw new UsageError(M.notWritable(flag, t.path, t.path));
  if (t.kind === 'folder') {
    for (const name of CSV_FILES) {
      const f = path.join(t.path, name);
      if ((await stat(f).catch(() => undefined))?.isDirectory()) throw new UsageError(M.fileNeeded(flag, f, plan.format));
    }
  }
}

/** --out-dir: each input's file name, `<name>.json`, unique (in any case) in input order. */
export function outDirNames(inputs: readonly BatchInput[]): string[] {
  const used = new Set<string>();
  return inputs.map((input) => {
    const base = input.file === '-' ? 'stdin' : path.basename(input.file).replace(/\.pdf$/i, '') || 'input';
    let name = `${base}.json`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}.json`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Every file the run will write (a CSV folder's tables, each --out-dir file). */
export function targetFiles(plan: OutputPlan, names: readonly string[] = []): string[] {
  const t = plan.target;
  if (t.kind === 'stdout') return [];
  if (t.kind === 'file') return [t.path];
  return (t.kind === 'folder' ? CSV_FILES : names).map((n) => path.join(t.path, n));
}

/** The same file whatever the path: device and inode when it exists, else its real path. */
async function identity(p: string): Promise<{ inode?: string; real: string }> {
  const st = await stat(p).catch(() => undefined);
  const abs = path.resolve(p);
  const real = await realpath(abs).catch(async () => path.join(await realpath(path.dirname(abs)).catch(() => path.dirname(abs)), path.basename(abs)));
  return { inode: st ? `${st.dev}:${st.ino}` : undefined, real };
}

/** Run `f` over `items`, at most `limit` at a time (thousands of inputs, few open files). */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (x: T, k: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await f(items[k], k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Refuse a target that is one of the files the run reads (an input PDF, the --files-from list,
 * the --password-file), also through a hard or symbolic link: a UsageError before any work.
 */
export async function refuseInputs(targets: readonly string[], inputs: readonly string[]): Promise<void> {
  if (!targets.length) return;
  const byInode = new Map<string, string>();
  const byReal = new Map<string, string>();
  for (const [k, id] of (await mapLimit(targets, 32, identity)).entries()) {
    if (id.inode) byInode.set(id.inode, targets[k]);
    byReal.set(id.real, targets[k]);
  }
  await mapLimit(inputs, 32, async (input) => {
    const id = await identity(input);
    const hit = (id.inode && byInode.get(id.inode)) || byReal.get(id.real);
    if (hit) throw new UsageError(M.overwritesInput(hit, input));
  });
}

/**
 * --skip-existing: which inputs already have their result in the folder. A file counts only
 * when it holds the result of that same input (names shift when inputs are added).
 */
export async function alreadyDone(dir: string, inputs: readonly BatchInput[], names: readonly string[]): Promise<boolean[]> {
  return mapLimit(inputs, 32, async (input, k) => {
    try {
      const saved = JSON.parse(await readFile(path.join(dir, names[k]), 'utf8')) as { file?: unknown } | null;
      return saved?.file === input.file;
    } catch {
      return false;
    }
  });
}
