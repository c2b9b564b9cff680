import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/webhooks/types.js";
import { admin, alice, bob } from "../webhooks/fixtures.js";
import { call, createHarness, type Harness } from "./harness.js";

type Owner = "alice" | "bob" | "admin-scope" | "public-scope";
type Who = "alice" | "bob" | "admin" | "anonymous";
type Op = "get" | "patch" | "delete" | "test" | "verify";

const ACTORS: Record<Who, Actor | null> = { alice, bob, admin, anonymous: null };
const OK: Record<Op, number> = { get: 200, patch: 200, delete: 204, test: 200, verify: 200 };

// Who may touch whose webhook: users only their own USER webhooks (others are 404, so ids leak nothing),
// admins everything, signed-out callers nothing (401).
function expected(who: Who, owner: Owner, op: Op): number {
  if (who === "anonymous") return 401;
  if (who === "admin") return OK[op];
  return owner === who ? OK[op] : 404;
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

async function makeWebhook(owner: Owner): Promise<string> {
  const hook = h.fake.addWebhook();
  const scope = owner === "admin-scope" ? "ADMIN" : owner === "public-scope" ? "PUBLIC" : "USER";
  const creator = owner === "alice" ? alice : owner === "bob" ? bob : admin;
  const res = await call(h, "POST", "", creator, { name: `${owner} hook`, webhookUrl: hook.url, type: "GAME_SERVER", scope });
  expect(res.status).toBe(201);
  return res.json.webhook.id as string;
}

async function run(op: Op, id: string, actor: Actor | null) {
  switch (op) {
    case "get":
      return call(h, "GET", `/${id}`, actor);
    case "patch":
      return call(h, "PATCH", `/${id}`, actor, { name: "renamed" });
    case "delete":
      return call(h, "DELETE", `/${id}`, actor);
    case "test":
      return call(h, "POST", `/${id}/test`, actor);
    case "verify":
      return call(h, "POST", `/${id}/test`, actor, { verify: true });
  }
}

const cases: [Who, Owner, Op][] = [];
for (const who of ["alice", "bob", "admin", "anonymous"] as const)
  for (const owner of ["alice", "bob", "admin-scope", "public-scope"] as const)
    for (const op of ["get", "patch", "delete", "test", "verify"] as const) cases.push([who, owner, op]);

describe("access-control matrix on every item route", () => {
  it.each(cases)("%s → %s's webhook: %s", async (who, owner, op) => {
    const id = await makeWebhook(owner);
    const before = await h.store.getWebhook(id);
    const sentBefore = h.fake.stats().requests;
    const res = await run(op, id, ACTORS[who]);
    const want = expected(who, owner, op);
    expect(res.status).toBe(want);
    if (want >= 400) {
      // A refusal changes nothing and sends nothing to Discord.
      expect(await h.store.getWebhook(id)).toEqual(before);
      expect(h.fake.stats().requests).toBe(sentBefore);
      expect(res.json.error.code).toBe(want === 401 ? "UNAUTHORIZED" : "NOT_FOUND");
    } else if (op === "test") {
      expect(res.json).toMatchObject({ ok: true, mode: "test" });
    }
  });
});

describe("access control on the collection", () => {
  it("lists only what each actor may see", async () => {
    const ids = { alice: await makeWebhook("alice"), bob: await makeWebhook("bob"), adm: await makeWebhook("admin-scope"), pub: await makeWebhook("public-scope") };
    const seen = async (a: Actor) => ((await call(h, "GET", "", a)).json.webhooks as { id: string }[]).map((w) => w.id);
    const aliceSees = await seen(alice);
    expect(aliceSees).toContain(ids.alice);
    expect(aliceSees).not.toContain(ids.bob);
    expect(aliceSees).not.toContain(ids.adm);
    expect(aliceSees).not.toContain(ids.pub);
    expect(await seen(admin)).toEqual(expect.arrayContaining(Object.values(ids)));
    expect((await call(h, "GET", "", null)).status).toBe(401);
  });

  it.each([
    ["alice", "USER", 201],
    ["alice", "ADMIN", 403],
    ["alice", "PUBLIC", 403],
    ["admin", "USER", 201],
    ["admin", "ADMIN", 201],
    ["admin", "PUBLIC", 201],
    ["anonymous", "USER", 401],
  ] as const)("%s creating a %s webhook → %i", async (who, scope, status) => {
    const hook = h.fake.addWebhook();
    const res = await call(h, "POST", "", ACTORS[who], { name: "n", webhookUrl: hook.url, type: "SUPPORT", scope });
    expect(res.status).toBe(status);
  });

  it("a user cannot create for someone else or move their webhook to another scope", async () => {
    const hook = h.fake.addWebhook();
    expect((await call(h, "POST", "", alice, { name: "n", webhookUrl: hook.url, type: "SUPPORT", scope: "USER", userId: "user-bob" })).status).toBe(403);
    const id = await makeWebhook("alice");
    expect((await call(h, "PATCH", `/${id}`, alice, { scope: "ADMIN" })).status).toBe(403);
    expect((await call(h, "PATCH", `/${id}`, alice, { userId: "user-bob" })).status).toBe(403);
  });
});
