"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { PublicWebhook, WebhookTestResult } from "discord-webhook-dispatcher";

const TYPES = ["GAME_SERVER", "VPS", "SYSTEM", "BILLING", "SECURITY", "SUPPORT", "CUSTOM"] as const;
const SCOPES = ["USER", "ADMIN", "PUBLIC"] as const;

// Dates arrive as ISO strings over JSON.
type Row = Omit<PublicWebhook, "createdAt" | "testSuccessAt"> & { createdAt: string; testSuccessAt: string | null };
type ApiError = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type Notice = { kind: "ok" | "bad"; text: string } | null;

function describeError(body: unknown, status: number): string {
  const e = (body as ApiError | null)?.error;
  if (!e) return `Request failed (${status}).`;
  const fields = e.issues?.map((i) => `${i.path || "input"}: ${i.message}`).join("; ");
  return fields ? `${e.message} (${fields})` : e.message;
}

/** Lists, adds, tests and deletes the signed-in person's Discord webhooks. */
export function WebhooksPanel() {
  // DEMO ONLY: who we act as is sent in headers that the example's server trusts blindly.
  const [userId, setUserId] = useState("alice");
  const [isAdmin, setIsAdmin] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  const api = useCallback(
    async (path: string, init: RequestInit = {}) => {
      const headers: Record<string, string> = { "x-user-id": userId };
      if (isAdmin) headers["x-admin"] = "1";
      if (init.body) headers["content-type"] = "application/json";
      const res = await fetch(`/api/webhooks${path}`, { ...init, headers });
      const text = await res.text();
      return { res, body: text ? (JSON.parse(text) as unknown) : null };
    },
    [userId, isAdmin],
  );

  const load = useCallback(async () => {
    const { res, body } = await api("");
    if (res.ok) setRows((body as { webhooks: Row[] }).webhooks);
    else setNotice({ kind: "bad", text: describeError(body, res.status) });
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    const { res, body } = await api("", {
      method: "POST",
      body: JSON.stringify({ name: data.get("name"), webhookUrl: data.get("webhookUrl"), type: data.get("type"), scope: data.get("scope") }),
    });
    setBusy(false);
    if (res.ok) {
      form.reset();
      setNotice({ kind: "ok", text: "Webhook added." });
      await load();
    } else {
      setNotice({ kind: "bad", text: describeError(body, res.status) });
    }
  }

  async function test(row: Row) {
    setBusy(true);
    const { res, body } = await api(`/${row.id}/test`, { method: "POST" });
    setBusy(false);
    if (!res.ok) {
      setNotice({ kind: "bad", text: describeError(body, res.status) });
      return;
    }
    const result = body as WebhookTestResult;
    setNotice(
      result.ok
        ? { kind: "ok", text: `Test message sent to “${row.name}”.` }
        : { kind: "bad", text: `Test failed for “${row.name}”: ${result.error?.message ?? "unknown error"}` },
    );
    await load();
  }

  async function remove(row: Row) {
    if (!window.confirm(`Delete “${row.name}”?`)) return;
    const { res, body } = await api(`/${row.id}`, { method: "DELETE" });
    setNotice(res.ok ? { kind: "ok", text: `Deleted “${row.name}”.` } : { kind: "bad", text: describeError(body, res.status) });
    await load();
  }

  return (
    <>
      <section className="card demo">
        <strong>Demo sign-in (not real authentication):</strong>{" "}
        <label>
          user id <input aria-label="Demo user id" value={userId} onChange={(e) => setUserId(e.target.value)} size={12} />
        </label>{" "}
        <label>
          <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> admin
        </label>
      </section>

      {notice && (
        <p role="status" data-testid="notice" className={notice.kind}>
          {notice.text}
        </p>
      )}

      <section className="card">
        <h2>Your webhooks</h2>
        {rows.length === 0 ? (
          <p className="muted" data-testid="empty">No webhooks yet.</p>
        ) : (
          <table data-testid="webhooks">
            <thead>
              <tr><th>Name</th><th>Type</th><th>Scope</th><th>URL</th><th>Status</th><th /></tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="webhook-row" data-name={row.name}>
                  <td>{row.name}</td>
                  <td>{row.type}</td>
                  <td>{row.scope}</td>
                  <td><code>{row.webhookUrl}</code></td>
                  <td data-testid="status">
                    {row.enabled ? <span className="ok">Enabled</span> : <span className="bad">Disabled{row.disabledReason ? `: ${row.disabledReason}` : ""}</span>}
                    <br />
                    <span className="muted">{row.testSuccessAt ? `Last success ${new Date(row.testSuccessAt).toLocaleString()}` : "Never tested"}</span>
                  </td>
                  <td>
                    <button type="button" onClick={() => void test(row)} disabled={busy}>Test</button>{" "}
                    <button type="button" className="danger" onClick={() => void remove(row)} disabled={busy}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card">
        <h2>Add a webhook</h2>
        <p className="muted">In Discord: Server Settings → Integrations → Webhooks → New Webhook → Copy Webhook URL.</p>
        <form className="add" onSubmit={(e) => void add(e)}>
          <label htmlFor="name">Name</label>
          <input id="name" name="name" required maxLength={80} placeholder="My game servers" />
          <label htmlFor="webhookUrl">Webhook URL</label>
          <input id="webhookUrl" name="webhookUrl" required placeholder="https://discord.com/api/webhooks/…" autoComplete="off" />
          <label htmlFor="type">Notifications</label>
          <select id="type" name="type" defaultValue="GAME_SERVER">
            {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <label htmlFor="scope">Audience</label>
          <select id="scope" name="scope" defaultValue="USER">
            {SCOPES.filter((s) => isAdmin || s === "USER").map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          <span />
          <button type="submit" className="primary" disabled={busy}>Add webhook</button>
        </form>
      </section>
    </>
  );
}
