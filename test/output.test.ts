// Where the output goes (src/cli/output.ts): the format and target from the options, each
// contradiction a usage error; the --out-dir names. Pure, no process.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/exit.js';
import { outDirNames, planOutput, type OutputOptions } from '../src/cli/output.js';

const plan = (o: OutputOptions, mode: 'extract' | 'check' = 'extract') => planOutput(o, mode);
const refused = (o: OutputOptions): string => {
  try {
    plan(o);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error(`not refused: ${JSON.stringify(o)}`);
};

describe('planOutput', () => {
  it('takes the format from --format, else from -o\'s extension, else the command\'s default', () => {
    expect(plan({})).toEqual({ format: 'json', target: { kind: 'stdout' }, array: false });
    expect(plan({}, 'check')).toEqual({ format: 'text', target: { kind: 'stdout' }, array: false });
    expect(plan({ output: '-', format: 'jsonl' })).toEqual({ format: 'jsonl', target: { kind: 'stdout' }, array: false });
    expect(plan({ output: 'a.JSONL' }).format).toBe('jsonl');
    expect(plan({ output: 'a.ndjson' }).format).toBe('jsonl');
    expect(plan({ output: 'r.txt' }).format).toBe('text');
    expect(plan({ output: 'r.json' }, 'check').format).toBe('json');
    expect(plan({ output: 'x.csv' })).toEqual({ format: 'csv', target: { kind: 'file', path: 'x.csv' }, array: false });
    expect(plan({ output: 'results' })).toEqual({ format: 'json', target: { kind: 'file', path: 'results' }, array: false });
    expect(plan({ output: '/dev/null' }).target).toEqual({ kind: 'file', path: '/dev/null' });
    expect(plan({ output: 'out.data', format: 'json' }).target).toEqual({ kind: 'file', path: 'out.data' });
    expect(plan({ output: 'x.json', array: true }).array).toBe(true);
  });

  it('csv -o names a .csv file or a folder', () => {
    expect(plan({ output: 'tables', format: 'csv' }).target).toEqual({ kind: 'folder', path: 'tables' });
    expect(plan({ output: 'tables/', format: 'csv' }).target).toEqual({ kind: 'folder', path: 'tables/' });
    expect(plan({ output: 'tables.2024', format: 'csv' }).target).toEqual({ kind: 'folder', path: 'tables.2024' });
  });

  it('--out-dir: one JSON file per input', () => {
    expect(plan({ outDir: 'od' }, 'check')).toEqual({ format: 'json', target: { kind: 'per-input', path: 'od' }, array: false });
    expect(plan({ outDir: 'od', format: 'json', skipExisting: true }).target).toEqual({ kind: 'per-input', path: 'od' });
  });

  it('refuses contradictions', () => {
    expect(refused({ output: 'out.xlsx' })).toMatch(/cannot tell the format from the name/);
    expect(refused({ output: 'v3.pdf' })).toMatch(/cannot tell the format/);
    expect(refused({ output: 'result.xlsx', format: 'csv' })).toBe('-o result.xlsx does not name a csv file: change the name or --format');
    expect(refused({ output: 'out.csv', format: 'json' })).toMatch(/does not name a json file/);
    expect(refused({ output: 'v3.pdf', format: 'csv' })).toMatch(/does not name a csv file/);
    expect(refused({ output: 'r.txt', format: 'jsonl' })).toMatch(/does not name a jsonl file/);
    expect(refused({ output: 'outdir/' })).toMatch(/^-o outdir\/ is a folder; --format json is written to a file/);
    expect(refused({ format: 'jsonl', array: true })).toBe('--array is for --format json, not jsonl');
    expect(refused({ output: 'x.json', outDir: 'od' })).toMatch(/-o and --out-dir cannot go together/);
    expect(refused({ skipExisting: true })).toMatch(/--skip-existing goes with --out-dir/);
    expect(refused({ outDir: 'od', format: 'csv' })).toMatch(/--format csv cannot go with it/);
    expect(refused({ outDir: 'od', array: true })).toMatch(/--array cannot go with --out-dir/);
  });
});

describe('outDirNames', () => {
  it('names each input after its file, unique in any case, in input order', () => {
    const names = outDirNames(['a/x.pdf', 'b/X.PDF', 'c/x-2.pdf', 'x.pdf', '-', 'reports/', 'notes'].map((file) => ({ file })));
    expect(names).toEqual(['x.json', 'X-2.json', 'x-2-2.json', 'x-3.json', 'stdin.json', 'reports.json', 'notes.json']);
  });
});
