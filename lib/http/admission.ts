import type { IncomingMessage, ServerResponse } from "node:http";
import { errorMessage } from "@/lib/i18n";

// Admission control for the deadline rush (decision 010). A process admits at most `maxInFlight`
// requests at once (a little above its database pool, so the pool stays busy without a long line in
// front of it); the rest wait in a first-come queue. A request that would wait longer than
// `maxWaitMs`, or finds `maxQueue` ahead of it, is answered 503 with Retry-After at once instead of
// hanging: a client's retry with the same Idempotency-Key is safe, a timeout is not.
// Fair share (issue 11 review): one client address holds at most `maxPerClient` slots at once; its
// further requests wait in the same line, skipped over while it is at its share, so a hog cannot starve
// other addresses and an honest NAT is still served in turn (decision 011, amended).

export interface AdmissionOptions {
  maxInFlight: number;
  maxQueue: number;
  maxWaitMs: number;
  /** Slots one client address may hold at once (default: all of them). */
  maxPerClient?: number;
}

export interface AdmissionStats {
  inFlight: number;
  queued: number;
  admitted: number;
  shed: number;
  maxInFlight: number;
  /** How long the first in line has waited (0 when nobody waits). */
  oldestWaitMs: number;
  /** Shed a request in the last SATURATION_WINDOW_MS, or the first in line has waited over half of maxWaitMs. */
  saturated: boolean;
}

/** How long one shed request keeps the line reported as saturated (so health does not flicker between polls). */
export const SATURATION_WINDOW_MS = 5_000;

type Waiter = { resolve: (release: (() => void) | null) => void; timer: NodeJS.Timeout; since: number; client: string };

export class Admission {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private admitted = 0;
  private shed = 0;
  private lastShedAt = -Infinity;
  private readonly held = new Map<string, number>();

  constructor(readonly opts: AdmissionOptions) {}

  private get share() {
    return this.opts.maxPerClient ?? Infinity;
  }

  private underShare(client: string) {
    return (this.held.get(client) ?? 0) < this.share;
  }

  /**
   * Resolves with a release function once admitted, or null when the request should get 503.
   * Invariant: while a slot is free, everyone waiting is a client at its share.
   */
  enter(client = ""): Promise<(() => void) | null> {
    if (this.inFlight < this.opts.maxInFlight && this.underShare(client)) return Promise.resolve(this.admit(client));
    if (this.queue.length >= this.opts.maxQueue) {
      this.shedOne();
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          // Held back only by its own share while the line has room: that client's problem, not saturation.
          if (this.inFlight < this.opts.maxInFlight) this.shed++;
          else this.shedOne();
          resolve(null);
        }, this.opts.maxWaitMs),
        since: performance.now(),
        client,
      };
      this.queue.push(waiter);
    });
  }

  stats(): AdmissionStats {
    const now = performance.now();
    // The first in line that waits for the line, not for its own share.
    const first = this.queue.find((w) => this.underShare(w.client));
    const oldestWaitMs = first ? Math.round(now - first.since) : 0;
    const saturated = now - this.lastShedAt < SATURATION_WINDOW_MS || oldestWaitMs > this.opts.maxWaitMs / 2;
    return { inFlight: this.inFlight, queued: this.queue.length, admitted: this.admitted, shed: this.shed, maxInFlight: this.opts.maxInFlight, oldestWaitMs, saturated };
  }

  private shedOne() {
    this.shed++;
    this.lastShedAt = performance.now();
  }

  private admit(client: string): () => void {
    this.inFlight++;
    this.admitted++;
    this.held.set(client, (this.held.get(client) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      const left = (this.held.get(client) ?? 1) - 1;
      if (left > 0) this.held.set(client, left);
      else this.held.delete(client);
      // First come, first served among those under their share.
      const i = this.queue.findIndex((w) => this.underShare(w.client));
      if (i >= 0) {
        const [next] = this.queue.splice(i, 1);
        clearTimeout(next!.timer);
        next!.resolve(this.admit(next!.client));
      }
    };
  }
}

/** A positive integer setting from the environment, else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Limits from the environment; defaults follow the pool size (DATABASE_POOL_SIZE). */
export function admissionFromEnv(poolSize: number): Admission {
  const maxInFlight = envInt("ADMISSION_MAX_IN_FLIGHT", poolSize * 2);
  return new Admission({
    maxInFlight,
    maxQueue: envInt("ADMISSION_MAX_QUEUE", 1000),
    maxWaitMs: envInt("ADMISSION_MAX_WAIT_MS", 4000),
    maxPerClient: envInt("ADMISSION_MAX_SLOTS_PER_CLIENT", Math.max(2, Math.floor(maxInFlight / 4))),
  });
}

/** The uploads' own line: pool-size slots, 2 per client address (decision 011, amended). */
export function uploadAdmissionFromEnv(poolSize: number, main: Admission): Admission {
  return new Admission({
    maxInFlight: envInt("ADMISSION_MAX_UPLOADS", poolSize),
    maxQueue: main.opts.maxQueue,
    maxWaitMs: main.opts.maxWaitMs,
    maxPerClient: envInt("ADMISSION_MAX_UPLOADS_PER_CLIENT", 2),
  });
}

/** Requests that skip the line: static assets (no database) and the health check (it must answer under load). */
export function bypassesAdmission(url: string | undefined): boolean {
  const p = url ?? "/";
  return p.startsWith("/_next/static/") || p.startsWith("/api/v1/health") || p === "/favicon.ico";
}

/**
 * Wraps a node:http handler with the line: bypassing requests go straight through, the rest wait
 * for a slot; a shed request gets `overloaded`. A client that hangs up while waiting gives its slot
 * back (its 'close' has already fired by the time it would be admitted).
 */
export function withAdmission(
  admission: Admission,
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
  overloaded: (req: IncomingMessage, res: ServerResponse) => void,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (bypassesAdmission(req.url)) {
      void handle(req, res);
      return;
    }
    let closed = false;
    let release: (() => void) | null = null;
    res.once("close", () => {
      closed = true;
      release?.();
    });
    void admission.enter(String(req.headers["x-portal-client-ip"] ?? "")).then((r) => {
      if (!r) return closed ? undefined : overloaded(req, res);
      if (closed) return r();
      release = r;
      void handle(req, res);
    });
  };
}

// The health route runs inside Next.js's bundle, where this module is another instance than the one
// scripts/server.ts uses: the server publishes its line's report on globalThis for health to read.
const LINE_REPORT = Symbol.for("portal.http.lineReport");

export interface LineReport {
  saturated: boolean;
  [figure: string]: unknown;
}

export function publishLineReport(report: () => LineReport) {
  (globalThis as Record<symbol, unknown>)[LINE_REPORT] = report;
}

/** This process's line, or null when it was not started by scripts/server.ts (tests, next dev without it). */
export function lineReport(): LineReport | null {
  const report = (globalThis as Record<symbol, unknown>)[LINE_REPORT] as (() => LineReport) | undefined;
  return report ? report() : null;
}

/** 503 UNAVAILABLE with Retry-After, in the portal's error format, in the client's language. */
export function answerOverloaded(req: IncomingMessage, res: ServerResponse) {
  const locale = /^en\b/i.test(String(req.headers["accept-language"] ?? "")) ? "en" : "ko";
  const body = JSON.stringify({ error: { code: "UNAVAILABLE", message: errorMessage("UNAVAILABLE", locale) } });
  res.writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "2", "cache-control": "no-store", connection: "close" });
  res.end(body);
  req.resume();
}
