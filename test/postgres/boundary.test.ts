/** The core stays free of the optional `pg` peer: only src/postgres/** may import it. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { postgresQueue } from "../../src/postgres/index.js";

const root = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const importsPg = (source: string): boolean => /from\s+["']pg(\/[^"']*)?["']|import\(\s*["']pg["']/.test(source);

describe("pg stays behind the postgres subpath", () => {
  it("no file of the core or the adapters imports pg", () => {
    const offenders = [...files(join(root, "src")), ...files(join(root, "adapters"))]
      .filter((path) => !relative(root, path).startsWith(join("src", "postgres")))
      .filter((path) => importsPg(readFileSync(path, "utf8")))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it("the postgres subpath does import it (the check above can see an import)", () => {
    expect(files(join(root, "src", "postgres")).filter((path) => importsPg(readFileSync(path, "utf8"))).length).toBeGreaterThan(0);
  });
});

describe("postgresQueue() options", () => {
  it("refuses a missing connection, a bad prefix or schema and a short lease with a ConfigError naming each", () => {
    expect(() => postgresQueue({ connection: "" })).toThrow(ConfigError);
    expect(() => postgresQueue({ connection: "postgresql://u@h/db", prefix: "a;drop" })).toThrow(/prefix/);
    expect(() => postgresQueue({ connection: "postgresql://u@h/db", schema: "1x" })).toThrow(/schema/);
    expect(() => postgresQueue({ connection: "postgresql://u@h/db", leaseMs: 5 })).toThrow(/leaseMs/);
  });
});

describe("the shipped migration", () => {
  it("is the DDL postgresQueue() runs itself, for the default schema and prefix", async () => {
    const { readFileSync } = await import("node:fs");
    const { ddl } = await import("../../src/postgres/schema.js");
    const shipped = readFileSync(new URL("../../migrations/postgresql/queue/0001_dwd_queue.sql", import.meta.url), "utf8");
    // The file's header comment ends at its first blank line.
    expect(shipped.slice(shipped.indexOf("\n\n") + 2).trim()).toBe(ddl("public", "dwd_").trim());
  });
});
