import type { IncomingMessage, ServerResponse } from "node:http";
import { errorMessage } from "@/lib/i18n";
import { requestLocale } from "./context";

/**
 * A server-action POST (header Next-Action) whose Origin is not this host: Next.js refuses it too, but
 * by throwing "Invalid Server Actions request", a 500, and an unparsable Origin makes it throw earlier.
 * Same comparison as Next.js's (Origin's host against X-Forwarded-Host, else Host).
 */
export function isForeignServerAction(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["next-action"] === undefined) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return false; // not a browser: it cannot carry a victim's cookies
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = String(req.headers["x-forwarded-host"] ?? "").split(",")[0]?.trim();
  return originHost !== (forwarded || req.headers.host);
}

/** 403 CSRF_REJECTED in the API's error shape, in the request's language. */
export function answerForeignServerAction(req: IncomingMessage, res: ServerResponse): void {
  const headers = new Headers();
  for (const k of ["cookie", "accept-language"]) if (typeof req.headers[k] === "string") headers.set(k, req.headers[k] as string);
  const body = JSON.stringify({ error: { code: "CSRF_REJECTED", message: errorMessage("CSRF_REJECTED", requestLocale(headers)) } });
  // Connection: close, so an unread body (of any size) is not read on to find the next request.
  res.writeHead(403, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", connection: "close" });
  res.end(body);
}
