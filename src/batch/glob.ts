// A small glob matcher (Node 20 has no stable fs.glob): `*`, `?`, `[abc]`/`[!a-z]`, `{a,b}` and
// `**` (any number of folders). As in a shell, wildcards do not match a leading dot; unlike a
// shell, names match in any case (as the folders of a batch do).
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const MAGIC = /[*?[{]/;

/** Does the string hold glob syntax? */
export const hasMagic = (s: string): boolean => MAGIC.test(s);

/** Expand `{a,b}` alternations (nested too) into plain patterns. */
export function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{') {
      if (depth++ === 0) open = i;
    } else if (ch === '}' && depth > 0 && --depth === 0) {
      const body = pattern.slice(open + 1, i);
      const parts = splitTopLevel(body);
      if (parts.length < 2) continue; // `{x}` is literal, as in bash
      const head = pattern.slice(0, open), tail = pattern.slice(i + 1);
      return parts.flatMap((p) => expandBraces(head + p + tail));
    }
  }
  return [pattern];
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One path segment's pattern (no `/`, no braces) as an anchored RegExp. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '\\' && i + 1 < segment.length) re += escapeRe(segment[++i]);
    else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else re += escapeRe(ch);
  }
  // a leading wildcard does not match a dot file
  const dotSafe = /^[*?[]/.test(segment) ? '(?!\\.)' : '';
  // any case, as folders take *.pdf in any case: `up/*.pdf` finds up/A.PDF
  return new RegExp(`^${dotSafe}${re}$`, 'iu');
}

/** Split a pattern into its literal base folder and the segments with wildcards after it. */
function splitPattern(pattern: string): { base: string; segments: string[] } {
  const parts = pattern.split(/[\\/]+/).filter((p, k) => p !== '' || k === 0);
  const abs = pattern.startsWith('/');
  const baseParts: string[] = [];
  let k = abs ? 1 : 0;
  while (k < parts.length - 1 && !hasMagic(parts[k])) baseParts.push(parts[k++]);
  const base = (abs ? '/' : '') + baseParts.join('/');
  return { base: base || '.', segments: parts.slice(k) };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Paths matching a glob pattern, sorted (each folder's entries by name), as `base/…` strings
 * built from the pattern's own base (relative patterns give relative paths).
 */
export async function glob(pattern: string): Promise<string[]> {
  return (await globMatches(pattern)).map((m) => m.path);
}

/** A path a pattern matched, with what its folder listing said of it (no more stat calls). */
export interface Match {
  path: string;
  /** a folder, or a link to one */
  isDir: boolean;
  isLink: boolean;
}

/** Like glob, with each match's kind. */
export async function globMatches(pattern: string): Promise<Match[]> {
  const out = new Map<string, Match>();
  for (const p of expandBraces(pattern)) {
    const { base, segments } = splitPattern(p);
    for (const m of await walk(base, segments)) if (!out.has(m.path)) out.set(m.path, m);
  }
  return [...out.values()];
}

/**
 * The matches of `segments` below `dir`, depth first in name order, with an explicit stack (no
 * recursion, no spread: any depth, any number of matches). A folder reached again with the same
 * segments left (a symbolic link back up, `*\/*\/…` over a loop) is not walked twice.
 */
async function walk(base: string, segments: string[]): Promise<Match[]> {
  const results: Match[] = [];
  const seen = new Set<string>();
  const stack: { dir: string; at: number }[] = [{ dir: base, at: 0 }];
  while (stack.length) {
    const { dir, at } = stack.pop()!;
    if (at >= segments.length) continue;
    const key = `${at}\0${await realpath(dir).catch(() => dir)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let entries: DirEntry[];
    try {
      entries = await listDir(dir);
    } catch {
      continue;
    }
    const seg = segments[at];
    const last = at === segments.length - 1;
    // what to walk next, pushed in reverse so that the stack pops them in name order
    const next: { dir: string; at: number }[] = [];
    if (seg === '**') {
      // zero folders (the rest matches here), or one more folder and `**` again; a trailing `**`
      // matches everything below. Like bash's globstar, `**` does not enter linked folders.
      const rest = last ? ['*'] : segments.slice(at + 1);
      const here = await walk(dir, rest);
      for (const m of here) results.push(m);
      for (const e of entries) if (e.isDir && !e.isLink && !e.name.startsWith('.')) next.push({ dir: path.join(dir, e.name), at });
    } else {
      const re = segmentRegExp(seg);
      for (const e of entries) {
        if (!re.test(e.name)) continue;
        const full = path.join(dir, e.name);
        if (last) results.push({ path: full, isDir: e.isDir, isLink: e.isLink });
        else if (e.isDir) next.push({ dir: full, at: at + 1 });
      }
    }
    for (let k = next.length - 1; k >= 0; k--) stack.push(next[k]);
  }
  if (!segments.includes('**')) return results;
  const unique = new Map<string, Match>();
  for (const m of results) if (!unique.has(m.path)) unique.set(m.path, m);
  return [...unique.values()].sort((a, b) => comparePaths(a.path, b.path));
}

export interface DirEntry {
  name: string;
  /** a folder, or a link to one */
  isDir: boolean;
  isLink: boolean;
}

/** A folder's entries sorted by name; symbolic links resolved to what they point at. */
export async function listDir(dir: string): Promise<DirEntry[]> {
  const dirents = await readdir(dir, { withFileTypes: true });
  const out: DirEntry[] = [];
  for (const d of dirents) {
    const isLink = d.isSymbolicLink();
    const isDir = isLink ? await stat(path.join(dir, d.name)).then((s) => s.isDirectory(), () => false) : d.isDirectory();
    out.push({ name: d.name, isDir, isLink });
  }
  return out.sort((a, b) => byName(a.name, b.name));
}

/** Compare paths folder by folder, so that a folder's contents stay together. */
export function comparePaths(a: string, b: string): number {
  const as = a.split(/[\\/]/), bs = b.split(/[\\/]/);
  for (let k = 0; k < Math.min(as.length, bs.length); k++) {
    const c = byName(as[k], bs[k]);
    if (c) return c;
  }
  return as.length - bs.length;
}
