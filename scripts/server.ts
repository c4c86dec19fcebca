import http from "node:http";
import next from "next";

/**
 * Serves the Next.js app from this process (so `npm start` is one process that also owns the embedded
 * database). Sets x-portal-client-ip from the socket — or, with TRUST_PROXY=1, from the first
 * X-Forwarded-For entry — overwriting any value a client sent, for rate limits and the audit log.
 */
export async function startNextServer(opts: { port: number; hostname: string; dev: boolean }) {
  const app = next({ dev: opts.dev, dir: process.cwd(), hostname: opts.hostname, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trustProxy = process.env.TRUST_PROXY === "1";
  const server = http.createServer((req, res) => {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim();
    req.headers["x-portal-client-ip"] = (trustProxy && forwarded) || req.socket.remoteAddress || "";
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.hostname, () => resolve());
  });
  return {
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
