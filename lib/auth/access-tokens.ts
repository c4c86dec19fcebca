import crypto from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { sqlQuery } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/time/clock";
import { isUuid, parseInput } from "@/lib/validate";
import type { Actor, RequestContext } from "./actor";
import { sha256Hex } from "./tokens";
import { createAccessTokenSchema } from "./schemas";

export { createAccessTokenSchema };

// Personal access tokens (DESIGN §7): `Authorization: Bearer sapt_…`. Shown once at creation; only the
// SHA-256 is stored. A token acts as its user with the user's current roles; disabling the user,
// revoking the token or its expiry stops it at the next request.

export const TOKEN_PREFIX = "sapt_";
export const MAX_TOKENS_PER_USER = 20;

export async function createAccessToken(actor: Actor, input: unknown, ctx: RequestContext) {
  const data = parseInput(createAccessTokenSchema, input);
  const secret = crypto.randomBytes(32).toString("base64url");
  const token = `${TOKEN_PREFIX}${secret}`;
  return db.$transaction(async (tx) => {
    const active = await tx.personalAccessToken.count({ where: { userId: actor.id, revokedAt: null } });
    if (active >= MAX_TOKENS_PER_USER) throw new AppError("VALIDATION_FAILED", { fields: { name: "tooManyTokens" } });
    const row = await tx.personalAccessToken.create({
      data: { userId: actor.id, name: data.name, tokenHash: sha256Hex(token), prefix: token.slice(0, 12), expiresAt: new Date(now().getTime() + data.expiresInDays * 86_400_000) },
      select: { id: true, name: true, prefix: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(tx, { entityType: "USER", entityId: actor.id, action: "token.created", actorId: actor.id, ip: ctx.ip, data: { tokenId: row.id, name: row.name } });
    return { ...row, token, expiresAt: row.expiresAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
  });
}

export async function listAccessTokens(actor: Actor) {
  const rows = await db.personalAccessToken.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, expiresAt: true, lastUsedAt: true, revokedAt: true, createdAt: true },
  });
  return rows.map((r) => ({
    ...r,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Revokes one of the actor's own tokens; another user's token id is simply not found. */
export async function revokeAccessToken(actor: Actor, tokenId: string, ctx: RequestContext) {
  if (!isUuid(tokenId)) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    const { count } = await tx.personalAccessToken.updateMany({ where: { id: tokenId, userId: actor.id, revokedAt: null }, data: { revokedAt: now() } });
    if (count !== 1) throw new AppError("NOT_FOUND");
    await recordAudit(tx, { entityType: "USER", entityId: actor.id, action: "token.revoked", actorId: actor.id, ip: ctx.ip, data: { tokenId } });
    return { id: tokenId };
  });
}

/**
 * Revokes every live token of the user, inside the caller's transaction: a password reset, "sign out
 * everywhere" and disabling call it, so a token never outlives them (re-enabling revives nothing).
 */
export async function revokeAllAccessTokens(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx.personalAccessToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now() } });
  return count;
}

/** The user a bearer token acts for, or null when the token is unknown, revoked, expired or its user cannot sign in. */
export async function actorFromAccessToken(raw: string): Promise<Actor | null> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 100) return null;
  // Every API call with a token starts here, so it is one plain statement (decision 010).
  const [row] = await sqlQuery<{ id: string; revoked_at: Date | null; expires_at: Date | null; last_used_at: Date | null; user_id: string; email: string; name: string; roles: string; locale: "ko" | "en"; disabled_at: Date | null; email_verified_at: Date | null }>(
    "actor_from_token",
    `SELECT t.id, t.revoked_at, t.expires_at, t.last_used_at, u.id AS user_id, u.email, u.name, u.roles::text AS roles, u.locale, u.disabled_at, u.email_verified_at
       FROM personal_access_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
    [sha256Hex(raw)],
  );
  const t = now();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= t)) return null;
  if (row.disabled_at || !row.email_verified_at) return null;
  // Last use to the minute: a write per minute per token, not one per request.
  if (!row.last_used_at || t.getTime() - row.last_used_at.getTime() > 60_000) {
    await sqlQuery("token_last_used", "UPDATE personal_access_tokens SET last_used_at = $2 WHERE id = $1", [row.id, t]);
  }
  const roles = row.roles.replace(/^\{|\}$/g, "").split(",").filter(Boolean) as Actor["roles"];
  return { id: row.user_id, email: row.email, name: row.name, roles, locale: row.locale };
}
