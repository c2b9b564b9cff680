/** `discord-webhook-dispatcher postgres-ddl`: the DDL postgresQueue() runs, printed for a migration, and valid SQL. */
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { postgresQueueDdl } from "../../src/postgres/index.js";
import { recordingIo } from "./helpers.js";

describe("discord-webhook-dispatcher postgres-ddl", () => {
  it("prints exactly postgresQueueDdl(schema, prefix), which creates the queue's tables in that schema", async () => {
    const io = recordingIo();
    expect(await runCli(["postgres-ddl", "--schema", "dwd", "--prefix", "q_"], io)).toBe(0);
    expect(io.printed.join("\n")).toBe(postgresQueueDdl("dwd", "q_").trim());
    const db = new PGlite();
    try {
      await db.exec(io.printed.join("\n"));
      // Run twice, as a migration replayed over tables postgresQueue() already made: nothing fails.
      await db.exec(io.printed.join("\n"));
      const { rows } = await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'dwd' ORDER BY 1`);
      expect(rows.map((r) => r.t)).toContain("q_jobs");
      expect(rows.every((r) => r.t.startsWith("q_"))).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("defaults to the schema public and the prefix dwd_, as postgresQueue() does", async () => {
    const io = recordingIo();
    expect(await runCli(["postgres-ddl"], io)).toBe(0);
    expect(io.printed.join("\n")).toBe(postgresQueueDdl("public", "dwd_").trim());
  });

  it("refuses a schema or prefix that is not a plain identifier (bad usage, nothing printed on stdout)", async () => {
    for (const args of [["--schema", 'x"; DROP TABLE "DiscordWebhook'], ["--prefix", "a-b"], ["--schema", ""]]) {
      const io = recordingIo();
      expect(await runCli(["postgres-ddl", ...args], io)).toBe(2);
      expect(io.printed).toEqual([]);
      expect(io.errors.join("\n")).toMatch(/must match/);
    }
  });

  it("has help, listed in the main help", async () => {
    const io = recordingIo();
    expect(await runCli(["postgres-ddl", "--help"], io)).toBe(0);
    expect(io.printed.join("\n")).toMatch(/^Usage: discord-webhook-dispatcher postgres-ddl/);
    const main = recordingIo();
    await runCli(["--help"], main);
    expect(main.printed.join("\n")).toContain("postgres-ddl");
  });
});
