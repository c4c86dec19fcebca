// Background work from a PostgreSQL-backed queue (pg-boss 10), so that any number of app instances
// share one schedule and each job runs once (DESIGN §6, docs/decisions/006). pg-boss keeps its tables
// in its own schema, `pgboss`, outside Prisma's `public`.
import PgBoss from "pg-boss";
import { sendDeadlineReminders } from "@/lib/proposals/reminders";
import { now } from "@/lib/time/clock";

export const JOBS_SCHEMA = "pgboss";
export const DEADLINE_REMINDERS = "deadline-reminders";

export interface JobsOptions {
  log?: (line: string) => void;
  /** How often an idle worker looks for a job (pg-boss default 2 s). */
  pollingIntervalSeconds?: number;
}

/** False when JOBS=off (or 0/false): this instance then runs no background work. */
export function jobsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return !["off", "0", "false"].includes(String(env.JOBS ?? "").trim().toLowerCase());
}

let boss: PgBoss | undefined;
let starting: Promise<PgBoss> | undefined;

/**
 * Starts pg-boss (creating or migrating its schema under pg-boss's own advisory lock), creates the
 * queues, schedules the reminder run every minute and registers this instance's worker. Idempotent.
 */
export function startJobs(databaseUrl: string, opts: JobsOptions = {}): Promise<PgBoss> {
  starting ??= start(databaseUrl, opts).catch((e) => {
    starting = undefined;
    throw e;
  });
  return starting;
}

async function start(databaseUrl: string, opts: JobsOptions): Promise<PgBoss> {
  const log = opts.log ?? ((l: string) => console.log(`[jobs] ${l}`));
  const logError = throttled(log, 60_000);
  const b = new PgBoss({
    connectionString: databaseUrl,
    schema: JOBS_SCHEMA,
    application_name: "portal-jobs",
    max: 3,
    // A run is kept an hour, then deleted a week later: 1,440 runs a day stay small.
    archiveCompletedAfterSeconds: 3600,
  });
  // pg-boss emits "error" for failed polls (e.g. the database restarting); without a listener
  // EventEmitter would throw and end the process.
  b.on("error", (e) => logError(`pg-boss: ${(e as Error).message}`));
  try {
    await b.start();
    // v10: a queue must exist before send/schedule/work. "stately": at most one run queued and one
    // active, so a slow run never piles up a backlog; the next minute's run is the retry.
    await b.createQueue(DEADLINE_REMINDERS, { name: DEADLINE_REMINDERS, policy: "stately", retryLimit: 0, expireInSeconds: 600 });
    await b.schedule(DEADLINE_REMINDERS, "* * * * *", {}, { tz: "Asia/Seoul" });
    const workOptions = opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {};
    await b.work(DEADLINE_REMINDERS, workOptions, async () => {
      try {
        const sent = await sendDeadlineReminders(now());
        if (sent.length) log(`deadline reminders sent to ${sent.length} consortia (${[...new Set(sent.map((s) => s.kind))].join(", ")})`);
      } catch (e) {
        logError(`deadline reminders failed: ${(e as Error).message}`);
        throw e; // pg-boss records the run as failed
      }
    });
  } catch (e) {
    await b.stop({ graceful: false }).catch(() => {});
    // stop() does nothing when start() itself failed; its pool may still be open.
    await (b.getDb() as { close?: () => Promise<void> }).close?.().catch(() => {});
    throw e;
  }
  boss = b;
  return b;
}

/** Stops the worker and the schedule checks, waits up to `timeoutMs` for a run in progress, closes pg-boss's pool. */
export async function stopJobs(timeoutMs = 10_000): Promise<void> {
  const pending = starting;
  starting = undefined;
  if (!pending) return;
  const b = await pending.catch(() => undefined);
  boss = undefined;
  await b?.stop({ graceful: true, wait: true, timeout: timeoutMs });
}

/** The running pg-boss instance, if this process started one. */
export function runningJobs(): PgBoss | undefined {
  return boss;
}

/** Logs the first message at once and then at most one per interval, counting the ones it held back. */
function throttled(log: (l: string) => void, intervalMs: number) {
  let last = 0;
  let held = 0;
  return (line: string) => {
    const t = Date.now();
    if (t - last < intervalMs) {
      held++;
      return;
    }
    log(held ? `${line} (${held} similar message(s) held back)` : line);
    last = t;
    held = 0;
  };
}
