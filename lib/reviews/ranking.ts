import { safeText, z } from "@/lib/zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import type { VersionDocument } from "@/lib/proposals/version-document";
import { isUuid, parseInput } from "@/lib/validate";
import { aggregate, round2, weightedTotal } from "./aggregate";
import { callRubric } from "./rubric";

export const rankingQuerySchema = z.object({
  callId: safeText().max(64, "tooLong"),
  approach: z.enum(["ALL", "SCRATCH_ONLY", "FOREIGN_FINE_TUNE_ONLY"]).default("ALL"),
  disagreementOnly: z.boolean().default(false),
  sort: z.enum(["trimmedMean", "mean", "normalized", "serial"]).default("trimmedMean"),
});

/**
 * The admins' view of a call's review: every submitted proposal with its reviewers (status, declaration,
 * conflict warnings), their weighted totals, mean, trimmed mean, SD, normalised score and the
 * disagreement flag, ranked. Withdrawn proposals are not reviewed and not listed.
 */
export async function rankProposals(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const q = parseInput(rankingQuerySchema, input);
  if (!isUuid(q.callId)) throw new AppError("CALL_NOT_FOUND");
  const call = await db.call.findUnique({ where: { id: q.callId }, select: { id: true, slug: true, titleKo: true, rubric: true, reviewOpensAt: true, reviewClosesAt: true } });
  if (!call) throw new AppError("CALL_NOT_FOUND");
  const rubric = callRubric(call.rubric);
  const proposals = await db.proposal.findMany({
    where: { callId: call.id, status: "SUBMITTED" },
    orderBy: { serialNo: "asc" },
    select: { id: true, serialNo: true, foreignFineTuneOnly: true, consortium: { select: { name: true } }, versions: { orderBy: { versionNo: "desc" }, take: 1, select: { receiptNo: true, document: true } } },
  });
  const assignments = await db.reviewAssignment.findMany({
    // Withdrawn proposals are not reviewed: their assignments count nowhere (as on the dashboard).
    where: { callId: call.id, status: "ACTIVE", proposalId: { in: proposals.map((p) => p.id) } },
    select: {
      id: true,
      proposalId: true,
      reviewerId: true,
      declarationAt: true,
      submittedAt: true,
      scores: true,
      conflictWarning: true,
      source: true,
      othersSeenAt: true,
      // Changes made after reading the others' (decision 015): both versions and the reason.
      revisions: { orderBy: { revisedAt: "asc" }, select: { revisedAt: true, reason: true, previousScores: true, scores: true } },
    },
  });
  const reviewers = new Map((await db.user.findMany({ where: { id: { in: [...new Set(assignments.map((a) => a.reviewerId))] } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]));
  const submitted = assignments.filter((a) => a.submittedAt).map((a) => ({ reviewerId: a.reviewerId, proposalId: a.proposalId, total: weightedTotal(a.scores as Record<string, number>, rubric) }));
  const stats = aggregate(submitted);

  let rows = proposals.map((p) => {
    const doc = p.versions[0]?.document as unknown as VersionDocument | undefined;
    const approaches = doc?.content.models.map((m) => m.approach) ?? [];
    const s = stats.get(p.id);
    const mine = assignments.filter((a) => a.proposalId === p.id);
    return {
      proposalId: p.id,
      receiptNo: p.versions[0]?.receiptNo ?? null,
      title: doc?.content.overview.titleKo ?? null,
      consortium: p.consortium.name,
      approaches,
      scratchOnly: approaches.length > 0 && approaches.every((a) => a === "FROM_SCRATCH"),
      // The submitted version's flag (the draft may have changed since).
      foreignFineTuneOnly: doc?.flags.foreignFineTuneOnly ?? p.foreignFineTuneOnly,
      requestedBudgetKrw: doc?.content.overview.requestedBudgetKrw ?? null,
      assigned: mine.length,
      submittedReviews: mine.filter((a) => a.submittedAt).length,
      reviewers: mine.map((a) => ({
        assignmentId: a.id,
        reviewerId: a.reviewerId,
        name: reviewers.get(a.reviewerId)?.name ?? "",
        email: reviewers.get(a.reviewerId)?.email ?? "",
        source: a.source,
        declared: a.declarationAt !== null,
        submitted: a.submittedAt !== null,
        total: a.submittedAt ? round2(weightedTotal(a.scores as Record<string, number>, rubric)) : null,
        conflictWarning: a.conflictWarning,
        othersSeenAt: a.othersSeenAt?.toISOString() ?? null,
        revisions: a.revisions.map((v) => ({
          revisedAt: v.revisedAt.toISOString(),
          reason: v.reason,
          previousScores: v.previousScores as Record<string, number>,
          scores: v.scores as Record<string, number>,
          previousTotal: round2(weightedTotal(v.previousScores as Record<string, number>, rubric)),
          total: round2(weightedTotal(v.scores as Record<string, number>, rubric)),
        })),
      })),
      /** Reviews of this proposal changed after their reviewer had read the others'. */
      revisedAfterReading: mine.reduce((n, a) => n + a.revisions.length, 0),
      mean: round2(s?.mean ?? null),
      trimmedMean: round2(s?.trimmedMean ?? null),
      stdDev: round2(s?.stdDev ?? null),
      normalized: round2(s?.normalized ?? null),
      disagreement: s?.disagreement ?? false,
      rank: null as number | null,
    };
  });
  // Rank by trimmed mean over every reviewed proposal, before any filter.
  [...rows].filter((r) => r.trimmedMean !== null).sort((a, b) => b.trimmedMean! - a.trimmedMean!).forEach((r, i) => (r.rank = i + 1));
  if (q.approach === "SCRATCH_ONLY") rows = rows.filter((r) => r.scratchOnly);
  if (q.approach === "FOREIGN_FINE_TUNE_ONLY") rows = rows.filter((r) => r.foreignFineTuneOnly);
  if (q.disagreementOnly) rows = rows.filter((r) => r.disagreement);
  const key = q.sort;
  // Unscored proposals last; ties keep the serial order (Array.prototype.sort is stable).
  if (key !== "serial") rows.sort((a, b) => (a[key] === null ? (b[key] === null ? 0 : 1) : b[key] === null ? -1 : b[key]! - a[key]!));
  return {
    call: { id: call.id, slug: call.slug, titleKo: call.titleKo, reviewOpensAt: call.reviewOpensAt?.toISOString() ?? null, reviewClosesAt: call.reviewClosesAt?.toISOString() ?? null },
    rubric,
    progress: { proposals: proposals.length, assignments: assignments.length, declared: assignments.filter((a) => a.declarationAt).length, submitted: submitted.length },
    rows,
  };
}

/** Reviewers an admin can assign, with their load in this call (for the console's assignment form). */
export async function listReviewers(actor: Actor | null, callId: string) {
  requireAdmin(actor);
  if (!isUuid(callId)) throw new AppError("CALL_NOT_FOUND");
  const users = await db.user.findMany({ where: { roles: { has: "REVIEWER" }, disabledAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true, affiliation: { select: { name: true } } } });
  const load = await db.reviewAssignment.groupBy({ by: ["reviewerId"], where: { callId, status: "ACTIVE" }, _count: { _all: true } });
  const byId = new Map(load.map((l) => [l.reviewerId, l._count._all]));
  return users.map((u) => ({ id: u.id, name: u.name, email: u.email, affiliation: u.affiliation?.name ?? null, load: byId.get(u.id) ?? 0 }));
}
