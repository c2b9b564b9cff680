import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = dirname(fileURLToPath(import.meta.url));

const nextConfig: NextConfig = {
  // This example lives inside the package's repository, which has its own lock file: pin the roots here.
  turbopack: { root: here },
  outputFileTracingRoot: here,
  // The SQLite driver loads a native binary and BullMQ reads its Lua scripts from its own folder: leave them to Node
  // instead of bundling them.
  serverExternalPackages: ["@libsql/client", "libsql", "bullmq", "ioredis"],
};

export default nextConfig;
