// The real command in a child process: `node bin/eval-extract.js ARGS`, with its exit code,
// stdout and stderr whatever they are. Colour variables are cleared and the locale is English
// unless given.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../bin/eval-extract.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** written to stdin (else stdin is empty) */
  input?: string | Buffer;
  /** node's own options, before the script */
  nodeArgs?: string[];
}

export function cli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'en_US.UTF-8' };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.EVAL_EXTRACT_PASSWORD;
  const child = spawn('node', [...(options.nodeArgs ?? []), BIN, ...args], { env: { ...env, ...options.env }, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined); // the command may not read it
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
