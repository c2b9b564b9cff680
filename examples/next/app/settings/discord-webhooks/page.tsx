import { WebhooksPanel } from "./webhooks-panel";

export const metadata = { title: "Discord Webhooks — Settings" };

export default function DiscordWebhooksSettings() {
  return (
    <main>
      <h1>Discord Webhooks</h1>
      <p className="crumbs">Settings → Discord Webhooks</p>
      <WebhooksPanel />
    </main>
  );
}
