/** What the delivery log tests share: the shipped migration, and raw rows read past the log. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** The shipped optional migration of the delivery log table for a dialect. */
export function deliveryMigration(dialect: "postgresql" | "sqlite" | "mysql"): string {
  return readFileSync(resolve(import.meta.dirname, "../../migrations", dialect, "optional/0003_create_discord_webhook_delivery.sql"), "utf8");
}

/** The migration's statements one by one (for drivers that run one statement per call). */
export function deliveryStatements(dialect: "postgresql" | "sqlite" | "mysql"): string[] {
  return deliveryMigration(dialect)
    .split("\n")
    .filter((line) => !line.startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
