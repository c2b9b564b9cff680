/**
 * vitest globalSetup: generates Prisma clients from the shipped adapters/prisma/schema.prisma into
 * test/.generated/<provider>/client, one per provider the tests use. Offline: `prisma generate` only needs the schema
 * engine binary to exist, so PRISMA_SCHEMA_ENGINE_BINARY points at a stub (see the toolchain notes).
 * Skips a provider whose schema copy is unchanged since the last run.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(import.meta.dirname, "../../..");
export const PROVIDERS = ["sqlite", "postgresql", "mysql"] as const;

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
  await Promise.all(providers.map((provider) => generate(provider, schema, stub)));
}

async function generate(provider: string, schema: string, stub: string): Promise<void> {
  const dir = join(ROOT, "test/.generated", provider);
  const target = join(dir, "schema.prisma");
  const text = schema
    .replace(/provider\s*=\s*"postgresql"/, `provider = "${provider}"`)
    .replace(/output\s*=\s*"[^"]*"/, 'output   = "./client"');
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
