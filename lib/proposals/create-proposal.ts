import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { CAN, consortiumAccess, requireRole } from "@/lib/consortia/access";
import { guardedWrite } from "@/lib/consortia/write-guard";
import { isUniqueViolation, parseInput } from "@/lib/validate";
import { safeText, z } from "@/lib/zod";

export const createProposalSchema = z.strictObject({ consortiumId: safeText().max(64, "tooLong") });

/** The consortium's owner opens its one proposal (the call's rule) as an empty draft. */
export async function createProposal(actor: Actor, input: unknown, ctx: RequestContext) {
  const { consortiumId } = parseInput(createProposalSchema, input);
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.manage);
  try {
    return await guardedWrite({ userId: actor.id, ip: ctx.ip }, access.consortiumId, "PROPOSAL_CREATE", async (tx, at) => {
      const p = await tx.proposal.create({
        data: { callId: access.callId, consortiumId: access.consortiumId, draft: {}, draftSavedAt: at, draftSavedById: actor.id },
        select: { id: true, status: true, draftVersion: true },
      });
      await recordAudit(tx, { entityType: "PROPOSAL", entityId: p.id, action: "proposal.created", actorId: actor.id, ip: ctx.ip, data: { consortiumId: access.consortiumId } });
      return p;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", { fields: { consortiumId: "proposalExists" } });
    throw e;
  }
}
