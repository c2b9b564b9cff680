import express, { type ErrorRequestHandler } from "express";
import { createWebhookManager, createWebhookRoutes, toNodeHandler, ValidationError, type Dispatcher } from "discord-webhook-dispatcher";
import { demoAuthorize, demoLogin } from "./demo-auth.js";
import { EVENTS } from "./events.js";

/**
 * The Express app: webhook management under /api/webhooks, with the drop-in settings panel at /api/webhooks/ for
 * browsers (admins see every webhook, customers their own), and simulated platform events under /events.
 */
export function createApp(dispatcher: Dispatcher): express.Express {
  const app = express();
  const manager = createWebhookManager({ dispatcher });
  const routes = createWebhookRoutes({
    manager,
    authorize: demoAuthorize,
    basePath: "/api/webhooks",
    panel: { branding: { footer: "Acme Hosting (Express example)", username: "Acme Notifications" } },
    labels: { title: "Acme Hosting: Discord notifications" },
  });

  // Mounted before any body parser: the routes read (and size-limit) the body themselves.
  app.use("/api/webhooks", toNodeHandler(routes));

  app.post("/events/:kind", express.json({ limit: "16kb" }), async (req, res) => {
    const send = EVENTS[req.params.kind];
    if (!send) {
      res.status(404).json({ error: { code: "NOT_FOUND", message: `Unknown event; try ${Object.keys(EVENTS).join(", ")}.` } });
      return;
    }
    const result = await send(dispatcher, (req.body ?? {}) as Record<string, unknown>);
    res.json({
      success: result.success,
      sent: result.sent,
      failed: result.failed,
      errors: result.errors.map((e) => ({ webhook: e.webhook, code: e.error.code, message: e.error.message })),
    });
  });

  // DEMO ONLY: pick who you are (/demo-login?user=alice, or user=admin), then land on the panel.
  app.get("/demo-login", (req, res) => {
    const answer = demoLogin(new Request(`http://localhost${req.originalUrl}`), "/api/webhooks/");
    res.status(answer.status);
    answer.headers.forEach((value, key) => res.setHeader(key, value));
    void answer.text().then((text) => res.end(text));
  });

  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    if (error instanceof ValidationError) {
      res.status(400).json({ error: { code: error.code, message: error.userMessage, issues: error.issues } });
      return;
    }
    const status = typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : 500;
    console.error("[example] request failed:", error instanceof Error ? error.message : "unknown error");
    res.status(status >= 400 && status < 600 ? status : 500).json({ error: { code: status === 500 ? "INTERNAL" : "BAD_REQUEST", message: "Request failed." } });
  };
  app.use(onError);
  return app;
}
