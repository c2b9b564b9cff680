"use client";

import { useCallback, useEffect, useState } from "react";
import type { WebhookTestResult } from "discord-webhook-dispatcher";
import { WebhookForm, type WebhookFormValues } from "./webhook-form";
import { WebhookRow, type Row, type TestOutcome } from "./webhook-row";

type ApiError = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type Notice = { kind: "ok" | "bad"; text: string } | null;

function describeError(body: unknown, status: number): string {
  const e = (body as ApiError | null)?.error;
  if (!e) return `Request failed (${status}).`;
  // `message` is written for people; the fields are added when it does not list them already.
  const fields = e.issues?.map((i) => `${i.path || "input"}: ${i.message}`).join("; ");
  return fields && !e.message.includes(fields) ? `${e.message} (${fields})` : e.message;
}

/** Lists, adds, edits, tests, re-enables and deletes the signed-in person's Discord webhooks. */
export function WebhooksPanel() {
  // DEMO ONLY: who we act as is sent in headers that the example's server trusts blindly.
  const [userId, setUserId] = useState("alice");
  const [isAdmin, setIsAdmin] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, TestOutcome>>({});

  const api = useCallback(
    async (path: string, init: RequestInit = {}) => {
      const headers: Record<string, string> = { "x-user-id": userId };
      if (isAdmin) headers["x-admin"] = "1";
      if (init.body) headers["content-type"] = "application/json";
      const res = await fetch(`/api/webhooks${path}`, { ...init, headers });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        // Not JSON (a proxy's error page): describeError falls back to the status.
      }
      return { res, body };
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

  // A test result describes the webhook as it was; after an edit or a re-enable it no longer does.
  const forgetOutcome = (id: string) =>
    setOutcomes((o) => {
      const { [id]: _gone, ...rest } = o;
      return rest;
    });

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }

  const add = (v: WebhookFormValues, form: HTMLFormElement) =>
    run(async () => {
      const { res, body } = await api("", {
        method: "POST",
        body: JSON.stringify({ name: v.name, webhookUrl: v.webhookUrl, type: v.type, scope: v.scope, avatarUrl: v.avatarUrl || null }),
      });
      if (!res.ok) return setNotice({ kind: "bad", text: describeError(body, res.status) });
      form.reset();
      setNotice({ kind: "ok", text: "Webhook added." });
      await load();
    });

  const save = (row: Row, v: WebhookFormValues) =>
    run(async () => {
      // Only what changed is sent; an empty URL field keeps the stored URL.
      const patch: Record<string, unknown> = {};
      if (v.name !== row.name) patch.name = v.name;
      if (v.webhookUrl) patch.webhookUrl = v.webhookUrl;
      if (v.type !== row.type) patch.type = v.type;
      if ((v.avatarUrl || null) !== row.avatarUrl) patch.avatarUrl = v.avatarUrl || null;
      const { res, body } = await api(`/${row.id}`, { method: "PATCH", body: JSON.stringify(patch) });
      if (!res.ok) return setNotice({ kind: "bad", text: describeError(body, res.status) });
      setEditing(null);
      forgetOutcome(row.id);
      setNotice({ kind: "ok", text: `Saved “${v.name}”.` });
      await load();
    });

  const enable = (row: Row) =>
    run(async () => {
      const { res, body } = await api(`/${row.id}`, { method: "PATCH", body: JSON.stringify({ enabled: true }) });
      if (res.ok) forgetOutcome(row.id);
      setNotice(res.ok ? { kind: "ok", text: `“${row.name}” is enabled again.` } : { kind: "bad", text: describeError(body, res.status) });
      await load();
    });

  const test = (row: Row) =>
    run(async () => {
      const { res, body } = await api(`/${row.id}/test`, { method: "POST" });
      const result = body as WebhookTestResult;
      const outcome: TestOutcome = !res.ok
        ? { ok: false, text: describeError(body, res.status) }
        : result.ok
          ? { ok: true, text: "Test message sent. Check the Discord channel." }
          : { ok: false, text: `Test failed: ${result.error?.message ?? "unknown error"}` };
      setOutcomes((o) => ({ ...o, [row.id]: outcome }));
      await load();
    });

  const remove = (row: Row) =>
    run(async () => {
      if (!window.confirm(`Delete “${row.name}”?`)) return;
      const { res, body } = await api(`/${row.id}`, { method: "DELETE" });
      setNotice(res.ok ? { kind: "ok", text: `Deleted “${row.name}”.` } : { kind: "bad", text: describeError(body, res.status) });
      await load();
    });

  const editedRow = rows.find((r) => r.id === editing);
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
        <p role="status" data-testid="notice" className={`notice ${notice.kind}`}>
          {notice.text}
        </p>
      )}

      <section className="card">
        <div className="heading">
          <h2>Your webhooks</h2>
          <button type="button" onClick={() => void load()} disabled={busy}>Refresh</button>
        </div>
        {rows.length === 0 ? (
          <p className="muted" data-testid="empty">No webhooks yet.</p>
        ) : (
          <table data-testid="webhooks">
            <thead>
              <tr><th>Name and URL</th><th>Notifications</th><th>Audience</th><th>Status</th><th /></tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <WebhookRow
                  key={row.id}
                  row={row}
                  busy={busy}
                  outcome={outcomes[row.id]}
                  onTest={() => void test(row)}
                  onEdit={() => setEditing(row.id)}
                  onEnable={() => void enable(row)}
                  onDelete={() => void remove(row)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>

      {editedRow && (
        <section className="card" data-testid="edit-card">
          <h2>Edit “{editedRow.name}”</h2>
          <WebhookForm
            key={editedRow.id}
            idPrefix="edit"
            editing
            isAdmin={isAdmin}
            busy={busy}
            submitLabel="Save changes"
            initial={{ name: editedRow.name, type: editedRow.type, avatarUrl: editedRow.avatarUrl ?? "" }}
            onSubmit={(v) => void save(editedRow, v)}
            onCancel={() => setEditing(null)}
          />
        </section>
      )}

      <section className="card">
        <h2>Add a webhook</h2>
        <p className="muted">In Discord: Server Settings → Integrations → Webhooks → New Webhook → Copy Webhook URL.</p>
        <WebhookForm idPrefix="add" editing={false} isAdmin={isAdmin} busy={busy} submitLabel="Add webhook" onSubmit={(v, form) => void add(v, form)} />
      </section>
    </>
  );
}
