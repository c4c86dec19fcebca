// Fault script (issue 6): SIGKILL the portal in the middle of a submission rush, restart it, and
// check that nothing a client was told is lost or half-written.
//
//   flock /tmp/portal-tests.lock npx tsx tests/load/kill-app.ts
//
// A fresh database on the test PostgreSQL (.data/test-pg, port 54330), FAULT_APPLICANTS (300)
// virtual applicants with a ready draft, the production portal on FAULT_PORT (3400). The clients'
// first attempts are spread over 6 s; each has its own Idempotency-Key and retries network errors
// and 503s with it for up to 60 s. When a third of the receipts are in, the portal's whole process
// group gets SIGKILL (no shutdown code runs); it is restarted on the same database and port and the
// clients finish. Exit code 0 when every check holds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startPortal, type Portal } from "../../bench/support/portal";
import { seedWorld } from "../../bench/support/world";
import type { Attempt } from "../../bench/rush";
import { createTemplate, createTestDatabase, dropTestDatabase, ensureTestServer } from "../support/pg";
import { checkIntegrity, Checks, logTrouble, onInterrupt, pollHealth, reportIntegrity, runClients, secs, statusCounts } from "./support/faults";
import { freePort } from "../../lib/platform/free-port";

const N = Number(process.env.FAULT_APPLICANTS ?? 300);
const PORT = await freePort(Number(process.env.FAULT_PORT ?? 3400));
const SPREAD_MS = 6_000;
const BURST = 30; // clients arriving at once: the kill comes while a burst is in flight
const PATIENCE_MS = 60_000;

const checks = new Checks();
const server = await ensureTestServer();
let url: string | undefined;
let portal: Portal | undefined;
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-kill-uploads-"));
const logFile = path.join(os.tmpdir(), "fault-kill-app-portal.log");
fs.writeFileSync(logFile, "");
let code = 1;
const cleanup = async () => {
  await portal?.kill();
  if (url) await dropTestDatabase(server.adminUrl, url).catch(() => {});
  fs.rmSync(uploadDir, { recursive: true, force: true });
  await server.embedded?.stop();
};
onInterrupt(cleanup);
try {
  await createTemplate(server.adminUrl);
  url = await createTestDatabase(server.adminUrl, "fault");
  const world = await seedWorld(url, { applicants: N, closesAt: new Date(Date.now() + 3 * 3600_000), uploadDir });
  console.log(`kill-app: ${N} applicants seeded on ${new URL(url).pathname.slice(1)}; starting the portal on :${PORT} (log ${logFile})…`);
  let t = Date.now();
  const start = () => startPortal({ databaseUrl: url!, port: PORT, workers: 1, uploadDir, logFile });
  portal = await start();
  console.log(`portal up in ${secs(Date.now() - t)} (pid ${portal.child.pid}); clients start, first attempts in bursts of ${BURST} over ${secs(SPREAD_MS)}, each patient for ${secs(PATIENCE_MS)}`);

  const health = pollHealth(portal.baseUrl, 100);
  let receipts = 0;
  let killAt = 0;
  let healthyAt = 0;
  let receiptsAtKill = 0;
  let restart: Promise<void> | undefined;
  const killAndRestart = async () => {
    receiptsAtKill = receipts;
    killAt = Date.now();
    await portal!.kill();
    const deadAt = Date.now();
    console.log(`SIGKILL sent to the portal's process group at ${receiptsAtKill} receipts, ${inFlightAtKill} requests in flight; it was gone ${deadAt - killAt} ms later; restarting…`);
    portal = await start();
    healthyAt = Date.now();
    console.log(`restarted: /api/v1/health = 200 ${secs(healthyAt - killAt)} after the kill (pid ${portal.child.pid})`);
  };
  let inFlightAtKill = 0;
  // A third of the receipts in, at a moment when requests are in flight (or at half, whatever the moment).
  const onAttempt = (a: Attempt, inFlight: number) => {
    if (a.status !== 201) return;
    receipts++;
    if (!restart && ((receipts >= N / 3 && inFlight >= 8) || receipts >= N / 2)) {
      inFlightAtKill = inFlight;
      restart = killAndRestart();
    }
  };
  t = Date.now();
  const outcomes = await runClients({ baseUrl: portal.baseUrl, applicants: world.applicants, spreadMs: SPREAD_MS, patienceMs: PATIENCE_MS, burst: BURST, keyPrefix: "kill", onAttempt });
  await restart;
  const clientsMs = Date.now() - t;
  await health.stop();

  console.log(`\nchecks (clients done in ${secs(clientsMs)}):`);
  const attempts = outcomes.flatMap((o) => o.attempts);
  checks.check("the portal was killed mid-run and came back", killAt > 0 && healthyAt > killAt, killAt ? `SIGKILL at ${receiptsAtKill} of ${N} receipts with ${inFlightAtKill} requests in flight` : "never killed (the run ended before a third of the receipts)");
  const endOf = (a: Attempt) => a.sentAt + a.ms;
  // Back = the first health answer 200 after the kill (polled every 100 ms), not startPortal's 300 ms poll.
  const back = health.samples.find((x) => x.at > killAt && x.status === 200);
  const backAt = back ? back.at + back.ms : healthyAt;
  const cut = attempts.filter((a) => a.sentAt < killAt && endOf(a) >= killAt && a.status === 0);
  const refused = attempts.filter((a) => a.sentAt >= killAt && a.sentAt < backAt && a.status !== 201);
  const firstAfter = attempts.filter((a) => a.sentAt >= killAt && a.status === 201).map(endOf).sort((a, b) => a - b)[0];
  const replayedAfter = attempts.filter((a) => a.sentAt >= killAt && a.status === 201 && a.replayed);
  checks.info("restart took", `${secs(backAt - killAt)} from SIGKILL to the first health 200 (first receipt after the kill ${firstAfter ? secs(firstAfter - killAt) : "never"} after it)`);
  checks.info(
    "requests failed during the restart",
    `${cut.length + refused.length}: ${cut.length} in flight cut by the kill, ${refused.length} sent while it was down ${statusCounts(refused)} (clients retry after 0.25, 0.5, 1, 2, 2 … s)`,
  );
  checks.info("receipts replayed after the restart", `${replayedAfter.length} (a commit whose answer the kill cut, answered again from the database for the same key)`);
  checks.info("requests in all", `${attempts.length} ${statusCounts(attempts)}`);
  const others = attempts.filter((a) => ![201, 503, 0].includes(a.status));
  checks.check("no answer other than 201, 503 or no answer (e.g. no 500)", others.length === 0, `${others.length} ${others.length ? statusCounts(others) : ""}`);

  const trouble = logTrouble(logFile);
  checks.check("no uncaught exception or unhandled rejection in the portal's log (both runs)", trouble.uncaught.length === 0, `${trouble.uncaught.length}${trouble.uncaught.length ? `: ${[...new Set(trouble.uncaught)].slice(0, 3).join(" | ")}` : ""}`);

  reportIntegrity(checks, await checkIntegrity(url, world.callId, outcomes), outcomes);
  code = 0;
} catch (e) {
  console.error(e);
  console.log(`kill-app: aborted`);
  code = 1;
} finally {
  await cleanup();
}
// Wall time from the process's start (module loading included) to the end of the cleanup.
const wall = Date.now() - performance.timeOrigin;
process.exit(code ? (checks.summary("kill-app", wall), 1) : checks.summary("kill-app", wall));
