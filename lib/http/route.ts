import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError, isAppError } from "@/lib/errors";
import { errorMessage, fieldMessage, type Locale } from "@/lib/i18n";
import { assertSameOrigin } from "./csrf";
import { appOrigin, requestLocale } from "./context";
import { jsonBodyLimit, jsonDeeperThan, MAX_JSON_DEPTH, readBodyUpTo } from "./json-limits";

export { MAX_JSON_BYTES } from "./json-limits";

/** JSON with BigInt (money, ids) written as numbers: every amount stays far below 2^53. */
export function json(data: unknown, init: number | ResponseInit = 200): Response {
  const body = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
  const opts = typeof init === "number" ? { status: init } : init;
  return new Response(body, { ...opts, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...opts.headers } });
}

export function errorResponse(e: unknown, locale: Locale): Response {
  const unavailable = !isAppError(e) && isDatabaseUnavailable(e);
  // The client hung up while we read its body (a double click's first request, a timeout): nobody
  // will read this answer, and it is not a server fault worth a stack trace.
  const clientGone = !isAppError(e) && (e as { code?: unknown }).code === "ECONNRESET" && (e as Error).message === "aborted";
  const err = isAppError(e) ? e : unavailable ? new AppError("UNAVAILABLE", { retryAfterSeconds: 2 }) : clientGone ? new AppError("BAD_REQUEST") : new AppError("INTERNAL");
  if (unavailable) console.error(`database unavailable: ${(e as Error).message}`);
  else if (!isAppError(e) && !clientGone) console.error(e);
  const fields = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, fieldMessage(v, locale, err.fieldParams?.[k])])) : undefined;
  const message = errorMessage(err.code, locale);
  const headers: Record<string, string> = {};
  if (err.retryAfterSeconds) headers["retry-after"] = String(err.retryAfterSeconds);
  return json({ error: { code: err.code, message, ...(fields ? { fields } : {}) } }, { status: err.status, headers });
}

/**
 * Reads a JSON body: refuses other content types, bodies over the route's limit (jsonBodyLimit: 256 KiB,
 * 1 MiB for the draft; counted while they stream, so a chunked body is cut off at the limit), nesting
 * deeper than MAX_JSON_DEPTH, and malformed JSON.
 */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  const limit = jsonBodyLimit(req.method, req.url);
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) {
    req.body?.cancel().catch(() => {});
    throw new AppError("PAYLOAD_TOO_LARGE");
  }
  const bytes = await readBodyUpTo(req.body, limit);
  if (!bytes) throw new AppError("PAYLOAD_TOO_LARGE");
  const text = new TextDecoder().decode(bytes);
  if (jsonDeeperThan(text, MAX_JSON_DEPTH)) throw new AppError("JSON_TOO_DEEP");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST");
  }
}

type Handler<P> = (req: Request, params: P) => Promise<Response>;

/** Wraps a route handler: CSRF check on writes, one error format, no stack traces to clients. */
export function apiRoute<P = Record<string, never>>(fn: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      assertSameOrigin(req, appOrigin(req));
      return await fn(req, await ctx.params);
    } catch (e) {
      return errorResponse(e, requestLocale(req.headers));
    }
  };
}
