/**
 * The CPU floor of (f): what one HTTP request costs this process when nothing else is done. The same 5,000 POSTs
 * (one per webhook, the same body, `?wait=true`) go straight through `node:http` with a keep-alive agent, as
 * `fetchTransport()` sends on Node, paced under the fake's per-IP limit (50 per time-scaled second), each answer
 * read and parsed. No queue, no rate-limit state, no outcomes: a client cannot spend less per delivery on Node
 * without dropping Node's HTTP client.
 */
import * as http from "node:http";
import type { DiscordEmbed } from "../src/index.js";
import { spawnFake } from "./fake-process.js";

/** Process CPU milliseconds per request of a bare `node:http` POST loop to `webhooks` webhooks of the fake. */
export async function httpFloorCpuMs(embed: DiscordEmbed, webhooks = 5000, scale = 0.1): Promise<number> {
  const warmCount = Math.ceil(webhooks / 10);
  const fake = await spawnFake({ scale, webhooks: webhooks + warmCount });
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({ embeds: [embed] });
  const post = (url: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const target = `${url.replace("https://discord.com/api/v10", fake.apiBaseUrl)}?wait=true`;
      const req = http.request(target, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
          resolve(res.statusCode ?? 0);
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  // 50 at a time, then the rest of the time-scaled second.
  const paced = async (targets: readonly { url: string }[]): Promise<void> => {
    for (let i = 0; i < targets.length; i += 50) {
      const started = performance.now();
      await Promise.all(targets.slice(i, i + 50).map((h) => post(h.url)));
      const rest = 1000 * scale + 10 - (performance.now() - started);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  };
  try {
    // Warmed as (f) is: a tenth as many requests first, to other webhooks.
    await paced(fake.hooks.slice(0, warmCount));
    const targets = fake.hooks.slice(warmCount);
    const cpu0 = process.cpuUsage();
    await paced(targets);
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000 / targets.length;
  } finally {
    agent.destroy();
    fake.stop();
  }
}
