/** What the multi-process test and the bench read off the fake: first arrivals, duplicates, order, peak rate. */
import type { DiscordFake } from "../../../../src/testing/index.js";

export interface WebhookArrivals {
  /** Sequence numbers in order of first arrival. */
  firsts: number[];
  /** Messages that carried at least one embed that had already arrived. */
  duplicateMessages: number;
}

/** Titles are `<webhook index>:<seq>`. */
export function titlesByWebhook(fake: DiscordFake, webhookIds: readonly string[]): { unique: number; perWebhook: WebhookArrivals[] } {
  let unique = 0;
  const perWebhook = webhookIds.map((id) => {
    const seen = new Set<string>();
    const firsts: number[] = [];
    let duplicateMessages = 0;
    for (const m of fake.messages(id)) {
      const embeds = (m.body.embeds ?? []) as { title?: string }[];
      let dup = false;
      for (const e of embeds) {
        const title = e.title ?? "";
        if (seen.has(title)) dup = true;
        else {
          seen.add(title);
          firsts.push(Number(title.split(":")[1]));
        }
      }
      if (dup) duplicateMessages += 1;
    }
    unique += seen.size;
    return { firsts, duplicateMessages };
  });
  return { unique, perWebhook };
}

/** First arrivals out of dispatch order, summed over webhooks. */
export function orderViolations(perWebhook: readonly WebhookArrivals[]): number {
  let violations = 0;
  for (const w of perWebhook) for (let i = 1; i < w.firsts.length; i++) if ((w.firsts[i] ?? 0) < (w.firsts[i - 1] ?? 0)) violations += 1;
  return violations;
}

/** The most timestamps in any window of `windowMs` (sliding). */
export function maxPerWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
