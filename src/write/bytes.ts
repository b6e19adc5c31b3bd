// Bytes joined, in a module of its own: the pool (and so the command's first import, which
// starts the workers) needs it without the writers' module graph (zod, the checks).

/** Buffers joined into one. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}
