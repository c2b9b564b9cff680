import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = dirname(fileURLToPath(import.meta.url));

const nextConfig: NextConfig = {
  // As in an app made by create-next-app 16 (scripts/ci-examples.sh builds the routes in one): no route here
  // exports `dynamic`, `runtime` or `revalidate`, which this mode refuses.
  cacheComponents: true,
  partialPrefetching: true,
  // This example lives inside the package's repository, which has its own lock file: pin the roots here.
  turbopack: { root: here },
  outputFileTracingRoot: here,
  // The SQLite driver loads a native binary and BullMQ reads its Lua scripts from its own folder: leave them to Node
  // instead of bundling them.
  serverExternalPackages: ["@libsql/client", "libsql", "bullmq", "ioredis"],
};

export default nextConfig;
