/** Loads the Prisma clients that prisma-generate.ts wrote into test/.generated (not type-checked: generated). */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaWebhookClient } from "../../../adapters/prisma/index.js";

/** The generated client, as far as the tests use it. */
export type TestPrismaClient = PrismaWebhookClient & { $disconnect(): Promise<void>; $connect(): Promise<void> };

/**
 * The generated `PrismaClient` constructor for a provider: from the platform's model, or (`"reason"`) from the model
 * with the optional `disabledReason` column.
 */
export async function loadPrismaClient(provider: "sqlite" | "postgresql" | "mysql", variant: "platform" | "reason" = "platform"): Promise<new (options: { adapter: unknown }) => TestPrismaClient> {
  const file = resolve(import.meta.dirname, "../../.generated", variant === "platform" ? provider : `${provider}-${variant}`, "client/client.ts");
  const mod = (await import(pathToFileURL(file).href)) as { PrismaClient: new (options: { adapter: unknown }) => TestPrismaClient };
  return mod.PrismaClient;
}
