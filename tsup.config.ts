import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    // The `bin` (src/cli/main.ts starts with a hashbang, which esbuild keeps and tsup marks executable).
    cli: "src/cli/main.ts",
    "adapters/memory/index": "adapters/memory/index.ts",
    "adapters/prisma/index": "adapters/prisma/index.ts",
    "adapters/drizzle/index": "adapters/drizzle/index.ts",
    "adapters/drizzle/pg": "adapters/drizzle/pg.ts",
    "adapters/drizzle/sqlite": "adapters/drizzle/sqlite.ts",
    "adapters/drizzle/mysql": "adapters/drizzle/mysql.ts",
    "testing/index": "src/testing/index.ts",
    "redis/index": "src/redis/index.ts",
    "postgres/index": "src/postgres/index.ts",
    "compat/index": "src/compat/index.ts",
    "otel/index": "src/otel/index.ts",
    // `discord-webhook-dispatcher/state`: the ports a delivery or incident state implements.
    state: "src/state.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  splitting: true,
  treeshake: true,
  external: ["@prisma/client", "drizzle-orm", "bullmq", "ioredis", "pg", "@opentelemetry/api"],
});
