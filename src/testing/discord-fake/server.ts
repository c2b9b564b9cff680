import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInbox } from "../inbox/serve.js";
import { dispatcherOptionsFor } from "./dispatcher-options.js";
import { handleRequest } from "./handler.js";
import { allowedHosts, hostAllowed } from "./request-checks.js";
import { addWebhook, copyWebhook, createState, emptyStats, resolveOptions } from "./state.js";
import type { DiscordFake, DiscordFakeOptions, FakeMessage } from "./types.js";

/**
 * Starts a local server that speaks Discord's webhook API (see the module comment of `./index.ts` for what it
 * answers). Resolves once it listens.
 *
 * @example
 * ```ts
 * const fake = await createDiscordFake({ timeScale: 0.01 });
 * const hook = fake.addWebhook();
 * const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
 * await transport.send({ url: `${hook.url}?wait=true`, body: { content: "hello" } });
 * fake.messages(hook.id); // [{ body: { content: "hello" }, ... }]
 * await fake.close();
 * ```
 */
export async function createDiscordFake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
  const state = createState(resolveOptions(options));
  const host = options.host ?? "127.0.0.1";
  const allowed = allowedHosts(options.allowedHosts, host);
  for (const input of options.webhooks ?? []) addWebhook(state, input);
  const inbox = createInbox({
    webhooks: state.webhooks,
    addWebhook: (input) => addWebhook(state, input),
    forumPost: (id) => state.forumPosts.get(id),
    attachment: (id) => state.messages.find((m) => m.deletedAt === null && m.attachments.some((a) => a.id === id))?.attachments.find((a) => a.id === id),
  });
  state.onEvent = (event) => {
    inbox.record(event);
  };
  const server = createServer((req, res) => {
    // Before anything is read or recorded: a page on another site (DNS rebinding, a form) gets nothing.
    if (!hostAllowed(req.headers.host, req.headers.origin, allowed)) {
      const body = JSON.stringify({ message: "403: Forbidden (this host is not allowed; see the fake's allowedHosts option)", code: 0 });
      res.writeHead(403, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }).end(body);
      return;
    }
    // Node accepts request targets the URL parser refuses (`GET http://%zz/`): a 400, never a crash of the host.
    if (!parsableTarget(req.url)) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message: "400: Bad Request", code: 0 }));
      return;
    }
    if (inbox.handle(req, res)) return;
    handleRequest(state, req, res).catch(() => {
      // A handler bug must not crash the host process; the client sees a dropped connection.
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;

  const apiBaseUrl = `${url}/api/v10`;

  return {
    url,
    apiBaseUrl,
    inboxUrl: `${url}/`,
    addWebhook(input) {
      const webhook = addWebhook(state, input);
      inbox.notify();
      return webhook;
    },
    removeWebhook(id) {
      const removed = state.webhooks.delete(id);
      inbox.notify();
      return removed;
    },
    dispatcherOptions: () => dispatcherOptionsFor(apiBaseUrl, state.options),
    webhooks: () => [...state.webhooks.values()].map(copyWebhook),
    forumPosts: () => [...state.forumPosts.values()].map((p) => ({ ...p, tags: [...p.tags], createdAt: new Date(p.createdAt) })),
    inject: (target, fault, injectOptions) => state.faults.add(target, fault, injectOptions),
    messages: (webhookId) =>
      state.messages.filter((m) => webhookId === undefined || m.webhookId === webhookId).map(copyMessage),
    requests: () => state.requests.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt) })),
    stats: () => ({ ...state.stats, byStatus: { ...state.stats.byStatus }, byScope: { ...state.stats.byScope } }),
    reset() {
      state.messages = [];
      state.requests = [];
      state.stats = emptyStats();
      state.buckets = new Map();
      state.channels = new Map();
      state.oldEdits = new Map();
      state.forumPosts = new Map();
      state.globals = new Map();
      state.faults.clear();
      inbox.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        inbox.close();
        for (const res of state.hung) res.destroy();
        state.hung.clear();
        state.faults.clear();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function copyMessage(m: FakeMessage): FakeMessage {
  return structuredClone(m);
}

function parsableTarget(target: string | undefined): boolean {
  try {
    new URL(target ?? "/", "http://fake.invalid");
    return true;
  } catch {
    return false;
  }
}
