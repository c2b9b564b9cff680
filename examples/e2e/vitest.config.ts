import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Run from the repository root: npx vitest run --config examples/e2e/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    include: ["*.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
