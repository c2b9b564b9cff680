"use client";

import type { PublicWebhook } from "discord-webhook-dispatcher";
import { disabledInWords, SCOPE_LABELS, TYPE_LABELS } from "./labels";

// Dates arrive as ISO strings over JSON.
export type Row = Omit<PublicWebhook, "createdAt" | "testSuccessAt"> & { createdAt: string; testSuccessAt: string | null };
export type TestOutcome = { ok: boolean; text: string };

interface Props {
  row: Row;
  busy: boolean;
  outcome: TestOutcome | undefined;
  onTest: () => void;
  onEdit: () => void;
  onEnable: () => void;
  onDelete: () => void;
}

/** One webhook: what it is, whether it works (and why not), and what can be done about it. */
export function WebhookRow({ row, busy, outcome, onTest, onEdit, onEnable, onDelete }: Props) {
  return (
    <tr data-testid="webhook-row" data-name={row.name} data-enabled={String(row.enabled)}>
      <td className="what">
        <div className="name">
          {row.avatarUrl && (
            // An avatar that does not load is hidden rather than shown as a broken image.
            <img src={row.avatarUrl} alt="" width={20} height={20} onError={(e) => (e.currentTarget.style.display = "none")} />
          )}
          <strong>{row.name}</strong>
        </div>
        <code>{row.webhookUrl}</code>
      </td>
      <td data-testid="type">{TYPE_LABELS[row.type]}</td>
      <td data-testid="scope">{SCOPE_LABELS[row.scope]}</td>
      <td data-testid="status">
        {row.enabled ? (
          <span className="ok">Enabled</span>
        ) : (
          <span className="bad" data-testid="disabled-reason" title={row.disabledReason ?? undefined}>
            <strong>Disabled.</strong> {disabledInWords(row.disabledReason)}
          </span>
        )}
        <br />
        <span className="muted">{row.testSuccessAt ? `Last success ${new Date(row.testSuccessAt).toLocaleString()}` : "Never reached Discord yet"}</span>
        {outcome && (
          <p data-testid="test-result" className={`result ${outcome.ok ? "ok" : "bad"}`} role="status">
            {outcome.ok ? "✓ " : "✗ "}
            {outcome.text}
          </p>
        )}
      </td>
      <td className="buttons">
        {!row.enabled && <button type="button" className="primary" onClick={onEnable} disabled={busy}>Re-enable</button>}
        <button type="button" onClick={onTest} disabled={busy || !row.enabled}>Send test</button>
        <button type="button" onClick={onEdit} disabled={busy}>Edit</button>
        <button type="button" className="danger" onClick={onDelete} disabled={busy}>Delete</button>
      </td>
    </tr>
  );
}
