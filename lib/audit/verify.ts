import { db } from "@/lib/db/client";
import { auditHash } from "./hash";

export interface ChainCheck {
  ok: boolean;
  events: number;
  /** First seq whose stored hash or link does not match, when !ok. */
  brokenAt?: number;
}

/** Recomputes an entity's chain from its first event; any edited, removed or reordered row shows. */
export async function verifyAuditChain(entityType: string, entityId: string): Promise<ChainCheck> {
  const events = await db.auditEvent.findMany({ where: { entityType, entityId }, orderBy: { seq: "asc" } });
  let prev: string | null = null;
  for (const [i, e] of events.entries()) {
    const expected = auditHash({ ...e, data: e.data, prevHash: prev });
    if (e.seq !== i + 1 || e.prevHash !== prev || e.hash !== expected) return { ok: false, events: events.length, brokenAt: e.seq };
    prev = e.hash;
  }
  return { ok: true, events: events.length };
}
