// Fault script (issue 11 items 1 and 2): a 200 MiB chunked body, then slow bodies at the cutoff. 50 clients, each from an address of its own
// (127.0.0.2–51, so the per-address bound does not stop them), declare a 100 kB body and send one byte
// every 3 s, reconnecting when cut off; one more sends nothing after its headers. Meanwhile honest
// clients submit. Their latency is measured without the attack and under it, in the same run.
//
//   npx tsx tests/load/slow-bodies.ts
//
// A PostgreSQL of its own (.data/fault-slow-pg, FAULT_PG_PORT 54342), the production portal on FAULT_PORT
// (3400) with BODY_DEADLINE_MS=8000 and BODY_IDLE_TIMEOUT_MS=4000 (shipped: 30 s and 10 s; shorter so a
// run sees both fire) and the shipped per-address bound (32). Only 127.0.0.x is contacted. Exit code 0 when every check holds.
//
// The review's three holes (issue 11, amended decision 011), with RESPONSE_STALL_MS=3000 and
// BODY_MIN_RATE_GRACE_MS=5000 (shipped: 30 s both) so a run sees them fire:
// - one address downloads its own 40 MB attachment on 20 sockets and never reads: honest submits from
//   other addresses still get receipts at once, and the stalled answers are cut off;
// - one address opens 20 uploads trickling a byte every 3 s: another address's upload is still admitted
//   at once (the hog holds its share of the upload line, 2), and the trickles are cut at the minimum rate;
// - 20 unauthenticated uploads declaring 50 MB, answered 401 before their bodies: closed after the linger.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startPortal, type Portal } from "../../bench/support/portal";
import { seedWorld, type Applicant } from "../../bench/support/world";
import { postSubmit } from "../../bench/rush";
import { startEmbeddedPostgres, withDatabase, type EmbeddedServer } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { Checks, logTrouble, onInterrupt, secs, sleep } from "./support/faults";
import { freePort } from "../../lib/platform/free-port";

const PORT = await freePort(Number(process.env.FAULT_PORT ?? 3400));
const PG_PORT = Number(process.env.FAULT_PG_PORT ?? 54342);
const STALL_MS = 3_000;
const RATE_GRACE_MS = 5_000;
const EXTRA = 3; // applicants kept out of the honest phases, for the review's phases
const SLOW = Number(process.env.FAULT_SLOW_CLIENTS ?? 50);
const HONEST = 100; // submits per phase
const HONEST_CONCURRENCY = 5;
const DEADLINE_MS = 8_000;
const IDLE_MS = 4_000; // below the deadline, above the attackers' 3 s between bytes (shipped: 10 s)
const PER_CLIENT = 32; // the shipped default
const ATTACK_MS = 13_000; // long enough for the deadline and the idle timeout to fire
/** The stated bound: under the attack no honest submit takes longer than this (before the fix they waited 4 s for a 503). */
const BOUND_MS = 1_000;
const DATA_DIR = path.resolve(".data/fault-slow-pg");
const DB = "fault_slow_bodies";

const checks = new Checks();
const logFile = path.join(os.tmpdir(), "fault-slow-bodies-portal.log");
const pgLog = path.join(os.tmpdir(), "fault-slow-bodies-postgres.log");
fs.writeFileSync(logFile, "");
fs.writeFileSync(pgLog, "");
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-slow-uploads-"));
let embedded: EmbeddedServer | undefined;
let portal: Portal | undefined;
const sockets = new Set<net.Socket>();
let code = 1;
const cleanup = async () => {
  for (const s of sockets) s.destroy();
  await portal?.kill();
  await embedded?.stop().catch(() => {});
  fs.rmSync(uploadDir, { recursive: true, force: true });
};
onInterrupt(cleanup);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const ms = (x: number) => `${Math.round(x)} ms`;

interface SlowAnswer {
  status: number; // 0: closed without an answer
  code?: string;
  ms: number; // from the request head to the answer (or the close)
}

