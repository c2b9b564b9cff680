/** An event's `url` (its page in the host's panel) becomes a link button, against the Discord fake. */
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";

const fake: DiscordFake = await createDiscordFake();
afterAll(() => fake.close());

type Components = { type: number; components: { type: number; style: number; label: string; url: string }[] }[];

describe("an event's url as a link button", () => {
  it("adds one labelled for the family, kept by Discord (with_components); buttons: [] or a too-long url add none", async () => {
    const hooks = { game: fake.addWebhook(), support: fake.addWebhook() };
    const store = memoryStore([
      { id: "g", name: "game", webhookUrl: hooks.game.url, type: "GAME_SERVER", scope: "ADMIN" },
      { id: "s", name: "support", webhookUrl: hooks.support.url, type: "SUPPORT", scope: "ADMIN" },
    ]);
    const dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }) });
    await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed", url: "https://panel.example/servers/mc-1" });
    await dispatcher.supportTicket({ ticketId: "T-7", subject: "Lag", user: "ana", action: "created", url: "https://panel.example/tickets/T-7" });
    await dispatcher.serverStateChange({ serverName: "mc-2", state: "crashed", url: "https://panel.example/servers/mc-2" }, { buttons: [] });
    await dispatcher.serverStateChange({ serverName: "mc-3", state: "crashed", url: `https://panel.example/${"x".repeat(600)}` });
    await dispatcher.serverStateChange({ serverName: "mc-4", state: "crashed", url: "https://panel.example/servers/mc-4" }, { buttons: [{ label: "Console", url: "https://panel.example/console/mc-4" }] });
    await dispatcher.close();

    const game = fake.messages(hooks.game.id);
    const buttons = game.map((m) => (m.components as Components).flatMap((row) => row.components.map((b) => `${b.label} ${b.url.slice(0, 40)}`)));
    expect(buttons).toEqual([["Open server https://panel.example/servers/mc-1"], [], [], ["Console https://panel.example/console/mc-4"]]);
    // The title links to the page too, also when the url is too long for a button.
    expect((game[2]?.body.embeds as { url?: string }[] | undefined)?.[0]?.url).toMatch(/^https:\/\/panel\.example\/x+$/);
    const [ticket] = fake.messages(hooks.support.id);
    expect((ticket?.components as Components)[0]?.components[0]).toMatchObject({ type: 2, style: 5, label: "Open ticket", url: "https://panel.example/tickets/T-7" });
  });
});
