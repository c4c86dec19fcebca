// Fault script (issue 6): stop PostgreSQL in the middle of a submission rush, keep it down a few
// seconds, start it again — the portal keeps running throughout and must recover by itself.
//
//   flock /tmp/portal-tests.lock npx tsx tests/load/pg-restart.ts
//
// A PostgreSQL server of its own (embedded, data in .data/fault-pg, port FAULT_PG_PORT = 54340; the
// shared test server is never touched), a database with every migration, FAULT_APPLICANTS (300)
// virtual applicants, the production portal on FAULT_PORT (3400). First attempts are spread over 8 s;
// each client retries 503s (after Retry-After) and network errors with its own Idempotency-Key for
// up to 60 s. When a third of the receipts are in, PostgreSQL gets a fast shutdown (SIGINT: open
// sessions are terminated, in-flight transactions roll back) — or with FAULT_PG_STOP=immediate a
// SIGQUIT, like a crash, so the restart replays the WAL — stays down FAULT_PG_DOWN_MS (5 s) and
// is started again on the same data. Exit code 0 when every check holds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPortal, type Portal } from "../../bench/support/portal";
import { seedWorld } from "../../bench/support/world";
import type { Attempt } from "../../bench/rush";
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { checkIntegrity, Checks, logTrouble, onInterrupt, poll, pollHealth, reportIntegrity, runClients, secs, statusCounts, type PollSample } from "./support/faults";
import { freePort } from "../../lib/platform/free-port";

const N = Number(process.env.FAULT_APPLICANTS ?? 300);
const PORT = await freePort(Number(process.env.FAULT_PORT ?? 3400));
let pgPort = Number(process.env.FAULT_PG_PORT ?? 54340); // the first start may move it off a taken port; restarts keep it
const DOWN_MS = Number(process.env.FAULT_PG_DOWN_MS ?? 5_000);
const SPREAD_MS = 8_000;
const BURST = 30; // clients arriving at once: the stop comes while a burst is in flight
const PATIENCE_MS = 60_000;
const DATA_DIR = path.resolve(".data/fault-pg");
const DB = "fault_pg_restart";
/** fast: a clean shutdown (pg_ctl -m fast). immediate: SIGQUIT to the postmaster, no checkpoint, so the
 * restart replays the WAL — what a crash or a killed container leaves behind. */
const STOP_MODE = process.env.FAULT_PG_STOP === "immediate" ? "immediate" : "fast";

const checks = new Checks();
const pgLog = path.join(os.tmpdir(), "fault-pg-restart-postgres.log");
const logFile = path.join(os.tmpdir(), "fault-pg-restart-portal.log");
fs.writeFileSync(pgLog, "");
fs.writeFileSync(logFile, "");
const startPg = async (restart = false) => {
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: pgPort, exactPort: restart, log: (l) => fs.appendFileSync(pgLog, `${l}\n`) });
  pgPort = server.port;
  return server;
};
let embedded: EmbeddedServer | undefined;
let portal: Portal | undefined;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-pg-uploads-"));
let code = 1;
const cleanup = async () => {
  await portal?.kill();
  await embedded?.stop().catch(() => {});
  fs.rmSync(uploadDir, { recursive: true, force: true });
};
onInterrupt(cleanup);

/** Immediate shutdown: the postmaster gets SIGQUIT, its backends quit at once, nothing is checkpointed. */
async function stopImmediately() {
  const pidFile = path.join(DATA_DIR, "postmaster.pid");
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  process.kill(pid, "SIGQUIT");
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return; // gone
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`postmaster ${pid} did not exit after SIGQUIT`);
}

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

