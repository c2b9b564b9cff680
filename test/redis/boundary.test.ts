/** The core stays free of the optional Redis peers: only src/redis/** may import bullmq or ioredis. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const importsPeer = (source: string): boolean => /from\s+["'](bullmq|ioredis)(\/[^"']*)?["']|import\(\s*["'](bullmq|ioredis)/.test(source);

describe("Redis peers stay behind the redis subpath", () => {
  it("no file of the core or the adapters imports bullmq or ioredis", () => {
    const offenders = [...files(join(root, "src")), ...files(join(root, "adapters"))]
      .filter((path) => !relative(root, path).startsWith(join("src", "redis")))
      .filter((path) => importsPeer(readFileSync(path, "utf8")))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it("the redis subpath does import them (the check above can see an import)", () => {
    const redisFiles = files(join(root, "src", "redis")).filter((path) => importsPeer(readFileSync(path, "utf8")));
    expect(redisFiles.length).toBeGreaterThan(0);
  });
});
