import type { IncomingMessage, ServerResponse } from "node:http";
import { errorMessage } from "@/lib/i18n";

// Admission control for the deadline rush (decision 010). A process admits at most `maxInFlight`
// requests at once (a little above its database pool, so the pool stays busy without a long line in
// front of it); the rest wait in a first-come queue. A request that would wait longer than
// `maxWaitMs`, or finds `maxQueue` ahead of it, is answered 503 with Retry-After at once instead of
// hanging: a client's retry with the same Idempotency-Key is safe, a timeout is not.

export interface AdmissionOptions {
  maxInFlight: number;
  maxQueue: number;
  maxWaitMs: number;
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

type Waiter = { resolve: (release: (() => void) | null) => void; timer: NodeJS.Timeout; since: number };

export class Admission {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private admitted = 0;
  private shed = 0;
  private lastShedAt = -Infinity;

  constructor(readonly opts: AdmissionOptions) {}

  /** Resolves with a release function once admitted, or null when the request should get 503. */
  enter(): Promise<(() => void) | null> {
    if (this.inFlight < this.opts.maxInFlight && this.queue.length === 0) return Promise.resolve(this.admit());
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
          this.shedOne();
          resolve(null);
        }, this.opts.maxWaitMs),
        since: performance.now(),
      };
      this.queue.push(waiter);
    });
  }

  stats(): AdmissionStats {
    const now = performance.now();
    const first = this.queue[0];
    const oldestWaitMs = first ? Math.round(now - first.since) : 0;
    const saturated = now - this.lastShedAt < SATURATION_WINDOW_MS || oldestWaitMs > this.opts.maxWaitMs / 2;
    return { inFlight: this.inFlight, queued: this.queue.length, admitted: this.admitted, shed: this.shed, maxInFlight: this.opts.maxInFlight, oldestWaitMs, saturated };
  }

  private shedOne() {
    this.shed++;
    this.lastShedAt = performance.now();
  }

  private admit(): () => void {
    this.inFlight++;
    this.admitted++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      const next = this.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(this.admit());
      }
    };
  }
}

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Limits from the environment; defaults follow the pool size (DATABASE_POOL_SIZE). */
export function admissionFromEnv(poolSize: number): Admission {
  return new Admission({
    maxInFlight: envInt("ADMISSION_MAX_IN_FLIGHT", poolSize * 2),
    maxQueue: envInt("ADMISSION_MAX_QUEUE", 1000),
    maxWaitMs: envInt("ADMISSION_MAX_WAIT_MS", 4000),
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
    void admission.enter().then((r) => {
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
