// Input expansion: files, folders, glob patterns, --files-from; order and duplicates.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePaths, expandBraces, glob, segmentRegExp } from '../src/batch/glob.js';
import { expandInputs } from '../src/batch/inputs.js';
import { InputListError } from '../src/model/errors.js';

let root: string;
const rel = (files: { file: string }[]) => files.map((f) => path.relative(root, f.file));

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'eval-extract-inputs-'));
  for (const f of ['b.pdf', 'a.pdf', 'C.PDF', 'notes.txt', '.hidden.pdf', 'sub/z.pdf', 'sub/deeper/y.Pdf', 'sub2/x.pdf', 'empty/.keep']) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), '%PDF-1.4\n');
  }
  symlinkSync(root, path.join(root, 'sub', 'loop')); // a link back up the tree
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('glob patterns', () => {
  it('expands braces, nested ones too', () => {
    expect(expandBraces('a{b,c{d,e}}f')).toEqual(['abf', 'acdf', 'acef']);
    expect(expandBraces('{x}')).toEqual(['{x}']);
  });

  it('matches segments as a shell does', () => {
    expect(segmentRegExp('*.pdf').test('a.pdf')).toBe(true);
    expect(segmentRegExp('*.pdf').test('.a.pdf')).toBe(false);
    expect(segmentRegExp('?.pdf').test('ab.pdf')).toBe(false);
    expect(segmentRegExp('[ab].pdf').test('b.pdf')).toBe(true);
    expect(segmentRegExp('[!ab].pdf').test('b.pdf')).toBe(false);
    expect(segmentRegExp('a+b(1).pdf').test('a+b(1).pdf')).toBe(true);
  });

  it('walks ** through folders (not linked ones), sorted', async () => {
    const found = (await glob(path.join(root, '**/*.pdf'))).map((f) => path.relative(root, f));
    expect(found).toEqual(['C.PDF', 'a.pdf', 'b.pdf', 'sub/deeper/y.Pdf', 'sub/z.pdf', 'sub2/x.pdf']);
    // names match in any case, as in a folder: each file once
    expect((await glob(path.join(root, '*.{pdf,PDF}'))).map((f) => path.basename(f))).toEqual(['C.PDF', 'a.pdf', 'b.pdf']);
    expect((await glob(path.join(root, 'sub/d*/*.PDF'))).map((f) => path.relative(root, f))).toEqual(['sub/deeper/y.Pdf']);
  });

  it('sorts paths folder by folder', () => {
    expect(['a/b', 'a-c', 'a/a', 'a'].sort(comparePaths)).toEqual(['a', 'a/a', 'a/b', 'a-c']);
  });
});

describe('expandInputs', () => {
  it('takes every *.pdf of a folder, any case, recursively and sorted; skips dot files, other files, linked folders', async () => {
    const { inputs, single } = await expandInputs([root]);
    expect(rel(inputs)).toEqual(['C.PDF', 'a.pdf', 'b.pdf', 'sub/deeper/y.Pdf', 'sub/z.pdf', 'sub2/x.pdf']);
    expect(single).toBe(false);
  });

  it('keeps input order and extracts a file named twice once', async () => {
    const a = path.join(root, 'a.pdf');
    const { inputs } = await expandInputs([path.join(root, 'sub'), a, path.join(root, 'b.pdf'), `${root}/./a.pdf`, path.join(root, 'sub', 'z.pdf')]);
    expect(rel(inputs)).toEqual(['sub/deeper/y.Pdf', 'sub/z.pdf', 'a.pdf', 'b.pdf']);
  });

  it('passes a missing file on (reading it reports it) and reports an empty folder or a pattern matching nothing', async () => {
    const { inputs, single } = await expandInputs([path.join(root, 'nope.pdf'), path.join(root, 'empty'), path.join(root, '*.xyz')]);
    expect(inputs.map((i) => i.error)).toEqual([undefined, 'no PDF files in this folder', 'no file matches this pattern']);
    expect(single).toBe(false);
    expect((await expandInputs([path.join(root, 'nope.pdf')])).single).toBe(true);
  });

  it('reads --files-from, - for stdin: one path per line, folders expanded, duplicates dropped', async () => {
    const list = [path.join(root, 'b.pdf'), '', path.join(root, 'sub2'), path.join(root, 'a.pdf') + '\r', path.join(root, 'b.pdf')].join('\n');
    const { inputs, single } = await expandInputs([path.join(root, 'a.pdf')], { filesFrom: '-', stdin: Readable.from([Buffer.from(list)]) });
    expect(rel(inputs)).toEqual(['a.pdf', 'b.pdf', 'sub2/x.pdf']);
    expect(single).toBe(false);
    const listFile = path.join(root, 'list.txt');
    writeFileSync(listFile, list);
    expect(rel((await expandInputs([], { filesFrom: listFile })).inputs)).toEqual(['b.pdf', 'sub2/x.pdf', 'a.pdf']);
    await expect(expandInputs([], { filesFrom: path.join(root, 'missing.txt') })).rejects.toBeInstanceOf(InputListError);
  });
});
