"use client";
import { useEffect, useState } from "react";
import type { PublicWebhook } from "discord-webhook-dispatcher";

type Row = Pick<PublicWebhook, "id" | "name" | "webhookUrl" | "enabled">;

/** The smallest own UI: list the signed-in person's webhooks (token masked) and send a test to one. */
export function HeadlessList() {
  const [rows, setRows] = useState<Row[]>([]);
  const [note, setNote] = useState("");
  const load = () =>
    fetch("/api/webhooks", { headers: { accept: "application/json" } })
      .then(async (r) => (r.ok ? setRows(((await r.json()) as { webhooks: Row[] }).webhooks) : setNote(`Sign in first (${r.status}).`)))
      .catch(() => setNote("Could not load."));
  useEffect(() => void load(), []);
  const test = async (id: string) => {
    // Mutating requests send JSON: the routes (and their CSRF check) expect it.
    const r = await fetch(`/api/webhooks/${encodeURIComponent(id)}/test`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const body = (await r.json()) as { ok?: boolean; error?: { message: string } | null };
    setNote(body.ok ? "Test sent." : `Test failed: ${body.error?.message ?? r.status}`);
    await load();
  };
  return (
    <section>
      <p role="status">{note}</p>
      <ul>
        {rows.map((w) => (
          <li key={w.id}>
            {w.name} <code>{w.webhookUrl}</code> {w.enabled ? "enabled" : "disabled"}{" "}
            <button type="button" onClick={() => void test(w.id)}>
              Send test
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
