// LibreOffice for the tests that open our CSV and workbooks in a spreadsheet program: whether
// it is installed (those tests are skipped otherwise) and a profile of the test's own.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const hasSoffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
})();

/** The option that gives soffice a user profile below `dir` (never the user's own). */
export const sofficeProfile = (dir: string) => `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`;
