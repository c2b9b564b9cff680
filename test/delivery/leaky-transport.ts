import { TransportError, type Transport } from "../../src/index.js";

/**
 * Forwards to `inner` (the fake), but for the Discord webhook ids in `failing` throws the way a hand-written
 * transport would: a `TransportError` with the request's URL as it is, a message and a cause that repeat the token.
 */
export function leakyTransport(inner: Transport, failing: ReadonlySet<string>, code: "TRANSPORT" | "TIMEOUT" = "TRANSPORT"): Transport {
  return {
    send(request) {
      const m = /webhooks\/(\d+)\/([^/?]+)/.exec(request.url);
      if (m?.[1] !== undefined && failing.has(m[1])) {
        const cause = new Error(`socket hang up while talking to ${request.url}`);
        throw new TransportError(`connection reset for token ${m[2] ?? ""} at ${request.url}`, request.url, { code, cause });
      }
      return inner.send(request);
    },
  };
}
