// `discord-webhook-dispatcher/compat` as a user meets it: in the scratch project the packed tarball was installed
// into (see check-package-bin.mjs), an ES module and a CommonJS script each import the package's root, the memory
// adapter, the testing kit and `/compat`, start the Discord fake and call `dispatchServerStateChange` against it.
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const BODY = `
  const fake = await createDiscordFake();
  const hook = fake.addWebhook();
  const store = memoryStore([{ name: "game", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]);
  const dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }) });
  const { dispatchServerStateChange } = createLegacyDispatch(dispatcher);
  const result = await dispatchServerStateChange("Survival #1", "CRASHED", "node-1");
  const bad = await dispatchServerStateChange("Survival #1", "exploded");
  await dispatcher.close();
  const received = fake.messages(hook.id).length;
  await fake.close();
  const ok = result.success && result.sent === 1 && received === 1 && !bad.success && bad.errors.length === 1;
  console.log(JSON.stringify({ ok, result, bad, received }));
`;

const ESM = `import { createDispatcher, fetchTransport } from "discord-webhook-dispatcher";
import { memoryStore } from "discord-webhook-dispatcher/adapters/memory";
import { createLegacyDispatch } from "discord-webhook-dispatcher/compat";
import { createDiscordFake } from "discord-webhook-dispatcher/testing";
${BODY}`;

const CJS = `const { createDispatcher, fetchTransport } = require("discord-webhook-dispatcher");
const { memoryStore } = require("discord-webhook-dispatcher/adapters/memory");
const { createLegacyDispatch } = require("discord-webhook-dispatcher/compat");
const { createDiscordFake } = require("discord-webhook-dispatcher/testing");
(async () => {${BODY}})();
`;

/** Runs the ESM and CJS checks in `project`; calls `fail(message)` for each problem. */
export async function smokeCompat(project, fail) {
  for (const [file, source] of [["compat-check.mjs", ESM], ["compat-check.cjs", CJS]]) {
    await writeFile(join(project, file), source);
    let out;
    try {
      out = execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8", timeout: 60_000 });
    } catch (error) {
      fail(`${file} (discord-webhook-dispatcher/compat) failed: ${String(error.stderr ?? error)}`);
      continue;
    }
    const line = out.trim().split("\n").at(-1) ?? "";
    if (!line.includes('"ok":true')) fail(`${file}: dispatchServerStateChange against the fake did not deliver: ${line}`);
    else console.log(`  compat: ${file} imported /compat and delivered dispatchServerStateChange to the fake`);
  }
}
