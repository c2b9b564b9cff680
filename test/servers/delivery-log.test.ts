/** The delivery log conformance on real PostgreSQL and MariaDB (Drizzle and Prisma), on the shipped migrations. */
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle as drizzleMysql } from "drizzle-orm/mysql2";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, it } from "vitest";
import { drizzleDeliveryLog } from "../../adapters/drizzle/index.js";
import { prismaDeliveryLog, type PrismaDeliveryClient } from "../../adapters/prisma/index.js";
import { runDeliveryLogConformance } from "../../src/testing/index.js";
import { loadPrismaClient } from "../adapters/support/prisma.js";
import { deliveryStatements } from "../delivery-log/support.js";
import { requireEnv } from "./env.js";

const harness = { describe, it, beforeEach };
const pgUrl = requireEnv("DATABASE_URL_PG");
const myUrl = requireEnv("DATABASE_URL_MYSQL");
const pgRaw = new pg.Client({ connectionString: pgUrl });
const pgPool = new pg.Pool({ connectionString: pgUrl, max: 4 });
const myRaw = await mysql.createConnection({ uri: myUrl });
const myPool = mysql.createPool({ uri: myUrl, connectionLimit: 4 });
const prismaPg = new (await loadPrismaClient("postgresql"))({ adapter: new PrismaPg({ connectionString: pgUrl, max: 4 }) });
const prismaMy = new (await loadPrismaClient("mysql"))({ adapter: new PrismaMariaDb(myUrl.replace(/^mysql:/, "mariadb:")) });

beforeAll(async () => {
  await pgRaw.connect();
  await pgRaw.query('DROP TABLE IF EXISTS "DiscordWebhookDelivery"');
  for (const s of deliveryStatements("postgresql")) await pgRaw.query(s);
  await myRaw.query("DROP TABLE IF EXISTS `DiscordWebhookDelivery`");
  for (const s of deliveryStatements("mysql")) await myRaw.query(s);
});
afterAll(async () => {
  await Promise.all([prismaPg.$disconnect(), prismaMy.$disconnect(), pgPool.end(), myPool.end()]);
  await pgRaw.end();
  await myRaw.end();
});

const pgReset = async () => {
  await pgRaw.query('DELETE FROM "DiscordWebhookDelivery"');
};
const pgRead = async (id: string): Promise<unknown> => (await pgRaw.query('SELECT * FROM "DiscordWebhookDelivery" WHERE "id" = $1', [id])).rows[0] ?? null;
const myReset = async () => {
  await myRaw.query("DELETE FROM `DiscordWebhookDelivery`");
};
const myRead = async (id: string) => {
  const [rows] = await myRaw.query("SELECT * FROM `DiscordWebhookDelivery` WHERE `id` = ?", [id]);
  return (rows as unknown[])[0] ?? null;
};

runDeliveryLogConformance({ name: "drizzle (postgresql server)", harness, factory: (r) => drizzleDeliveryLog(drizzlePg(pgPool), r), reset: pgReset, readRaw: pgRead });
runDeliveryLogConformance({ name: "prisma (postgresql server)", harness, factory: (r) => prismaDeliveryLog(prismaPg as unknown as PrismaDeliveryClient, r), reset: pgReset, readRaw: pgRead });
runDeliveryLogConformance({ name: "drizzle (mariadb server)", harness, factory: (r) => drizzleDeliveryLog(drizzleMysql(myPool), r), reset: myReset, readRaw: myRead });
runDeliveryLogConformance({ name: "prisma (mariadb server)", harness, factory: (r) => prismaDeliveryLog(prismaMy as unknown as PrismaDeliveryClient, r), reset: myReset, readRaw: myRead });
