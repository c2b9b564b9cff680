/** The PostgreSQL delivery state passes the same port contract as the in-memory and Redis ones. */
import { randomUUID } from "node:crypto";
import { postgresQueue } from "../../../src/postgres/index.js";
import { describeDeliveryState } from "../../delivery/state-conformance.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");
describeDeliveryState("postgres", () => postgresQueue({ connection: url, prefix: `t${randomUUID().slice(0, 8)}_`, leaseMs: 2000 }));
