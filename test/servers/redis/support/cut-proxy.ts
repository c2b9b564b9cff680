/**
 * A TCP proxy in front of a Redis server that can cut every connection and refuse new ones for a while: the blip a
 * failover or a flaky network makes, in which commands fail at once (they never reach Redis) instead of waiting.
 */
import { connect, createServer, type Socket } from "node:net";

export interface CutProxy {
  /** `redis://127.0.0.1:<proxy port>`. */
  readonly url: string;
  /** Drops every open connection and refuses new ones for `ms`. */
  cut(ms: number): void;
  close(): Promise<void>;
}

/** Starts a proxy to the server of `redisUrl`. */
export async function startCutProxy(redisUrl: string): Promise<CutProxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let downUntil = 0;
  const server = createServer((client) => {
    if (Date.now() < downUntil) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut(ms) {
      downUntil = Date.now() + ms;
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
