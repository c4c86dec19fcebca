// npm start: the portal on http://localhost:3000 (PORT honoured). With DATABASE_URL unset it runs an
// embedded PostgreSQL under ./.data, applies migrations, seeds demo data, builds if the sources
// changed since the last build, and serves. `--dev` serves with hot reload instead of a build.
import cluster from "node:cluster";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prepareDatabase, DATA_DIR } from "../lib/db/bootstrap";

const dev = process.argv.includes("--dev");
if (fs.existsSync(".env")) process.loadEnvFile(".env");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const embeddedDefault = !process.env.DATABASE_URL;
// On the embedded default (a developer's machine) the outbox is the mailbox: admins see its links.
if (embeddedDefault) process.env.OUTBOX_LINKS ??= "1";

function log(line: string) {
  console.log(`[portal] ${line}`);
}

function ensureSecret() {
  if (process.env.NEXTAUTH_SECRET) return;
  if (!embeddedDefault) {
    console.error("[portal] NEXTAUTH_SECRET is not set. With DATABASE_URL set (a deployment) the portal refuses to start without it: see .env.example.");
    process.exit(1);
  }
  const file = path.join(DATA_DIR, "nextauth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

/** A hash of everything the build depends on; the build is redone when it changes. */
function sourceHash(): string {
  const h = crypto.createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith("generated")) return;
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else {
      h.update(p).update(fs.readFileSync(p));
    }
  };
  for (const p of ["app", "lib", "public", "proxy.ts", "next.config.ts", "package-lock.json", "prisma/schema.prisma", "tsconfig.json"]) walk(p);
  return h.digest("hex");
}

function buildIfNeeded() {
  // next.config.ts builds the benchmark's variant (with its bare route) into a directory of its own.
  const distDir = process.env.PORTAL_BENCH_BUILD === "1" ? ".next-bench" : ".next";
  const marker = path.join(distDir, "portal-source-hash");
  const want = sourceHash();
  if (fs.existsSync(path.join(distDir, "BUILD_ID")) && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === want) return;
  log("building (sources changed since the last build)…");
  const t = Date.now();
  execFileSync("npx", ["prisma", "generate"], { stdio: "inherit" });
  execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  fs.writeFileSync(marker, want);
  log(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

if (cluster.isWorker) {
  // A WEB_CONCURRENCY worker: the primary prepared the database, built, and set the environment.
  const { runWorker } = await import("./server");
  await runWorker({ port, hostname });
} else {
  await main();
}

async function main() {
  ensureSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  const database = await prepareDatabase({ log });
  process.env.DATABASE_URL = database.url;

  let web: { close(): Promise<void> } | undefined;
  let jobs: typeof import("../lib/jobs") | undefined;
  let stopping = false;
  async function shutdown(code = 0) {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await web?.close().catch(() => {});
    // Before the pool and the embedded server: a reminder run in progress may finish (up to 10 s).
    await jobs?.stopJobs().catch(() => {});
    const { closeDb } = await import("../lib/db/client");
    await closeDb().catch(() => {});
    await database.embedded?.stop().catch(() => {});
    process.exit(code);
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const { seed, DEMO_ACCOUNTS } = await import("../lib/db/seed");
  const demo = embeddedDefault || process.env.SEED_DEMO === "1";
  await seed({ demo, log });

  if (!dev) buildIfNeeded();
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  // Background jobs start alongside Next.js (not before it) so they add nothing to the start time.
  // A failure is logged, not fatal: the portal still takes submissions without its reminder mails.
  jobs = await import("../lib/jobs");
  const jobsStarted = jobs.jobsEnabled()
    ? jobs.startJobs(database.url, { log: (l) => log(`jobs: ${l}`) }).then(
        () => log("background jobs: deadline reminders checked every minute (pg-boss, schema pgboss)"),
        (e: Error) => log(`background jobs did not start, so this instance sends no deadline reminders: ${e.message}`),
      )
    : Promise.resolve(log("background jobs off (JOBS=off)"));
  const { startNextServer, startWorkers, webConcurrency } = await import("./server");
  const workers = dev ? 1 : webConcurrency();
  web = workers > 1 ? await startWorkers(workers, log) : await startNextServer({ port, hostname, dev });
  if (workers > 1) log(`${workers} web processes (WEB_CONCURRENCY), each with a pool of ${(await import("../lib/db/client")).poolSize()} connections`);
  await jobsStarted;

  log(`ready: ${process.env.NEXTAUTH_URL}  (health: ${process.env.NEXTAUTH_URL}/api/v1/health)`);
  if (embeddedDefault) {
    log("demo accounts (embedded database only):");
    for (const a of DEMO_ACCOUNTS) log(`  ${a.roles.join("/").padEnd(9)} ${a.email.padEnd(24)} ${a.password}`);
  }
}
