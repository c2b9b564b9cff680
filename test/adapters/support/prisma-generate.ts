/**
 * vitest globalSetup: generates Prisma clients from the shipped adapters/prisma/schema.prisma (the platform's model)
 * into test/.generated/<provider>/client, and from the same model plus the optional `disabledReason String?` into
 * test/.generated/<provider>-reason/client, for each provider the tests use, with the per-provider edits the
 * schema's header names (SQLite: no `@db.Text`; MySQL: a URL prefix in the unique index). Offline: `prisma generate`
 * only needs the schema engine binary to exist, so PRISMA_SCHEMA_ENGINE_BINARY points at a stub (see the toolchain
 * notes). Skips a client whose schema copy is unchanged since the last run.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(import.meta.dirname, "../../..");
export const PROVIDERS = ["sqlite", "postgresql", "mysql"] as const;
/** `platform`: the shipped model as it is; `reason`: with the optional `disabledReason` column. */
export const VARIANTS = ["platform", "reason"] as const;
/** Variants the loader may ask for; `no-enabled` (a model without `enabled`, SQLite only) is for the type test. */
type Variant = (typeof VARIANTS)[number] | "no-enabled";

export async function setup(): Promise<void> {
  await generatePrismaClients(PROVIDERS);
}

/** Generates the clients of `providers` (also used by `npm run bench`, which needs only PostgreSQL's). */
export async function generatePrismaClients(providers: readonly (typeof PROVIDERS)[number][]): Promise<void> {
  const schema = await readFile(join(ROOT, "adapters/prisma/schema.prisma"), "utf8");
  const stubDir = await mkdtemp(join(tmpdir(), "prisma-stub-"));
  const stub = join(stubDir, "schema-engine");
  await writeFile(stub, '#!/bin/sh\necho "schema-engine-cli 0.0.0 (offline stub)"\n');
  await chmod(stub, 0o755);
  const jobs = providers.flatMap((provider) => VARIANTS.map((variant) => generate(provider, variant, schema, stub)));
  if (providers.includes("sqlite")) jobs.push(generate("sqlite", "no-enabled", schema, stub));
  await Promise.all(jobs);
}

/** The shipped schema as a user of `provider` writes it, with the optional column for the `reason` variant. */
export function schemaFor(provider: (typeof PROVIDERS)[number], variant: Variant, schema: string): string {
  let text = schema.replace(/provider\s*=\s*"postgresql"/, `provider = "${provider}"`).replace(/output\s*=\s*"[^"]*"/, 'output   = "./client"');
  if (provider === "sqlite") text = text.replace(/\s+@db\.Text/g, "");
  if (provider === "mysql") text = text.replace("@@unique([webhookUrl, userId])", "@@unique([webhookUrl(length: 191), userId])");
  if (variant === "reason") text = text.replace(/(\n\s*userId\s+String\?\n)/, "$1  disabledReason String?\n");
  if (variant === "no-enabled") text = text.replace(/\n\s*enabled\s+Boolean[^\n]*/, "");
  return text;
}

async function generate(provider: (typeof PROVIDERS)[number], variant: Variant, schema: string, stub: string): Promise<void> {
  const dir = join(ROOT, "test/.generated", variant === "platform" ? provider : `${provider}-${variant}`);
  const target = join(dir, "schema.prisma");
  const text = schemaFor(provider, variant, schema);
  if ((await readIfExists(target)) === text && (await exists(join(dir, "client/client.ts")))) return;
  await mkdir(dir, { recursive: true });
  await writeFile(target, text);
  await promisify(execFile)(process.execPath, [join(ROOT, "node_modules/prisma/build/index.js"), "generate", "--schema", target], {
    cwd: ROOT,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
