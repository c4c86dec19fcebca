import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin, type Actor, type RequestContext } from "@/lib/auth/actor";
import { isUuid, parseInput } from "@/lib/validate";
import { grantExtensionSchema } from "./extension-schema";

export { grantExtensionSchema } from "./extension-schema";

/** At most this long past the call's cutoff: an extension answers an outage, it does not reopen a call. */
export const MAX_EXTENSION_MS = 14 * 24 * 3600_000;

/**
 * An admin moves one consortium's cutoff (DESIGN §4: the portal's own outages are answered with
 * documented extensions, not with grace). The reason goes to the audit log of the consortium and the call.
 */
export async function grantExtension(actor: Actor | null, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  const data = parseInput(grantExtensionSchema, input);
  if (!isUuid(data.consortiumId)) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    const c = await tx.consortium.findUnique({ where: { id: data.consortiumId }, select: { id: true, callId: true, call: { select: { closesAt: true } } } });
    if (!c) throw new AppError("NOT_FOUND");
    if (data.until.getTime() <= c.call.closesAt.getTime()) throw new AppError("VALIDATION_FAILED", { fields: { until: "extensionNotAfterCutoff" } });
    if (data.until.getTime() > c.call.closesAt.getTime() + MAX_EXTENSION_MS) throw new AppError("VALIDATION_FAILED", { fields: { until: "extensionTooLong" } });
    const ext = await tx.extension.create({
      data: { consortiumId: c.id, until: data.until, reason: data.reason, grantedById: admin.id },
      select: { id: true, consortiumId: true, until: true, reason: true, createdAt: true },
    });
    const audit = { action: "extension.granted", actorId: admin.id, ip: ctx.ip, data: { extensionId: ext.id, consortiumId: c.id, until: data.until.toISOString(), reason: data.reason } };
    await recordAudit(tx, { entityType: "CONSORTIUM", entityId: c.id, ...audit });
    await recordAudit(tx, { entityType: "CALL", entityId: c.callId, ...audit });
    return { ...ext, until: ext.until.toISOString(), createdAt: ext.createdAt.toISOString() };
  });
}
