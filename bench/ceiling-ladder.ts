// The ceiling ladder (issue 6): the same submit measured at four depths on this machine, in one run.
//   L0 the submit's writes straight against PostgreSQL (pgbench, C client; submit-writes.sql)
//   L1 a bare node:http server doing those writes (ladder/l1-server.ts)
//   L2 a bare Next.js route handler doing them (app/api/bench/submit/route.bench.ts, only in the bench build)
//   L3 the portal's real submit: token, authorization, cutoff under the lock, readiness, validation,
//      the version document and its hash, the audit row, the receipt mail in the outbox
// Each layer runs `seconds` at `connections` clients after a short warm-up, on its own proposals.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Applicant } from "./support/world";
import { runWrk, type LoadFigures } from "./support/wrk";

export interface LayerFigures extends LoadFigures {
  layer: string;
  what: string;
}

/** L0 with pgbench: per-transaction latencies from its log give the percentiles. */
export async function benchL0(url: string, serials: number[], connections: number, seconds: number): Promise<LayerFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgbench-"));
  const lo = Math.min(...serials), hi = Math.max(...serials);
  const sql = fs.readFileSync("bench/ladder/submit-writes.sql", "utf8").replace(/^BEGIN;/m, `\\set sid random(${lo}, ${hi})\nBEGIN;`);
  fs.writeFileSync(path.join(dir, "submit.sql"), sql);
  const threads = Math.min(2, connections);
  const u = new URL(url);
  const args = ["-n", "-M", "prepared", "-c", String(connections), "-j", String(threads), "-T", String(seconds), "-f", path.join(dir, "submit.sql"), "-l", "--log-prefix", path.join(dir, "log"),
    "-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username), u.pathname.slice(1)];
  const out = await new Promise<string>((resolve, reject) =>
    execFile("pgbench", args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) =>
      err ? reject(new Error((err as NodeJS.ErrnoException).code === "ENOENT" ? "pgbench not found (Debian package postgresql-client)" : `pgbench failed: ${stderr}`)) : resolve(stdout + stderr),
    ),
  );
  const latUs: number[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.startsWith("log"))) {
    for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
      const cols = line.split(" ");
      if (cols.length > 2) latUs.push(Number(cols[2]));
    }
  }
  latUs.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latUs[Math.min(latUs.length - 1, Math.floor((p / 100) * latUs.length))]! / 10) / 100;
  const failed = Number(out.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
  const tps = Number(out.match(/tps = ([\d.]+)/)?.[1] ?? 0);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    layer: "L0",
    what: `the submit's writes straight against PostgreSQL (pgbench, ${connections} connections)`,
    tool: "pgbench",
    connections,
    seconds,
    requests: latUs.length + failed,
    perSecond: tps,
    ok: latUs.length,
    okPerSecond: tps,
    statuses: {},
    retryAfterOn503: 0,
    errors: { connect: 0, read: 0, write: 0, timeout: failed },
    latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100), mean: Math.round(latUs.reduce((a, b) => a + b, 0) / latUs.length / 10) / 100 },
  };
}

/** L1: starts ladder/l1-server.ts, loads it with wrk, stops it. */
export async function benchL1(url: string, serials: number[], opts: { port: number; connections: number; seconds: number; poolSize: number }): Promise<LayerFigures> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/ladder/l1-server.ts"], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(opts.port), DATABASE_POOL_SIZE: String(opts.poolSize) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("L1 ready") && resolve()));
  try {
    const requests = serials.map((s) => ({ method: "POST", path: `/submit?sid=${s}` }));
    await runWrk({ baseUrl: `http://127.0.0.1:${opts.port}`, requests, connections: opts.connections, seconds: 2 });
    const f = await runWrk({ baseUrl: `http://127.0.0.1:${opts.port}`, requests, connections: opts.connections, seconds: opts.seconds });
    return { layer: "L1", what: "a bare node:http server doing the same writes (one process)", ...f };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

/** L2: the bare Next.js route in the running portal. */
export async function benchL2(baseUrl: string, serials: number[], opts: { connections: number; seconds: number; processes: number }): Promise<LayerFigures> {
  const requests = serials.map((s) => ({ method: "POST", path: `/api/bench/submit?sid=${s}` }));
  await runWrk({ baseUrl, requests, connections: opts.connections, seconds: 2 });
  const f = await runWrk({ baseUrl, requests, connections: opts.connections, seconds: opts.seconds });
  return { layer: "L2", what: `a bare Next.js route handler doing the same writes (${opts.processes} process${opts.processes > 1 ? "es" : ""})`, ...f };
}

/** For reference: a Next.js route that does nothing but answer (GET /api/v1/time, no database). */
export async function benchNextFloor(baseUrl: string, opts: { connections: number; seconds: number; processes: number }): Promise<LayerFigures> {
  const requests = [{ method: "GET", path: "/api/v1/time" }];
  await runWrk({ baseUrl, requests, connections: opts.connections, seconds: 2 });
  const f = await runWrk({ baseUrl, requests, connections: opts.connections, seconds: opts.seconds });
  return { layer: "N", what: `an empty Next.js route, no database (${opts.processes} process${opts.processes > 1 ? "es" : ""})`, ...f };
}

/** L3: the real submit, each applicant's own token on its own proposal (a new version each time). */
export async function benchL3(baseUrl: string, applicants: Applicant[], opts: { connections: number; seconds: number; processes: number }): Promise<LayerFigures> {
  const requests = applicants.map((a) => ({
    method: "POST",
    path: `/api/v1/proposals/${a.proposalId}/submit`,
    headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
    body: "{}",
  }));
  await runWrk({ baseUrl, requests, connections: opts.connections, seconds: 2 });
  const f = await runWrk({ baseUrl, requests, connections: opts.connections, seconds: opts.seconds, collectReceipts: true });
  return { layer: "L3", what: `the portal's real submit (${opts.processes} process${opts.processes > 1 ? "es" : ""})`, ...f };
}
