import type { IncomingMessage, ServerResponse } from "node:http";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { errorMessage } from "@/lib/i18n";
import { bypassesAdmission } from "./admission";

// The server layer's first look at a request (issue 11), before admission and before Next.js:
// - methods the portal does not serve answer 405 (Next.js throws on TRACE and answers 500);
// - one client address may have only `maxPerClient` requests open at once;
// - every body is counted as it arrives and cut off past its path's limit, whether declared or chunked;
// - a body must keep arriving (idle timeout) and be complete by a deadline;
// - small bodies are read whole before the request may take an admission slot, so a trickling body
//   holds a socket and at most its limit in memory, never a slot (decision 011);
// - an upload must also average a minimum rate after a grace period (one byte every 9 s beats the idle timeout);
// - an answer that makes no write progress (a client that never reads) has its socket destroyed, so it
//   gives its admission slot back;
// - a body still arriving after the answer (an early 401/413) stays counted and is cut after the linger.

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOW = ALLOWED_METHODS.join(", ");
const allowed = new Set<string>(ALLOWED_METHODS);

export interface BodyRule {
  maxBytes: number;
  /** false: read whole before admission (small bodies); true: handed on as it streams (uploads). */
  stream: boolean;
}

export interface IntakeOptions {
  bodyRule: (req: IncomingMessage) => BodyRule;
  /** A body that sends nothing for this long is cut off (408). */
  idleMs: number;
  /** A body not complete this long after its headers is cut off (408): small bodies, and streamed ones. */
  deadlineMs: number;
  streamDeadlineMs: number;
  maxPerClient: number;
  /** After refusing a body still arriving, how long to keep reading (and dropping) it so the answer is not lost to a reset. */
  lingerMs?: number;
  /** An answer whose socket accepts nothing for this long is cut off (0: never). */
  responseStallMs?: number;
  /** After `minRateGraceMs`, a body must have averaged this many bytes a second (0: no rule). */
  minBodyBytesPerS?: number;
  minRateGraceMs?: number;
}

export interface IntakeStats {
  /** Requests whose body is still arriving (read before admission). */
  receiving: number;
  clients: number;
  /** Answers cut off because the client stopped reading them. */
  stalled: number;
  refused: Partial<Record<"METHOD_NOT_ALLOWED" | "RATE_LIMITED" | "PAYLOAD_TOO_LARGE" | "REQUEST_TIMEOUT", number>>;
}

/** The portal's JSON error answer, written outside Next.js; closes the connection. */
export function answerError(req: IncomingMessage, res: ServerResponse, code: ErrorCode, headers: Record<string, string> = {}) {
  const locale = /^en\b/i.test(String(req.headers["accept-language"] ?? "")) ? "en" : "ko";
  const body = JSON.stringify({ error: { code, message: errorMessage(code, locale) } });
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(ERROR_STATUS[code], {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    connection: "close",
    ...headers,
  });
  res.end(body);
}

const hasBody = (req: IncomingMessage) => req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