/**
 * One slow request from `localAddress`: a declared 100 kB JSON body, then `byte` every `everyMs`
 * (never, when everyMs is 0). Resolves when the server answers or closes.
 */
function slowRequest(localAddress: string, everyMs: number): Promise<SlowAnswer> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port: PORT, localAddress });
    sockets.add(s);
    let data = "";
    let t0 = 0;
    let timer: NodeJS.Timeout | undefined;
    s.on("connect", () => {
      t0 = Date.now();
      s.write(`POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
      if (everyMs) timer = setInterval(() => s.writable && s.write(" "), everyMs);
    });
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("close", () => {
      clearInterval(timer);
      sockets.delete(s);
      const status = Number(data.split(" ")[1] ?? 0) || 0;
      let errCode: string | undefined;
      try {
        errCode = JSON.parse(data.slice(data.indexOf("\r\n\r\n") + 4)).error?.code;
      } catch {
        /* no JSON */
      }
      resolve({ status, code: errCode, ms: Date.now() - t0 });
    });
  });
}

/** HONEST submits, HONEST_CONCURRENCY at a time, each applicant with a new key; latency per answer. */
async function honest(baseUrl: string, applicants: Applicant[], keyPrefix: string) {
  const out: { status: number; ms: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: HONEST_CONCURRENCY }, async () => {
      while (next < applicants.length) {
        const a = applicants[next++]!;
        const r = await postSubmit(baseUrl, a, `${keyPrefix}-${a.proposalId}`, 15_000);
        out.push({ status: r.attempt.status, ms: r.attempt.ms });
      }
    }),
  );
  return out;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

/** Sends up to `total` bytes of chunked body until the portal answers; the portal's RSS growth meanwhile. */
function bigChunkedBody(pid: number, total: number): Promise<{ status: number; sent: number; ms: number; rssGrowth: number }> {
  return new Promise((resolve) => {
    const base = rssOf(pid);
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    const s = net.connect(PORT, "127.0.0.1");
    sockets.add(s);
    let sent = 0;
    let data = "";
    const t0 = Date.now();
    const piece = Buffer.alloc(64 * 1024, "[");
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("connect", async () => {
      s.write("POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      while (!data && !s.destroyed && sent < total) {
        sent += piece.length;
        if (!s.write(chunk)) await new Promise<void>((r) => {
          const go = () => (s.off("drain", go), s.off("close", go), r());
          s.on("drain", go);
          s.on("close", go);
        });
      }
      if (!data && !s.destroyed) s.write("0\r\n\r\n");
      const answered = async () => {
        for (let i = 0; i < 300 && !data; i++) await sleep(100);
        clearInterval(sampler);
        peak = Math.max(peak, rssOf(pid));
        s.destroy();
        sockets.delete(s);
        resolve({ status: Number(data.split(" ")[1] ?? 0) || 0, sent, ms: Date.now() - t0, rssGrowth: peak - base });
      };
      void answered();
    });
  });
}

async function health(baseUrl: string) {
  const r = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
  return { status: r.status, body: (await r.json()) as { status: string; admission?: { inFlight: number; queued: number; saturated: boolean; receiving: number } } };
}

/** A raw request from `localAddress`: the head, then `byte` every `everyMs` ms; `read: false` never reads the answer. */
function rawRequest(localAddress: string, head: string, everyMs: number, read = true): { done: Promise<SlowAnswer>; socket: net.Socket } {
  const s = net.connect({ host: "127.0.0.1", port: PORT, localAddress });
  sockets.add(s);
  let data = "";
  let t0 = 0;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<SlowAnswer>((resolve) => {
    s.on("connect", () => {
      t0 = Date.now();
      s.write(head);
      if (everyMs) timer = setInterval(() => s.writable && s.write("x"), everyMs);
      if (!read) s.pause();
    });
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("close", () => {
      clearInterval(timer);
      sockets.delete(s);
      resolve({ status: Number(data.split(" ")[1] ?? 0) || 0, ms: Date.now() - t0 });
    });
  });
  return { done, socket: s };
}

async function uploadPdf(base: string, a: Applicant, kind: string, bytes: Buffer) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "사업계획서.pdf");
  const t0 = performance.now();
  const r = await fetch(`${base}/api/v1/proposals/${a.proposalId}/attachments?kind=${kind}`, { method: "POST", headers: { authorization: `Bearer ${a.token}` }, body: form, signal: AbortSignal.timeout(30_000) });
  return { status: r.status, ms: performance.now() - t0, body: (await r.json()) as { id?: string } };
}

/** The security review's holes 1-3 (see the header). */
async function reviewPhases(base: string, hog: Applicant, uploader: Applicant, honestOnes: Applicant[]) {
  // 1. Slow readers: the hog's own 40 MB attachment, 20 downloads that never read.
  const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(40 * 1024 * 1024, "% padding line of a large plan\n"), Buffer.from("\n%%EOF\n")]);
  const up = await uploadPdf(base, hog, "BUSINESS_PLAN", big);
  if (up.status !== 201 || !up.body.id) throw new Error(`the 40 MB upload answered ${up.status} ${JSON.stringify(up.body)}`);
  const head = `GET /api/v1/proposals/${hog.proposalId}/attachments/${up.body.id} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${hog.token}\r\n\r\n`;
  const t1 = Date.now();
  const readers = Array.from({ length: 20 }, () => rawRequest("127.0.0.221", head, 0, false));
  await sleep(1_000);
  const whileHogged = await health(base);
  const submits = await honest(base, honestOnes.slice(0, 20), "hogged");
  // The client paused its sockets, so it cannot see them close: the portal's own figures tell.
  let afterReaders = await health(base);
  while (Date.now() - t1 < 3 * STALL_MS + 5_000 && ((afterReaders.body.admission?.inFlight ?? 1) > 0 || (afterReaders.body.admission?.queued ?? 1) > 0)) {
    await sleep(250);
    afterReaders = await health(base);
  }
  const drainedAfter = Date.now() - t1;
  for (const r of readers) r.socket.destroy();
  const worstSubmit = Math.max(...submits.map((x) => x.ms));
  checks.check(
    `one address's 20 never-read downloads of a 40 MB attachment delay no honest submit past ${ms(BOUND_MS)}; the hog holds at most its share of the line`,
    submits.every((x) => x.status === 201) && worstSubmit <= BOUND_MS && (whileHogged.body.admission?.inFlight ?? 99) <= 5 + HONEST_CONCURRENCY,
    `${submits.filter((x) => x.status === 201).length} of ${submits.length} × 201, slowest ${ms(worstSubmit)}; in flight while hogged ${whileHogged.body.admission?.inFlight} (share 5 of 20)`,
  );
  const stalled = (afterReaders.body.admission as { stalled?: number } | undefined)?.stalled ?? 0;
  checks.check(
    `a download whose client stops reading is cut off after RESPONSE_STALL_MS (${secs(STALL_MS)}), giving its slot back`,
    // The first share of downloads must be cut. Whether the next share (admitted from the line as the first
    // was cut) fills its socket, and so is cut too, within the wait depends on how much the kernel's
    // loopback buffers absorb (one CI run took 47 MiB before a 413): it is reported, and the hog never
    // holds more than its share meanwhile.
    stalled >= 5 && (afterReaders.body.admission?.inFlight ?? 99) <= 5,
    `${stalled} answers cut as stalled (at least the hog's share, 5; the rest of its 20 waited their 4 s and got 503); the line empty ${ms(drainedAfter)} after the downloads began (in flight ${afterReaders.body.admission?.inFlight}, queued ${afterReaders.body.admission?.queued})`,
  );

  // 2. One address trickling 20 uploads, a byte every 3 s (beats the idle timeout); another address uploads.
  const boundary = "b0undary";
  const upHead = `POST /api/v1/proposals/${hog.proposalId}/attachments?kind=OTHER HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${hog.token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`;
  const t2 = Date.now();
  const trickles = Array.from({ length: 20 }, () => rawRequest("127.0.0.222", upHead, 3_000));
  await sleep(1_500);
  const duringUploads = (await health(base)).body as unknown as { admission?: { uploads?: { inFlight: number; queued: number } } };
  const honestUpload = await uploadPdf(base, uploader, "BUSINESS_PLAN", Buffer.from("%PDF-1.4\n% honest\n%%EOF\n"));
  const trickleAnswers = await Promise.race([Promise.all(trickles.map((r) => r.done)), sleep(RATE_GRACE_MS + 8_000).then(() => null)]);
  const tricklesMs = Date.now() - t2;
  for (const r of trickles) r.socket.destroy();
  checks.check(
    "one address's 20 trickling uploads leave another address's upload admitted at once (the hog holds 2 upload slots)",
    honestUpload.status === 201 && honestUpload.ms <= BOUND_MS && (duringUploads.admission?.uploads?.inFlight ?? 99) <= 2,
    `honest upload ${honestUpload.status} in ${ms(honestUpload.ms)}; upload line while trickled: ${JSON.stringify(duringUploads.admission?.uploads)}`,
  );
  checks.check(
    `an upload slower than BODY_MIN_BYTES_PER_S (4096) after BODY_MIN_RATE_GRACE_MS (${secs(RATE_GRACE_MS)}) is cut off, not kept for the 10-minute upload deadline`,
    trickleAnswers !== null,
    trickleAnswers ? `all 20 closed within ${ms(tricklesMs)} (${JSON.stringify(Object.fromEntries([...new Set(trickleAnswers.map((a) => a.status))].map((s) => [s, trickleAnswers.filter((a) => a.status === s).length])))})` : `still open after ${ms(tricklesMs)}`,
  );

  // 3. Unauthenticated uploads declaring 50 MB, answered 401 before their body: closed after the linger (2 s).
  const anonHead = `POST /api/v1/proposals/x/attachments?kind=BUSINESS_PLAN HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 50000000\r\n\r\n`;
  const anon = Array.from({ length: 20 }, () => rawRequest("127.0.0.223", anonHead, 1_000));
  const anonAnswers = await Promise.race([Promise.all(anon.map((r) => r.done)), sleep(8_000).then(() => null)]);
  for (const r of anon) r.socket.destroy();
  checks.check(
    "20 unauthenticated uploads declaring 50 MB are answered 401 and closed after the linger, not kept open reading their bodies",
    anonAnswers !== null && anonAnswers.every((a) => a.status === 401 && a.ms <= 5_000),
    anonAnswers ? `${anonAnswers.filter((a) => a.status === 401).length} of 20 × 401, closed after ${ms(Math.min(...anonAnswers.map((a) => a.ms)))}–${ms(Math.max(...anonAnswers.map((a) => a.ms)))}` : "still open after 8 s",
  );
}

try {
  let t = Date.now();
  embedded = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, log: (l) => fs.appendFileSync(pgLog, `${l}\n`) });
  const admin = new pg.Client({ connectionString: embedded.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const url = withDatabase(embedded.adminUrl, DB);
  await applyMigrations(url);
  const world = await seedWorld(url, { applicants: HONEST + EXTRA, closesAt: new Date(Date.now() + 3 * 3600_000), uploadDir });
  console.log(`slow-bodies: own PostgreSQL on :${embedded.port}, ${HONEST} applicants seeded in ${secs(Date.now() - t)}; starting the portal on :${PORT} (log ${logFile})…`);
  t = Date.now();
  portal = await startPortal({
    databaseUrl: url,
    port: PORT,
    workers: 1,
    uploadDir,
    logFile,
    env: {
      BODY_DEADLINE_MS: String(DEADLINE_MS),
      BODY_IDLE_TIMEOUT_MS: String(IDLE_MS),
      ADMISSION_MAX_PER_CLIENT: String(PER_CLIENT),
      // The shipped shares (the bench lifts them: its virtual applicants all come from 127.0.0.1).
      ADMISSION_MAX_SLOTS_PER_CLIENT: "5",
      ADMISSION_MAX_UPLOADS_PER_CLIENT: "2",
      RESPONSE_STALL_MS: String(STALL_MS),
      BODY_MIN_RATE_GRACE_MS: String(RATE_GRACE_MS),
    },
  });
  const base = portal.baseUrl;
  console.log(`portal up in ${secs(Date.now() - t)}`);
  const [hogApplicant, uploader] = world.applicants.splice(HONEST, EXTRA);
  await honest(base, world.applicants.slice(0, 10), "warm"); // warm the routes up

  // 0. Issue 11 item 1: a 200 MiB chunked body to the unauthenticated register route, sent as fast as
  // the portal takes it, while the portal's resident memory is sampled.
  const big = await bigChunkedBody(portal.child.pid!, 200 * 1024 * 1024);

  // 1. Without the attack.
  const calm = await honest(base, world.applicants, "calm");

  // 2. Under it: 50 slow clients, reconnecting whenever cut off, and one idle body.
  let attacking = true;
  const slowAnswers: SlowAnswer[] = [];
  const attackers = Array.from({ length: SLOW }, async (_, i) => {
    while (attacking) {
      const a = await slowRequest(`127.0.0.${2 + i}`, 3_000);
      if (attacking || a.status) slowAnswers.push(a);
    }
  });
  const idle = slowRequest("127.0.0.200", 0);
  await sleep(1_500); // every slow body is arriving
  const during = await health(base);
  const attackStart = Date.now();
  const underAttack = await honest(base, world.applicants, "attack");
  const honestMs = Date.now() - attackStart;
  const healthLater = await health(base);

  // 3. One address with more slow requests than it may have open.
  const crowd = Array.from({ length: PER_CLIENT + 8 }, () => slowRequest("127.0.0.210", 3_000));
  await sleep(ATTACK_MS - (Date.now() - attackStart));
  const idleAnswer = await idle;
  attacking = false;
  for (const s of sockets) s.destroy();
  const crowdAnswers = await Promise.all(crowd);
  const refusedFast = crowdAnswers.filter((a) => a.status === 429 && a.code === "RATE_LIMITED" && a.ms < 1_000).length;
  await Promise.all(attackers);

  console.log(`\nchecks:`);
  const lat = (xs: { ms: number }[]) => xs.map((x) => x.ms);
  const fig = (xs: { status: number; ms: number }[]) =>
    `p50 ${ms(pct(lat(xs), 50))}, p95 ${ms(pct(lat(xs), 95))}, p99 ${ms(pct(lat(xs), 99))}, max ${ms(Math.max(...lat(xs)))}; ${xs.filter((x) => x.status === 201).length} of ${xs.length} × 201`;
  const MB = 1024 * 1024;
  checks.check(
    "a 200 MiB chunked body to POST /api/v1/register is refused with 413 while it streams, the portal growing by under 64 MB",
    big.status === 413 && big.rssGrowth < 64 * MB && big.sent < 200 * MB,
    `${big.status} after ${(big.sent / MB).toFixed(1)} MiB sent (${ms(big.ms)}); the portal's resident memory grew by ${(big.rssGrowth / MB).toFixed(1)} MB at its peak`,
  );
  checks.info("honest submits without the attack", fig(calm));
  checks.info("honest submits under the attack", `${fig(underAttack)} (${HONEST} submits in ${secs(honestMs)}, ${HONEST_CONCURRENCY} at a time)`);
  checks.check("every honest submit under the attack got its receipt (201)", underAttack.every((x) => x.status === 201) && calm.every((x) => x.status === 201), `${underAttack.filter((x) => x.status === 201).length} of ${underAttack.length} under the attack, ${calm.filter((x) => x.status === 201).length} of ${calm.length} without`);
  const worst = Math.max(...lat(underAttack));
  checks.check(`${SLOW} slow clients delay no honest submit past ${ms(BOUND_MS)}`, worst <= BOUND_MS, `slowest honest submit under the attack ${ms(worst)} (without: ${ms(Math.max(...lat(calm)))}); p95 ${ms(pct(lat(calm), 95))} → ${ms(pct(lat(underAttack), 95))}`);
  checks.check(
    "the slow bodies hold no admission slot (health: the line is not saturated, bodies counted as receiving)",
    during.status === 200 && during.body.admission !== undefined && during.body.admission.inFlight <= HONEST_CONCURRENCY + 1 && during.body.admission.receiving >= SLOW && healthLater.status === 200,
    `health ${during.status} ${JSON.stringify(during.body.admission ? { inFlight: during.body.admission.inFlight, queued: during.body.admission.queued, receiving: during.body.admission.receiving, saturated: during.body.admission.saturated } : null)}; after the honest submits ${healthLater.status}`,
  );
  const cut = slowAnswers.filter((a) => a.status === 408 && a.code === "REQUEST_TIMEOUT");
  const cutMs = cut.map((a) => a.ms);
  checks.check(
    `a body not complete after BODY_DEADLINE_MS (${secs(DEADLINE_MS)}) is cut off with 408`,
    cut.length >= SLOW && cut.length === slowAnswers.length && Math.min(...cutMs) >= DEADLINE_MS - 50 && Math.max(...cutMs) <= DEADLINE_MS + 1_500,
    `${cut.length} of ${slowAnswers.length} slow requests answered 408 REQUEST_TIMEOUT after ${ms(Math.min(...cutMs))}–${ms(Math.max(...cutMs))}`,
  );
  checks.check(
    `a body that sends nothing is cut off with 408 after the idle timeout (${secs(IDLE_MS)})`,
    idleAnswer.status === 408 && idleAnswer.ms >= IDLE_MS - 50 && idleAnswer.ms <= IDLE_MS + 1_500,
    `${idleAnswer.status} ${idleAnswer.code ?? ""} after ${ms(idleAnswer.ms)}`,
  );
  checks.check(
    `one address may have ${PER_CLIENT} requests open at once; the rest are answered 429 at once`,
    refusedFast === 8,
    `${refusedFast} of ${PER_CLIENT + 8} answered 429 RATE_LIMITED within 1 s; the others: ${JSON.stringify(Object.fromEntries([...new Set(crowdAnswers.map((a) => a.status))].map((s) => [s, crowdAnswers.filter((a) => a.status === s).length])))}`,
  );
  await reviewPhases(base, hogApplicant!, uploader!, world.applicants);

  const trouble = logTrouble(logFile);
  const fiveHundreds = fs.readFileSync(logFile, "utf8").split("\n").filter((l) => /\b500\b|Error:/.test(l) && !/REQUEST_TIMEOUT/.test(l));
  checks.check("no uncaught exception or error in the portal's log", trouble.uncaught.length === 0 && fiveHundreds.length === 0, `${trouble.uncaught.length} uncaught, ${fiveHundreds.length} error lines${fiveHundreds.length ? `: ${fiveHundreds.slice(0, 2).join(" | ")}` : ""}`);
  code = 0;
} catch (e) {
  console.error(e);
  console.log("slow-bodies: aborted");
  code = 1;
} finally {
  await cleanup();
}
const wall = Date.now() - performance.timeOrigin;
process.exit(code ? (checks.summary("slow-bodies", wall), 1) : checks.summary("slow-bodies", wall));
