import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // pdfjs runs in-process; two workers match the two cores of the target machines
    pool: 'forks',
    maxWorkers: 2,
  },
});
