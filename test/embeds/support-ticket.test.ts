import { describe, expect, it } from "vitest";
import { COLORS, TICKET_ACTIONS, TICKET_PRIORITIES, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.supportTicket", () => {
  it("builds a typical new ticket", () => {
    const embed = embeds.supportTicket(
      {
        action: "created",
        ticketId: 4711,
        subject: "Server won't start",
        user: "carol",
        priority: "high",
        message: "Hi,\n> it crashes on boot",
        url: "https://support.example.com/t/4711",
      },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "🎫 New support ticket",
      description: "**Server won't start**\n>>> Hi,\n\\> it crashes on boot",
      url: "https://support.example.com/t/4711",
      color: COLORS.support,
      fields: [
        { name: "Ticket", value: "`#4711`", inline: true },
        { name: "Status", value: "Created", inline: true },
        { name: "Priority", value: "🟠 High", inline: true },
        { name: "User", value: "carol", inline: true },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  const expected = {
    created: ["🎫 New support ticket", COLORS.support, "Created"],
    updated: ["✏️ Ticket updated", COLORS.support, "Updated"],
    replied: ["💬 New reply on ticket", COLORS.support, "Replied"],
    resolved: ["✅ Ticket resolved", COLORS.success, "Resolved"],
    closed: ["🔒 Ticket closed", COLORS.support, "Closed"],
  } as const;

  it.each(TICKET_ACTIONS)("gives action %s its own title, colour and status", (action) => {
    const embed = embeds.supportTicket({ action, ticketId: "T-1", subject: "s" });
    expect([embed.title, embed.color, embed.fields?.[1]?.value]).toEqual(expected[action]);
    expectDiscordAccepts(embed);
  });

  it.each(TICKET_PRIORITIES)("shows priority %s", (priority) => {
    const embed = embeds.supportTicket({ action: "updated", ticketId: 1, subject: "s", priority });
    const value = embed.fields?.find((f) => f.name === "Priority")?.value ?? "";
    expect(value.toLowerCase()).toContain(priority);
  });

  it("shows an empty subject as (no subject) and leaves out an empty message", () => {
    const embed = embeds.supportTicket({ action: "replied", ticketId: "7", subject: " ", message: "\n" });
    expect(embed.description).toBe("**(no subject)**");
  });

  it.each([
    [{ ticketId: 1, subject: "s" }, ["action"]],
    [{ action: "reopened", ticketId: 1, subject: "s" }, ["action"]],
    [{ action: "created", subject: "s" }, ["ticketId"]],
    [{ action: "created", ticketId: "", subject: "s" }, ["ticketId"]],
    [{ action: "created", ticketId: -1, subject: "s" }, ["ticketId"]],
    [{ action: "created", ticketId: 1 }, ["subject"]],
    [{ action: "created", ticketId: 1, subject: "s", priority: "p0", user: 1 }, ["priority", "user"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("supportTicket", input), paths);
  });
});
