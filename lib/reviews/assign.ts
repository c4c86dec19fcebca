import crypto from "node:crypto";
import { safeText, z } from "@/lib/zod";
import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin, type Actor, type RequestContext } from "@/lib/auth/actor";
import { now } from "@/lib/time/clock";
import { isUuid, parseInput } from "@/lib/validate";
import { describeConflicts, detectConflicts, type ConflictReason } from "./conflicts";

export const assignSchema = z.strictObject({
  proposalId: safeText().max(64, "tooLong"),
  reviewerId: safeText().max(64, "tooLong"),
  /** The admin saw the conflict warning and assigns anyway (recorded on the assignment and in the audit log). */
  acknowledgeConflict: z.boolean().default(false),
});

export const autoAssignSchema = z.strictObject({
  callId: safeText().max(64, "tooLong"),
  perProposal: z.number().int("integerRequired").min(1, "mustBePositive").max(10, "tooLarge"),
});

/** What conflict detection needs to know about a proposal's consortium. */
async function consortiumFacts(client: Tx | typeof db, proposalIds: string[]) {
  const rows = await client.proposal.findMany({
    where: { id: { in: proposalIds } },
    select: {
      id: true,
      callId: true,
      status: true,
      serialNo: true,
      consortium: {
        select: {
          organizations: { select: { organization: { select: { businessRegNo: true, name: true } } } },
          members: { select: { user: { select: { email: true } } } },
        },
      },
    },
  });
  return new Map(
    rows.map((p) => [
      p.id,
      {
        ...p,
        facts: { organizations: p.consortium.organizations.map((o) => o.organization), memberEmails: p.consortium.members.map((m) => m.user.email) },
      },
    ]),
  );
}

