// Where the output goes, settled before any work: the format (--format, else -o's extension,
// else the command's default), the target (stdout, a file, a folder of CSV tables, one file per
// input with --out-dir), checked to be writable, and never an input of the run.
import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CSV_FILES, t, translator, type BatchInput, type Lang, type Translate } from '../index.js';
import { UsageError } from './exit.js';
import { allExtensions, fileOnly, formatOfExtension, isKnownExtension, takesFolder, type FormatName } from './formats.js';
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
  /** the language of the refusals (default en) */
  lang?: Lang;
}

export const DEFAULT_FORMAT: Record<Mode, FormatName> = { extract: 'json', check: 'text' };

/** The format and target the options ask for; a contradiction is a UsageError. Pure. */
export function planOutput(o: OutputOptions, mode: Mode): OutputPlan {
  const m = translator(o.lang ?? 'en');
  if (o.output !== undefined && o.outDir !== undefined) throw new UsageError(m('cli.outputAndOutDir'));
  if (o.skipExisting && o.outDir === undefined) throw new UsageError(m('cli.skipNeedsOutDir'));
  if (o.outDir !== undefined) {
    if (o.format && o.format !== 'json') throw new UsageError(m('cli.outDirIsJson', { format: o.format }));
    if (o.array) throw new UsageError(m('cli.arrayWithOutDir'));
    return { format: 'json', target: { kind: 'per-input', path: o.outDir }, array: false };
  }
  const out = o.output;
  let format: FormatName;
  let target: Target;
  if (out === undefined || out === '-') {
    format = o.format ?? DEFAULT_FORMAT[mode];
    if (fileOnly(format)) throw new UsageError(m('cli.needsFile', { format }));
    target = { kind: 'stdout' };
  } else {
    const folder = /[\\/]$/.test(out);
    const ext = folder ? '' : path.extname(out);
    const named = ext ? formatOfExtension(ext) : undefined;
    if (o.format) {
      if (ext && isKnownExtension(ext) && named !== o.format) throw new UsageError(m('cli.formatContradiction', { output: out, format: o.format }));
      format = o.format;
    } else if (named) format = named;
    else if (ext) throw new UsageError(m('cli.unknownExtension', { output: out, extensions: allExtensions() }));
    else format = DEFAULT_FORMAT[mode];
    if (takesFolder(format) && named !== format) {
      target = { kind: 'folder', path: out };
    } else {
      if (folder) throw new UsageError(m('cli.fileNeeded', { flag: '-o', output: out, format }));
      target = { kind: 'file', path: out };
    }
  }
  if (o.array && format !== 'json') throw new UsageError(m('cli.arrayNeedsJson', { format }));
  return { format, target, array: !!o.array };
}

const flagOf = (t: Target) => (t.kind === 'per-input' ? '--out-dir' : '-o');
const code = (err: unknown) => (err as NodeJS.ErrnoException).code;
const writable = (p: string) => access(p, constants.W_OK).then(() => true, () => false);

/** A folder that must exist (a file's parent) and be writable. */
async function checkParent(m: Translate, flag: string, output: string, dir: string): Promise<void> {
  const st = await stat(dir).catch((err) => {
    if (code(err) === 'ENOENT') throw new UsageError(m('cli.noFolder', { flag, output, dir }));
    if (code(err) === 'ENOTDIR') throw new UsageError(m('cli.notAFolder', { flag, output, dir }));
    throw err;
  });
  if (!st.isDirectory()) throw new UsageError(m('cli.notAFolder', { flag, output, dir }));
  if (!(await writable(dir))) throw new UsageError(m('cli.notWritable', { flag, output, what: dir }));
}

/**
 * Check that the target can be written, before any work: a file's folder exists and is
 * writable and the file is not a folder; a folder target is a folder (or can be made in its
 * parent). Throws UsageError with a one-line reason.
 */
export async function checkTarget(plan: OutputPlan, lang: Lang): Promise<void> {
  const m = translator(lang);
  const t = plan.target;
  if (t.kind === 'stdout') return;
  const flag = flagOf(t);
  const output = t.path;
  const st = await stat(output).catch(() => undefined);
  const parent = path.dirname(path.resolve(output));
  if (t.kind === 'file') {
    if (st?.isDirectory()) throw new UsageError(m('cli.fileNeeded', { flag, output, format: plan.format }));
    await checkParent(m, flag, output, parent);
    // a device or pipe is written in place
    if (st && !st.isFile() && !(await writable(output))) throw new UsageError(m('cli.notWritable', { flag, output, what: output }));
    return;
  }
  if (!st) return checkParent(m, flag, output, parent);
  if (!st.isDirectory()) throw new UsageError(m('cli.notAFolder', { flag, output, dir: output }));
  if (!(await writable(output))) throw new UsageError(m('cli.notWritable', { flag, output, what: output }));
  if (t.kind === 'folder') {
    for (const name of CSV_FILES) {
      const f = path.join(output, name);
      if ((await stat(f).catch(() => undefined))?.isDirectory()) throw new UsageError(m('cli.fileNeeded', { flag, output: f, format: plan.format }));
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
export async function refuseInputs(targets: readonly string[], inputs: readonly string[], lang: Lang): Promise<void> {
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
    if (hit) throw new UsageError(t(lang, 'cli.overwritesInput', { target: hit, input }));
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
