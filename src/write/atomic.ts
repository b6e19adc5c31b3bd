// Output files are written whole or not at all: a temporary file beside the target, renamed
// into place when complete, so an interrupted run never leaves a half-written file.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files being written now, removed if the process is interrupted. */
const pendingTemps = new Set<string>();

/** Remove every temporary file being written now (a process about to exit at once). */
export function removePendingTemps(): void {
  for (const tmp of pendingTemps) rmSync(tmp, { force: true });
}

export async function writeAtomic(target: string, chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<void> {
  // A device or pipe (-o /dev/null, /dev/stdout, a FIFO) is written as it is: renaming a
  // temporary file over it would replace the device itself.
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    const out = await open(target, 'w');
    try {
      for await (const chunk of chunks) await writeAll(out, chunk);
    } finally {
      await out.close();
    }
    return;
  }
  await mkdir(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pendingTemps.add(tmp);
  const fh = await open(tmp, 'w');
  try {
    for await (const chunk of chunks) await writeAll(fh, chunk);
    await fh.sync();
    await fh.close();
    await rename(tmp, target);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  } finally {
    pendingTemps.delete(tmp);
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
