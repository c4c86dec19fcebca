import crypto from "node:crypto";
import canonicalize from "canonicalize";

/** SHA-256 (hex) of the RFC 8785 canonical JSON of `value`. */
export function canonicalSha256(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new Error("value cannot be canonicalised");
  return crypto.createHash("sha256").update(json, "utf8").digest("hex");
}

export interface ChainedFields {
  entityType: string;
  entityId: string;
  seq: number;
  action: string;
  actorId: string | null;
  data: unknown;
  ip: string | null;
  createdAt: Date;
  prevHash: string | null;
}

/** hash_n = SHA-256 over the canonical JSON of the event including hash_{n-1}. */
export function auditHash(e: ChainedFields): string {
  return canonicalSha256({
    entityType: e.entityType,
    entityId: e.entityId,
    seq: e.seq,
    action: e.action,
    actorId: e.actorId,
    data: e.data ?? {},
    ip: e.ip,
    createdAt: e.createdAt.toISOString(),
    prevHash: e.prevHash,
  });
}
