import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { deferParse, isUniqueViolation, isUuid } from "@/lib/validate";
import { CAN, consortiumAccess, requireRole } from "./access";
import { addOrganizationSchema, updateOrganizationSchema } from "./schemas";
import { upsertOrganization } from "./organizations";
import { guardedWrite } from "./write-guard";

/** The owner adds a participating organisation (참여기관) with its part and budget share. */
export async function addOrganization(actor: Actor, consortiumId: string, input: unknown, ctx: RequestContext) {
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.manage);
  const parsed = deferParse(addOrganizationSchema, input);
  try {
    return await guardedWrite({ userId: actor.id, ip: ctx.ip }, consortiumId, "CONSORTIUM_EDIT", async (tx) => {
      const data = parsed.get();
      const organizationId = await upsertOrganization(tx, data.organization);
      const row = await tx.consortiumOrganization.create({
        data: { consortiumId, organizationId, role: "PARTICIPANT", responsibility: data.responsibility, budgetShareKrw: BigInt(data.budgetShareKrw) },
        select: { id: true, organizationId: true },
      });
      await recordAudit(tx, {
        entityType: "CONSORTIUM",
        entityId: consortiumId,
        action: "consortium.organization_added",
        actorId: actor.id,
        ip: ctx.ip,
        data: { organizationId, businessRegNo: data.organization.businessRegNo, budgetShareKrw: data.budgetShareKrw },
      });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", { fields: { "organization.businessRegNo": "organizationAlreadyInConsortium" } });
    throw e;
  }
}

/** The owner changes an organisation's part or share; a changed share needs that organisation's confirmation again. */
export async function updateOrganization(actor: Actor, consortiumId: string, organizationId: string, input: unknown, ctx: RequestContext) {
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.manage);
  if (!isUuid(organizationId)) throw new AppError("NOT_FOUND");
  const parsed = deferParse(updateOrganizationSchema, input);
  return guardedWrite({ userId: actor.id, ip: ctx.ip }, consortiumId, "CONSORTIUM_EDIT", async (tx) => {
    const data = parsed.get();
    const { count } = await tx.consortiumOrganization.updateMany({
      where: { consortiumId, organizationId },
      data: {
        ...(data.responsibility !== undefined ? { responsibility: data.responsibility } : {}),
        ...(data.budgetShareKrw !== undefined ? { budgetShareKrw: BigInt(data.budgetShareKrw) } : {}),
      },
    });
    if (count !== 1) throw new AppError("NOT_FOUND");
    await recordAudit(tx, { entityType: "CONSORTIUM", entityId: consortiumId, action: "consortium.organization_updated", actorId: actor.id, ip: ctx.ip, data: { organizationId, ...data } });
    return { organizationId };
  });
}

/** The owner removes a participating organisation, with its people and open invitations. The lead stays. */
export async function removeOrganization(actor: Actor, consortiumId: string, organizationId: string, ctx: RequestContext) {
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.manage);
  if (!isUuid(organizationId)) throw new AppError("NOT_FOUND");
  return guardedWrite({ userId: actor.id, ip: ctx.ip }, consortiumId, "CONSORTIUM_EDIT", async (tx, at) => {
    const row = await tx.consortiumOrganization.findUnique({ where: { consortiumId_organizationId: { consortiumId, organizationId } }, select: { id: true, role: true } });
    if (!row) throw new AppError("NOT_FOUND");
    if (row.role === "LEAD") throw new AppError("FORBIDDEN", { message: "the lead organisation cannot be removed" });
    const members = await tx.consortiumMember.deleteMany({ where: { consortiumId, organizationId } });
    await tx.consortiumInvitation.updateMany({ where: { consortiumId, organizationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: at } });
    await tx.consortiumOrganization.delete({ where: { id: row.id } });
    await recordAudit(tx, { entityType: "CONSORTIUM", entityId: consortiumId, action: "consortium.organization_removed", actorId: actor.id, ip: ctx.ip, data: { organizationId, membersRemoved: members.count } });
    return { organizationId };
  });
}

/**
 * A person acting for a member organisation confirms its participation and its budget share, as the
 * national R&D system requires the institution's approval. What was confirmed is the share at that moment.
 */
export async function confirmParticipation(actor: Actor, consortiumId: string, organizationId: string, ctx: RequestContext) {
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.read);
  if (!isUuid(organizationId) || access.organizationId !== organizationId) throw new AppError("FORBIDDEN", { message: "only a person of that organisation can confirm it" });
  return guardedWrite({ userId: actor.id, ip: ctx.ip }, consortiumId, "PARTICIPATION_CONFIRM", async (tx, at) => {
    const row = await tx.consortiumOrganization.findUnique({ where: { consortiumId_organizationId: { consortiumId, organizationId } } });
    if (!row) throw new AppError("NOT_FOUND");
    await tx.consortiumOrganization.update({ where: { id: row.id }, data: { confirmedShareKrw: row.budgetShareKrw, confirmedAt: at, confirmedById: actor.id } });
    await recordAudit(tx, {
      entityType: "CONSORTIUM",
      entityId: consortiumId,
      action: "consortium.participation_confirmed",
      actorId: actor.id,
      ip: ctx.ip,
      data: { organizationId, budgetShareKrw: Number(row.budgetShareKrw) },
    });
    return { organizationId, confirmedAt: at, confirmedShareKrw: Number(row.budgetShareKrw) };
  });
}
