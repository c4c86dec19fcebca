import crypto from "node:crypto";
import { AppError } from "@/lib/errors";
import type { Tx } from "@/lib/db/client";
import { now } from "@/lib/time/clock";

export type Purpose = "VERIFY_EMAIL" | "RESET_PASSWORD" | "INVITE_USER" | "SIGN_IN_LINK";

// Mailed-on-request links live at least their per-email limit's window (forgotEmail, signInLinkEmail:
// 1 h): a request dropped past the limit finds the window's earlier link still valid (decision 012).
export const TOKEN_TTL_MS: Record<Purpose, number> = {
  VERIFY_EMAIL: 24 * 3600_000,
  RESET_PASSWORD: 3600_000,
  INVITE_USER: 7 * 24 * 3600_000,
  SIGN_IN_LINK: 3600_000,
};

export function sha256Hex(s: string) {
  return crypto.createHash("sha256").update(s).digest("hex");
}

/**
 * Issues a one-time token; only its hash is stored. Returns the raw token for the mail link.
 * `nextPath` (already a safeCallbackPath) is where its owner goes after using it and signing in.
 */
export async function issueUserToken(tx: Tx, userId: string, purpose: Purpose, opts: { nextPath?: string | null } = {}): Promise<string> {
  const raw = crypto.randomBytes(32).toString("base64url");
  await tx.userToken.create({
    data: { userId, purpose, tokenHash: sha256Hex(raw), expiresAt: new Date(now().getTime() + TOKEN_TTL_MS[purpose]), nextPath: opts.nextPath ?? null },
  });
  return raw;
}

/** Marks the token used and returns its user id; unknown, expired or used tokens throw. */
export async function consumeUserToken(tx: Tx, raw: string, purposes: Purpose[]) {
  const row = await tx.userToken.findUnique({ where: { tokenHash: sha256Hex(raw) } });
  if (!row || !purposes.includes(row.purpose)) throw new AppError("TOKEN_INVALID");
  if (row.usedAt) throw new AppError("TOKEN_USED");
  if (row.expiresAt.getTime() <= now().getTime()) throw new AppError("TOKEN_EXPIRED");
  // Conditional update: two concurrent uses of one token cannot both succeed.
  const { count } = await tx.userToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now() } });
  if (count !== 1) throw new AppError("TOKEN_USED");
  return row;
}
