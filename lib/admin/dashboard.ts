import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import { callState } from "@/lib/calls";
import { APPROACHES, type Approach } from "@/lib/proposals/model-plan";
import { now } from "@/lib/time/clock";
import { isUuid } from "@/lib/validate";

const DAY_MS = 86_400_000;
const KST_MS = 9 * 3_600_000;
export const FINAL_HOURS = 6;
export const FINAL_BUCKET_MINUTES = 10;
/** Beyond a year the day chart keeps only its last year (no call runs that long). */
const MAX_DAYS = 366;

export interface Bucket {
  /** Bucket start, ISO UTC. */
  start: string;
  count: number;
}

/** The start of the KST calendar day holding `t` (ms since epoch). */
const kstDayStart = (t: number) => Math.floor((t + KST_MS) / DAY_MS) * DAY_MS - KST_MS;

/**
 * One call at a glance for admins (issue 5): proposals by status, submissions over time (per KST day,
 * and per 10 minutes over the last 6 hours before the cutoff), the models' approaches as last
 * submitted, the requested budget against the call's, and review progress. Aggregates run in SQL so
 * the page stays fast at 10,000 proposals.
 */
export async function callDashboard(actor: Actor | null, callId: string) {
  requireAdmin(actor);
  if (!isUuid(callId)) throw new AppError("CALL_NOT_FOUND");
  const call = await db.call.findUnique({
    where: { id: callId },
    select: { id: true, slug: true, titleKo: true, titleEn: true, totalBudget: true, opensAt: true, closesAt: true, isDemo: true },
  });
  if (!call) throw new AppError("CALL_NOT_FOUND");
  const finalFrom = new Date(call.closesAt.getTime() - FINAL_HOURS * 3_600_000);

  const [statusRows, dayRows, finalRows, latestRows, modelRows, reviewRows] = await Promise.all([
    db.$queryRaw<{ draft: number; submitted: number; withdrawn: number; no_proposal: number }[]>`
      SELECT count(*) FILTER (WHERE p.status = 'DRAFT')::int AS draft,
             count(*) FILTER (WHERE p.status = 'SUBMITTED')::int AS submitted,
             count(*) FILTER (WHERE p.status = 'WITHDRAWN')::int AS withdrawn,
             (SELECT count(*) FROM consortia c WHERE c.call_id = ${call.id}::uuid
                AND NOT EXISTS (SELECT 1 FROM proposals q WHERE q.consortium_id = c.id))::int AS no_proposal
      FROM proposals p WHERE p.call_id = ${call.id}::uuid`,
    // Every submitted version counts (a resubmission is a submission too), withdrawn proposals' included.
    db.$queryRaw<{ bucket: Date; n: number; resubmissions: number }[]>`
      SELECT date_bin('1 day', v.submitted_at, TIMESTAMPTZ '2000-01-01 00:00:00+09') AS bucket,
             count(*)::int AS n, count(*) FILTER (WHERE v.version_no > 1)::int AS resubmissions
      FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id
      WHERE p.call_id = ${call.id}::uuid
      GROUP BY 1 ORDER BY 1`,
    // Bins anchored on the cutoff, so the last one ends exactly at it whatever minute it falls on.
    db.$queryRaw<{ bucket: Date; n: number }[]>`
      SELECT date_bin(${`${FINAL_BUCKET_MINUTES} minutes`}::interval, v.submitted_at, ${call.closesAt}::timestamptz) AS bucket, count(*)::int AS n
      FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id
      WHERE p.call_id = ${call.id}::uuid AND v.submitted_at >= ${finalFrom}::timestamptz AND v.submitted_at < ${call.closesAt}::timestamptz
      GROUP BY 1 ORDER BY 1`,
    // The last submitted version of each SUBMITTED proposal is what gets reviewed.
    db.$queryRaw<{ proposals: number; foreign_only: number; with_scratch: number; requested: string | null; after_cutoff: number }[]>`
      WITH latest AS (
        SELECT v.document AS d FROM proposals p
        JOIN proposal_versions v ON v.proposal_id = p.id AND v.version_no = p.last_version_no
        WHERE p.call_id = ${call.id}::uuid AND p.status = 'SUBMITTED')
      SELECT count(*)::int AS proposals,
             count(*) FILTER (WHERE (d->'flags'->>'foreignFineTuneOnly')::boolean)::int AS foreign_only,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(d->'content'->'models') m WHERE m->>'approach' = 'FROM_SCRATCH'))::int AS with_scratch,
             sum((d->'content'->'overview'->>'requestedBudgetKrw')::numeric)::text AS requested,
             (SELECT count(*) FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id
                WHERE p.call_id = ${call.id}::uuid AND v.submitted_at >= ${call.closesAt}::timestamptz)::int AS after_cutoff
      FROM latest`,
    db.$queryRaw<{ approach: string; n: number; foreign_base: number }[]>`
      SELECT m->>'approach' AS approach, count(*)::int AS n,
             count(*) FILTER (WHERE upper(m->'baseModel'->>'country') <> 'KR')::int AS foreign_base
      FROM proposals p
      JOIN proposal_versions v ON v.proposal_id = p.id AND v.version_no = p.last_version_no
      CROSS JOIN LATERAL jsonb_array_elements(v.document->'content'->'models') m
      WHERE p.call_id = ${call.id}::uuid AND p.status = 'SUBMITTED'
      GROUP BY 1`,
    // Withdrawn proposals are not reviewed, so their assignments do not count towards progress.
    db.$queryRaw<{ assigned: number; declared: number; submitted: number; proposals_assigned: number; proposals_reviewed: number }[]>`
      SELECT count(*)::int AS assigned, count(a.declaration_at)::int AS declared, count(a.submitted_at)::int AS submitted,
             count(DISTINCT a.proposal_id)::int AS proposals_assigned,
             count(DISTINCT a.proposal_id) FILTER (WHERE a.submitted_at IS NOT NULL)::int AS proposals_reviewed
      FROM review_assignments a JOIN proposals p ON p.id = a.proposal_id
      WHERE a.call_id = ${call.id}::uuid AND a.status = 'ACTIVE' AND p.status = 'SUBMITTED'`,
  ]);

  const s = statusRows[0]!;
  const latest = latestRows[0]!;
  const r = reviewRows[0]!;

  // Day buckets over the whole window (or up to the last submission, when an extension ran past it).
  const byDay = new Map(dayRows.map((d) => [d.bucket.getTime(), d]));
  const lastAt = Math.max(call.closesAt.getTime() - 1, ...dayRows.map((d) => d.bucket.getTime()));
  const lastDay = kstDayStart(lastAt);
  const firstDay = Math.max(Math.min(kstDayStart(call.opensAt.getTime()), ...dayRows.map((d) => d.bucket.getTime())), lastDay - (MAX_DAYS - 1) * DAY_MS);
  const perDay: (Bucket & { resubmissions: number })[] = [];
  for (let t = firstDay; t <= lastDay; t += DAY_MS) {
    const d = byDay.get(t);
    perDay.push({ start: new Date(t).toISOString(), count: d?.n ?? 0, resubmissions: d?.resubmissions ?? 0 });
  }
  const byBin = new Map(finalRows.map((b) => [b.bucket.getTime(), b.n]));
  const finalHours: Bucket[] = [];
  const step = FINAL_BUCKET_MINUTES * 60_000;
  for (let t = finalFrom.getTime(); t < call.closesAt.getTime(); t += step) finalHours.push({ start: new Date(t).toISOString(), count: byBin.get(t) ?? 0 });

  const byApproach = new Map(modelRows.map((m) => [m.approach, m]));
  const approaches = APPROACHES.map((approach: Approach) => ({ approach, models: byApproach.get(approach)?.n ?? 0, foreignBase: byApproach.get(approach)?.foreign_base ?? 0 }));
  const totalModels = approaches.reduce((a, x) => a + x.models, 0);

  return {
    call: {
      id: call.id,
      slug: call.slug,
      titleKo: call.titleKo,
      titleEn: call.titleEn,
      isDemo: call.isDemo,
      totalBudget: Number(call.totalBudget),
      opensAt: call.opensAt.toISOString(),
      closesAt: call.closesAt.toISOString(),
      state: callState(call),
    },
    generatedAt: now().toISOString(),
    status: { DRAFT: s.draft, SUBMITTED: s.submitted, WITHDRAWN: s.withdrawn, total: s.draft + s.submitted + s.withdrawn, consortiaWithoutProposal: s.no_proposal },
    submissions: {
      total: dayRows.reduce((a, d) => a + d.n, 0),
      resubmissions: dayRows.reduce((a, d) => a + d.resubmissions, 0),
      afterCutoff: latest.after_cutoff,
      perDay,
      finalHours,
      finalHoursTotal: finalHours.reduce((a, b) => a + b.count, 0),
      finalFrom: finalFrom.toISOString(),
    },
    models: {
      proposals: latest.proposals,
      total: totalModels,
      byApproach: approaches,
      /** FINE_TUNED or CONTINUED_PRETRAINING models whose base comes from outside Korea. */
      foreignBase: approaches.reduce((a, x) => a + x.foreignBase, 0),
      fineTunedFromForeign: byApproach.get("FINE_TUNED")?.foreign_base ?? 0,
      proposalsWithScratch: latest.with_scratch,
      foreignFineTuneOnlyProposals: latest.foreign_only,
    },
    budget: {
      requestedKrw: Number(latest.requested ?? 0),
      totalKrw: Number(call.totalBudget),
      proposals: latest.proposals,
    },
    reviews: {
      assigned: r.assigned,
      declared: r.declared,
      submitted: r.submitted,
      proposalsAssigned: r.proposals_assigned,
      proposalsReviewed: r.proposals_reviewed,
      proposalsToReview: s.submitted,
    },
  };
}

