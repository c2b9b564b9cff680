import { describe, expect, it } from "vitest";
import { createDiscordFake, readInboxState } from "../../src/testing/index.js";
import { post, request } from "./helpers.js";

describe("the inbox feed: edits, deletions, forum posts and files", () => {
  it("sends an edited or deleted message again under its id with a new seq; serves images of messages", async () => {
    const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
    try {
      const hook = fake.addWebhook({ name: "Ops" });
      const id = (await post(fake, hook, { content: "v1" })).body.id as string;
      const first = await readInboxState(fake.inboxUrl);
      const path = `/api/v10/webhooks/${hook.id}/${hook.token}/messages/${id}`;
      await request(fake, path, { method: "PATCH", headers: { "content-type": "application/json" }, body: '{"content":"v2"}' });
      const edited = await readInboxState(fake.inboxUrl, { after: first.seq, epoch: first.epoch });
      expect(edited.entries).toHaveLength(1);
      expect(edited.entries[0]).toMatchObject({ kind: "message", message: { id, body: { content: "v2" } } });
      expect(edited.entries[0]?.seq).toBeGreaterThan(first.seq);
      expect(typeof edited.entries[0]?.message?.editedAt).toBe("string");
      expect(edited.entries[0]?.html).toContain("(edited)");
      await request(fake, path, { method: "DELETE" });
      const deleted = await readInboxState(fake.inboxUrl, { after: edited.seq, epoch: first.epoch });
      expect(deleted.entries[0]?.message?.deletedAt).toBeDefined();
      expect(deleted.entries[0]?.html).toContain("hidden");
      expect(deleted.entries[0]?.html).not.toContain("v2");

      const form = new FormData();
      form.set("payload_json", "{}");
      form.set("files[0]", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }), "a.png");
      form.set("files[1]", new Blob(["<svg onload=alert(1)>"], { type: "image/svg+xml" }), "b.svg");
      const sent = await request(fake, `/api/v10/webhooks/${hook.id}/${hook.token}?wait=true`, { method: "POST", body: form });
      const [png, svg] = sent.body.attachments as { id: string }[];
      const image = await fetch(`${fake.url}/inbox/attachments/${png?.id ?? ""}`);
      expect(image.headers.get("content-type")).toBe("image/png");
      expect([...new Uint8Array(await image.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const other = await fetch(`${fake.url}/inbox/attachments/${svg?.id ?? ""}`);
      expect(other.headers.get("content-type")).toBe("application/octet-stream");
      expect(other.headers.get("content-disposition")).toBe("attachment");
      expect((await fetch(`${fake.url}/inbox/attachments/1`)).status).toBe(404);
    } finally {
      await fake.close();
    }
  });

  it("lists a forum post with its title and tag names, and marks later messages as the post's", async () => {
    const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
    try {
      const forum = fake.addWebhook({ name: "Reports", channelType: "forum", tags: [{ id: "1234567890123456789", name: "crash" }] });
      const id = (await post(fake, forum, { content: "first", thread_name: "mc-1 <down>", applied_tags: ["1234567890123456789"] })).body.id as string;
      await post(fake, forum, { content: "second" }, `?wait=true&thread_id=${id}`);
      const [head, reply] = (await readInboxState(fake.inboxUrl)).entries;
      expect(head?.html).toContain(`data-post-root="${id}"`);
      expect(head?.html).toContain('<span class="dm-forum-title">mc-1 &lt;down&gt;</span>');
      expect(head?.html).toContain('<span class="dm-forum-tag">crash</span>');
      expect(reply?.html).toContain(`data-post="${id}"`);
    } finally {
      await fake.close();
    }
  });
});