async function reviewerFacts(client: Tx | typeof db, where: { id?: string } = {}) {
  const rows = await client.user.findMany({
    where: { ...where, roles: { has: "REVIEWER" }, disabledAt: null },
    select: { id: true, email: true, name: true, affiliation: { select: { businessRegNo: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, affiliationBusinessRegNo: r.affiliation?.businessRegNo ?? null }));
}

/** Conflicts between one reviewer and one proposal, for the console's warning before a manual assignment. */
/** The conflicts check's query: both ids are needed; one that is not a UUID names nothing (404). */
export const checkConflictsSchema = z.object({
  proposalId: safeText().trim().min(1, "required").max(64, "tooLong"),
  reviewerId: safeText().trim().min(1, "required").max(64, "tooLong"),
});

export async function checkConflicts(actor: Actor | null, input: unknown): Promise<ConflictReason[]> {
  requireAdmin(actor);
  const { proposalId, reviewerId } = parseInput(checkConflictsSchema, input);
  if (!isUuid(proposalId) || !isUuid(reviewerId)) throw new AppError("NOT_FOUND");
  const [p] = [...(await consortiumFacts(db, [proposalId])).values()];
  const [r] = await reviewerFacts(db, { id: reviewerId });
  if (!p || !r) throw new AppError("NOT_FOUND");
  return detectConflicts(r, p.facts);
}

/**
 * An admin assigns a reviewer to a submitted proposal. A detected conflict (shared organisation or
 * e-mail domain) refuses the assignment with 409 unless the admin acknowledges it; then it is
 * recorded. A withdrawn or never-submitted proposal is not reviewed.
 */
export async function assignReviewer(actor: Actor | null, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  const data = parseInput(assignSchema, input);
  if (!isUuid(data.proposalId)) throw new AppError("VALIDATION_FAILED", { fields: { proposalId: "proposalNotFound" } });
  if (!isUuid(data.reviewerId)) throw new AppError("VALIDATION_FAILED", { fields: { reviewerId: "reviewerNotFound" } });
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM proposals WHERE id = ${data.proposalId}::uuid FOR UPDATE`;
    const p = (await consortiumFacts(tx, [data.proposalId])).get(data.proposalId);
    if (!p) throw new AppError("VALIDATION_FAILED", { fields: { proposalId: "proposalNotFound" } });
    if (p.status !== "SUBMITTED") throw new AppError("CONFLICT", { fields: { proposalId: p.status === "WITHDRAWN" ? "proposalWithdrawn" : "proposalNotSubmitted" } });
    const [r] = await reviewerFacts(tx, { id: data.reviewerId });
    if (!r) throw new AppError("VALIDATION_FAILED", { fields: { reviewerId: "reviewerNotFound" } });
    const conflicts = detectConflicts(r, p.facts);
    if (conflicts.length && !data.acknowledgeConflict) {
      throw new AppError("CONFLICT", { fields: { reviewerId: "conflictOfInterest" }, message: describeConflicts(conflicts) });
    }
    const existing = await tx.reviewAssignment.findUnique({ where: { proposalId_reviewerId: { proposalId: data.proposalId, reviewerId: r.id } } });
    if (existing?.status === "ACTIVE") throw new AppError("CONFLICT", { fields: { reviewerId: "alreadyAssigned" } });
    if (existing?.status === "CONFLICTED") throw new AppError("CONFLICT", { fields: { reviewerId: "reviewerDeclaredConflict" } });
    const at = now();
    const warning = conflicts.length ? describeConflicts(conflicts) : null;
    const a = existing
      ? await tx.reviewAssignment.update({ where: { id: existing.id }, data: { status: "ACTIVE", source: "MANUAL", conflictWarning: warning, assignedById: admin.id, assignedAt: at } })
      : await tx.reviewAssignment.create({
          data: { callId: p.callId, proposalId: p.id, reviewerId: r.id, source: "MANUAL", conflictWarning: warning, assignedById: admin.id, assignedAt: at },
        });
    await recordAudit(tx, { entityType: "REVIEW", entityId: a.id, action: "review.assigned", actorId: admin.id, ip: ctx.ip, data: { proposalId: p.id, reviewerId: r.id, source: "MANUAL", conflictWarning: warning } });
    return { id: a.id, proposalId: a.proposalId, reviewerId: a.reviewerId, source: a.source, conflictWarning: a.conflictWarning };
  });
}

/** An admin takes a reviewer off a proposal (their draft review stays on record, unused). */
export async function removeAssignment(actor: Actor | null, assignmentId: string, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  if (!isUuid(assignmentId)) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    const { count } = await tx.reviewAssignment.updateMany({ where: { id: assignmentId, status: "ACTIVE" }, data: { status: "REMOVED" } });
    if (count !== 1) throw new AppError("NOT_FOUND");
    await recordAudit(tx, { entityType: "REVIEW", entityId: assignmentId, action: "review.unassigned", actorId: admin.id, ip: ctx.ip });
    return { id: assignmentId, status: "REMOVED" as const };
  });
}

/** A stable pseudo-random order, so automatic assignment is reproducible for the same inputs. */
const tieBreak = (a: string, b: string) => crypto.createHash("sha256").update(`${a}:${b}`).digest("hex");

/**
 * Balanced automatic assignment: every submitted proposal of the call gets up to `perProposal` active
 * reviewers, choosing among reviewers without a detected conflict (and who never declared one on it)
 * the ones with the fewest assignments in this call. Proposals with the fewest reviewers go first.
 * Slots that no eligible reviewer can fill are reported, not forced.
 */
export async function autoAssign(actor: Actor | null, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  const data = parseInput(autoAssignSchema, input);
  if (!isUuid(data.callId)) throw new AppError("CALL_NOT_FOUND");
  return db.$transaction(async (tx) => {
    // One automatic run per call at a time.
    const call = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM calls WHERE id = ${data.callId}::uuid FOR UPDATE`;
    if (!call[0]) throw new AppError("CALL_NOT_FOUND");
    const proposals = await tx.proposal.findMany({ where: { callId: data.callId, status: "SUBMITTED" }, select: { id: true }, orderBy: { serialNo: "asc" } });
    const facts = await consortiumFacts(tx, proposals.map((p) => p.id));
    const reviewers = await reviewerFacts(tx);
    const existing = await tx.reviewAssignment.findMany({ where: { callId: data.callId }, select: { proposalId: true, reviewerId: true, status: true } });
    const load = new Map(reviewers.map((r) => [r.id, 0]));
    const taken = new Set(existing.map((e) => `${e.proposalId}:${e.reviewerId}`));
    const active = new Map<string, number>();
    for (const e of existing) {
      if (e.status !== "ACTIVE") continue;
      load.set(e.reviewerId, (load.get(e.reviewerId) ?? 0) + 1);
      active.set(e.proposalId, (active.get(e.proposalId) ?? 0) + 1);
    }
    const order = [...proposals].sort((a, b) => (active.get(a.id) ?? 0) - (active.get(b.id) ?? 0));
    const created: { id: string; proposalId: string; reviewerId: string }[] = [];
    const unfilled: { proposalId: string; missing: number }[] = [];
    const at = now();
    for (const p of order) {
      const need = data.perProposal - (active.get(p.id) ?? 0);
      if (need <= 0) continue;
      const f = facts.get(p.id)!.facts;
      const eligible = reviewers
        .filter((r) => !taken.has(`${p.id}:${r.id}`) && detectConflicts(r, f).length === 0)
        .sort((a, b) => load.get(a.id)! - load.get(b.id)! || tieBreak(p.id, a.id).localeCompare(tieBreak(p.id, b.id)));
      for (const r of eligible.slice(0, need)) {
        const a = await tx.reviewAssignment.create({ data: { callId: data.callId, proposalId: p.id, reviewerId: r.id, source: "AUTO", assignedById: admin.id, assignedAt: at } });
        created.push({ id: a.id, proposalId: p.id, reviewerId: r.id });
        load.set(r.id, load.get(r.id)! + 1);
        taken.add(`${p.id}:${r.id}`);
      }
      if (eligible.length < need) unfilled.push({ proposalId: p.id, missing: need - eligible.length });
    }
    await recordAudit(tx, { entityType: "CALL", entityId: data.callId, action: "review.auto_assigned", actorId: admin.id, ip: ctx.ip, data: { perProposal: data.perProposal, created: created.length, unfilled } });
    return { created, unfilled };
  });
}
