// Output files are written whole or not at all: a temporary file beside the target, renamed
// into place when complete, so an interrupted run never leaves a half-written file. Several
// files (the CSV tables of one folder) are all written first and renamed together. A replaced
// file keeps its mode (and owner, when allowed); temporary files a killed run left are removed.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Writing an output failed (a full disk, no permission, a closed pipe): one line, with its path. */
export class WriteError extends Error {
  override name = 'WriteError';
  constructor(readonly target: string, readonly code: string | undefined, cause: unknown) {
    super(`cannot write to ${target}: ${describeWriteError(cause)}`);
  }
}

const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EPIPE: 'the reader closed the pipe',
  EIO: 'input/output error',
  EFBIG: 'file too large',
};

/** An fs or stream error as a short phrase with its code: `no space left on the device (ENOSPC)`. */
export function describeWriteError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code) return `${WRITE_ERRORS[e.code] ?? e.message.replace(/^\w+: /, '').split(',')[0]} (${e.code})`;
  return String((err as Error)?.message ?? err).replace(/\s+/g, ' ');
}

/** Temporary files being written now, removed if the process is interrupted. */
const pendingTemps = new Set<string>();

/** Remove every temporary file being written now (a process about to exit at once). */
export function removePendingTemps(): void {
  for (const tmp of pendingTemps) rmSync(tmp, { force: true });
}

export type Chunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** `.NAME.PID.HEX.tmp`: the temporary file of NAME, written by process PID. */
const tempName = (target: string) => `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Remove the temporary files of `names` in `dir` that a process no longer running left (it was
 * killed while writing): recognised by their name, which holds the writer's process id.
 */
export async function removeStaleTemps(dir: string, names: string[]): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m || !names.includes(m[1]) || Number(m[2]) === process.pid || isAlive(Number(m[2]))) continue;
    await rm(path.join(dir, entry), { force: true }).catch(() => undefined);
  }
}

export async function writeAtomic(target: string, chunks: Chunks): Promise<void> {
  await writeAtomicAll([{ target, chunks }]);
}

/**
 * Write several files whole: each to a temporary file first, and only once all of them are
 * complete are they renamed into place, so a failure (a full disk) leaves every target as it
 * was. Errors are WriteErrors naming the file.
 */
export async function writeAtomicAll(files: { target: string; chunks: Chunks }[]): Promise<void> {
  const temps: { tmp: string; target: string }[] = [];
  const devices: { target: string; chunks: Chunks }[] = [];
  try {
    for (const { target, chunks } of files) {
      // A device or pipe (-o /dev/null, /dev/stdout, a FIFO) is written as it is: renaming a
      // temporary file over it would replace the device itself.
      const existing = await stat(target).catch(() => undefined);
      if (existing && !existing.isFile() && !existing.isDirectory()) {
        devices.push({ target, chunks });
        continue;
      }
      const dir = path.dirname(path.resolve(target));
      await guard(target, () => mkdir(dir, { recursive: true }));
      await removeStaleTemps(dir, [path.basename(target)]);
      const tmp = path.join(dir, tempName(target));
      pendingTemps.add(tmp);
      temps.push({ tmp, target });
      await guard(target, async () => {
        const fh = await open(tmp, 'w', existing ? existing.mode & 0o7777 : 0o666);
        try {
          for await (const chunk of chunks) await writeAll(fh, chunk);
          if (existing) {
            // the replaced file's mode (umask and open() do not give it back) and, for root, its owner
            await fh.chmod(existing.mode & 0o7777);
            await fh.chown(existing.uid, existing.gid).catch(() => undefined);
          }
          await fh.sync();
        } finally {
          await fh.close();
        }
      });
    }
    for (const { tmp, target } of temps) await guard(target, () => rename(tmp, target));
    for (const { target, chunks } of devices) await writeDevice(target, chunks);
  } finally {
    for (const { tmp } of temps) {
      pendingTemps.delete(tmp);
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }
}

async function writeDevice(target: string, chunks: Chunks): Promise<void> {
  await guard(target, async () => {
    const out = await open(target, 'w');
    try {
      for await (const chunk of chunks) await writeAll(out, chunk);
    } finally {
      await out.close();
    }
  });
}

/** Run an fs step; its error becomes a WriteError (errors that are not fs errors pass through). */
async function guard<T>(target: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof WriteError || !(err as NodeJS.ErrnoException)?.code || !(err as NodeJS.ErrnoException).syscall) throw err;
    throw new WriteError(target, (err as NodeJS.ErrnoException).code, err);
  }
}

/** A write may take only part of a buffer (a pipe, a FIFO): go on until all of it is written. */
async function writeAll(fh: FileHandle, chunk: string | Uint8Array): Promise<void> {
  let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  while (rest.length) {
    const { bytesWritten } = await fh.write(rest);
    rest = rest.subarray(bytesWritten);
  }
}
