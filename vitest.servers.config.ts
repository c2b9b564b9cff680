import { defineConfig } from "vitest/config";

// Real database servers (PostgreSQL, MariaDB): `npm run test:servers`, run by scripts/ci-databases.sh in CI.
export default defineConfig({
  test: {
    include: ["test/servers/**/*.test.ts"],
    globalSetup: ["test/adapters/support/prisma-generate.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
