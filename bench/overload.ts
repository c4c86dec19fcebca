// Overload (issue 6 targets): `clients` applicants at once, each submitting `rounds` times (a new
// Idempotency-Key per round, the same key for its retries). Every answer must be 201, or 503 with
// Retry-After (the client then waits and retries); no answer may take over 10 s; afterwards each key
// has exactly one version and every receipt a client got is in the database.
import pg from "pg";
import type { Applicant } from "./support/world";

export interface OverloadFigures {
  clients: number;
  rounds: number;
  requests: number;
  statuses: Record<string, number>;
  answers503WithoutRetryAfter: number;
  otherAnswers: number;
  slowestMs: number;
  over10s: number;
  latencyMs: { p50: number; p95: number; p99: number };
  acceptedPerSecond: number;
  keys: number;
  keysWithOneVersion: number;
  lost: number;
  duplicated: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runOverload(o: { baseUrl: string; databaseUrl: string; applicants: Applicant[]; rounds: number }): Promise<OverloadFigures> {
  const statuses: Record<string, number> = {};
  const lat: number[] = [];
  let missingRetryAfter = 0;
  let other = 0;
  const receipts = new Map<string, string>(); // key -> receipt
  const t0 = performance.now();
  await Promise.all(
    o.applicants.map(async (a, i) => {
      for (let round = 0; round < o.rounds; round++) {
        const key = `load-${i}-${round}-${a.proposalId.slice(0, 8)}`;
        for (let attempt = 0; attempt < 30; attempt++) {
          const t = performance.now();
          let status = 0;
          let retryAfter: string | null = null;
          let body: { receiptNo?: string } | null = null;
          try {
            const res = await fetch(`${o.baseUrl}/api/v1/proposals/${a.proposalId}/submit`, {
              method: "POST",
              headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", "idempotency-key": key },
              body: "{}",
              signal: AbortSignal.timeout(30_000),
            });
            status = res.status;
            retryAfter = res.headers.get("retry-after");
            body = (await res.json().catch(() => null)) as { receiptNo?: string } | null;
          } catch {
            status = 0;
          }
          lat.push(performance.now() - t);
          statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
          if (status === 201 && body?.receiptNo) {
            receipts.set(key, body.receiptNo);
            break;
          }
          if (status === 503) {
            if (!retryAfter) missingRetryAfter++;
            await sleep(Number(retryAfter ?? 1) * 1000 * (0.5 + Math.random())); // jitter, so retries do not arrive as one wave
            continue;
          }
          other++;
          break;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const c = new pg.Client({ connectionString: o.databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ idempotency_key: string; receipt_no: string }>(
      "SELECT idempotency_key, receipt_no FROM proposal_versions WHERE proposal_id = ANY($1::uuid[]) AND idempotency_key LIKE 'load-%'",
      [o.applicants.map((a) => a.proposalId)],
    );
    const perKey = new Map<string, string[]>();
    for (const r of rows) perKey.set(r.idempotency_key, [...(perKey.get(r.idempotency_key) ?? []), r.receipt_no]);
    const keys = o.applicants.length * o.rounds;
    lat.sort((a, b) => a - b);
    const p = (q: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor((q / 100) * lat.length))]!);
    return {
      clients: o.applicants.length,
      rounds: o.rounds,
      requests: lat.length,
      statuses,
      answers503WithoutRetryAfter: missingRetryAfter,
      otherAnswers: other,
      slowestMs: Math.round(lat.at(-1) ?? 0),
      over10s: lat.filter((x) => x > 10_000).length,
      latencyMs: { p50: p(50), p95: p(95), p99: p(99) },
      acceptedPerSecond: Math.round((receipts.size / seconds) * 10) / 10,
      keys,
      keysWithOneVersion: [...perKey.values()].filter((v) => v.length === 1).length,
      lost: [...receipts.entries()].filter(([k, r]) => !perKey.get(k)?.includes(r)).length,
      duplicated: [...perKey.values()].filter((v) => v.length > 1).length,
      seconds: Math.round(seconds * 10) / 10,
    };
  } finally {
    await c.end();
  }
}
