// Output files are written whole or not at all: a temporary file beside the target, renamed
// into place when complete, so an interrupted run never leaves a half-written file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files being written now, removed if the process is interrupted. */
export const pendingTemps = new Set<string>();

export async function writeAtomic(target: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void> {
  // A device or pipe (-o /dev/null, /dev/stdout, a FIFO) is written as it is: renaming a
  // temporary file over it would replace the device itself.
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    const out = await open(target, 'w');
    try {
      for await (const chunk of chunks) await out.write(chunk);
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
    for await (const chunk of chunks) await fh.write(chunk);
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
