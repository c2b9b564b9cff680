import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_USER_AGENT } from "../../src/index.js";
import { VERSION } from "../../src/version.js";

describe("VERSION", () => {
  it("equals package.json's version and is sent in the User-Agent", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(DEFAULT_USER_AGENT).toBe(`DiscordBot (https://github.com/discord-webhook-dispatcher/discord-webhook-dispatcher, ${pkg.version})`);
  });
});
