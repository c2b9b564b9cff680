/**
 * Issue 17, the message options beside today's: `silent`, `thread` (a new forum post) and link `buttons`, sent to
 * the Discord fake, packed only with messages of equal options, and bad input refused with a typed error before
 * anything is sent.
 */
import { afterEach, describe, expect, it } from "vitest";
import { postName } from "../../src/delivery/lane.js";
import { ValidationError, type LinkButton } from "../../src/index.js";
import { createHarness, embed, type Harness } from "../delivery/harness.js";

const TAG_A = "1234567890123456789";
const TAG_B = "1234567890123456790";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("silent, forum posts and link buttons (against the Discord fake)", () => {
  it("silent: the message carries SUPPRESS_NOTIFICATIONS; a loud one does not, and they are not packed together", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    await Promise.all([h.dispatcher.dispatch("CUSTOM", embed("quiet"), { silent: true }), h.dispatcher.dispatch("CUSTOM", embed("loud"))]);
    const messages = h.fake.messages(hook.id);
    expect(messages).toHaveLength(2);
    const byTitle = (title: string) => messages.find((m) => (m.body.embeds as { title?: string }[] | undefined)?.[0]?.title === title);
    expect(byTitle("quiet")?.flags).toBe(4096);
    expect(byTitle("loud")?.flags).toBe(0);
  });

  it("thread: opens a forum post named so with its tags, and the delivery carries the post's message id", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", fake: { channelType: "forum", tags: [{ id: TAG_A, name: "crash" }, { id: TAG_B, name: "mc-1" }] } });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("mc-1 crashed"), { thread: { name: "mc-1 crashed", tags: [TAG_A, TAG_B] } });
    expect(result.deliveries[0]?.status).toBe("delivered");
    const [post] = h.fake.forumPosts();
    expect(post).toMatchObject({ name: "mc-1 crashed", tags: [TAG_A, TAG_B] });
    const [message] = h.fake.messages(hook.id);
    expect(result.deliveries[0]?.messageIds).toEqual([message?.id]);
    expect(message?.threadId).toBe(post?.id);
  });

  it("buttons: link buttons arrive (sent with with_components=true), 5 to a row", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const buttons: LinkButton[] = Array.from({ length: 6 }, (_, i) => ({ label: `Open ${String(i)}`, url: `https://panel.example/servers/${String(i)}` }));
    await h.dispatcher.dispatch("CUSTOM", embed("with buttons"), { buttons });
    const [message] = h.fake.messages(hook.id);
    const rows = message?.components as { type: number; components: { type: number; style: number; label: string; url: string }[] }[];
    expect(rows.map((r) => r.components.length)).toEqual([5, 1]);
    expect(rows[0]?.components[0]).toEqual({ type: 2, style: 5, label: "Open 0", url: "https://panel.example/servers/0" });
    expect(rows[1]?.components[0]?.label).toBe("Open 5");
  });

  it("packs only messages with equal buttons and threads", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const a: LinkButton[] = [{ label: "A", url: "https://panel.example/a" }];
    await Promise.all([
      h.dispatcher.dispatch("CUSTOM", embed("1"), { buttons: a }),
      h.dispatcher.dispatch("CUSTOM", embed("2"), { buttons: [{ label: "A", url: "https://panel.example/a" }] }),
      h.dispatcher.dispatch("CUSTOM", embed("3"), { buttons: [{ label: "B", url: "https://panel.example/b" }] }),
    ]);
    const counts = h.fake.messages(hook.id).map((m) => (m.body.embeds as unknown[]).length);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(3);
    // "3" never shares a message with "1" or "2".
    for (const m of h.fake.messages(hook.id)) {
      const titles = (m.body.embeds as { title: string }[]).map((e) => e.title);
      if (titles.includes("3")) expect(titles).toEqual(["3"]);
    }
  });

  it("refuses bad options with a typed ValidationError naming the field, before anything is sent", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const interactive = [{ label: "Restart", customId: "restart" }] as unknown as LinkButton[];
    const cases: [Record<string, unknown>, string][] = [
      [{ buttons: interactive }, "interactive buttons (customId / custom_id) need a webhook an application owns"],
      [{ buttons: [{ label: "x", url: "ftp://panel.example" }] }, "buttons.0.url: must be an http(s) URL"],
      [{ buttons: [{ label: "x", url: `https://panel.example/${"a".repeat(512)}` }] }, "at most 512 characters"],
      [{ buttons: [{ label: "l".repeat(81), url: "https://panel.example" }] }, "buttons.0.label: must be 1-80 characters"],
      [{ buttons: Array.from({ length: 26 }, () => ({ label: "x", url: "https://panel.example" })) }, "at most 25 buttons"],
      [{ thread: { name: "t".repeat(101) } }, "thread.name: must be 1-100 characters"],
      [{ thread: { name: "ok", tags: [TAG_A, TAG_A, TAG_A, TAG_A, TAG_A, TAG_A] } }, "at most 5 tags"],
      [{ thread: { name: "ok", tags: ["not-a-snowflake"] } }, "must be a snowflake"],
      // Every id takes the one snowflake schema (src/discord/schemas.ts): the same rule, the same message.
      [{ threadId: "12345" }, "threadId: must be a snowflake"],
      [{ mentions: { users: ["@everyone"] } }, "mentions.users.0: must be a snowflake"],
      [{ mentions: { roles: ["role-1"] } }, "mentions.roles.0: must be a snowflake"],
      [{ thread: { name: "ok" }, threadId: TAG_A }, "mutually exclusive"],
      [{ silent: "yes" }, "silent"],
      // A misspelt option is refused, not ignored: `userID` ignored would send a customer's event to PUBLIC webhooks.
      [{ userID: "cust-1" }, 'Unrecognized key: "userID"'],
      [{ allowedMentions: { parse: [] } }, 'Unrecognized key: "allowedMentions"'],
    ];
    for (const [options, message] of cases) {
      const call = h.dispatcher.dispatch("CUSTOM", embed("bad"), options);
      await expect(call).rejects.toBeInstanceOf(ValidationError);
      await expect(call).rejects.toThrow(message);
    }
    expect(h.fake.messages(hook.id)).toHaveLength(0);
    // Nothing lost: the same call with good options goes through.
    await h.dispatcher.dispatch("CUSTOM", embed("good"), { silent: true, buttons: [{ label: "x", url: "https://panel.example" }] });
    expect(h.fake.messages(hook.id)).toHaveLength(1);
  });

  it("220001: learns the webhook is a forum one, opens a post named after the first embed's title, then opens posts directly", async () => {
    h = await createHarness();
    const { id, hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN", fake: { channelType: "forum" } });
    const long = "x".repeat(120);
    const first = await h.dispatcher.dispatch("CUSTOM", embed(long));
    expect(first.deliveries[0]?.status).toBe("delivered");
    const second = await h.dispatcher.dispatch("CUSTOM", embed("mc-2 stopped"));
    expect(second.deliveries[0]?.status).toBe("delivered");
    const explicit = await h.dispatcher.dispatch("CUSTOM", embed("ignored"), { thread: { name: "chosen" } });
    expect(explicit.deliveries[0]?.status).toBe("delivered");
    expect(h.fake.forumPosts().map((p) => p.name)).toEqual([`${"x".repeat(99)}…`, "mc-2 stopped", "chosen"]);
    // One 220001 only: later posts open posts directly.
    expect(h.fake.requests().filter((r) => r.webhookId === hook.id && r.status === 400)).toHaveLength(1);
    expect(h.fake.messages(hook.id).map((m) => m.id)).toEqual([first, second, explicit].map((r) => r.deliveries[0]?.messageIds[0]));
    expect((await h.store.getWebhook(id))?.enabled).toBe(true);
  });

  it("postName falls back to the author, then to a plain word", () => {
    expect(postName({ author: { name: "Billing" } })).toBe("Billing");
    expect(postName({ description: "no title" })).toBe("Notification");
    expect(postName({ title: "  " })).toBe("Notification");
  });
});
