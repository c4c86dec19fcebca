import cluster from "node:cluster";
import http from "node:http";
import next from "next";
import { errorMessage } from "../lib/i18n";
import { admissionFromEnv, answerOverloaded, envInt, publishLineReport, uploadAdmissionFromEnv, withAdmission } from "../lib/http/admission";
import { ALLOWED_METHODS, withIntake, type BodyRule } from "../lib/http/intake";
import { jsonBodyLimit } from "../lib/http/json-limits";
import { ATTACHMENT_RULES } from "../lib/proposals/attachment-rules";
import { CALL_DOCUMENT_MAX_BYTES } from "../lib/calls/document-rules";
import { ENVELOPE_BYTES } from "../lib/storage/multipart";
import { poolSize } from "../lib/db/client";
import { clientAddress, trustedProxyHops } from "../lib/http/ip";
import { answerForeignServerAction, isForeignServerAction } from "../lib/http/server-actions";

const KiB = 1024;
const UPLOAD_PATH = /^\/api\/v1\/proposals\/[^/]+\/attachments\/?(\?|$)/;
/** An admin's 공고문/서식 upload (app/api/v1/admin/calls/[id]/documents): streamed like attachments. */
const CALL_DOCUMENT_UPLOAD_PATH = /^\/api\/v1\/admin\/calls\/[^/]+\/documents\/?(\?|$)/;
const isUpload = (method: string | undefined, url: string) => method === "POST" && (UPLOAD_PATH.test(url) || CALL_DOCUMENT_UPLOAD_PATH.test(url));
const largestAttachment = Math.max(...Object.values(ATTACHMENT_RULES).map((r) => r.maxBytes));

/**
 * How many body bytes a request may carry (issue 11 item 1). Uploads stream, up to their kind's limit plus
 * the multipart envelope and a margin (the route's own count refuses first, with 413); next-auth's form
 * posts are small; everything else is a JSON route or a server action, read whole (the limit readJson uses:
 * 256 KiB, the draft's autosave 1 MiB).
 */
export function bodyRuleFor(method: string | undefined, url: string | undefined): BodyRule {
  const u = url ?? "/";
  if (method === "POST" && UPLOAD_PATH.test(u)) {
    const kind = new URL(u, "http://x").searchParams.get("kind") ?? "";
    const max = (ATTACHMENT_RULES as Record<string, { maxBytes: number }>)[kind]?.maxBytes ?? largestAttachment;
    return { maxBytes: max + ENVELOPE_BYTES + 64 * KiB, stream: true };
  }
  if (method === "POST" && CALL_DOCUMENT_UPLOAD_PATH.test(u)) return { maxBytes: CALL_DOCUMENT_MAX_BYTES + ENVELOPE_BYTES + 64 * KiB, stream: true };
  if (u.startsWith("/api/auth/")) return { maxBytes: 16 * KiB, stream: false };
  return { maxBytes: jsonBodyLimit(method, u), stream: false };
}

/** A 405 written straight to the socket: CONNECT never reaches the request handler. */
function refuseConnect(socket: import("node:stream").Duplex) {
  const body = JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: errorMessage("METHOD_NOT_ALLOWED", "ko") } });
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nAllow: ${ALLOWED_METHODS.join(", ")}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves the Next.js app from this process (so `npm start` is one process that also owns the embedded
 * database, or with WEB_CONCURRENCY > 1 a cluster worker). Sets x-portal-client-ip from the socket —
 * or, with TRUST_PROXY=N, from the X-Forwarded-For entry our N proxies wrote (lib/http/ip.ts) — overwriting any value a client sent,
 * for rate limits and the audit log. Admission control (lib/http/admission.ts) answers 503 with
 * Retry-After instead of letting requests queue without bound.
 */