try {
  let t = Date.now();
  embedded = await startPg();
  await query(embedded.adminUrl, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await query(embedded.adminUrl, `CREATE DATABASE ${DB}`);
  const url = withDatabase(embedded.adminUrl, DB);
  await applyMigrations(url);
  const world = await seedWorld(url, { applicants: N, closesAt: new Date(Date.now() + 3 * 3600_000), uploadDir });
  console.log(`pg-restart: own PostgreSQL on :${pgPort} (${path.relative(process.cwd(), DATA_DIR)}), database migrated and ${N} applicants seeded in ${secs(Date.now() - t)}`);
  t = Date.now();
  portal = await startPortal({ databaseUrl: url, port: PORT, workers: 1, uploadDir, logFile });
  const portalPid = portal.child.pid;
  console.log(`portal up in ${secs(Date.now() - t)} (pid ${portalPid}, log ${logFile}); clients start, first attempts in bursts of ${BURST} over ${secs(SPREAD_MS)}, each patient for ${secs(PATIENCE_MS)}`);

  const health = pollHealth(portal.baseUrl, 100);
  // Two reads that go through Prisma (not the submit's plain SQL): public calls, and a proposal with a token.
  const probe = world.applicants[0]!;
  const reads = {
    "GET /api/v1/calls": poll(`${portal.baseUrl}/api/v1/calls`, { intervalMs: 250 }),
    "GET /api/v1/proposals/{id}": poll(`${portal.baseUrl}/api/v1/proposals/${probe.proposalId}`, { intervalMs: 250, headers: { authorization: `Bearer ${probe.token}` } }),
  };
  let receipts = 0;
  let stopAt = 0;
  let stoppedAt = 0;
  let upAt = 0;
  let receiptsAtStop = 0;
  let before: string[] = [];
  let afterRestart: string[] = [];
  let fault: Promise<void> | undefined;
  // Connected beforehand, so the snapshot just before the stop takes milliseconds, not a new connection's.
  const watcher = new pg.Client({ connectionString: url });
  watcher.on("error", () => {}); // the stop ends it
  await watcher.connect();
  const outage = async () => {
    receiptsAtStop = receipts;
    before = (await watcher.query<{ receipt_no: string }>("SELECT receipt_no FROM proposal_versions")).rows.map((r) => r.receipt_no);
    stopAt = Date.now();
    if (STOP_MODE === "immediate") await stopImmediately();
    else await embedded!.stop();
    await watcher.end().catch(() => {});
    stoppedAt = Date.now();
    console.log(`PostgreSQL stopped (${STOP_MODE} shutdown) at ${receiptsAtStop} receipts (${inFlightAtStop} requests in flight), ${before.length} versions committed just before; it took ${stoppedAt - stopAt} ms; down for ${secs(DOWN_MS)}…`);
    await new Promise((r) => setTimeout(r, DOWN_MS - (Date.now() - stopAt)));
    embedded = await startPg(true);
    upAt = Date.now();
    afterRestart = (await query<{ receipt_no: string }>(url, "SELECT receipt_no FROM proposal_versions")).map((r) => r.receipt_no);
    console.log(`PostgreSQL accepting connections again ${secs(upAt - stopAt)} after the stop (${afterRestart.length} versions present)`);
  };
  let inFlightAtStop = 0;
  // A third of the receipts in, at a moment when requests are in flight (or at half, whatever the moment).
  const onAttempt = (a: Attempt, inFlight: number) => {
    if (a.status !== 201) return;
    receipts++;
    if (!fault && ((receipts >= N / 3 && inFlight >= 8) || receipts >= N / 2)) {
      inFlightAtStop = inFlight;
      fault = outage();
    }
  };
  t = Date.now();
  const outcomes = await runClients({ baseUrl: portal.baseUrl, applicants: world.applicants, spreadMs: SPREAD_MS, patienceMs: PATIENCE_MS, burst: BURST, keyPrefix: "pgr", onAttempt });
  await fault;
  const clientsMs = Date.now() - t;
  // Health until it is back (it normally is long before the clients finish), then a little more.
  for (let i = 0; i < 200 && !health.samples.some((s) => s.at > upAt && s.status === 200); i++) await new Promise((r) => setTimeout(r, 100));
  await health.stop();
  for (const r of Object.values(reads)) await r.stop();

  console.log(`\nchecks (clients done in ${secs(clientsMs)}):`);
  checks.check("PostgreSQL was stopped mid-run and started again", stopAt > 0 && upAt > stopAt, stopAt ? `stopped at ${receiptsAtStop} of ${N} receipts with ${inFlightAtStop} requests in flight, down ${secs(upAt - stopAt)}` : "never stopped");

  const s = health.samples;
  const firstBad = s.find((x) => x.at >= stopAt && x.status !== 200);
  // While PostgreSQL was not running at all (from its exit to its restart); during the shutdown itself health may still say 200.
  const whileDown = s.filter((x) => x.at >= stoppedAt && x.at + x.ms < upAt);
  const downStatuses = Object.fromEntries([...new Set(whileDown.map((x) => x.status))].map((k) => [k, whileDown.filter((x) => x.status === k).length]));
  checks.check(
    "/api/v1/health answers 503 while PostgreSQL is down",
    !!firstBad && firstBad.status === 503 && whileDown.length > 0 && whileDown.every((x) => x.status === 503),
    firstBad
      ? `first unhealthy answer (${firstBad.status}) ${secs(firstBad.at + firstBad.ms - stopAt)} after the stop began (the ${STOP_MODE} shutdown took ${secs(stoppedAt - stopAt)}); answers while it was not running ${JSON.stringify(downStatuses)}; slowest health answer ${Math.max(...s.map((x) => x.ms))} ms`
      : "health never reported unhealthy",
  );
  const back = s.find((x) => x.at >= upAt && x.status === 200);
  const alive = portal.child.exitCode === null && portal.child.signalCode === null && portal.child.pid === portalPid;
  const restarts = (fs.readFileSync(logFile, "utf8").match(/web worker .* exited|\[portal\] ready/g) ?? []).length - 1;
  checks.check(
    "health returns to 200 without restarting the portal",
    !!back && alive && restarts === 0,
    back ? `200 again ${secs(back.at + back.ms - upAt)} after PostgreSQL accepted connections (${secs(back.at + back.ms - stopAt)} after the stop); same portal process ${portalPid} ${alive ? "still running" : "GONE"}, ${restarts} restarts in its log` : `health never came back (portal ${alive ? "running" : "GONE"})`,
  );

  const attempts = outcomes.flatMap((o) => o.attempts);
  const endOf = (a: Attempt) => a.sentAt + a.ms;
  const down = attempts.filter((a) => endOf(a) > stopAt && a.sentAt < upAt && a.status !== 201);
  const downOk = down.filter((a) => a.status === 503 && a.code === "UNAVAILABLE" && a.retryAfter !== null);
  checks.check(
    "submissions answered while PostgreSQL is down are 503 UNAVAILABLE with Retry-After",
    down.length > 0 && downOk.length === down.length,
    `${downOk.length} of ${down.length} ${statusCounts(down)}; Retry-After ${[...new Set(down.map((a) => a.retryAfter))].join(", ")}; slowest ${Math.round(Math.max(0, ...down.map((a) => a.ms)))} ms`,
  );
  const bad = attempts.filter((a) => !(a.status === 201 || (a.status === 503 && a.retryAfter !== null)));
  checks.check("over the whole run no 500, no dropped connection, no 503 without Retry-After", bad.length === 0, `${bad.length} ${bad.length ? statusCounts(bad) : ""}; all requests ${attempts.length} ${statusCounts(attempts)}`);
  const firstAfter = attempts.filter((a) => a.sentAt >= upAt && a.status === 201).map(endOf).sort((a, b) => a - b)[0];
  const replayed = attempts.filter((a) => a.status === 201 && a.replayed);
  checks.info("first receipt after PostgreSQL came back", firstAfter ? `${secs(firstAfter - upAt)} after it accepted connections` : "none");
  checks.info("receipts replayed for a retried key", `${replayed.length} (a commit whose answer was lost to the outage, answered again from the database)`);

  for (const [name, r] of Object.entries(reads)) {
    const inOutage = r.samples.filter((x) => x.at + x.ms > stopAt && x.at < upAt && x.status !== 200);
    const readBack = r.samples.find((x) => x.at >= upAt && x.status === 200);
    const ok = (x: PollSample) => x.status === 503 && x.retryAfter !== null;
    checks.check(
      `${name} answers 503 with Retry-After while down and 200 again after`,
      inOutage.length > 0 && inOutage.every(ok) && !!readBack && r.samples.every((x) => x.status === 200 || ok(x)),
      `while down ${JSON.stringify(Object.fromEntries([...new Set(inOutage.map((x) => x.status))].map((k) => [k, inOutage.filter((x) => x.status === k).length])))}, whole run ${JSON.stringify(Object.fromEntries([...new Set(r.samples.map((x) => x.status))].map((k) => [k, r.samples.filter((x) => x.status === k).length])))}; 200 again ${readBack ? secs(readBack.at + readBack.ms - upAt) : "never"} after PostgreSQL accepted connections`,
    );
  }
  const trouble = logTrouble(logFile);
  checks.info("transactions PostgreSQL terminated at the stop", `${trouble.terminatedTransactions} (answered 503; their clients retried with the same key)`);
  checks.check("no uncaught exception or unhandled rejection in the portal's log", trouble.uncaught.length === 0, `${trouble.uncaught.length}${trouble.uncaught.length ? `: ${[...new Set(trouble.uncaught)].slice(0, 3).join(" | ")}` : ""}`);

  const afterSet = new Set(afterRestart);
  const lost = before.filter((r) => !afterSet.has(r));
  checks.check(
    "nothing committed was lost",
    lost.length === 0 && afterRestart.length >= before.length,
    `${before.length} versions just before the stop, ${afterRestart.length} right after the restart; ${lost.length} of the earlier ones missing`,
  );

  reportIntegrity(checks, await checkIntegrity(url, world.callId, outcomes), outcomes);
  code = 0;
} catch (e) {
  console.error(e);
  console.log(`pg-restart: aborted`);
  code = 1;
} finally {
  await cleanup();
}
// Wall time from the process's start (module loading included) to the end of the cleanup.
const wall = Date.now() - performance.timeOrigin;
process.exit(code ? (checks.summary("pg-restart", wall), 1) : checks.summary("pg-restart", wall));
