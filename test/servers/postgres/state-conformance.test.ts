/** The PostgreSQL delivery state passes the same port contract as the in-memory and Redis ones. */
import { randomUUID } from "node:crypto";
import { postgresQueue } from "../../../src/postgres/index.js";
import { describeDeliveryState } from "../../delivery/state-conformance.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
const prefix = (): string => `t${randomUUID().slice(0, 8)}_`;
const open = (p: string) => postgresQueue({ connection: url, prefix: p, leaseMs: 2000 });
describeDeliveryState(
  "postgres",
  () => open(prefix()),
  () => {
    const p = prefix();
    return Promise.resolve([open(p), open(p)] as const);
  },
);