export type CallDashboard = Awaited<ReturnType<typeof callDashboard>>;

// ─── The dashboard's call picker (issue 12 item 15) ─────────────────────────────────────────────

export const PICKER_STATES = ["OPEN", "UPCOMING", "CLOSED"] as const;
export type PickerState = (typeof PICKER_STATES)[number];

export interface PickerCall {
  id: string;
  titleKo: string;
  titleEn: string;
  opensAt: Date;
  closesAt: Date;
  isDemo: boolean;
}

/**
 * The calls grouped by their state at `at`, each group in the order that matters to an admin: open
 * calls closing soonest first, upcoming ones opening soonest first, closed ones most recently closed
 * first; within a state the real calls before the demos. The default is the first of the first
 * non-empty group: the call open now, else the next upcoming, else the most recently closed.
 */
export function groupPickerCalls<C extends PickerCall>(calls: C[], at: Date) {
  const groups: Record<PickerState, C[]> = { OPEN: [], UPCOMING: [], CLOSED: [] };
  for (const c of calls) groups[callState(c, at)].push(c);
  const demoLast = (a: C, b: C) => Number(a.isDemo) - Number(b.isDemo);
  const tie = (a: C, b: C) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  groups.OPEN.sort((a, b) => demoLast(a, b) || a.closesAt.getTime() - b.closesAt.getTime() || tie(a, b));
  groups.UPCOMING.sort((a, b) => demoLast(a, b) || a.opensAt.getTime() - b.opensAt.getTime() || tie(a, b));
  groups.CLOSED.sort((a, b) => demoLast(a, b) || b.closesAt.getTime() - a.closesAt.getTime() || tie(a, b));
  const defaultCall = groups.OPEN[0] ?? groups.UPCOMING[0] ?? groups.CLOSED[0] ?? null;
  return { groups, defaultCall };
}

/** Every call for the admin's picker, grouped, with the default call at the clock's "now". */
export async function dashboardCallPicker(actor: Actor | null) {
  requireAdmin(actor);
  const calls = await db.call.findMany({ select: { id: true, titleKo: true, titleEn: true, opensAt: true, closesAt: true, isDemo: true } });
  return groupPickerCalls(calls, now());
}
