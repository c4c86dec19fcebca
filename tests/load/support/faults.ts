// Shared by the fault scripts (issue 6): virtual clients that submit and retry with one key each,
// a health poller, the database checks that must hold after any fault, and a pass/fail tally.
import fs from "node:fs";
import pg from "pg";
import { auditHash, canonicalSha256 } from "../../../lib/audit/hash";
import { submitUntilDefinite, type Attempt, type SubmitRun } from "../../../bench/rush";
import type { Applicant } from "../../../bench/support/world";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Prints each check as it is made; `exitCode()` is 1 when any failed. */
export class Checks {
  private failed: string[] = [];
  private count = 0;

  check(name: string, ok: boolean, figures: string) {
    this.count++;
    if (!ok) this.failed.push(name);
    console.log(`  ${ok ? "PASS" : "FAIL"}  ${name}: ${figures}`);
  }

  info(name: string, figures: string) {
    console.log(`  ----  ${name}: ${figures}`);
  }

  summary(script: string, wallMs: number): number {
    console.log(
      this.failed.length
        ? `\n${script}: ${this.failed.length} of ${this.count} checks FAILED (${this.failed.join("; ")}) in ${secs(wallMs)}`
        : `\n${script}: all ${this.count} checks passed in ${secs(wallMs)}`,
    );
    return this.failed.length ? 1 : 0;
  }
}

/**
 * Cleans up (the portal's process group, a PostgreSQL of our own) when the script is interrupted:
 * a portal left behind would hold the port, and the next run would be talking to it.
 */
