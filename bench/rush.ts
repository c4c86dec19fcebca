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

interface Attempt {
  status: number; // 0 = network error or client abort
  ms: number;
  sentAt: number;
  retryAfter: string | null;
  code?: string;
}

interface Outcome {
  applicant: Applicant;
  behaviour: Behaviour;
  plannedAt: number;
  attempts: Attempt[];
  receipt: { receiptNo: string; sha256: string; versionNo: number; submittedAt: string } | null;
  refusedLate: boolean;
  failed: string | null;
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

async function post(o: RushOptions, a: Applicant, key: string, abortAfterMs?: number): Promise<{ attempt: Attempt; body: Record<string, unknown> | null }> {
  const t0 = performance.now();
  const sentAt = Date.now();
  const controller = new AbortController();
  const timer = abortAfterMs ? setTimeout(() => controller.abort(), abortAfterMs) : null;
  try {
    const res = await fetch(`${o.baseUrl}/api/v1/proposals/${a.proposalId}/submit`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", "idempotency-key": key },
      body: "{}",
      signal: controller.signal,
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const code = (body?.error as { code?: string } | undefined)?.code;
    return { attempt: { status: res.status, ms: performance.now() - t0, sentAt, retryAfter: res.headers.get("retry-after"), code }, body };
  } catch {
    return { attempt: { status: 0, ms: performance.now() - t0, sentAt, retryAfter: null }, body: null };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** One applicant's whole story: send, retry with the same key until a definite answer. */
async function applicantRun(o: RushOptions, a: Applicant, i: number, startAt: number): Promise<Outcome> {
  const behaviour = behaviourOf(i);
  const plannedAt = o.cutoff.getTime() + plannedOffset(i, o.applicants.length, o.windowMs, behaviour);
  const out: Outcome = { applicant: a, behaviour, plannedAt, attempts: [], receipt: null, refusedLate: false, failed: null };
  const key = `rush-${a.proposalId.slice(0, 8)}-${i}`;
  await sleep(plannedAt - Date.now());
  void startAt;
  const settle = (r: { attempt: Attempt; body: Record<string, unknown> | null }): "done" | "retry" => {
    out.attempts.push(r.attempt);
    if (r.attempt.status === 201) {
      const b = r.body as { receiptNo: string; sha256: string; versionNo: number; submittedAt: string };
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
  let first: Array<Promise<{ attempt: Attempt; body: Record<string, unknown> | null }>>;
  if (behaviour === "double-click") first = [post(o, a, key), sleep(15).then(() => post(o, a, key))];
  else if (behaviour === "impatient") first = [post(o, a, key, 30)]; // gives up after 30 ms, then retries
  else first = [post(o, a, key)];
  const results = await Promise.all(first);
  let state: "done" | "retry" = "retry";
  for (const r of results) if (settle(r) === "done") state = "done";
  if (out.receipt) state = "done";
  for (let n = 1; state === "retry" && n < (o.maxAttempts ?? 12); n++) {
    const last = out.attempts.at(-1)!;
    await sleep(last.retryAfter ? Number(last.retryAfter) * 1000 : behaviour === "impatient" && n === 1 ? 100 : 500);
    state = settle(await post(o, a, key));
  }
  if (state === "retry" && !out.failed) out.failed = "no definite answer after all attempts";
  return out;
}

const pct = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10 : 0);

export async function runRush(o: RushOptions): Promise<RushFigures> {
  const startAt = Date.now();
  const outcomes = await Promise.all(o.applicants.map((a, i) => applicantRun(o, a, i, startAt)));
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
