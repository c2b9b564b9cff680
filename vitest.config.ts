import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generates the Prisma clients the adapter tests use (offline, into test/.generated).
    globalSetup: ["test/adapters/support/prisma-generate.ts"],
    exclude: ["test/servers/**", "node_modules/**"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
