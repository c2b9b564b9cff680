/**
 * Compile-time proof that our inferred types are valid discord-api-types payloads. `npm run typecheck`
 * (tsc over test/) fails if they drift apart; the runtime part checks the enum values match at run time too.
 */
import {
  AllowedMentionsTypes as ApiAllowedMentionsTypes,
  type APIAllowedMentions,
  type APIEmbed,
  type APIEmbedField,
  type RESTPostAPIWebhookWithTokenJSONBody,
} from "discord-api-types/v10";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  AllowedMentionsTypes,
  embedSchema,
  messageSchema,
  type AllowedMentions,
  type AllowedMentionsInput,
  type DiscordEmbed,
  type DiscordEmbedField,
  type DiscordMessage,
} from "../../src/discord/index.js";

// Plain assignments: each line stops compiling if our type stops being assignable to Discord's.
const toApiEmbed = (embed: DiscordEmbed): APIEmbed => embed;
const toApiField = (field: DiscordEmbedField): APIEmbedField => field;
const toApiMentions = (mentions: AllowedMentions): APIAllowedMentions => mentions;
// `flags` is a plain number to TypeScript, which any numeric enum accepts; the schema keeps it to 4 and 4096.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const toApiBody = (message: DiscordMessage): RESTPostAPIWebhookWithTokenJSONBody => message;

describe("types match discord-api-types/v10", () => {
  it("DiscordEmbed is assignable to APIEmbed and DiscordMessage to RESTPostAPIWebhookWithTokenJSONBody", () => {
    expectTypeOf<DiscordEmbed>().toExtend<APIEmbed>();
    expectTypeOf<DiscordEmbedField>().toExtend<APIEmbedField>();
    expectTypeOf<AllowedMentions>().toExtend<APIAllowedMentions>();
    expectTypeOf<DiscordMessage>().toExtend<RESTPostAPIWebhookWithTokenJSONBody>();
    expectTypeOf<NonNullable<DiscordMessage["embeds"]>[number]>().toExtend<APIEmbed>();
  });

  it("callers write allowed_mentions with Discord's strings, the same set as discord-api-types", () => {
    expectTypeOf<NonNullable<AllowedMentionsInput["parse"]>[number]>().toEqualTypeOf<`${ApiAllowedMentionsTypes}`>();
    expect(Object.values(AllowedMentionsTypes).sort()).toEqual(Object.values(ApiAllowedMentionsTypes).sort());
  });

  it("a fully populated parsed message passes through as Discord's types unchanged", () => {
    const embed = embedSchema.parse({
      title: "Server online",
      description: "node-1",
      url: "https://example.com/servers/1",
      timestamp: "2024-05-01T12:00:00.000Z",
      color: 3066993,
      footer: { text: "Panel", icon_url: "https://example.com/icon.png" },
      image: { url: "https://example.com/i.png" },
      thumbnail: { url: "attachment://t.png" },
      author: { name: "Ops", url: "https://example.com", icon_url: "https://example.com/a.png" },
      fields: [{ name: "State", value: "online", inline: true }],
    });
    const message = messageSchema.parse({
      content: "hello",
      username: "Status",
      avatar_url: "https://example.com/a.png",
      tts: false,
      embeds: [embed],
      allowed_mentions: { parse: ["users"], roles: ["123456789012345678"] },
      flags: 4096,
      thread_name: "Incidents",
      applied_tags: ["123456789012345678"],
    });
    const body: RESTPostAPIWebhookWithTokenJSONBody = toApiBody(message);
    expect(body).toEqual(message);
    expect(toApiEmbed(embed)).toBe(embed);
    expect(toApiField({ name: "a", value: "b" })).toEqual({ name: "a", value: "b" });
    expect(toApiMentions({ parse: [] })).toEqual({ parse: [] });
    expect(body.allowed_mentions?.parse).toEqual([ApiAllowedMentionsTypes.User]);
  });
});
