// Text helpers every stage shares (normalisation and numbers: ./normalize.ts).

/** An error's message (or any value) on one line, as every message of ours is printed. */
export const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();

const isLatin = (ch: string | undefined) => !!ch && /[A-Za-z]/.test(ch);

/** Join wrapped lines: nothing between them, except a space between two Latin words. */
export function joinWrapped(lines: string[]): string {
  let out = '';
  for (const l of lines) {
    if (!l) continue;
    if (out && isLatin(out[out.length - 1]) && isLatin(l[0])) out += ' ';
    out += l;
  }
  return out;
}
