/**
 * The files of the fake's messages, served to the inbox page (`GET /inbox/attachments/{id}`) for inline images.
 */
import type { ServerResponse } from "node:http";
import type { FakeAttachment } from "../discord-fake/types.js";

const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/i;

/** A message's file: images (never SVG) as themselves for `<img>`, anything else as a download. 404 when unknown. */
export function sendAttachment(res: ServerResponse, a: FakeAttachment | undefined): void {
  if (!a) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
    return;
  }
  const image = INLINE_IMAGE.test(a.contentType ?? "");
  res.writeHead(200, {
    "content-type": image ? (a.contentType ?? "") : "application/octet-stream",
    "content-length": String(a.data.byteLength),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    ...(image ? {} : { "content-disposition": "attachment" }),
  });
  res.end(a.data);
}

