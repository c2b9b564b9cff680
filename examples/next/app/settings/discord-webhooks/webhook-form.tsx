"use client";

import type { FormEvent } from "react";
import type { WebhookScope, WebhookType } from "discord-webhook-dispatcher";
import { SCOPE_LABELS, SCOPES, TYPE_LABELS, TYPES } from "./labels";

export interface WebhookFormValues {
  name: string;
  webhookUrl: string;
  type: WebhookType;
  scope: WebhookScope;
  avatarUrl: string;
}

interface Props {
  /** Prefix of the field ids, so the add form and an edit form can be on the page at once. */
  idPrefix: string;
  initial?: Partial<WebhookFormValues>;
  editing: boolean;
  isAdmin: boolean;
  busy: boolean;
  submitLabel: string;
  onSubmit: (values: WebhookFormValues, form: HTMLFormElement) => void;
  onCancel?: () => void;
}

/** The fields of a webhook. When editing, an empty URL keeps the stored one (its token is never sent to the page). */
export function WebhookForm({ idPrefix, initial = {}, editing, isAdmin, busy, submitLabel, onSubmit, onCancel }: Props) {
  const id = (name: string) => `${idPrefix}-${name}`;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => {
      const v = data.get(key);
      return typeof v === "string" ? v.trim() : "";
    };
    onSubmit(
      { name: text("name"), webhookUrl: text("webhookUrl"), type: text("type") as WebhookType, scope: (text("scope") || "USER") as WebhookScope, avatarUrl: text("avatarUrl") },
      event.currentTarget,
    );
  }
  return (
    <form className="webhook-form" onSubmit={submit} data-testid={editing ? "edit-form" : "add-form"}>
      <label htmlFor={id("name")}>Name</label>
      <input id={id("name")} name="name" required maxLength={80} placeholder="My game servers" defaultValue={initial.name} />
      <label htmlFor={id("webhookUrl")}>Webhook URL</label>
      <input
        id={id("webhookUrl")}
        name="webhookUrl"
        required={!editing}
        placeholder={editing ? "Leave empty to keep the current URL" : "https://discord.com/api/webhooks/…"}
        autoComplete="off"
      />
      <label htmlFor={id("type")}>Notifications</label>
      <select id={id("type")} name="type" defaultValue={initial.type ?? "GAME_SERVER"}>
        {TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
      </select>
      {!editing && (
        <>
          <label htmlFor={id("scope")}>Audience</label>
          <select id={id("scope")} name="scope" defaultValue={initial.scope ?? "USER"}>
            {SCOPES.filter((s) => isAdmin || s === "USER").map((s) => <option key={s} value={s}>{SCOPE_LABELS[s]}</option>)}
          </select>
        </>
      )}
      <label htmlFor={id("avatarUrl")}>Avatar URL</label>
      <input id={id("avatarUrl")} name="avatarUrl" type="url" placeholder="https://… (optional)" defaultValue={initial.avatarUrl} />
      <span />
      <span className="actions">
        <button type="submit" className="primary" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </span>
    </form>
  );
}
