// The deadline rush (issue 6): N virtual applicants, each with a draft and its attachments already
// uploaded, submit in the seconds before a cutoff that is a few seconds away. Some double-click (two
// requests at once with one Idempotency-Key), some give up on a slow answer and retry with the same
// key, some arrive after the cutoff. Every answer is kept; afterwards the database is checked against
// what the clients were told. Clients: Node's fetch (undici) in this process — the per-request
// bookkeeping (keys, retries, receipts) is the point here, not raw request rate (wrk does that).
import pg from "pg";
import { canonicalSha256 } from "../lib/audit/hash";
import type { Applicant } from "./support/world";

export type Behaviour = "once" | "double-click" | "impatient" | "late";

export interface RushOptions {
  baseUrl: string;
  databaseUrl: string;
  callId: string;
  applicants: Applicant[];
  cutoff: Date;
  /** On-time arrivals spread over this many ms before the cutoff. */
  windowMs: number;
  /** Max attempts per applicant (503s and network errors are retried with the same key). */
  maxAttempts?: number;
}

export interface Attempt {
  status: number; // 0 = network error or client abort
  ms: number;
  sentAt: number;
  retryAfter: string | null;
  code?: string;
  /** The answer carried Idempotent-Replayed: true (a receipt issued to an earlier request with this key). */
  replayed?: boolean;
}

export interface ClientReceipt {
  receiptNo: string;
  sha256: string;
  versionNo: number;
  submittedAt: string;
}

export interface SubmitAnswer {
  attempt: Attempt;
  body: Record<string, unknown> | null;
}

/** One applicant's attempts with one Idempotency-Key, until a definite answer (or it gives up). */
export interface SubmitRun {
  attempts: Attempt[];
  receipt: ClientReceipt | null;
  refusedLate: boolean;
  failed: string | null;
}

interface Outcome extends SubmitRun {
  applicant: Applicant;
  behaviour: Behaviour;
  plannedAt: number;
}

