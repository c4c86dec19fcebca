import { z } from "@/lib/zod";
import { db, type Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin, type Actor, type RequestContext } from "@/lib/auth/actor";
import { isUniqueViolation, isUuid, parseInput } from "@/lib/validate";
import { createCallSchema, updateCallSchema } from "./schemas";

export { rubricCriterionSchema, rubricSchema } from "@/lib/reviews/schemas";
import { toPublicCall } from "./index";

export { callFields, createCallSchema, updateCallSchema } from "./schemas";

function toRow(data: Partial<z.output<typeof createCallSchema>>) {
  const { totalBudget, rubric, rules, ...rest } = data;
  return {
    ...rest,
    ...(totalBudget !== undefined ? { totalBudget: BigInt(totalBudget) } : {}),
    ...(rubric !== undefined ? { rubric: rubric as Prisma.InputJsonValue } : {}),
    ...(rules !== undefined ? { rules: rules as Prisma.InputJsonValue } : {}),
  };
}

/** An admin creates a call (공고). */
export async function createCall(actor: Actor | null, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  const data = parseInput(createCallSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      const call = await tx.call.create({ data: toRow(data) as Prisma.CallCreateInput });
      await recordAudit(tx, { entityType: "CALL", entityId: call.id, action: "call.created", actorId: admin.id, ip: ctx.ip, data: { slug: call.slug, opensAt: call.opensAt.toISOString(), closesAt: call.closesAt.toISOString() } });
      return toPublicCall(call);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", { fields: { slug: "slugTaken" } });
    throw e;
  }
}

/**
 * An admin edits a call, e.g. moves its cutoff. When proposals were already submitted, a cutoff change
 * needs `confirmCutoffChange: true` (409 otherwise). The audit row keeps the values before and after.
 */
export async function updateCall(actor: Actor | null, callId: string, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  if (!isUuid(callId)) throw new AppError("CALL_NOT_FOUND");
  const { confirmCutoffChange, ...data } = parseInput(updateCallSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      // Lock the call: a cutoff move and the writes judged against it do not interleave.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM calls WHERE id = ${callId}::uuid FOR UPDATE`;
      if (!locked[0]) throw new AppError("CALL_NOT_FOUND");
      const before = await tx.call.findUniqueOrThrow({ where: { id: callId } });
      const opensAt = data.opensAt ?? before.opensAt;
      const closesAt = data.closesAt ?? before.closesAt;
      if (closesAt <= opensAt) throw new AppError("VALIDATION_FAILED", { fields: { closesAt: "closesBeforeOpens" } });
      const cutoffMoves = data.closesAt !== undefined && data.closesAt.getTime() !== before.closesAt.getTime();
      if (cutoffMoves && !confirmCutoffChange) {
        const submitted = await tx.proposalVersion.count({ where: { proposal: { callId } } });
        if (submitted > 0) throw new AppError("CONFLICT", { fields: { closesAt: "cutoffChangeNeedsConfirmation" } });
      }
      const call = await tx.call.update({ where: { id: callId }, data: toRow(data) });
      const changed = Object.keys(data);
      const snapshot = (c: typeof before) => Object.fromEntries(changed.map((k) => [k, JSON.parse(JSON.stringify((c as Record<string, unknown>)[k], (_k, v) => (typeof v === "bigint" ? Number(v) : v)))]));
      await recordAudit(tx, {
        entityType: "CALL",
        entityId: callId,
        action: cutoffMoves ? "call.cutoff_moved" : "call.updated",
        actorId: admin.id,
        ip: ctx.ip,
        data: { before: snapshot(before), after: snapshot(call), confirmed: Boolean(confirmCutoffChange) },
      });
      return toPublicCall(call);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", { fields: { slug: "slugTaken" } });
    throw e;
  }
}

/** Refused late writes of a call, latest first, for the admins. */
export async function listLateAttempts(actor: Actor | null, opts: { callId?: string; take?: number } = {}) {
  requireAdmin(actor);
  const rows = await db.lateAttempt.findMany({
    where: opts.callId && isUuid(opts.callId) ? { callId: opts.callId } : {},
    orderBy: { attemptedAt: "desc" },
    take: Math.min(Math.max(opts.take ?? 100, 1), 1000),
  });
  return rows.map((r) => ({ ...r, id: Number(r.id), attemptedAt: r.attemptedAt.toISOString(), cutoff: r.cutoff.toISOString(), lateBy: `${(r.lateByMs / 1000).toFixed(1)} s` }));
}
