// Seeded fuzzing: 300 mutated copies of the fixtures through the command and its worker pool.
// The process must neither crash nor hang, and every file must give forms or a clean error.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FileResultSchema, type FileResult } from '../src/model/schema.js';
import { ENCRYPTED, mutate, rng } from './helpers/badpdfs.js';
import { fixture } from './helpers/truth.js';

const BIN = path.resolve(__dirname, '../bin/eval-extract.js');
const SEED = 20_240_601;
const COUNT = 300;
/** mostly the small two-page fixture (fast), some of the 27-page one and the encrypted one */
const SOURCES: [name: string, share: number][] = [
  ['stsong-nonembedded.pdf', 0.8],
  ['seed-pdfkit.pdf', 0.12],
  [ENCRYPTED.file, 0.08],
];

let dir: string;
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

it(`${COUNT} mutated PDFs (seed ${SEED}): no crash, no hang, forms or a clean error for each`, async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'eval-extract-fuzz-'));
  const random = rng(SEED);
  const sources = SOURCES.map(([name, share]) => ({ bytes: readFileSync(fixture(name)), share }));
  for (let k = 0; k < COUNT; k++) {
    let pick = random();
    const src = sources.find((s) => (pick -= s.share) < 0) ?? sources[0];
    writeFileSync(path.join(dir, `m${String(k).padStart(3, '0')}.pdf`), mutate(src.bytes, random));
  }

  const child = spawn('node', [BIN, '-j', '2', '--timeout', '20', '--format', 'jsonl', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })));

  // no crash: a normal exit, 0 (all fine) or 3 (some input failed)
  expect(exit.signal).toBeNull();
  expect([0, 3]).toContain(exit.code);
  const results = stdout.trim().split('\n').map((l) => JSON.parse(l) as FileResult);
  expect(results.map((r) => path.basename(r.file))).toEqual(Array.from({ length: COUNT }, (_, k) => `m${String(k).padStart(3, '0')}.pdf`));

  for (const r of results) {
    FileResultSchema.parse(r);
    // forms, or a clean error: one line, a reason, no stack trace or internal failure
    expect(r.forms.length > 0 || r.errors.length > 0, r.file).toBe(true);
    for (const e of r.errors) {
      expect(e.message, r.file).toMatch(/^\S[^\n]*$/);
      expect(e.message, r.file).not.toMatch(/\bat \S+ \(|undefined|\[object |worker crashed|stopped unexpectedly/);
    }
  }
  // every error line on stderr names its file
  for (const line of stderr.trim().split('\n').filter(Boolean)) expect(line).toMatch(/^eval-extract: \S+m\d{3}\.pdf: \S/);
});