export function withIntake(o: IntakeOptions, next: (req: IncomingMessage, res: ServerResponse) => void) {
  const perClient = new Map<string, number>();
  const stats: IntakeStats = { receiving: 0, clients: 0, stalled: 0, refused: {} };
  const linger = o.lingerMs ?? 2_000;
  const stallMs = o.responseStallMs ?? 0;
  const minRate = o.minBodyBytesPerS ?? 0;
  const grace = o.minRateGraceMs ?? 30_000;

  // Answers in progress, watched for write progress by one timer. A socket makes progress when its
  // buffer is below the high-water mark or it drained since the last look; otherwise the client is
  // not reading, and after stallMs the socket is destroyed ('close' then frees the admission slot).
  const watched = new Map<ServerResponse, { since: number; drained: boolean; socket?: ServerResponse["socket"]; onDrain: () => void }>();
  let watcher: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    for (const [r, x] of watched) {
      const sock = r.socket;
      // A pipelined answer gets its socket when the one before it is done.
      if (sock && sock !== x.socket) {
        x.socket?.off("drain", x.onDrain);
        sock.on("drain", x.onDrain);
        x.socket = sock;
        x.since = now;
      }
      if (!sock || !sock.writableNeedDrain || x.drained) {
        x.since = now;
        x.drained = false;
      } else if (now - x.since >= stallMs) {
        stats.stalled++;
        x.socket?.off("drain", x.onDrain);
        watched.delete(r);
        sock.destroy();
      }
    }
    if (watched.size === 0 && watcher) (clearInterval(watcher), (watcher = undefined));
  };
  const watch = (res: ServerResponse) => {
    if (!stallMs) return;
    const w = { since: performance.now(), drained: false, socket: undefined as ServerResponse["socket"] | undefined, onDrain: () => (w.drained = true) };
    watched.set(res, w);
    res.once("close", () => {
      w.socket?.off("drain", w.onDrain);
      watched.delete(res);
    });
    if (!watcher) {
      watcher = setInterval(tick, Math.max(10, Math.min(1_000, Math.floor(stallMs / 4))));
      watcher.unref();
    }
  };

  /** Answers `code`, drops whatever else of the body arrives, and closes the socket after the linger. */
  const refuse = (req: IncomingMessage, res: ServerResponse, code: keyof IntakeStats["refused"], headers?: Record<string, string>) => {
    stats.refused[code] = (stats.refused[code] ?? 0) + 1;
    if (!req.complete) {
      // Node would destroy the socket once the answer is written; unread body bytes would then make the
      // kernel send a reset that can wipe the answer from the client's buffer. Half-close instead,
      // keep reading (and dropping) for the linger, then destroy.
      const socket = req.socket as typeof req.socket & { destroySoon?: () => void };
      socket.destroySoon = () => socket.end();
    }
    answerError(req, res, code, headers);
    if (!req.complete) {
      req.resume();
      const t = setTimeout(() => req.socket.destroy(), linger);
      t.unref();
      req.socket.once("close", () => clearTimeout(t));
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!allowed.has(req.method ?? "")) return refuse(req, res, "METHOD_NOT_ALLOWED", { allow: ALLOW });

    watch(res);
    // Static assets hold no slot and the stall rule bounds them; a page load fetches many at once.
    if (bypassesAdmission(req.url) && !hasBody(req)) return next(req, res);

    const client = String(req.headers["x-portal-client-ip"] ?? "");
    const open = (perClient.get(client) ?? 0) + 1;
    perClient.set(client, open);
    stats.clients = perClient.size;
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      const left = (perClient.get(client) ?? 1) - 1;
      if (left > 0) perClient.set(client, left);
      else perClient.delete(client);
      stats.clients = perClient.size;
    };
    res.once("close", () => {
      if (req.complete || req.socket.destroyed) return uncount();
      // Answered while the body still arrives (an early 401/404/413): Node would read and drop the rest
      // until requestTimeout. Keep it counted, and close the socket after the linger.
      const socket = req.socket;
      const t = setTimeout(() => socket.destroy(), linger);
      t.unref();
      const done = () => {
        clearTimeout(t);
        socket.off("close", done);
        req.off("end", done);
        uncount();
      };
      socket.once("close", done);
      req.once("end", done);
    });
    if (open > o.maxPerClient) return refuse(req, res, "RATE_LIMITED", { "retry-after": "1" });

    if (!hasBody(req)) return next(req, res);
    const rule = o.bodyRule(req);
    if (Number(req.headers["content-length"] ?? 0) > rule.maxBytes) return refuse(req, res, "PAYLOAD_TOO_LARGE");

    // Node's HTTP parser hands each body chunk to req.push(): counting there sees every byte as it
    // arrives, before any reader (ours, Next.js's, busboy's) buffers it.
    let seen = 0;
    let settled = false;
    let receiving = !rule.stream;
    if (receiving) stats.receiving++;
    const stopReceiving = () => {
      if (receiving) stats.receiving--;
      receiving = false;
    };
    let rate: NodeJS.Timeout | undefined;
    const settle = () => {
      settled = true;
      clearTimeout(rate);
      clearTimeout(idle);
      clearTimeout(deadline);
      stopReceiving();
    };
    const cut = (code: "PAYLOAD_TOO_LARGE" | "REQUEST_TIMEOUT") => {
      if (settled) return;
      settle();
      // A streamed body is already in Next.js's hands: it cannot be answered from here, only cut.
      if (rule.stream) {
        stats.refused[code] = (stats.refused[code] ?? 0) + 1;
        req.socket.destroy();
      } else refuse(req, res, code);
    };
    const idle = setTimeout(() => cut("REQUEST_TIMEOUT"), o.idleMs);
    const deadline = setTimeout(() => cut("REQUEST_TIMEOUT"), rule.stream ? o.streamDeadlineMs : o.deadlineMs);
    const started = performance.now();
    // Minimum throughput after the grace, for streamed bodies (uploads; a small body has its deadline):
    // checked once a second (or sooner in tests).
    if (minRate > 0 && rule.stream) {
      const check = () => {
        if (settled) return;
        const elapsed = (performance.now() - started) / 1000;
        if (seen < minRate * elapsed) return cut("REQUEST_TIMEOUT");
        rate = setTimeout(check, Math.min(1_000, grace));
        rate.unref();
      };
      rate = setTimeout(check, grace);
      rate.unref();
    }
    res.once("close", settle);

    let handedOn = false;
    const push = req.push.bind(req);
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (settled && !handedOn) return true; // refused: drop the rest
      if (chunk === null) {
        const r = push(null);
        if (!settled) {
          settle();
          if (!rule.stream) {
            handedOn = true;
            // Not from inside the HTTP parser's callback.
            process.nextTick(next, req, res);
          }
        }
        return r;
      }
      seen += (chunk as Buffer).length;
      if (seen > rule.maxBytes) {
        cut("PAYLOAD_TOO_LARGE");
        return true;
      }
      idle.refresh();
      const r = push(chunk, encoding);
      // A small body keeps being read even if nobody reads it yet (it is bounded by maxBytes).
      return rule.stream ? r : true;
    };
    if (rule.stream) {
      handedOn = true;
      next(req, res);
    }
  };
  return Object.assign(handler, { stats: () => ({ ...stats, refused: { ...stats.refused } }) });
}