export function onInterrupt(cleanup: () => Promise<void>) {
  let once = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (once) return;
      once = true;
      console.log(`\n${sig}: cleaning up…`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

export interface ClientOutcome extends SubmitRun {
  applicant: Applicant;
  key: string;
}

export interface ClientsOptions {
  baseUrl: string;
  applicants: Applicant[];
  /** First attempts come in bursts of `burst` clients at once (default 1), the bursts spread evenly over `spreadMs`. */
  spreadMs: number;
  burst?: number;
  /** Each client gives up this long after its first attempt (long enough to outlast the fault). */
  patienceMs: number;
  keyPrefix: string;
  /** Called with every answered attempt and the number of requests still in flight. */
  onAttempt?: (a: Attempt, inFlight: number) => void;
}

/**
 * One client per applicant, one Idempotency-Key each; 503s are retried after their Retry-After and
 * network errors after a short backoff (250 ms doubling to 2 s), always with the same key.
 */
export function runClients(o: ClientsOptions): Promise<ClientOutcome[]> {
  const n = o.applicants.length;
  const burst = Math.max(1, o.burst ?? 1);
  const bursts = Math.ceil(n / burst);
  const t0 = Date.now();
  let inFlight = 0;
  return Promise.all(
    o.applicants.map(async (a, i) => {
      const key = `${o.keyPrefix}-${a.proposalId}`;
      await sleep(t0 + (Math.floor(i / burst) * o.spreadMs) / bursts - Date.now());
      const run = await submitUntilDefinite(o.baseUrl, a, key, {
        maxAttempts: 1_000, // bounded by patienceMs
        patienceMs: o.patienceMs,
        requestTimeoutMs: 30_000,
        delayMs: (k, last) => (last.retryAfter ? Number(last.retryAfter) * 1000 : Math.min(250 * 2 ** (k - 1), 2_000)),
        onSend: () => void inFlight++,
        onAttempt: (at) => o.onAttempt?.(at, --inFlight),
      });
      return { applicant: a, key, ...run };
    }),
  );
}

export interface PollSample {
  at: number;
  status: number; // 0 = no answer
  ms: number;
  retryAfter: string | null;
}

/** GETs `url` one request at a time, every `intervalMs`, until stopped (5 s client timeout). */
export function poll(url: string, opts: { intervalMs?: number; headers?: Record<string, string> } = {}) {
  const samples: PollSample[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = Date.now();
      let status = 0;
      let retryAfter: string | null = null;
      try {
        const r = await fetch(url, { headers: opts.headers, signal: AbortSignal.timeout(5_000) });
        status = r.status;
        retryAfter = r.headers.get("retry-after");
        await r.arrayBuffer();
      } catch {
        status = 0;
      }
      samples.push({ at, status, ms: Date.now() - at, retryAfter });
      await sleep((opts.intervalMs ?? 100) - (Date.now() - at));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Polls /api/v1/health every `intervalMs`. */
export const pollHealth = (baseUrl: string, intervalMs = 100) => poll(`${baseUrl}/api/v1/health`, { intervalMs });

/** What the portal's log says went wrong: uncaught exceptions and unhandled rejections (Next.js logs and survives them). */
export function logTrouble(logFile: string): { uncaught: string[]; terminatedTransactions: number } {
  const text = fs.readFileSync(logFile, "utf8");
  const lines = text.split("\n");
  return {
    uncaught: lines.filter((l) => /uncaughtException|unhandledRejection/i.test(l)).map((l) => l.trim()),
    terminatedTransactions: lines.filter((l) => /terminating connection due to administrator command/.test(l)).length,
  };
}

export interface IntegrityFigures {
  proposals: number;
  versions: number;
  clientReceipts: number;
  /** Client receipts with no version of that receipt number, or with another sha256, proposal or version number. */
  receiptsMissingOrDifferent: string[];
  /** Versions without exactly one matching proposal.submitted audit event (receiptNo, sha256, versionNo). */
  versionsWithoutAudit: string[];
  /** proposal.submitted events with no version row of their receipt number. */
  auditsWithoutVersion: string[];
  /** Versions without their receipt mail in the outbox. */
  versionsWithoutMail: string[];
  /** Proposals whose last_version_no ≠ their highest version_no (0 when none), or status ≠ SUBMITTED with a version. */
  proposalsOutOfStep: string[];
  /** Stored sha256 ≠ canonical hash of the stored document. */
  hashMismatches: string[];
  /** Proposals whose audit chain does not verify (seq gaps, broken links, edited rows). */
  brokenAuditChains: string[];
  /** (proposal, Idempotency-Key) pairs with more than one version. */
  keysWithTwoVersions: number;
  /** Proposals with more than one version (each client used one key, so each must have exactly one). */
  proposalsWithSeveralVersions: number;
  /** Versions no client holds a receipt for. */
  versionsWithoutClientReceipt: number;
}

/** Everything that must hold in the database after a fault, for the proposals of one call. */
export async function checkIntegrity(databaseUrl: string, callId: string, outcomes: ClientOutcome[]): Promise<IntegrityFigures> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows: proposals } = await c.query<{ id: string; status: string; last_version_no: number; max_version: number | null }>(
      `SELECT p.id, p.status, p.last_version_no, (SELECT max(v.version_no) FROM proposal_versions v WHERE v.proposal_id = p.id) AS max_version
         FROM proposals p WHERE p.call_id = $1`,
      [callId],
    );
    const { rows: versions } = await c.query<{ proposal_id: string; version_no: number; receipt_no: string; sha256: string; idempotency_key: string | null; document: unknown; audits: number; mails: number }>(
      `SELECT v.proposal_id, v.version_no, v.receipt_no, v.sha256, v.idempotency_key, v.document,
              (SELECT count(*)::int FROM audit_events a
                WHERE a.entity_type = 'PROPOSAL' AND a.entity_id = v.proposal_id::text AND a.action = 'proposal.submitted'
                  AND a.data->>'receiptNo' = v.receipt_no AND a.data->>'sha256' = v.sha256 AND (a.data->>'versionNo')::int = v.version_no) AS audits,
              (SELECT count(*)::int FROM mail_outbox m WHERE m.kind = 'RECEIPT' AND position(v.receipt_no IN m.subject) > 0) AS mails
         FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id WHERE p.call_id = $1`,
      [callId],
    );
    const { rows: audits } = await c.query<{ entity_type: string; entity_id: string; seq: number; action: string; actor_id: string | null; data: Record<string, unknown> | null; ip: string | null; created_at: Date; prev_hash: string | null; hash: string }>(
      `SELECT a.entity_type, a.entity_id, a.seq, a.action, a.actor_id, a.data, a.ip, a.created_at, a.prev_hash, a.hash
         FROM audit_events a JOIN proposals p ON a.entity_type = 'PROPOSAL' AND a.entity_id = p.id::text
        WHERE p.call_id = $1 ORDER BY a.entity_id, a.seq`,
      [callId],
    );

    const byReceipt = new Map(versions.map((v) => [v.receipt_no, v]));
    const receipts = outcomes.flatMap((o) => (o.receipt ? [{ proposalId: o.applicant.proposalId, ...o.receipt }] : []));
    const received = new Set(receipts.map((r) => r.receiptNo));

    const chains = new Map<string, typeof audits>();
    for (const a of audits) chains.set(a.entity_id, [...(chains.get(a.entity_id) ?? []), a]);
    const brokenAuditChains: string[] = [];
    for (const [id, events] of chains) {
      let prev: string | null = null;
      for (const [i, e] of events.entries()) {
        const expected = auditHash({ entityType: e.entity_type, entityId: e.entity_id, seq: e.seq, action: e.action, actorId: e.actor_id, data: e.data, ip: e.ip, createdAt: e.created_at, prevHash: prev });
        if (e.seq !== i + 1 || e.prev_hash !== prev || e.hash !== expected) {
          brokenAuditChains.push(`${id} at seq ${e.seq}`);
          break;
        }
        prev = e.hash;
      }
    }

    const perKey = new Map<string, number>();
    const perProposal = new Map<string, number>();
    for (const v of versions) {
      if (v.idempotency_key !== null) perKey.set(`${v.proposal_id}/${v.idempotency_key}`, (perKey.get(`${v.proposal_id}/${v.idempotency_key}`) ?? 0) + 1);
      perProposal.set(v.proposal_id, (perProposal.get(v.proposal_id) ?? 0) + 1);
    }

    return {
      proposals: proposals.length,
      versions: versions.length,
      clientReceipts: receipts.length,
      receiptsMissingOrDifferent: receipts
        .filter((r) => {
          const v = byReceipt.get(r.receiptNo);
          return !v || v.sha256 !== r.sha256 || v.proposal_id !== r.proposalId || v.version_no !== r.versionNo;
        })
        .map((r) => r.receiptNo),
      versionsWithoutAudit: versions.filter((v) => v.audits !== 1).map((v) => v.receipt_no),
      auditsWithoutVersion: audits.filter((a) => a.action === "proposal.submitted" && !byReceipt.has(String(a.data?.receiptNo))).map((a) => `${a.entity_id}#${a.seq}`),
      versionsWithoutMail: versions.filter((v) => v.mails < 1).map((v) => v.receipt_no),
      proposalsOutOfStep: proposals
        .filter((p) => p.last_version_no !== (p.max_version ?? 0) || (p.max_version !== null && p.status !== "SUBMITTED"))
        .map((p) => `${p.id} (last_version_no ${p.last_version_no}, highest ${p.max_version ?? "none"}, ${p.status})`),
      hashMismatches: versions.filter((v) => canonicalSha256(v.document) !== v.sha256).map((v) => v.receipt_no),
      brokenAuditChains,
      keysWithTwoVersions: [...perKey.values()].filter((k) => k > 1).length,
      proposalsWithSeveralVersions: [...perProposal.values()].filter((k) => k > 1).length,
      versionsWithoutClientReceipt: versions.filter((v) => !received.has(v.receipt_no)).length,
    };
  } finally {
    await c.end();
  }
}

const sample = (xs: string[]) => (xs.length ? ` e.g. ${xs.slice(0, 3).join(", ")}` : "");

/** The checks every fault script makes after its clients are done. */
export function reportIntegrity(checks: Checks, f: IntegrityFigures, outcomes: ClientOutcome[]) {
  const withReceipt = outcomes.filter((o) => o.receipt).length;
  const failures = outcomes.filter((o) => o.failed);
  checks.check(
    "every applicant ended with a receipt",
    withReceipt === outcomes.length && failures.length === 0,
    `${withReceipt} of ${outcomes.length} applicants hold a receipt; ${failures.length} client failures${failures.length ? ` (${[...new Set(failures.map((o) => o.failed))].slice(0, 3).join("; ")})` : ""}`,
  );
  checks.check(
    "every receipt a client received is in the database with the same SHA-256",
    f.receiptsMissingOrDifferent.length === 0,
    `${f.clientReceipts - f.receiptsMissingOrDifferent.length} of ${f.clientReceipts} receipts found with equal sha256, proposal and version number${sample(f.receiptsMissingOrDifferent)}`,
  );
  checks.check(
    "no half-written version: each version has its proposal.submitted audit event (same receiptNo, sha256, versionNo) and receipt mail",
    f.versionsWithoutAudit.length === 0 && f.auditsWithoutVersion.length === 0 && f.versionsWithoutMail.length === 0,
    `${f.versions} versions: ${f.versionsWithoutAudit.length} without their audit event, ${f.auditsWithoutVersion.length} audit events without their version, ${f.versionsWithoutMail.length} without a receipt mail${sample([...f.versionsWithoutAudit, ...f.auditsWithoutVersion, ...f.versionsWithoutMail])}`,
  );
  checks.check(
    "no half-written version: proposals.last_version_no = highest version (status SUBMITTED)",
    f.proposalsOutOfStep.length === 0,
    `${f.proposals - f.proposalsOutOfStep.length} of ${f.proposals} proposals in step${sample(f.proposalsOutOfStep)}`,
  );
  checks.check(
    "no half-written version: stored sha256 = canonical hash of the stored document",
    f.hashMismatches.length === 0,
    `${f.versions - f.hashMismatches.length} of ${f.versions} documents hash to their stored sha256${sample(f.hashMismatches)}`,
  );
  checks.check(
    "audit chains verify (no gap, broken link or edited event)",
    f.brokenAuditChains.length === 0,
    `${f.brokenAuditChains.length} broken chains${sample(f.brokenAuditChains)}`,
  );
  checks.check(
    "no key has two versions (and no proposal two versions: one key per client)",
    f.keysWithTwoVersions === 0 && f.proposalsWithSeveralVersions === 0,
    `${f.keysWithTwoVersions} keys and ${f.proposalsWithSeveralVersions} proposals with more than one version; ${f.versions} versions for ${outcomes.length} applicants`,
  );
  checks.check(
    "no version without a client receipt (every commit reached its client, directly or by replay)",
    f.versionsWithoutClientReceipt === 0,
    `${f.versionsWithoutClientReceipt} versions no client holds a receipt for`,
  );
}

/** HTTP statuses of a list of attempts, e.g. {"201":290,"0":12}. */
export function statusCounts(attempts: Attempt[]): string {
  const m: Record<string, number> = {};
  for (const a of attempts) m[a.status === 0 ? "no answer" : String(a.status)] = (m[a.status === 0 ? "no answer" : String(a.status)] ?? 0) + 1;
  return JSON.stringify(m);
}
