/**
 * The inbox page and its script: plain HTML and browser JavaScript, no build step, nothing remote. The script
 * builds the sidebar from names with `textContent` and inserts only the markup the server rendered and escaped.
 */

/** The page at the fake's root. */
export const INBOX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Discord fake · inbox</title>
<link rel="stylesheet" href="/inbox/app.css">
</head>
<body>
<div class="app">
  <nav class="sidebar" aria-label="Channels and webhooks">
    <div class="server-name"><span>Discord fake</span><span class="live" id="live">connecting</span></div>
    <div class="api-base">API base URL<code id="api-base"></code></div>
    <div id="channels" class="channels"></div>
    <form class="add" id="add-form">
      <input id="new-name" placeholder="New webhook name" maxlength="80" aria-label="New webhook name">
      <button id="add-webhook" type="submit">Add webhook</button>
    </form>
    <div id="added" class="added" hidden></div>
  </nav>
  <main class="chat">
    <header class="chat-header"><span class="hash">#</span><span id="view-title">all channels</span><span id="view-count" class="count"></span></header>
    <div id="messages" class="messages" aria-live="polite"></div>
    <div id="empty" class="empty">No messages yet. Send to a webhook of this fake (its URLs use the API base URL on the left).</div>
  </main>
</div>
<script src="/inbox/app.js"></script>
</body>
</html>
`;

/** The page's script (served as /inbox/app.js, so the page's CSP allows no inline script). */
export const INBOX_SCRIPT = `"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const list = $("messages"), side = $("channels"), empty = $("empty");
  let epoch = "", seq = 0, webhooks = [], entries = [], view = { kind: "all", id: "", name: "all channels" };
  $("api-base").textContent = location.origin + "/api/v10";

  const matches = (e) => view.kind === "all" || (view.kind === "channel" ? e.channelId === view.id : e.webhookId === view.id);
  const el = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls; if (text !== undefined) n.textContent = text; return n; };

  function append(batch) {
    const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    const t = document.createElement("template");
    t.innerHTML = batch.filter(matches).map((e) => e.html).join(""); // rendered and escaped by the server
    const added = [];
    for (const n of [...t.content.children]) {
      // An edited or deleted message comes again under the same id: it changes in place.
      const old = n.dataset.messageId && list.querySelector('[data-message-id="' + CSS.escape(n.dataset.messageId) + '"]');
      if (old) {
        const box = old.querySelector(".dm-post-messages");
        if (box) n.querySelector(".dm-post-messages")?.replaceWith(box); // a post keeps the messages under it
        old.replaceWith(n);
      } else {
        // Like Discord: a forum post's later messages go under the post.
        const post = n.dataset.post && list.querySelector('[data-post-root="' + CSS.escape(n.dataset.post) + '"] .dm-post-messages');
        (post || list).append(n);
      }
      added.push(n);
    }
    for (const n of added) {
      const prev = n.previousElementSibling;
      // Like Discord: a message within 7 minutes of the previous one by the same sender goes under its header.
      if (n.dataset.group && prev && prev.dataset.group === n.dataset.group && n.dataset.at - prev.dataset.at < 420000) n.classList.add("dm-continued");
    }
    const shown = entries.filter((e) => matches(e) && !(e.message && e.message.deletedAt)).length;
    empty.hidden = shown > 0;
    $("view-title").textContent = view.name;
    $("view-count").textContent = shown + (shown === 1 ? " entry" : " entries");
    if (stick) list.scrollTop = list.scrollHeight;
  }

  function select(kind, id, name) {
    view = { kind, id, name };
    list.replaceChildren();
    append(entries);
    sidebar();
  }

  function item(cls, label, count, kind, id, name, title) {
    const b = el("button", cls + (view.kind === kind && view.id === id ? " active" : ""));
    b.type = "button";
    b.append(el("span", "label", label), el("span", "badge", String(count)));
    if (title) b.title = title;
    b.addEventListener("click", () => select(kind, id, name));
    return b;
  }

  function sidebar() {
    const byWebhook = new Map(), byChannel = new Map();
    for (const e of entries) {
      if (e.message && e.message.deletedAt) continue;
      byWebhook.set(e.webhookId, (byWebhook.get(e.webhookId) || 0) + 1);
      byChannel.set(e.channelId, (byChannel.get(e.channelId) || 0) + 1);
    }
    const channels = new Map();
    for (const w of webhooks) {
      if (!channels.has(w.channelId)) channels.set(w.channelId, { name: w.channel, hooks: [] });
      channels.get(w.channelId).hooks.push(w);
    }
    const nodes = [item("all", "All channels", entries.filter((e) => !(e.message && e.message.deletedAt)).length, "all", "", "all channels")];
    for (const [id, c] of channels) {
      const group = el("div", "channel");
      group.append(item("channel-item", "# " + c.name, byChannel.get(id) || 0, "channel", id, c.name));
      for (const w of c.hooks) group.append(item("webhook-item", "\u21b3 " + w.name, byWebhook.get(w.id) || 0, "webhook", w.id, w.name, w.url));
      nodes.push(group);
    }
    side.replaceChildren(...nodes);
  }

  async function refresh() {
    const res = await fetch("/inbox/state?after=" + seq + "&epoch=" + encodeURIComponent(epoch), { cache: "no-store" });
    const s = await res.json();
    if (s.epoch !== epoch) { epoch = s.epoch; entries = []; list.replaceChildren(); }
    for (const e of s.entries) {
      const at = e.message ? entries.findIndex((x) => x.message && x.message.id === e.message.id) : -1;
      if (at === -1) entries.push(e); else entries[at] = e;
    }
    seq = s.seq;
    webhooks = s.webhooks;
    sidebar();
    append(s.entries);
    document.body.dataset.seq = String(seq);
  }

  let running = null, again = false;
  function schedule() {
    if (running) { again = true; return; }
    running = refresh().catch(() => {}).finally(() => { running = null; if (again) { again = false; schedule(); } });
  }

  const live = $("live");
  const events = new EventSource("/inbox/events");
  events.onopen = () => { live.textContent = "live"; live.className = "live on"; };
  events.onerror = () => { live.textContent = "reconnecting"; live.className = "live"; };
  events.onmessage = schedule;
  setInterval(schedule, 5000); // a safety net if the event stream is blocked by a proxy

  $("add-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = $("new-name").value.trim();
    const res = await fetch("/inbox/webhooks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(name ? { name } : {}) });
    const added = $("added");
    added.replaceChildren();
    if (!res.ok) { added.append(el("div", "error", "Could not add a webhook (" + res.status + ")")); added.hidden = false; return; }
    const w = await res.json();
    const url = el("code", "url", w.url);
    added.append(el("div", "", "Added " + w.name + ". Its URL (a made-up token):"), url);
    added.hidden = false;
    $("new-name").value = "";
    schedule();
  });

  schedule();
})();
`;
