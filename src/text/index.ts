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

/** Columns a text takes on a terminal or in a spreadsheet: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
