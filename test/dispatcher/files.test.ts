/**
 * `files` on event calls, against the Discord fake: every kind of data, multipart rebuilt on a retry (a stream read
 * once), never packed with other events, on the first message of a split delivery only, and bad files refused with
 * a ValidationError before anything is sent.
 */
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, ValidationError, type Dispatcher } from "../../src/index.js";
import { captureTransport, createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";

const fake: DiscordFake = await createDiscordFake();
afterAll(() => fake.close());

function setup(): { hook: FakeWebhook; dispatcher: Dispatcher } {
  const hook = fake.addWebhook();
  const store = memoryStore([{ id: "w1", name: "ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]);
  const dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }), retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
  return { hook, dispatcher };
}
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe("files on an event call", () => {
  it("sends text, bytes, a Blob, a web stream and a Node stream as attachments, named and typed as given", async () => {
    const { hook, dispatcher } = setup();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("web "));
        c.enqueue(new TextEncoder().encode("stream"));
        c.close();
      },
    });
    const result = await dispatcher.serverStateChange(
      { serverName: "mc-1", state: "crashed" },
      {
        files: [
          { name: "crash.log", data: "java.lang.OutOfMemoryError\n", contentType: "text/plain" },
          { name: "shot.png", data: png, contentType: "image/png", description: "the last frame" },
          { name: "blob.txt", data: new Blob(["from a blob"]) },
          { name: "web.txt", data: web },
          { name: "node.txt", data: Readable.from([Buffer.from("node "), Buffer.from("stream")]) },
        ],
      },
    );
    expect(result.success).toBe(true);
    const [message] = fake.messages(hook.id);
    const files = message?.attachments ?? [];
    expect(files.map((f) => f.filename)).toEqual(["crash.log", "shot.png", "blob.txt", "web.txt", "node.txt"]);
    expect(text(files[0]!.data)).toBe("java.lang.OutOfMemoryError\n");
    expect(files[0]!.contentType).toBe("text/plain");
    expect([...files[1]!.data]).toEqual([...png]);
    expect(files[1]!.description).toBe("the last frame");
    expect(text(files[2]!.data)).toBe("from a blob");
    expect(text(files[3]!.data)).toBe("web stream");
    expect(text(files[4]!.data)).toBe("node stream");
    await dispatcher.close();
  });

  it("rebuilds the multipart body for a retry: a stream read once is sent whole again after a 502", async () => {
    const { hook, dispatcher } = setup();
    fake.inject(hook.id, { status: 502 }, { times: 1 });
    let reads = 0;
    async function* log(): AsyncGenerator<string> {
      reads += 1;
      await Promise.resolve();
      yield "line 1\n";
      yield "line 2\n";
    }
    const result = await dispatcher.serverStateChange({ serverName: "mc-2", state: "crashed" }, { files: [{ name: "crash.log", data: log() }] });
    expect(result.deliveries[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(reads).toBe(1);
    expect(fake.requests().filter((r) => r.webhookId === hook.id).map((r) => r.status)).toEqual([502, 200]);
    expect(text(fake.messages(hook.id)[0]!.attachments[0]!.data)).toBe("line 1\nline 2\n");
    await dispatcher.close();
  });

  it("a message with files goes alone (never packed), and a split delivery attaches them to its first message only", async () => {
    const { hook, dispatcher } = setup();
    await Promise.all([
      dispatcher.dispatch("GAME_SERVER", { title: "plain 1" }),
      dispatcher.dispatch("GAME_SERVER", { title: "with file", image: { url: "attachment://shot.png" } }, { files: [{ name: "shot.png", data: new Uint8Array([1, 2]) }] }),
      dispatcher.dispatch("GAME_SERVER", { title: "plain 2" }),
    ]);
    const withFile = fake.messages(hook.id).find((m) => m.attachments.length > 0);
    expect(((withFile?.body.embeds ?? []) as { title?: string }[]).map((e) => e.title)).toEqual(["with file"]);
    expect(fake.messages(hook.id).filter((m) => m.attachments.length > 0)).toHaveLength(1);

    // Ten embeds of 1,000 characters each cannot share one message (6,000 at most): two messages, one file.
    const long = Array.from({ length: 10 }, (_, i) => ({ title: `part ${i}`, description: "x".repeat(1000) }));
    const before = fake.messages(hook.id).length;
    await dispatcher.dispatch("GAME_SERVER", long, { files: [{ name: "report.txt", data: "r" }] });
    const split = fake.messages(hook.id).slice(before);
    expect(split.length).toBeGreaterThan(1);
    expect(split.map((m) => m.attachments.length)).toEqual([1, ...split.slice(1).map(() => 0)]);
    await dispatcher.close();
  });

  it("refuses bad files with a ValidationError naming the file, before anything is sent", async () => {
    const { hook, dispatcher } = setup();
    const send = (files: unknown) => dispatcher.serverStateChange({ serverName: "mc-3", state: "crashed" }, { files: files as never }).catch((e: unknown) => e);
    const paths = async (files: unknown): Promise<string[]> => {
      const error = await send(files);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues.map((i) => i.path);
    };
    expect(await paths(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: "x" })))).toEqual(["files"]);
    expect(await paths([{ name: "../etc/passwd", data: "x" }])).toEqual(["files.0.name"]);
    expect(await paths([{ name: "a.txt", data: 42 }])).toEqual(["files.0.data"]);
    expect(await paths([{ name: "a.txt", data: "x", contentType: "not a type" }])).toEqual(["files.0.contentType"]);
    // Past 10 MiB the stream is not read further.
    let chunks = 0;
    async function* huge(): AsyncGenerator<Uint8Array> {
      for (;;) {
        chunks += 1;
        await Promise.resolve();
        yield new Uint8Array(1024 * 1024);
      }
    }
    expect(await paths([{ name: "ok.txt", data: "x" }, { name: "big.bin", data: huge() }])).toEqual(["files.1.data"]);
    expect(chunks).toBe(11);
    expect(fake.requests().filter((r) => r.webhookId === hook.id)).toHaveLength(0);
    await dispatcher.close();
  });

  it("captureTransport records the files of a request with their bytes", async () => {
    const transport = captureTransport();
    const store = memoryStore([{ id: "w1", name: "ops", webhookUrl: `https://discord.com/api/webhooks/123456789012345678/${"t".repeat(68)}`, type: "CUSTOM", scope: "ADMIN" }]);
    const dispatcher = createDispatcher({ store, transport });
    await dispatcher.dispatch("CUSTOM", { title: "t" }, { files: [{ name: "a.txt", data: "hello" }] });
    expect(transport.requests[0]?.files?.map((f) => [f.name, f.contentType, text(f.data)])).toEqual([["a.txt", "text/plain; charset=utf-8", "hello"]]);
    expect(transport.requests[0]?.body).toMatchObject({ attachments: [{ id: 0, filename: "a.txt" }] });
    await dispatcher.close();
  });
});
