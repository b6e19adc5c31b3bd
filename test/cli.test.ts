// The command line as a new user meets it (issue 11), through the real CLI: outputs that never
// destroy a file, the conventions of every good CLI, a stable machine shape with its JSON Schema,
// re-checking saved results without the PDFs, and an honest report and terminal.
import { execFile } from 'node:child_process';
import {
  copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../src/model/schema.js';
import { ENCRYPTED, missingSectionPdf } from './helpers/badpdfs.js';
import { BIN, cli } from './helpers/cli.js';
import { diffForms, fixture, FIXTURES, loadJson } from './helpers/truth.js';

const SMALL = 'stsong-nonembedded.pdf';
const VERSION = (loadJson<{ version: string }>('../package.json')).version;
const SEE_HELP = "see 'eval-extract --help'";

let tmp: string;
/** A path in the test's own folder. */
const at = (...p: string[]) => path.join(tmp, ...p);
const bytes = (f: string) => readFileSync(f);
/** Run in the test folder. */
const run = (args: string[], input?: string | Buffer, env?: NodeJS.ProcessEnv) => cli(args, { cwd: tmp, input, env });

/** A usage error: exit 2, one line saying why and one pointing to the help, nothing on stdout. */
function expectUsage(r: { code: number | null; stdout: string; stderr: string }, why: RegExp, help = SEE_HELP) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^eval-extract: /);
  expect(lines[0]).toMatch(why);
  expect(lines[1]).toBe(help);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'eval-extract-cli-'));
  copyFileSync(fixture(SMALL), at('victim.pdf'));
  mkdirSync(at('up'));
  copyFileSync(fixture(SMALL), at('up', 'A.PDF'));
  mkdirSync(at('a'));
  mkdirSync(at('b'));
  copyFileSync(fixture(SMALL), at('a', 'x.pdf'));
  copyFileSync(fixture(SMALL), at('b', 'X.pdf'));
  writeFileSync(at('missing-total.pdf'), missingSectionPdf());
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('1. outputs are safe', () => {
  it('refuses to write over an input, also through a hard or symbolic link, before any work', async () => {
    const before = bytes(at('victim.pdf'));
    linkSync(at('victim.pdf'), at('hard.pdf'));
    symlinkSync(at('victim.pdf'), at('sym.json'));
    writeFileSync(at('list.txt'), 'victim.pdf\n');
    const cases: [string[], string][] = [
      [['-o', 'victim.pdf', 'up', 'victim.pdf'], 'victim.pdf: it is an input'],
      [['--format', 'csv', '-o', 'victim.pdf', 'victim.pdf'], 'victim.pdf: it is an input'],
      [['-o', 'hard.pdf', './victim.pdf'], 'hard.pdf: it is the input ./victim.pdf'],
      [['-o', 'sym.json', 'victim.pdf'], 'sym.json: it is the input victim.pdf'],
      // the --files-from list is an input too
      [['--format', 'json', '-o', 'list.txt', '--files-from', 'list.txt'], 'list.txt: it is an input'],
    ];
    // no-such.pdf would fail with exit 3 if anything were read
    const runs = await Promise.all(cases.map(([args]) => run([...args, 'no-such.pdf'])));
    runs.forEach((r, k) => expectUsage(r, new RegExp(`^eval-extract: refusing to write to ${cases[k][1].replace(/\./g, '\\.')}$`)));
    expect(bytes(at('victim.pdf'))).toEqual(before);
    expect(readFileSync(at('list.txt'), 'utf8')).toBe('victim.pdf\n');
  });

  it('checks the target before extracting: one line, exit 2', async () => {
    writeFileSync(at('plain.json'), '{}');
    // the rest of the contradictions: planOutput's unit test (test/output.test.ts)
    const cases: [string[], RegExp][] = [
      [['-o', 'nowhere/out.json'], /-o nowhere\/out\.json: the folder \S+nowhere does not exist$/],
      [['-o', 'plain.json/out.json'], /-o plain\.json\/out\.json: \S+plain\.json is not a folder$/],
      [['-o', 'up'], /-o up is a folder; --format json is written to a file \(--out-dir DIR for one file per input\)$/],
      [['-o', 'out.xls'], /-o out\.xls: cannot tell the format from the name; end it in \.json, .*\.xlsx, \.html or \.htm, or give --format$/],
      [['--format', 'xlsx'], /--format xlsx needs -o FILE/],
      [['-o', 'up', '--format', 'html'], /-o up is a folder; --format html is written to a file$/],
      [['--format', 'csv', '-o', 'result.xlsx'], /-o result\.xlsx does not name a csv file/],
      [['--skip-existing'], /--skip-existing goes with --out-dir/],
    ];
    // no-such.pdf would fail with exit 3 if anything were read
    const runs = await Promise.all(cases.map(([args]) => run([...args, 'victim.pdf', 'no-such.pdf'])));
    runs.forEach((r, k) => expectUsage(r, cases[k][1]));
    expect(existsSync(at('result.xlsx'))).toBe(false);
    expect(existsSync(at('nowhere'))).toBe(false);
  });

  it('-o - is stdout; the format follows -o\'s extension', async () => {
    const [dash, csv, jsonl, txt, report] = await Promise.all([
      run(['-o', '-', 'victim.pdf']),
      run(['-o', 'out.csv', 'victim.pdf']),
      run(['-o', 'out.jsonl', 'victim.pdf', 'up']),
      run(['-o', 'out.txt', 'victim.pdf']),
      // check -o report.json: the report command writes JSON when the name says so
      run(['check', '-o', 'report.json', 'victim.pdf']),
    ]);
    expect([dash.code, csv.code, jsonl.code, txt.code, report.code]).toEqual([0, 0, 0, 0, 0]);
    expect((JSON.parse(dash.stdout) as FileResult).forms).toHaveLength(1);
    expect(existsSync(at('-'))).toBe(false);
    expect(readFileSync(at('out.csv'), 'utf8')).toMatch(/^\uFEFFformKey,file,pages,/);
    const lines = readFileSync(at('out.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as FileResult).file)).toEqual(['victim.pdf', path.join('up', 'A.PDF')]);
    expect(readFileSync(at('out.txt'), 'utf8')).toContain('1 form in 1 file: 0 errors, 1 warning, 0 info');
    expect((JSON.parse(readFileSync(at('report.json'), 'utf8')) as FileResult).forms[0].findings).toHaveLength(1);
  });

  it('--out-dir writes one result per input, unique names; --skip-existing resumes', async () => {
    const first = await run(['--out-dir', 'od', 'a/x.pdf', 'b/X.pdf', 'victim.pdf']);
    expect(first.code).toBe(0);
    expect(readdirSync(at('od')).sort()).toEqual(['X-2.json', 'victim.json', 'x.json']);
    const saved = (name: string) => JSON.parse(readFileSync(at('od', name), 'utf8')) as FileResult;
    expect([saved('x.json').file, saved('X-2.json').file, saved('victim.json').file]).toEqual([path.join('a', 'x.pdf'), path.join('b', 'X.pdf'), 'victim.pdf']);
    expect(diffForms(loadJson('stsong-nonembedded.json'), saved('x.json').forms)).toEqual([]);

    // an interrupted batch: x.json is done (marked to see that it is kept), victim.json is
    // missing, X-2.json holds another file's result (so it is not "done")
    writeFileSync(at('od', 'x.json'), JSON.stringify({ ...saved('x.json'), pageCount: 999 }));
    rmSync(at('od', 'victim.json'));
    writeFileSync(at('od', 'X-2.json'), JSON.stringify({ ...saved('X-2.json'), file: 'elsewhere.pdf' }));
    const again = await run(['--out-dir', 'od', '--skip-existing', 'a/x.pdf', 'b/X.pdf', 'victim.pdf']);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('eval-extract: 1 input skipped: their results are already in od (--skip-existing)\n');
    expect(saved('x.json').pageCount).toBe(999);
    expect(saved('X-2.json').file).toBe(path.join('b', 'X.pdf'));
    expect(saved('victim.json').forms).toHaveLength(1);
  });
});

describe('2. conventions', () => {
  it('--version, -V, help [command], and a help with commands and examples', async () => {
    const [version, v, checkVersion, help, dashHelp, check, checkHelp, schema, nope] = await Promise.all([
      ['--version'], ['-V'], ['check', '--version'], ['help'], ['--help'], ['help', 'check'], ['check', '--help'], ['help', 'schema'], ['help', 'nope'],
    ].map((args) => run(args)));
    for (const r of [version, v, checkVersion]) expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: eval-extract \[options\] \[inputs\.\.\.\]/);
    expect(help.stdout).toMatch(/\nCommands:\n(.*\n)*  check .*\n(.*\n)*  schema .*\n(.*\n)*  help \[command\]/);
    expect(help.stdout).toContain('\nExamples:\n');
    expect(dashHelp.stdout).toBe(help.stdout);
    expect(check.stdout).toMatch(/^Usage: eval-extract check \[options\] \[inputs\.\.\.\]/);
    expect(check.stdout).toContain('\nExamples:\n');
    expect(checkHelp.stdout).toBe(check.stdout);
    expect(schema.stdout).toMatch(/^Usage: eval-extract schema/);
    expectUsage(nope, /help: no command 'nope'/);
  });

  it('a usage error is one line and a pointer to the help, not the whole help', async () => {
    const [typo, value, none] = await Promise.all([['--fromat', 'json', 'victim.pdf'], ['check', '--fail-on', 'sometimes', 'victim.pdf'], []].map((a) => run(a)));
    expectUsage(typo, /^eval-extract: unknown option '--fromat' \(Did you mean --format\?\)$/);
    expectUsage(value, /--fail-on/, "see 'eval-extract check --help'");
    expectUsage(none, /no input/);
  });

  it('a mistyped command is a usage error that names the command, unless a file has that name', async () => {
    const [chek, shema, afterOption, missingPdf] = await Promise.all([['chek', 'victim.pdf'], ['shema'], ['--password', 'x', 'chek'], ['chekc.pdf']].map((a) => run(a)));
    expectUsage(chek, /^eval-extract: 'chek' is neither a file nor a command \(Did you mean check\?\)$/);
    expectUsage(shema, /Did you mean schema\?/);
    expectUsage(afterOption, /'chek' is neither a file nor a command/);
    expect(missingPdf.code).toBe(3); // a path is a path: 'no such file'
    expect(missingPdf.stderr).toContain('no such file');
    copyFileSync(fixture(SMALL), at('chek'));
    const file = await run(['--format', 'jsonl', 'chek']);
    expect(file.code).toBe(0);
    expect((JSON.parse(file.stdout) as FileResult).file).toBe('chek');
  });

  it('recognises a command after global options; a file named like one is ./name', async () => {
    const enc = fixture(ENCRYPTED.file);
    const r = await run(['--password', ENCRYPTED.password, 'check', enc]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 form in 1 file: 0 errors, 1 warning, 0 info');
    copyFileSync(fixture(SMALL), at('check'));
    const file = await run(['--format', 'jsonl', './check']);
    expect((JSON.parse(file.stdout) as FileResult).file).toBe('./check');
  });

  it('runs under node given V8 flags (they belong to the process, never to a worker)', async () => {
    copyFileSync(fixture(SMALL), at('again.pdf'));
    const r = await cli(['--format', 'jsonl', '-j', '2', fixture(SMALL), at('again.pdf')], { nodeArgs: ['--max-semi-space-size=16', '--stack-trace-limit=20'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as FileResult);
    expect(results).toHaveLength(2);
    for (const x of results) expect(diffForms(loadJson('stsong-nonembedded.json'), x.forms)).toEqual([]);
  });

  it('takes the password from EVAL_EXTRACT_PASSWORD or --password-file', async () => {
    const enc = fixture(ENCRYPTED.file);
    writeFileSync(at('pw.txt'), `${ENCRYPTED.password}\n`);
    const [viaEnv, viaFile, noFile, both] = await Promise.all([
      run(['--format', 'jsonl', enc], undefined, { EVAL_EXTRACT_PASSWORD: ENCRYPTED.password }),
      run(['--format', 'jsonl', '--password-file', 'pw.txt', enc]),
      run(['--password-file', 'nope.txt', enc]),
      run(['--password', 'x', '--password-file', 'pw.txt', enc]),
    ]);
    expect([viaEnv.code, viaFile.code]).toEqual([0, 0]);
    expect(viaFile.stdout).toBe(viaEnv.stdout);
    expect(diffForms(loadJson('stsong-nonembedded.json'), (JSON.parse(viaFile.stdout) as FileResult).forms)).toEqual([]);
    expectUsage(noFile, /--password-file nope\.txt: no such file/);
    expectUsage(both, /cannot go together/);
  });

  it('- reads a PDF from stdin', async () => {
    const [piped, file, empty, twice] = await Promise.all([
      run(['-'], bytes(at('victim.pdf'))), run(['victim.pdf']), run(['--format', 'jsonl', '-'], ''), run(['-', '--files-from', '-'], ''),
    ]);
    expect(piped.code).toBe(0);
    const fromStdin = JSON.parse(piped.stdout) as FileResult;
    expect(fromStdin.file).toBe('-');
    expect(fromStdin.forms).toEqual((JSON.parse(file.stdout) as FileResult).forms);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toBe('eval-extract: -: empty file\n');
    expectUsage(twice, /cannot both read stdin/);
  });

  it('patterns and folders agree on case; --files-from trims and skips blank and # lines', async () => {
    const files = async (args: string[], input?: string) =>
      (await run(['--format', 'jsonl', ...args], input)).stdout.trim().split('\n').map((l) => (JSON.parse(l) as FileResult).file);
    const [pattern, folder, list] = await Promise.all([
      files(['up/*.pdf']), files(['up']), files(['--files-from', '-'], '# the batch of today\n  victim.pdf  \r\n\n   \n\tup\t\n#up/A.PDF\n'),
    ]);
    expect(pattern).toEqual([path.join('up', 'A.PDF')]);
    expect(folder).toEqual(pattern);
    expect(list).toEqual(['victim.pdf', path.join('up', 'A.PDF')]);
  });
});

describe('3, 4. a stable machine shape; checking saved results', () => {
  let all: string;
  let extracted: FileResult[];
  beforeAll(async () => {
    // every fixture PDF, the encrypted one (with its password), a form missing its 总分, a non-PDF
    all = at('all');
    mkdirSync(all);
    const pdfs = [...readdirSync(FIXTURES).filter((f) => f.endsWith('.pdf')), ...readdirSync(path.join(FIXTURES, 'variants'))
      .filter((f) => f.endsWith('.pdf')).map((f) => `variants/${f}`)];
    for (const f of pdfs) copyFileSync(fixture(f), path.join(all, f.replace('/', '-')));
    copyFileSync(at('missing-total.pdf'), path.join(all, 'missing-total.pdf'));
    writeFileSync(path.join(all, 'not-a.pdf'), 'hello');
    const r = await run(['--password', ENCRYPTED.password, '--array', '-o', 'saved.json', all]);
    expect(r.code).toBe(3); // the form missing 总分, the non-PDF
    extracted = JSON.parse(readFileSync(at('saved.json'), 'utf8')) as FileResult[];
    expect(extracted.length).toBe(pdfs.length + 2);
  });

  it('--format json keeps one object for one input; --array always prints an array', async () => {
    expect(JSON.parse((await run(['victim.pdf'])).stdout)).toMatchObject({ file: 'victim.pdf' });
    const array = JSON.parse((await run(['--array', 'victim.pdf'])).stdout) as FileResult[];
    expect(array.map((r) => r.file)).toEqual(['victim.pdf']);
  });

  it('`schema` prints the JSON Schema every output validates against; every error has a code', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    expect(validate(extracted), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    for (const one of extracted) expect(validate(one), one.file).toBe(true);
    const codes = extracted.flatMap((x) => x.errors.map((e) => [path.basename(x.file), e.code]));
    // other 绩效 tables (a 基础数据表, a scoring rubric) are named and skipped with code no-form
    const skipped = (file: string) => [[file, 'no-form'], [file, 'no-form']];
    expect(codes).toEqual([
      ['missing-total.pdf', 'form'], ['not-a.pdf', 'not-pdf'], ...skipped('other-tables.pdf'),
      ...['-libreoffice', '-raw', ''].flatMap((s) => skipped(`variants-template-department${s}.pdf`)),
    ]);
    // not vacuous: an error without its code, a form without its title, an unknown field fail
    const [good] = extracted;
    expect(validate({ ...extracted.at(-1), errors: [{ message: 'x' }] })).toBe(false);
    expect(validate({ ...good, forms: [{ ...good.forms[0], title: undefined }] })).toBe(false);
    expect(validate({ ...good, extra: 1 })).toBe(false);
  });

  it('check saved results: the same findings, report and exit code as checking the PDFs', async () => {
    writeFileSync(at('saved.jsonl'), extracted.map((x) => JSON.stringify(x) + '\n').join(''));
    // with the default options, the PDFs' findings are those extracted above
    const again = await run(['check', '--format', 'json', 'saved.json']);
    expect(JSON.parse(again.stdout)).toEqual(extracted);
    expect(again.code).toBe(3); // the same inputs failed
    // with other options, against checking the PDFs again
    const options = ['--grade-bands', '优:97,良:80,中:60,差:0', '--severity', 'deduction-without-reason=off', '--fail-on', 'info'];
    const [pdfs, json, jsonl, report] = await Promise.all([
      run(['check', '--password', ENCRYPTED.password, '--format', 'json', ...options, all]),
      run(['check', '--format', 'json', ...options, 'saved.json']),
      run(['check', '--format', 'json', ...options, 'saved.jsonl']),
      run(['check', ...options, 'saved.jsonl']),
    ]);
    expect(JSON.parse(pdfs.stdout)).not.toEqual(extracted);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(pdfs.stdout));
    expect(JSON.parse(jsonl.stdout)).toEqual(JSON.parse(pdfs.stdout));
    expect([json.code, jsonl.code]).toEqual([pdfs.code, pdfs.code]);
    expect(json.stderr).toBe(pdfs.stderr); // the same error lines and verdict
    // the report is made from the same results
    expect(report.stdout).toContain('grade-band');
    expect(report.stdout.trimEnd().split('\n').at(-1)).toBe(pdfs.stderr.trimEnd().split('\n').at(-1)!.replace(/^eval-extract: /, ''));
    // the printed decimals travel with each form (a 执行率 printed 99 is not 99.00)
    expect(extracted.flatMap((x) => x.forms).every((f) => f.funds.decimals !== undefined)).toBe(true);
  });

  it('a saved file that is not eval-extract output is that file\'s one-line error', async () => {
    writeFileSync(at('broken.jsonl'), `${JSON.stringify(extracted[0])}\n{"file": 1}\nnot json\n`);
    const r = await run(['check', '--format', 'jsonl', 'broken.jsonl']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([
      'eval-extract: broken.jsonl: line 2: not an eval-extract result (file: Invalid input: expected string, received number)',
      'eval-extract: broken.jsonl: line 3: not valid JSON',
      expect.stringMatching(/^eval-extract: \d+ forms? in 3 files: .*; 2 files not checked$/),
    ]);
    expectUsage(await run(['check', 'saved.json', 'victim.pdf']), /saved results \(\.json, \.jsonl\) and PDFs cannot be checked in one run/, "see 'eval-extract check --help'");
  });
});

describe('5. an honest report and terminal', () => {
  it('a form whose totals could not be read says which checks did not run', async () => {
    const r = await run(['check', 'missing-total.pdf']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('     ? not checked, 总分 得分, 总分 分值 not read: total-score-sum, total-weight-sum, grade-band\n');
    expect(r.stdout).not.toContain('no findings');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 form in 1 file: 0 errors, 1 warning, 0 info; 1 form not fully checked');
  });

  it('check -o DIR prints the verdict and where the tables went', async () => {
    const r = await run(['check', '--format', 'csv', '-o', 'tables', 'victim.pdf']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 form in 1 file: 0 errors, 1 warning, 0 info; tables in tables (forms.csv, indicators.csv, findings.csv, funds.csv, errors.csv)\n');
    expect(readdirSync(at('tables')).sort()).toEqual(['errors.csv', 'findings.csv', 'forms.csv', 'funds.csv', 'indicators.csv']);
  });

  /** What a terminal shows for the command (via `script`): each line as left on screen. */
  async function onTerminal(args: string) {
    const { stdout } = await promisify(execFile)('script', ['-qec', `node ${BIN} ${args}`, '/dev/null'], { cwd: tmp, env: { ...process.env, COLUMNS: '100' } });
    // a line's visible text is what follows its last clearing of the line
    return stdout.split(/\r?\n/).map((l) => l.split('\r\x1b[2K').at(-1)!.replace(/\r/g, ''));
  }

  it('the bar never shares a line with the output, and there is one summary line', async () => {
    const report = await onTerminal('check --no-color victim.pdf up');
    expect(report.filter((l) => /pages\/s|ETA/.test(l))).toEqual([]);
    expect(report.filter((l) => /forms? in \d+ files?/.test(l))).toEqual(['2 forms in 2 files: 0 errors, 2 warnings, 0 info']);
    expect(report[0]).toBe('victim.pdf');
    const json = await onTerminal('--format jsonl victim.pdf up');
    expect(json.filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as FileResult).file)).toEqual(['victim.pdf', 'up/A.PDF']);
    expect(json.filter((l) => /pages\/s/.test(l))).toEqual([expect.stringMatching(/^eval-extract: 2 files, 2 forms, 4 pages, 0 failed, [\d.]+ s/)]);
  });
});
