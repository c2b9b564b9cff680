/**
 * The structural Prisma type against the real generated clients (test/.generated, written by the globalSetup):
 * the TypeScript compiler accepts `prismaStore(prisma)` for the platform's model with and without the optional
 * column, and refuses a client generated from a model without `enabled`. test/adapters/types/prisma-client.ts
 * checks the same with hand-written delegates under `npm run typecheck`.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const GENERATED = resolve(import.meta.dirname, "../.generated");

it("tsc accepts the generated platform clients and refuses a model that lacks what the adapter writes", () => {
  const file = join(GENERATED, "prisma-store-types.ts");
  writeFileSync(
    file,
    [
      'import { prismaStore } from "../../adapters/prisma/index.js";',
      'import type { PrismaClient as Platform } from "./sqlite/client/client.ts";',
      'import type { PrismaClient as WithReason } from "./postgresql-reason/client/client.ts";',
      'import type { PrismaClient as Mysql } from "./mysql/client/client.ts";',
      'import type { PrismaClient as NoEnabled } from "./sqlite-no-enabled/client/client.ts";',
      "declare const platform: Platform; declare const withReason: WithReason; declare const mysql: Mysql; declare const noEnabled: NoEnabled;",
      "export const ok = [prismaStore(platform), prismaStore(withReason), prismaStore(mysql), prismaStore(platform.discordWebhook)];",
      "export const refused = prismaStore(noEnabled);",
    ].join("\n"),
  );
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ["node"],
  });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ({
    line: d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line,
    file: d.file?.fileName,
    text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
  expect(errors.filter((e) => e.file !== file)).toEqual([]);
  expect(errors.map((e) => e.line)).toEqual([7]);
  expect(errors[0]?.text).toMatch(/Property 'enabled' is missing/);
}, 60_000);
