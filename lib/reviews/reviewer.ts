import { z } from "@/lib/zod";
import { db, type Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { getFileStore } from "@/lib/storage";
import { now } from "@/lib/time/clock";
import { effectiveCutoff } from "@/lib/time/cutoff";
import type { VersionDocument } from "@/lib/proposals/version-document";
import { isUuid, parseInput, validationError } from "@/lib/validate";
import { myAssignment, requireReviewer } from "./access";
import { weightedTotal } from "./aggregate";
import { callRubric, reviewSchemas } from "./rubric";
import { declarationSchema, declareConflictSchema, REVISION_REASON_MIN, revisionNeedsReason } from "./schemas";

export { declarationSchema, declareConflictSchema } from "./schemas";

/**
 * When a reviewer may read and score: reading once the proposal's cutoff has passed (the last
 * submitted version is then final); writing also needs the call's review round to be open
 * (review_opens_at … review_closes_at; unset bounds are open).
 */
export function reviewWindow(call: { closesAt: Date; reviewOpensAt: Date | null; reviewClosesAt: Date | null }, extendedUntil: Date | null, at: Date) {
  const final = at.getTime() >= effectiveCutoff({ opensAt: call.closesAt, closesAt: call.closesAt, extendedUntil }).getTime();
  const roundOpen = (!call.reviewOpensAt || at >= call.reviewOpensAt) && (!call.reviewClosesAt || at < call.reviewClosesAt);
  return { canRead: final, canWrite: final && roundOpen };
}

async function context(assignment: { proposalId: string }) {
  return db.proposal.findUniqueOrThrow({
    where: { id: assignment.proposalId },
    select: {
      id: true,
      status: true,
      lastVersionNo: true,
      foreignFineTuneOnly: true,
      call: { select: { id: true, slug: true, titleKo: true, titleEn: true, closesAt: true, reviewOpensAt: true, reviewClosesAt: true, rubric: true } },
      consortium: { select: { name: true, extensions: { orderBy: { until: "desc" }, take: 1, select: { until: true } } } },
    },
  });
}

/** The reviewer's workspace: their active assignments with status. */
export async function listMyAssignments(actor: Actor | null) {
  const reviewer = requireReviewer(actor);
  const rows = await db.reviewAssignment.findMany({
    where: { reviewerId: reviewer.id, status: "ACTIVE" },
    orderBy: { assignedAt: "asc" },
    select: { id: true, proposalId: true, declarationAt: true, savedAt: true, submittedAt: true, assignedAt: true, conflictWarning: true },
  });
  const proposals = await db.proposal.findMany({
    where: { id: { in: rows.map((r) => r.proposalId) } },
    select: { id: true, serialNo: true, status: true, foreignFineTuneOnly: true, draft: false, call: { select: { slug: true, titleKo: true, titleEn: true, reviewClosesAt: true } }, consortium: { select: { name: true } }, versions: { orderBy: { versionNo: "desc" }, take: 1, select: { receiptNo: true, document: true } } },
  });
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return rows.map((r) => {
    const p = byId.get(r.proposalId)!;
    const doc = p.versions[0]?.document as unknown as VersionDocument | undefined;
    return {
      id: r.id,
      proposalId: r.proposalId,
      receiptNo: p.versions[0]?.receiptNo ?? null,
      title: doc?.content.overview.titleKo ?? null,
      consortium: p.consortium.name,
      call: { ...p.call, reviewClosesAt: p.call.reviewClosesAt?.toISOString() ?? null },
      proposalStatus: p.status,
      foreignFineTuneOnly: p.foreignFineTuneOnly,
      state: r.submittedAt ? "SUBMITTED" : r.savedAt ? "IN_PROGRESS" : r.declarationAt ? "DECLARED" : "NEW",
      assignedAt: r.assignedAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
    };
  });
}

/** Before the first reading: the conflict-of-interest and confidentiality declaration, with time and IP. */
export async function signDeclaration(actor: Actor | null, assignmentId: string, input: unknown, ctx: RequestContext) {
  const reviewer = requireReviewer(actor);
  const a = await myAssignment(reviewer, assignmentId);
  parseInput(declarationSchema, input);
  if (a.declarationAt) return { id: a.id, declarationAt: a.declarationAt.toISOString() };
  return db.$transaction(async (tx) => {
    const at = now();
    await tx.reviewAssignment.update({ where: { id: a.id }, data: { declarationAt: at, declarationIp: ctx.ip } });
    await recordAudit(tx, { entityType: "REVIEW", entityId: a.id, action: "review.declaration_signed", actorId: reviewer.id, ip: ctx.ip, data: { proposalId: a.proposalId } });
    return { id: a.id, declarationAt: at.toISOString() };
  });
}

/** A reviewer declares a conflict: the assignment ends (audited) and the proposal disappears from their view. */
export async function declareConflict(actor: Actor | null, assignmentId: string, input: unknown, ctx: RequestContext) {
  const reviewer = requireReviewer(actor);
  const a = await myAssignment(reviewer, assignmentId);
  const { reason } = parseInput(declareConflictSchema, input);
  return db.$transaction(async (tx) => {
    const at = now();
    await tx.reviewAssignment.update({ where: { id: a.id }, data: { status: "CONFLICTED", conflictReason: reason, conflictAt: at } });
    await recordAudit(tx, { entityType: "REVIEW", entityId: a.id, action: "review.conflict_declared", actorId: reviewer.id, ip: ctx.ip, data: { proposalId: a.proposalId, reason } });
    return { id: a.id, status: "CONFLICTED" as const };
  });
}

/**
 * The proposal as the reviewer reads it: the last submitted version (never the draft), the models'
 * approaches and the flag, the attachments of that version, the rubric and their own review.
 */
export async function getAssignedProposal(actor: Actor | null, assignmentId: string) {
  const reviewer = requireReviewer(actor);
  const a = await myAssignment(reviewer, assignmentId);
  if (!a.declarationAt) throw new AppError("DECLARATION_REQUIRED");
  const p = await context(a);
  const window = reviewWindow(p.call, p.consortium.extensions[0]?.until ?? null, now());
  if (!window.canRead) throw new AppError("REVIEW_NOT_OPEN");
  if (p.status !== "SUBMITTED") throw new AppError("CONFLICT", { fields: { proposal: "proposalWithdrawn" } });
  const v = await db.proposalVersion.findUniqueOrThrow({ where: { proposalId_versionNo: { proposalId: p.id, versionNo: p.lastVersionNo } }, select: { document: true, receiptNo: true, sha256: true, submittedAt: true, versionNo: true } });
  const doc = v.document as unknown as VersionDocument;
  const rubric = callRubric(p.call.rubric);
  return {
    assignmentId: a.id,
    proposalId: p.id,
    call: { slug: p.call.slug, titleKo: p.call.titleKo, titleEn: p.call.titleEn, reviewClosesAt: p.call.reviewClosesAt?.toISOString() ?? null },
    version: { versionNo: v.versionNo, receiptNo: v.receiptNo, sha256: v.sha256, submittedAt: v.submittedAt.toISOString() },
    document: doc,
    foreignFineTuneOnly: doc.flags.foreignFineTuneOnly,
    rubric,
    canWrite: window.canWrite,
    review: {
      scores: a.scores as Record<string, number>,
      comment: a.comment,
      savedAt: a.savedAt?.toISOString() ?? null,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      othersSeenAt: a.othersSeenAt?.toISOString() ?? null,
      total: a.submittedAt ? weightedTotal(a.scores as Record<string, number>, rubric) : null,
    },
  };
}

/**
 * Saves the reviewer's scores: `submit: false` keeps a draft (partial scores allowed, each within
 * range), `submit: true` needs every criterion and a comment. Once submitted, a review changes only
 * while the review round is open, and, once its reviewer has read the others' reviews, only with a
 * written reason kept beside both versions (decision 015).
 */
export async function saveReview(actor: Actor | null, assignmentId: string, input: unknown, ctx: RequestContext) {
  const reviewer = requireReviewer(actor);
  const a = await myAssignment(reviewer, assignmentId);
  if (!a.declarationAt) throw new AppError("DECLARATION_REQUIRED");
  const p = await context(a);
  if (!reviewWindow(p.call, p.consortium.extensions[0]?.until ?? null, now()).canWrite) throw new AppError("REVIEW_NOT_OPEN");
  if (p.status !== "SUBMITTED") throw new AppError("CONFLICT", { fields: { proposal: "proposalWithdrawn" } });
  const rubric = callRubric(p.call.rubric);
  const submit = typeof input === "object" && input !== null && (input as { submit?: unknown }).submit === true;
  // A submitted review changes only by submitting again (a "draft" would alter what others already see).
  if (a.submittedAt && !submit) throw new AppError("CONFLICT", { fields: { submit: "reviewAlreadySubmitted" } });
  const { draft, final } = reviewSchemas(rubric);
  const r = (submit ? final : draft).safeParse(input);
  if (!r.success) throw validationError(r.error);
  const scores = Object.fromEntries(Object.entries(r.data.scores).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  const reason = "revisionReason" in r.data ? (r.data.revisionReason ?? "") : "";
  return db.$transaction(async (tx) => {
    // The row locked and read again: reading the others' (listOtherReviews) takes the same lock.
    await tx.$queryRaw`SELECT 1 FROM review_assignments WHERE id = ${a.id}::uuid FOR UPDATE`;
    const fresh = await tx.reviewAssignment.findUniqueOrThrow({ where: { id: a.id }, select: { scores: true, comment: true, submittedAt: true, othersSeenAt: true } });
    const at = now();
    if (submit && revisionNeedsReason(fresh)) {
      const unchanged = JSON.stringify(sortedScores(fresh.scores as Record<string, number>)) === JSON.stringify(sortedScores(scores)) && fresh.comment === r.data.comment;
      if (unchanged) return { id: a.id, scores, comment: fresh.comment, savedAt: at.toISOString(), submittedAt: fresh.submittedAt!.toISOString(), total: weightedTotal(scores, rubric), revised: false };
      if (reason.length < REVISION_REASON_MIN) throw new AppError("VALIDATION_FAILED", { fields: { revisionReason: "revisionReasonRequired" } });
      await tx.reviewRevision.create({
        data: {
          assignmentId: a.id,
          revisedAt: at,
          reason,
          previousScores: fresh.scores as Prisma.InputJsonValue,
          previousComment: fresh.comment,
          previousSubmittedAt: fresh.submittedAt!,
          scores: scores as Prisma.InputJsonValue,
          comment: r.data.comment,
        },
      });
    }
    const revised = submit && revisionNeedsReason(fresh);
    const row = await tx.reviewAssignment.update({
      where: { id: a.id },
      data: { scores: scores as Prisma.InputJsonValue, comment: r.data.comment, savedAt: at, ...(submit ? { submittedAt: at } : {}) },
      select: { id: true, scores: true, comment: true, savedAt: true, submittedAt: true },
    });
    const total = submit ? weightedTotal(scores, rubric) : null;
    await recordAudit(tx, {
      entityType: "REVIEW",
      entityId: a.id,
      action: revised ? "review.revised_after_reading" : submit ? (fresh.submittedAt ? "review.resubmitted" : "review.submitted") : "review.draft_saved",
      actorId: reviewer.id,
      ip: ctx.ip,
      data: { proposalId: a.proposalId, scores, ...(total !== null ? { total } : {}), ...(revised ? { reason, previousScores: fresh.scores, previousTotal: weightedTotal(fresh.scores as Record<string, number>, rubric) } : {}) },
    });
    return { id: row.id, scores, comment: row.comment, savedAt: row.savedAt!.toISOString(), submittedAt: row.submittedAt?.toISOString() ?? null, total, revised };
  });
}

/**
 * Other reviewers' submitted reviews of the same proposal: only after submitting one's own. The first
 * time there is any to show, the reader's assignment records it (othersSeenAt, audited): from then on
 * their own review changes only with a written reason (decision 015). A review revised that way is
 * shown with its reason.
 */
export async function listOtherReviews(actor: Actor | null, assignmentId: string, ctx: RequestContext) {
  const reviewer = requireReviewer(actor);
  const a = await myAssignment(reviewer, assignmentId);
  if (!a.submittedAt) throw new AppError("FORBIDDEN", { message: "submit your own review first" });
  const p = await context(a);
  const rubric = callRubric(p.call.rubric);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM review_assignments WHERE id = ${a.id}::uuid FOR UPDATE`;
    const others = await tx.reviewAssignment.findMany({
      where: { proposalId: a.proposalId, status: "ACTIVE", submittedAt: { not: null }, id: { not: a.id } },
      // Letters follow the assignment order, so a resubmission does not move them.
      orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
      select: { scores: true, comment: true, submittedAt: true, revisions: { orderBy: { revisedAt: "asc" }, select: { revisedAt: true, reason: true } } },
    });
    if (others.length) {
      const seen = await tx.reviewAssignment.updateMany({ where: { id: a.id, othersSeenAt: null }, data: { othersSeenAt: now() } });
      if (seen.count) await recordAudit(tx, { entityType: "REVIEW", entityId: a.id, action: "review.others_read", actorId: reviewer.id, ip: ctx.ip, data: { proposalId: a.proposalId, others: others.length } });
    }
    // Reviewers are shown as "심사위원 A, B, …": the panel sees scores, not names.
    return others.map((o, i) => ({
      reviewer: String.fromCharCode(65 + i),
      scores: o.scores as Record<string, number>,
      comment: o.comment,
      total: weightedTotal(o.scores as Record<string, number>, rubric),
      submittedAt: o.submittedAt!.toISOString(),
      revisions: o.revisions.map((v) => ({ revisedAt: v.revisedAt.toISOString(), reason: v.reason })),
    }));
  });
}

const sortedScores = (s: Record<string, number>) => Object.fromEntries(Object.entries(s).sort(([x], [y]) => (x < y ? -1 : 1)));

/** An attachment named in the version the reviewer reads, and only those. */
/** One attachment of the version the reviewer reads (not its bytes): NOT_FOUND for any other. */
export async function getReviewAttachment(actor: Actor | null, assignmentId: string, attachmentId: string) {
  const view = await getAssignedProposal(actor, assignmentId);
  const entry = isUuid(attachmentId) ? view.document.attachments.find((x) => x.id === attachmentId) : undefined;
  if (!entry) throw new AppError("NOT_FOUND");
  const row = await db.attachment.findUniqueOrThrow({ where: { id: attachmentId }, select: { id: true, fileName: true, mediaType: true, size: true, sha256: true, storageKey: true } });
  return { ...row, kind: entry.kind, assignmentId: view.assignmentId };
}

export async function openReviewAttachment(actor: Actor | null, assignmentId: string, attachmentId: string) {
  const row = await getReviewAttachment(actor, assignmentId, attachmentId);
  return { ...row, stream: getFileStore().read(row.storageKey) };
}
