import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the command speaks the locale's language: tests that do not choose one get English
    env: { LC_ALL: 'C.UTF-8', LC_MESSAGES: '', LANG: 'C.UTF-8' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // pdfjs runs in-process; two workers match the two cores of the target machines
    pool: 'forks',
    maxWorkers: 2,
  },
});
