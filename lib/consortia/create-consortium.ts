import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { callSlugSchema } from "@/lib/calls";
import { deferParse, isUniqueViolation } from "@/lib/validate";
import { createConsortiumSchema } from "./schemas";
import { upsertOrganization } from "./organizations";
import { judgeCallWindow, recordingLateAttempts } from "./write-guard";

/**
 * An applicant forms a consortium for a call: they act for its lead organisation as OWNER.
 * The call's rule: one consortium led by a given organisation per call (409 CONFLICT).
 */
export async function createConsortium(actor: Actor, input: unknown, ctx: RequestContext) {
  if (!actor.roles.includes("APPLICANT")) throw new AppError("FORBIDDEN");
  const slug = (input as { callSlug?: unknown } | null)?.callSlug;
  const call = typeof slug === "string" && callSlugSchema.safeParse(slug).success ? await db.call.findUnique({ where: { slug }, select: { id: true } }) : null;
  const parsed = deferParse(createConsortiumSchema, input);
  if (!call) {
    parsed.get();
    throw new AppError("CALL_NOT_FOUND");
  }
  return recordingLateAttempts({ userId: actor.id, ip: ctx.ip }, async () => {
    try {
      return await db.$transaction(async (tx) => {
        await judgeCallWindow(tx, call.id, "CONSORTIUM_CREATE");
        const data = parsed.get();
        const leadId = await upsertOrganization(tx, data.lead);
        const consortium = await tx.consortium.create({
          data: {
            callId: call.id,
            name: data.name,
            leadOrganizationId: leadId,
            createdById: actor.id,
            organizations: { create: { organizationId: leadId, role: "LEAD", responsibility: data.responsibility, budgetShareKrw: BigInt(data.budgetShareKrw) } },
            members: { create: { userId: actor.id, organizationId: leadId, role: "OWNER" } },
          },
          select: { id: true, name: true, callId: true, leadOrganizationId: true },
        });
        await recordAudit(tx, {
          entityType: "CONSORTIUM",
          entityId: consortium.id,
          action: "consortium.created",
          actorId: actor.id,
          ip: ctx.ip,
          data: { callId: call.id, name: data.name, leadBusinessRegNo: data.lead.businessRegNo, leadBudgetShareKrw: data.budgetShareKrw },
        });
        return consortium;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError("CONFLICT", { fields: { "lead.businessRegNo": "leadAlreadyApplied" } });
      throw e;
    }
  });
}
