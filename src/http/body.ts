/**
 * Reading a JSON request body safely: the content type is checked first, the size is enforced while the stream is
 * read (a missing or lying Content-Length does not help an attacker), and bad UTF-8 or JSON is a 400.
 */
import { HttpError } from "./responses.js";

/** Default limit of a request body: a webhook is a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Default bound on how long a request body may take to arrive: a few hundred bytes need far less. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** Limits of {@link readJsonBody}. */
export interface BodyLimits {
  maxBytes: number;
  /** Give up (408) on a body that has not fully arrived after this many milliseconds. */
  timeoutMs: number;
  /** A request without a body gives `undefined` instead of a 400. */
  optional?: boolean;
}

/** `true` for `application/json` and `application/*+json`, with any parameters. */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[\w.-]+\+json$/.test(type);
}

/**
 * The parsed JSON body of `request`. With `optional`, a request without a body gives `undefined`.
 * Throws {@link HttpError}: 415 (not JSON), 413 (over `maxBytes`), 408 (slower than `timeoutMs`), 400 (unreadable
 * or malformed).
 */
export async function readJsonBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const { maxBytes, optional = false } = limits;
  const length = request.headers.get("content-length");
  const declared = length === null ? null : Number(length);
  const contentType = request.headers.get("content-type");
  if (declared !== null && Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!isJsonContentType(contentType)) {
    // A bodiless POST (curl -X POST, fetch without body) carries no content type; that is fine when optional.
    if (optional && !contentType && (await readLimited(request, limits)).byteLength === 0) return undefined;
    throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON (Content-Type: application/json).");
  }
  const bytes = await readLimited(request, limits);
  if (bytes.byteLength === 0) {
    if (optional) return undefined;
    throw new HttpError(400, "INVALID_JSON", "The request body is empty; send a JSON object.");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, "INVALID_JSON", "The request body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "INVALID_JSON", "The request body is not valid JSON.");
  }
}

async function readLimited(request: Request, { maxBytes, timeoutMs }: BodyLimits): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new HttpError(408, "REQUEST_TIMEOUT", "The request body did not arrive in time."));
    }, timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Stop reading at once (the catch cancels the stream): the rest of an oversized body is never buffered.
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    // A stalled or oversized body is abandoned; the pending read is cancelled with it.
    await reader.cancel().catch(() => undefined);
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, "INVALID_BODY", "The request body could not be read.");
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
}
