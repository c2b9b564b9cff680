import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = dirname(fileURLToPath(import.meta.url));

const nextConfig: NextConfig = {
  // This example lives inside the package's repository, which has its own lock file: pin the roots here.
  turbopack: { root: here },
  outputFileTracingRoot: here,
  // The SQLite driver loads a native binary: leave it to Node instead of bundling it.
  serverExternalPackages: ["@libsql/client", "libsql"],
};

export default nextConfig;
