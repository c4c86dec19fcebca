// Starts the portal as `npm start` does (scripts/start.ts: production build, then `next start`-like
// serving), against a given database, in its own process group so a fault script can SIGKILL it
// whole (primary and cluster workers).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export interface Portal {
  baseUrl: string;
  child: ChildProcess;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL the whole process group (no shutdown code runs). */
  kill(): Promise<void>;
}

export interface PortalOptions {
  databaseUrl: string;
  port: number;
  workers?: number;
  poolSize?: number;
  uploadDir: string;
  env?: Record<string, string>;
  logFile?: string;
  /**
   * The benchmark's own build (.next-bench) with the ceiling ladder's bare route; the fault scripts
   * leave it off and so run the production build that `npm start` serves.
   */
  benchRoutes?: boolean;
  /** Extra node flags, e.g. --cpu-prof (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}

export async function startPortal(o: PortalOptions): Promise<Portal> {
  const baseUrl = `http://127.0.0.1:${o.port}`;
  // Another server on the port would answer the health poll below and be measured instead of ours.
  const taken = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
  if (taken) throw new Error(`something already answers on port ${o.port}; stop it or choose another port (BENCH_PORT, FAULT_PORT)`);
  const log = fs.openSync(o.logFile ?? "/dev/null", "a");
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), "--import", "tsx", "scripts/start.ts"], {
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      PORT: String(o.port),
      HOSTNAME_BIND: "127.0.0.1",
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: "bench-secret-not-for-production-0000000000",
      JOBS: "off",
      SEED_DEMO: "0",
      UPLOAD_DIR: o.uploadDir,
      WEB_CONCURRENCY: String(o.workers ?? 1),
      DATABASE_POOL_SIZE: String(o.poolSize ?? 10),
      ...(o.benchRoutes ? { PORTAL_BENCH_BUILD: "1", PORTAL_BENCH_ROUTES: "1" } : {}),
      // Every virtual applicant connects from 127.0.0.1 but stands for a client of its own.
      ADMISSION_MAX_PER_CLIENT: "100000",
      ADMISSION_MAX_SLOTS_PER_CLIENT: "100000",
      ADMISSION_MAX_UPLOADS_PER_CLIENT: "100000",
      ...o.env,
    },
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const deadline = Date.now() + 600_000; // the first start may build
  for (;;) {
    if (exited) throw new Error(`the portal exited while starting (log: ${o.logFile ?? "none"})`);
    if (Date.now() > deadline) throw new Error("the portal did not become healthy in 10 minutes");
    try {
      const r = await fetch(`${baseUrl}/api/v1/health`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (exited) return;
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
    await exit;
  };
  return { baseUrl, child, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}