export async function startNextServer(opts: { port: number; hostname: string; dev: boolean }) {
  const app = next({ dev: opts.dev, dir: process.cwd(), hostname: opts.hostname, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const hops = trustedProxyHops();
  const admission = admissionFromEnv(poolSize());
  // Uploads have a line of their own: a slow 50 MB upload must not hold a slot a submit needs.
  const uploads = uploadAdmissionFromEnv(poolSize(), admission);
  const serveApp = withAdmission(admission, handle, answerOverloaded);
  const serveUpload = withAdmission(uploads, handle, answerOverloaded);
  const intake = withIntake(
    {
      bodyRule: (req) => bodyRuleFor(req.method, req.url),
      idleMs: envInt("BODY_IDLE_TIMEOUT_MS", 10_000),
      deadlineMs: envInt("BODY_DEADLINE_MS", 30_000),
      streamDeadlineMs: envInt("UPLOAD_DEADLINE_MS", 600_000),
      maxPerClient: envInt("ADMISSION_MAX_PER_CLIENT", 32),
      // Issue 11 review: a client that stops reading its answer, or sends one byte every 9 s, holds nothing for long.
      responseStallMs: envInt("RESPONSE_STALL_MS", 30_000),
      minBodyBytesPerS: envInt("BODY_MIN_BYTES_PER_S", 4_096),
      minRateGraceMs: envInt("BODY_MIN_RATE_GRACE_MS", 30_000),
    },
    (req, res) => (isUpload(req.method, req.url ?? "") ? serveUpload : serveApp)(req, res),
  );
  publishLineReport(() => {
    const a = admission.stats();
    const u = uploads.stats();
    const i = intake.stats();
    return { ...a, uploads: { inFlight: u.inFlight, queued: u.queued, maxInFlight: u.maxInFlight, shed: u.shed }, receiving: i.receiving, stalled: i.stalled, refused: i.refused };
  });
  const server = http.createServer((req, res) => {
    const xff = req.headers["x-forwarded-for"];
    req.headers["x-portal-client-ip"] = clientAddress(Array.isArray(xff) ? xff.join(",") : xff, req.socket.remoteAddress, hops);
    // Issue 11 item 11: Next.js answers a cross-site server action with a 500; refuse it first.
    if (isForeignServerAction(req)) return answerForeignServerAction(req, res);
    intake(req, res);
  });
  server.on("connect", (_req, socket) => refuseConnect(socket));
  // Keep-alive longer than a load balancer's idle timeout, so it never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  // Node's own limits stay as backstops behind the intake's: slow headers, and a whole request.
  server.headersTimeout = 20_000;
  server.requestTimeout = envInt("UPLOAD_DEADLINE_MS", 600_000) + 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.hostname, () => resolve());
  });
  return {
    server,
    admission,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** WEB_CONCURRENCY (default 1): how many processes serve HTTP. Node's cluster shares one port among them. */
export function webConcurrency(): number {
  const n = Number(process.env.WEB_CONCURRENCY ?? 1);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 1;
}

/** In the primary: forks the HTTP workers and restarts one that dies. Resolves when all are listening. */
export async function startWorkers(count: number, log: (line: string) => void) {
  let stopping = false;
  const listening = new Promise<void>((resolve) => {
    let ready = 0;
    cluster.on("listening", () => {
      if (++ready === count) resolve();
    });
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log(`web worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  await listening;
  return {
    close: async () => {
      stopping = true;
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (w) => new Promise<void>((resolve) => {
            if (!w || w.isDead()) return resolve();
            w.once("exit", () => resolve());
            w.process.kill("SIGTERM");
          }),
        ),
      );
    },
  };
}

/** A cluster worker: serves until SIGTERM, then finishes its requests and closes its pool. */
export async function runWorker(opts: { port: number; hostname: string }) {
  const web = await startNextServer({ ...opts, dev: false });
  process.on("SIGINT", () => {}); // Ctrl-C reaches the whole group; the primary stops workers with SIGTERM.
  process.on("SIGTERM", () => {
    void web.close().then(async () => {
      const { closeDb } = await import("../lib/db/client");
      await closeDb().catch(() => {});
      process.exit(0);
    });
  });
}
