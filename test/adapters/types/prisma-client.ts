/**
 * Type tests, checked by `npm run typecheck` (never run): `prismaStore` accepts a client shaped like the one Prisma
 * generates for the platform's model, with or without the optional column, and refuses at compile time a client
 * whose model lacks a column the adapter reads or writes. The generated delegates are generic like these
 * (`findMany<T extends FindManyArgs>(args?: SelectSubset<T, FindManyArgs>): PrismaPromise<GetPayload<T>[]>`);
 * test/adapters/prisma-types.test.ts checks the real generated clients the same way.
 */
/* eslint-disable @typescript-eslint/no-unnecessary-type-parameters -- the delegates mirror Prisma's generated generic signatures */
import { prismaStore } from "../../../adapters/prisma/index.js";

interface PlatformRow {
  id: string;
  name: string;
  webhookUrl: string;
  type: "GAME_SERVER" | "VPS" | "SYSTEM" | "BILLING" | "SECURITY" | "SUPPORT" | "CUSTOM";
  scope: "ADMIN" | "USER" | "PUBLIC";
  enabled: boolean;
  testSuccessAt: Date | null;
  avatarUrl: string | null;
  createdAt: Date;
  userId: string | null;
}

interface GeneratedDelegate<Row> {
  findMany<T extends { where?: object; orderBy?: object[]; take?: number }>(args?: T): Promise<Row[]>;
  create<T extends { data: object }>(args: T): Promise<Row>;
  updateMany<T extends { where?: object; data: object }>(args: T): Promise<{ count: number }>;
  deleteMany<T extends { where?: object }>(args?: T): Promise<{ count: number }>;
  readonly fields: { readonly [K in keyof Row]: { name: K } };
}

declare const platform: { discordWebhook: GeneratedDelegate<PlatformRow> };
declare const withReason: { discordWebhook: GeneratedDelegate<PlatformRow & { disabledReason: string | null }> };
declare const noEnabled: { discordWebhook: GeneratedDelegate<Omit<PlatformRow, "enabled">> };
declare const noTestSuccessAt: { discordWebhook: GeneratedDelegate<Omit<PlatformRow, "testSuccessAt">> };
declare const renamed: { webhook: GeneratedDelegate<PlatformRow> };

export const accepted = [prismaStore(platform), prismaStore(withReason), prismaStore(renamed.webhook), prismaStore(platform, { columns: { disabledReason: false } })];

// @ts-expect-error the model lacks `enabled`, which routing reads and disableWebhook writes
export const lacksEnabled = prismaStore(noEnabled);
// @ts-expect-error the model lacks `testSuccessAt`, which markDelivered writes
export const lacksTestSuccessAt = prismaStore(noTestSuccessAt);
// @ts-expect-error the same through the model's delegate
export const lacksEnabledDelegate = prismaStore(noEnabled.discordWebhook);
