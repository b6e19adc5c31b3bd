// The command line's own messages (not the library's reasons for a file), in one place so that
// they can be translated as a whole. Each is one line without the `eval-extract: ` prefix.
import { extensionList } from './formats.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const MESSAGES = {
  // usage errors (exit 2), followed by a pointer to the help
  seeHelp: (command?: string) => `see 'eval-extract ${command ? `${command} ` : ''}--help'`,
  unknownHelpTopic: (topic: string) => `help: no command '${topic}' (commands: check, schema, help)`,
  noInput: 'no input: name PDF files, folders or patterns, - for stdin, or --files-from',
  extraArguments: (command: string, args: string[]) => `${command} takes no arguments (got ${args.join(' ')})`,
  outputAndOutDir: '-o and --out-dir cannot go together: -o writes one output, --out-dir one file per input',
  skipNeedsOutDir: '--skip-existing goes with --out-dir (it skips inputs whose result file is there)',
  outDirIsJson: (format: string) => `--out-dir writes one JSON file per input; --format ${format} cannot go with it`,
  arrayNeedsJson: (format: string) => `--array is for --format json, not ${format}`,
  arrayWithOutDir: '--array cannot go with --out-dir (each file holds one result)',
  formatContradiction: (output: string, format: string) => `-o ${output} does not name a ${format} file: change the name or --format`,
  unknownExtension: (output: string) =>
    `-o ${output}: cannot tell the format from the name; end it in ${extensionList()}, or give --format`,
  fileNeeded: (flag: string, output: string, format: string) =>
    `${flag} ${output} is a folder; --format ${format} is written to a file${format === 'json' ? ' (--out-dir DIR for one file per input)' : ''}`,
  noFolder: (flag: string, output: string, dir: string) => `${flag} ${output}: the folder ${dir} does not exist`,
  notAFolder: (flag: string, output: string, dir: string) => `${flag} ${output}: ${dir} is not a folder`,
  notWritable: (flag: string, output: string, what: string) => `${flag} ${output}: cannot write to ${what} (permission denied or read-only)`,
  overwritesInput: (target: string, input: string) =>
    target === input ? `refusing to write to ${target}: it is an input` : `refusing to write to ${target}: it is the input ${input}`,
  stdinTwice: '- (a PDF on stdin) and --files-from - cannot both read stdin',
  stdinIsTerminal: '- reads a PDF from stdin, but stdin is a terminal: pipe a PDF in (cat a.pdf | eval-extract -)',
  passwordTwice: '--password and --password-file cannot go together',
  passwordFile: (file: string, why: string) => `--password-file ${file}: ${why}`,
  mixedInputs: 'saved results (.json, .jsonl) and PDFs cannot be checked in one run',
  outDirWithSaved: '--out-dir is for PDFs; saved results are checked again to stdout or -o',

  // the closing line and other notes
  skipped: (n: number, dir: string) => `${plural(n, 'input')} skipped: their results are already in ${dir} (--skip-existing)`,
  writtenTo: (where: string) => `written to ${where}`,
  tablesIn: (dir: string, names: readonly string[]) => `tables in ${dir} (${names.join(', ')})`,
  resultsIn: (dir: string, n: number) => `${plural(n, 'result file')} in ${dir}`,
  interrupted: (why: string, done: number, total: number, where: string) => `${why} after ${done} of ${total} files; ${where}`,
  leftAsItWas: (output: string) => `${output} left as it was`,
  notWritten: (output: string) => `${output} not written`,
  firstResults: (n: number) => `stdout has the first ${plural(n, 'result')}`,
  firstResultFiles: (dir: string, n: number) => `${dir} has ${plural(n, 'new result file')}`,
  nothingWritten: 'nothing written',
};
