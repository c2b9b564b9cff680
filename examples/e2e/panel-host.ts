// A host with the drop-in panel, in this process: the Discord fake, a memory store, the dispatcher, the manager and
// createWebhookRoutes({ panel: true }) behind toNodeHandler on a real port, plus an event endpoint. The panel tests
// drive it in headless Chromium; `npx tsx examples/e2e/panel-host.ts` runs it alone for a look.
import { createServer, type Server } from "node:http";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, createWebhookManager, createWebhookRoutes, toNodeHandler, type Actor, type Dispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { freePort } from "./helpers.js";

export interface PanelHost {
  origin: string;
  fake: DiscordFake;
  dispatcher: Dispatcher;
  /** Everything the routes reported to onError. */
  errors: unknown[];
  close(): Promise<void>;
}

/** Demo sign-in for the tests: `x-user-id` and `x-admin: 1` headers (the browser context sends them). */
function authorize(request: Request): Actor | null {
  const userId = request.headers.get("x-user-id");
  const isAdmin = request.headers.get("x-admin") === "1";
  if (!userId && !isAdmin) return null;
  return { userId: userId || null, isAdmin };
}

/** Starts the host on a free port of 127.0.0.1. */
export async function startPanelHost(): Promise<PanelHost> {
  const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  const dispatcher = createDispatcher({ store: memoryStore(), ...fake.dispatcherOptions(), branding: { footer: "Acme Hosting", username: "Acme Notifications" } });
  const manager = createWebhookManager({ dispatcher, testCooldownMs: 0, enableCooldownMs: 0 });
  const errors: unknown[] = [];
  const routes = toNodeHandler(
    createWebhookRoutes({ manager, authorize, basePath: "/settings/webhooks", panel: { branding: { footer: "Acme Hosting", username: "Acme Notifications" } }, onError: (e) => errors.push(e) }),
  );
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith("/settings/webhooks")) {
      routes(req, res);
      return;
    }
    const m = /^\/events\/crash\/([\w-]+)$/.exec(req.url ?? "");
    if (req.method === "POST" && m) {
      void dispatcher.serverStateChange({ serverName: "Skyblock", state: "crashed", previousState: "online", node: "node-eu-1" }, { userId: m[1]! }).then((r) => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sent: r.sent, failed: r.failed }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    fake,
    dispatcher,
    errors,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
      await fake.close();
    },
  };
}

if (process.argv[1]?.endsWith("panel-host.ts")) {
  const host = await startPanelHost();
  console.log(`panel: ${host.origin}/settings/webhooks/ (send x-user-id or x-admin: 1); fake inbox: ${host.fake.url}`);
}
