import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import { callRules } from "@/lib/calls/rules";
import { toPublicCall } from "@/lib/calls";
import type { RubricCriterion } from "@/lib/reviews/schemas";
import { isUuid } from "@/lib/validate";

/** A call with everything the admin's edit form shows (rubric, rules, review round). */
export async function getAdminCall(actor: Actor | null, callId: string) {
  requireAdmin(actor);
  if (!isUuid(callId)) throw new AppError("CALL_NOT_FOUND");
  const c = await db.call.findUnique({ where: { id: callId } });
  if (!c) throw new AppError("CALL_NOT_FOUND");
  const submitted = await db.proposalVersion.count({ where: { proposal: { callId } } });
  return {
    ...toPublicCall(c),
    rubric: (Array.isArray(c.rubric) ? c.rubric : []) as unknown as RubricCriterion[],
    rules: callRules(c.rules),
    reviewOpensAt: c.reviewOpensAt?.toISOString() ?? null,
    reviewClosesAt: c.reviewClosesAt?.toISOString() ?? null,
    submittedVersions: submitted,
  };
}

/** The call's consortia with their proposal's status and latest extension, and every extension granted. */
export async function listCallConsortia(actor: Actor | null, callId: string) {
  requireAdmin(actor);
  if (!isUuid(callId)) throw new AppError("CALL_NOT_FOUND");
  const rows = await db.consortium.findMany({
    where: { callId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      leadOrganization: { select: { name: true } },
      proposal: { select: { status: true } },
      extensions: { orderBy: { createdAt: "desc" }, select: { id: true, until: true, reason: true, grantedById: true, createdAt: true } },
    },
  });
  const granters = await db.user.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => r.extensions.map((e) => e.grantedById)))] } }, select: { id: true, email: true, name: true } });
  const byId = new Map(granters.map((u) => [u.id, u]));
  const consortia = rows.map((r) => ({
    id: r.id,
    name: r.name,
    leadOrganization: r.leadOrganization.name,
    proposalStatus: r.proposal?.status ?? null,
    // The latest `until` decides, as lib/consortia/write-guard.ts judges (max over the grants).
    extensionUntil: r.extensions.length ? new Date(Math.max(...r.extensions.map((e) => e.until.getTime()))).toISOString() : null,
  }));
  const extensions = rows
    .flatMap((r) => r.extensions.map((e) => ({ id: e.id, consortiumId: r.id, consortiumName: r.name, until: e.until.toISOString(), reason: e.reason, grantedBy: byId.get(e.grantedById)?.email ?? null, createdAt: e.createdAt.toISOString() })))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { consortia, extensions };
}