export interface RushFigures {
  applicants: number;
  behaviours: Record<Behaviour, number>;
  cutoff: string;
  windowSeconds: number;
  requests: number;
  statuses: Record<string, number>;
  /** Accepted submissions per second, first to last acceptance. */
  acceptedPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  receiptsIssued: number;
  replayedAnswers: number;
  versionRowsInDatabase: number;
  lateAccepts: number;
  missingReceipts: number;
  duplicateVersions: number;
  versionsWithoutClientReceipt: number;
  hashMismatches: number;
  lateArrivalsRefused: number;
  onTimeArrivalsRefusedAtCutoff: number;
  lateAttemptRows: number;
  failures: number;
  failureSamples: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function behaviourOf(i: number): Behaviour {
  if (i % 33 === 5) return "late";
  if (i % 10 === 0) return "double-click";
  if (i % 10 === 1) return "impatient";
  return "once";
}

/** A deterministic spread: the same run plan every time for the same N. */
function plannedOffset(i: number, n: number, windowMs: number, b: Behaviour): number {
  const u = ((i * 7919) % n) / n; // a permutation of 0..n-1, scaled
  if (b === "late") return 50 + u * 1950; // 0.05–2 s after the cutoff
  return -windowMs + u * (windowMs - 200); // the window, ending 200 ms before the cutoff
}

/** One POST /submit with the applicant's token and the key; a network error or abort is status 0. */
export async function postSubmit(baseUrl: string, a: Applicant, key: string, abortAfterMs?: number): Promise<SubmitAnswer> {
  const t0 = performance.now();
  const sentAt = Date.now();
  const controller = new AbortController();
  const timer = abortAfterMs ? setTimeout(() => controller.abort(), abortAfterMs) : null;
  // Node's fetch (undici) can leave res.text() pending forever when the signal fires after the headers
  // arrived but before the body ended (an impatient client's 30 ms abort hung the rush now and then):
  // the body read is raced against the abort.
  const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
  aborted.catch(() => {});
  try {
    const res = await fetch(`${baseUrl}/api/v1/proposals/${a.proposalId}/submit`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", "idempotency-key": key },
      body: "{}",
      signal: controller.signal,
    });
    const text = await Promise.race([res.text(), aborted]);
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const code = (body?.error as { code?: string } | undefined)?.code;
    const replayed = res.headers.get("idempotent-replayed") === "true";
    return { attempt: { status: res.status, ms: performance.now() - t0, sentAt, retryAfter: res.headers.get("retry-after"), code, replayed }, body };
  } catch {
    return { attempt: { status: 0, ms: performance.now() - t0, sentAt, retryAfter: null }, body: null };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export interface RetryOptions {
  /** Max rounds: the first send (one request, or the `first` ones) and up to maxAttempts − 1 retries (default 12). */
  maxAttempts?: number;
  /** Stop retrying once this many ms have passed since the first attempt was sent (default: no limit). */
  patienceMs?: number;
  /** Wait before retry n (1-based) after `last`; default: its Retry-After, else 500 ms. */
  delayMs?: (n: number, last: Attempt) => number;
  /** Abort a request that has no answer after this many ms (it counts as a network error); default none. */
  requestTimeoutMs?: number;
  /** Called just before each request this function sends (not for `first`). */
  onSend?: () => void;
  /** Called with every attempt as soon as it is answered. */
  onAttempt?: (a: Attempt, body: Record<string, unknown> | null) => void;
}

/**
 * Sends (or takes the already sent `first` requests), then retries 503s and network errors with the
 * same key until a definite answer: 201 (receipt), 403 CALL_CLOSED, or anything else (a failure).
 */
export async function submitUntilDefinite(baseUrl: string, a: Applicant, key: string, opts: RetryOptions = {}, first?: Array<Promise<SubmitAnswer>>): Promise<SubmitRun> {
  const out: SubmitRun = { attempts: [], receipt: null, refusedLate: false, failed: null };
  const settle = (r: SubmitAnswer): "done" | "retry" => {
    out.attempts.push(r.attempt);
    opts.onAttempt?.(r.attempt, r.body);
    if (r.attempt.status === 201) {
      const b = r.body as unknown as ClientReceipt;
      if (out.receipt && out.receipt.receiptNo !== b.receiptNo) out.failed = `two receipts for one key: ${out.receipt.receiptNo} and ${b.receiptNo}`;
      out.receipt ??= { receiptNo: b.receiptNo, sha256: b.sha256, versionNo: b.versionNo, submittedAt: b.submittedAt };
      return "done";
    }
    if (r.attempt.status === 403 && r.attempt.code === "CALL_CLOSED") {
      out.refusedLate = true;
      return "done";
    }
    if (r.attempt.status === 503 || r.attempt.status === 0) return "retry";
    out.failed = `HTTP ${r.attempt.status} ${r.attempt.code ?? ""}`;
    return "done";
  };
  const send = () => {
    opts.onSend?.();
    return postSubmit(baseUrl, a, key, opts.requestTimeoutMs);
  };
  const results = await Promise.all(first ?? [send()]);
  let state: "done" | "retry" = "retry";
  for (const r of results) if (settle(r) === "done") state = "done";
  if (out.receipt) state = "done";
  const began = out.attempts[0]?.sentAt ?? Date.now();
  const maxAttempts = opts.maxAttempts ?? 12;
  for (let n = 1; state === "retry" && n < maxAttempts; n++) {
    const last = out.attempts.at(-1)!;
    const wait = opts.delayMs ? opts.delayMs(n, last) : last.retryAfter ? Number(last.retryAfter) * 1000 : 500;
    if (opts.patienceMs !== undefined && Date.now() + wait - began > opts.patienceMs) break;
    await sleep(wait);
    state = settle(await send());
  }
  if (state === "retry" && !out.failed) out.failed = `no definite answer after ${out.attempts.length} attempts in ${((Date.now() - began) / 1000).toFixed(1)} s`;
  return out;
}

/** One applicant's whole story: send, retry with the same key until a definite answer. */
async function applicantRun(o: RushOptions, a: Applicant, i: number): Promise<Outcome> {
  const behaviour = behaviourOf(i);
  const plannedAt = o.cutoff.getTime() + plannedOffset(i, o.applicants.length, o.windowMs, behaviour);
  const key = `rush-${a.proposalId.slice(0, 8)}-${i}`;
  await sleep(plannedAt - Date.now());
  let first: Array<Promise<SubmitAnswer>>;
  if (behaviour === "double-click") first = [postSubmit(o.baseUrl, a, key), sleep(15).then(() => postSubmit(o.baseUrl, a, key))];
  else if (behaviour === "impatient") first = [postSubmit(o.baseUrl, a, key, 30)]; // gives up after 30 ms, then retries
  else first = [postSubmit(o.baseUrl, a, key)];
  const run = await submitUntilDefinite(
    o.baseUrl,
    a,
    key,
    {
      maxAttempts: o.maxAttempts ?? 12,
      // Retry-After when given; the impatient client's first retry comes 100 ms after giving up.
      delayMs: (n, last) => (last.retryAfter ? Number(last.retryAfter) * 1000 : behaviour === "impatient" && n === 1 ? 100 : 500),
    },
    first,
  );
  return { applicant: a, behaviour, plannedAt, ...run };
}

const pct = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10 : 0);

export async function runRush(o: RushOptions): Promise<RushFigures> {
  const outcomes = await Promise.all(o.applicants.map((a, i) => applicantRun(o, a, i)));
  return checkRush(o, outcomes);
}

/** Compares what clients were told with what the database holds. */
async function checkRush(o: RushOptions, outcomes: Outcome[]): Promise<RushFigures> {
  const c = new pg.Client({ connectionString: o.databaseUrl });
  await c.connect();
  try {
    const ids = o.applicants.map((a) => a.proposalId);
    const { rows: versions } = await c.query<{ proposal_id: string; receipt_no: string; sha256: string; submitted_at: Date; document: unknown }>(
      "SELECT proposal_id, receipt_no, sha256, submitted_at, document FROM proposal_versions WHERE proposal_id = ANY($1::uuid[])",
      [ids],
    );
    const { rows: [call] } = await c.query<{ closes_at: Date }>("SELECT closes_at FROM calls WHERE id = $1", [o.callId]);
    const { rows: [late] } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM late_attempts WHERE proposal_id = ANY($1::uuid[]) AND action = 'SUBMIT'", [ids]);
    const byReceipt = new Map(versions.map((v) => [v.receipt_no, v]));
    const perProposal = new Map<string, number>();
    for (const v of versions) perProposal.set(v.proposal_id, (perProposal.get(v.proposal_id) ?? 0) + 1);
    const received = new Set(outcomes.flatMap((x) => (x.receipt ? [x.receipt.receiptNo] : [])));

    const attempts = outcomes.flatMap((x) => x.attempts);
    const statuses: Record<string, number> = {};
    for (const at of attempts) statuses[String(at.status)] = (statuses[String(at.status)] ?? 0) + 1;
    const lat = attempts.filter((x) => x.status !== 0).map((x) => x.ms).sort((a, b) => a - b);
    const accepted = attempts.filter((x) => x.status === 201).map((x) => x.sentAt + x.ms);
    const span = accepted.length > 1 ? (Math.max(...accepted) - Math.min(...accepted)) / 1000 : 1;
    const behaviours = { once: 0, "double-click": 0, impatient: 0, late: 0 } as Record<Behaviour, number>;
    for (const x of outcomes) behaviours[x.behaviour]++;
    const failures = outcomes.filter((x) => x.failed);
    return {
      applicants: outcomes.length,
      behaviours,
      cutoff: call!.closes_at.toISOString(),
      windowSeconds: o.windowMs / 1000,
      requests: attempts.length,
      statuses,
      acceptedPerSecond: Math.round((received.size / span) * 10) / 10,
      latencyMs: { p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: pct(lat, 100) },
      receiptsIssued: received.size,
      replayedAnswers: attempts.filter((x) => x.status === 201).length - received.size,
      versionRowsInDatabase: versions.length,
      lateAccepts: versions.filter((v) => v.submitted_at.getTime() >= call!.closes_at.getTime()).length,
      missingReceipts: outcomes.filter((x) => x.receipt && byReceipt.get(x.receipt.receiptNo)?.sha256 !== x.receipt.sha256).length,
      duplicateVersions: [...perProposal.values()].reduce((n, k) => n + Math.max(0, k - 1), 0),
      versionsWithoutClientReceipt: versions.filter((v) => !received.has(v.receipt_no)).length,
      hashMismatches: versions.filter((v) => canonicalSha256(v.document) !== v.sha256).length,
      lateArrivalsRefused: outcomes.filter((x) => x.behaviour === "late" && x.refusedLate).length,
      onTimeArrivalsRefusedAtCutoff: outcomes.filter((x) => x.behaviour !== "late" && x.refusedLate).length,
      lateAttemptRows: late!.n,
      failures: failures.length,
      failureSamples: failures.slice(0, 5).map((x) => `${x.behaviour}: ${x.failed}`),
    };
  } finally {
    await c.end();
  }
}
