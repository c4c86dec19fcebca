import { Prisma, type Tx } from "@/lib/db/client";
import { now } from "@/lib/time/clock";
import { auditHash } from "./hash";

export const ENTITY_TYPES = ["USER", "CALL", "SIGNIN", "PROPOSAL", "CONSORTIUM", "REVIEW", "SYSTEM"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface AuditInput {
  entityType: EntityType;
  entityId: string;
  action: string;
  actorId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Appends an event to its entity's hash chain, inside the caller's transaction, so the event commits
 * or rolls back with the change it records. A transaction-scoped advisory lock on the entity
 * serialises writers of the same chain only; other entities never wait.
 */
export async function recordAudit(tx: Tx, input: AuditInput) {
  const key = `${input.entityType}:${input.entityId}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  const last = await tx.auditEvent.findFirst({
    where: { entityType: input.entityType, entityId: input.entityId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const fields = {
    entityType: input.entityType,
    entityId: input.entityId,
    seq: (last?.seq ?? 0) + 1,
    action: input.action,
    actorId: input.actorId ?? null,
    data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
    ip: input.ip ?? null,
    createdAt: now(),
    prevHash: last?.hash ?? null,
  };
  return tx.auditEvent.create({
    data: { ...fields, data: fields.data as Prisma.InputJsonValue, hash: auditHash(fields) },
  });
}
