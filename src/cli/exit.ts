// How a run of the command ends. Exit codes: 0 all inputs extracted; 1 a finding at or above
// --fail-on; 2 usage error (also an output refused or impossible, before any work); 3 an input
// could not be read, held no form or was read with errors (3 wins over 1); 4 the output could
// not be written (a full disk, no permission); 128+N stopped by signal N (130 Ctrl-C, 143
// SIGTERM, 141 closed pipe).
export const EXIT = { ok: 0, findings: 1, usage: 2, input: 3, output: 4 } as const;

/** Thrown to end the command with a non-zero exit code; bin/ maps it to the process exit. */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(readonly exitCode: number, why = `exit ${exitCode}`) {
    super(why);
  }
}

export interface Verdict {
  /** some input could not be read, held no form or was read with errors */
  failed: boolean;
  /** some finding is at or above --fail-on */
  findings: boolean;
}

/** The exit code of a batch that ran to its end. */
export const exitCode = (v: Verdict): number => (v.failed ? EXIT.input : v.findings ? EXIT.findings : EXIT.ok);

/** A mistake in the command line (exit 2): printed as one line and a pointer to the help. */
export class UsageError extends ExitError {
  override name = 'UsageError';
  constructor(message: string) {
    super(EXIT.usage, message);
  }
}
