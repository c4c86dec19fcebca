import cluster from "node:cluster";
import http from "node:http";
import next from "next";
import { admissionFromEnv, answerOverloaded, withAdmission } from "../lib/http/admission";
import { poolSize } from "../lib/db/client";
import { answerForeignServerAction, isForeignServerAction } from "../lib/http/server-actions";

/**
 * Serves the Next.js app from this process (so `npm start` is one process that also owns the embedded
 * database, or with WEB_CONCURRENCY > 1 a cluster worker). Sets x-portal-client-ip from the socket —
 * or, with TRUST_PROXY=1, from the first X-Forwarded-For entry — overwriting any value a client sent,
 * for rate limits and the audit log. Admission control (lib/http/admission.ts) answers 503 with
 * Retry-After instead of letting requests queue without bound.
 */
export async function startNextServer(opts: { port: number; hostname: string; dev: boolean }) {
  const app = next({ dev: opts.dev, dir: process.cwd(), hostname: opts.hostname, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = process.env.TRUST_PROXY === "1";
  const admission = admissionFromEnv(poolSize());
  const serve = withAdmission(admission, handle, answerOverloaded);
  const server = http.createServer((req, res) => {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim();
    req.headers["x-portal-client-ip"] = (trustProxy && forwarded) || req.socket.remoteAddress || "";
    // Issue 11 item 11: Next.js answers a cross-site server action with a 500; refuse it first.
    if (isForeignServerAction(req)) return answerForeignServerAction(req, res);
    serve(req, res);
  });
  // Keep-alive longer than a load balancer's idle timeout, so it never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
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
