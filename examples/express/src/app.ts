import express, { type ErrorRequestHandler } from "express";
import { createWebhookManager, createWebhookRoutes, toNodeHandler, ValidationError, type Dispatcher } from "discord-webhook-dispatcher";
import { demoAuthorize } from "./demo-auth.js";
import { EVENTS } from "./events.js";

/** The Express app: webhook management under /api/webhooks and simulated platform events under /events. */
export function createApp(dispatcher: Dispatcher): express.Express {
  const app = express();
  const manager = createWebhookManager({ dispatcher });
  const routes = createWebhookRoutes({ manager, authorize: demoAuthorize, basePath: "/api/webhooks" });

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
