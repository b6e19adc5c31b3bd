// The command, started again with glibc's malloc told where its large blocks go. Left to itself,
// glibc raises the size from which it maps a block apart (mmap) to the largest block freed so
// far, up to 32 MB: after a scanned page's decoded image and planes (9–30 MB each) have come and
// gone, blocks that size come from its heaps, and what they leave there stays in the process
// (30–60 MB over a batch of 300-dpi scans: README, scanned pages). The size set once at the start
// (MALLOC_MMAP_THRESHOLD_) stays put, and glibc reads it only as a process starts: hence a
// second process. Imports nothing but Node's own modules (the first process loads no more).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * the environment variable, and the size (bytes) from which a block is mapped apart, given back
 * when freed: a page image's planes and a decoded scan are (2–26 MB at 150–300 dpi); most
 * blocks of text-layer work are smaller and stay in glibc's heaps (BENCHMARKS: 128 KB, glibc's
 * own start, and 4 MB measured too)
 */
export const MALLOC_VARIABLE = 'MALLOC_MMAP_THRESHOLD_';
export const MALLOC_MMAP_BYTES = 1 << 20;

/** Is this process one whose malloc is glibc's, not told already (by us, or by the user)? */
export function relaunchWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux' || Object.keys(env).some((k) => k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES' || k === 'LD_PRELOAD')) return false;
  try {
    // glibc's libc is mapped into every process that uses it (musl's is ld-musl-*.so.1)
    return /\/libc\.so\.6$/m.test(readFileSync('/proc/self/maps', 'latin1'));
  } catch {
    return false;
  }
}

/**
 * Run this command again, as a child with `MALLOC_VARIABLE` set and the same arguments and
 * standard streams, and end as it ends (its exit
 * code, or its signal). The stop signals are passed on: one sent to this process alone (kill,
 * timeout) reaches the child so; one a terminal sends reaches both, and the child takes the
 * one passed on soon after as the same (session.ts, SAME_SIGNAL_MS). Resolves only if the
 * child could not be started: then this process runs the command itself.
 */
export function relaunch(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [MALLOC_VARIABLE]: String(MALLOC_MMAP_BYTES) },
  });
  const pass = (signal: NodeJS.Signals) => () => void child.kill(signal);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, pass(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  const stopPassing = () => handlers.forEach(([s, h]) => process.off(s, h));
  let started = false;
  child.on('spawn', () => void (started = true));
  return new Promise<void>((resolve) => {
    child.on('error', () => {
      // (an error once it runs, such as a signal it could not be sent, changes nothing)
      if (started) return;
      stopPassing();
      resolve();
    });
    child.on('exit', (code, signal) => {
      stopPassing();
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
