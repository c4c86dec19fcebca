import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { CAN, proposalAccess, requireRole } from "@/lib/consortia/access";
import { guardedWrite } from "@/lib/consortia/write-guard";
import { deferParse } from "@/lib/validate";
import { proposalDraftSchema } from "./content";
import { isForeignFineTuneOnly } from "./model-plan";

/**
 * Autosave of the draft with optimistic concurrency: the caller says which draft version it edited
 * (If-Match); if a colleague saved since, nothing is written and 409 VERSION_CONFLICT tells the page
 * to offer their version. The draft replaces the previous one whole (the form always sends all of it).
 */
export async function saveDraft(actor: Actor, proposalId: string, input: { draft: unknown; expectedVersion: number | null }, ctx: RequestContext) {
  const access = await proposalAccess(actor, proposalId);
  requireRole(access, CAN.edit);
  const parsed = deferParse(proposalDraftSchema, input.draft);
  return guardedWrite({ userId: actor.id, ip: ctx.ip, proposalId }, access.consortiumId, "DRAFT_SAVE", async (tx, at) => {
    const draft = parsed.get();
    if (input.expectedVersion === null) throw new AppError("BAD_REQUEST", { message: "If-Match with the draft version is required" });
    const current = await tx.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: { draftVersion: true } });
    if (current.draftVersion !== input.expectedVersion) {
      throw new AppError("VERSION_CONFLICT", { message: `draft is at version ${current.draftVersion}, not ${input.expectedVersion}` });
    }
    const flagged = isForeignFineTuneOnly(draft.models ?? []);
    const p = await tx.proposal.update({
      where: { id: proposalId },
      data: { draft: draft as Prisma.InputJsonValue, draftVersion: { increment: 1 }, draftSavedAt: at, draftSavedById: actor.id, foreignFineTuneOnly: flagged },
      select: { id: true, draftVersion: true, draftSavedAt: true, foreignFineTuneOnly: true },
    });
    await recordAudit(tx, {
      entityType: "PROPOSAL",
      entityId: proposalId,
      action: "proposal.draft_saved",
      actorId: actor.id,
      ip: ctx.ip,
      data: { draftVersion: p.draftVersion, sections: Object.keys(draft) },
    });
    return { ...p, draftSavedAt: p.draftSavedAt.toISOString() };
  });
}
