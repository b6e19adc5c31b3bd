// Text helpers every stage shares (normalisation and numbers: ./normalize.ts).

const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Control characters (C0, DEL, C1) as visible `\xNN` escapes, except those in `keep`: text from
 * a PDF or a file name must not drive the reader's terminal (ESC sequences clear the screen,
 * retitle the window) nor split a one-line message. JSON needs none of this: it escapes them.
 */
export const escapeControls = (s: string, keep = ''): string =>
  s.replace(CONTROLS, (c) => (keep.includes(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

/** An error's message (or any value) on one line, as every message of ours is printed. */
export const oneLine = (err: unknown): string => escapeControls((err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim());

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
