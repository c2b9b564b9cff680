/**
 * The plain-words notice `hooks.onDisabled` carries, ready to send to the webhook's owner or the admins.
 */
import type { DeliveryHooks, DisabledEvent } from "../delivery/hooks.js";

/** A notice for a disabled webhook: what happened and what to do, token-free. */
export function disableNotice(event: Pick<DisabledEvent, "webhook" | "reason">): { title: string; text: string } {
  const name = event.webhook.name || event.webhook.id;
  const deleted = /\b404\b/.test(event.reason);
  const title = `Discord webhook "${name}" was turned off`;
  const text = deleted
    ? `Discord says this webhook no longer exists (it was deleted in Discord), so notifications to it stopped. ` +
      `Create a new webhook in Discord (Channel settings → Integrations → Webhooks → New Webhook → Copy Webhook URL), ` +
      `paste the new URL into this webhook's settings, then resend the failed notifications from its delivery log.`
    : `Discord refused this webhook's token (${event.reason}), so notifications to it stopped. ` +
      `Copy the webhook's URL again from Discord (Channel settings → Integrations → Webhooks), paste it into this ` +
      `webhook's settings, then resend the failed notifications from its delivery log.`;
  return { title, text };
}

/** `hooks` with `onDisabled` given the notice; the same object when there is no `onDisabled`. */
export function withDisableNotice(hooks: DeliveryHooks | undefined): DeliveryHooks | undefined {
  if (typeof hooks?.onDisabled !== "function") return hooks;
  const wrapped = (event: DisabledEvent): void => {
    hooks.onDisabled?.({ ...event, notice: disableNotice(event) });
  };
  // A proxy, so hooks written as class methods or getters keep working.
  return new Proxy(hooks, { get: (target, key, receiver) => (key === "onDisabled" ? wrapped : Reflect.get(target, key, receiver) as unknown) });
}
