// Text helpers every stage shares.

/** An error's message (or any value) on one line, as every message of ours is printed. */
export const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
