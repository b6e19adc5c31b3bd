import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // generous: the tests run the real CLI over real PDFs, and must pass on a machine whose
    // cores are busy with other work (a loaded 2-core CI box runs them 5x slower); a hang
    // still fails
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // pdfjs runs in-process; two workers match the two cores of the target machines
    pool: 'forks',
    maxWorkers: 2,
  },
});
