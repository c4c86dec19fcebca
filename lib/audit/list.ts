import { isoInstant, safeText, z } from "@/lib/zod";
import { db, type Prisma } from "@/lib/db/client";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import { escapeLike, isUuid, parseInput } from "@/lib/validate";
import { verifyAuditChain } from "./verify";
import { ENTITY_TYPES } from "./record";
import { AppError } from "@/lib/errors";

const optText = (max: number) => safeText().trim().max(max, "tooLong").optional().transform((v) => (v ? v : undefined));
const optInstant = safeText()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(isoInstant().optional());

/** The audit log's filters; empty strings (a GET form's blanks) mean "any". */
export const auditFilterSchema = z.object({
  actorEmail: optText(320),
  actorId: optText(64),
  /** A prefix: "call." matches every call event. */
  action: optText(100),
  entityType: optText(40).transform((v) => v?.toUpperCase()),
  entityId: optText(200),
  from: optInstant,
  to: optInstant,
  page: z.coerce.number().int("integerRequired").min(1, "mustBePositive").max(100_000, "tooLarge").default(1),
  take: z.coerce.number().int("integerRequired").min(1, "mustBePositive").max(200, "tooLarge").default(50),
});

export type AuditFilter = z.input<typeof auditFilterSchema>;

/** Audit events newest first, with the actor's email and name, for the admins (DESIGN §5). */
export async function listAuditEvents(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const f = parseInput(auditFilterSchema, input ?? {});
  // An id that is not a UUID names nobody: no rows rather than an error.
  let actorIds: string[] | undefined = f.actorId ? (isUuid(f.actorId) ? [f.actorId] : []) : undefined;
  if (f.actorEmail) {
    const users = await db.user.findMany({ where: { email: { contains: escapeLike(f.actorEmail.toLowerCase()), mode: "insensitive" } }, select: { id: true }, take: 500 });
    const ids = users.map((u) => u.id);
    actorIds = actorIds ? actorIds.filter((id) => ids.includes(id)) : ids;
  }
  const where: Prisma.AuditEventWhereInput = {
    ...(actorIds ? { actorId: { in: actorIds } } : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (f.page - 1) * f.take, take: f.take }),
    db.auditEvent.count({ where }),
  ]);
  const people = await db.user.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))] } }, select: { id: true, email: true, name: true } });
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    events: rows.map((r) => ({
      id: Number(r.id),
      entityType: r.entityType,
      entityId: r.entityId,
      seq: r.seq,
      action: r.action,
      actorId: r.actorId,
      actorEmail: r.actorId ? (byId.get(r.actorId)?.email ?? null) : null,
      actorName: r.actorId ? (byId.get(r.actorId)?.name ?? null) : null,
      data: r.data,
      ip: r.ip,
      createdAt: r.createdAt.toISOString(),
      prevHash: r.prevHash,
      hash: r.hash,
    })),
    page: f.page,
    take: f.take,
    total,
    pages: Math.max(1, Math.ceil(total / f.take)),
  };
}

export const verifyChainSchema = z.strictObject({
  // Stored types are upper case; the list's filter reads "call" as "CALL", and so does this.
  entityType: z.string().trim().min(1, "required").toUpperCase().pipe(z.enum(ENTITY_TYPES, { message: "invalidOption" })),
  entityId: safeText().trim().min(1, "required").max(200, "tooLong"),
});

/** Recomputes one entity's chain on an admin's request; a chain of no events is not found, never "intact". */
export async function verifyEntityChain(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const { entityType, entityId } = parseInput(verifyChainSchema, input);
  const check = await verifyAuditChain(entityType, entityId);
  if (check.events === 0) throw new AppError("NOT_FOUND");
  return { entityType, entityId, ...check };
}
