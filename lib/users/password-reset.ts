import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { resetPasswordSchema } from "@/lib/auth/schemas";
import { revokeAllAccessTokens } from "@/lib/auth/access-tokens";
import { requestOneTimeLink } from "@/lib/auth/one-time-link-mail";
import { clearLimit, consumeLimits } from "@/lib/auth/rate-limit";
import { consumeUserToken, sha256Hex } from "@/lib/auth/tokens";
import type { RequestContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { now } from "@/lib/time/clock";
import { parseInput } from "@/lib/validate";

/** Mails a reset link when the address belongs to an active account (same answer and time either way). */
export function requestPasswordReset(input: unknown, ctx: RequestContext): Promise<{ done: Promise<void> }> {
  return requestOneTimeLink(input, ctx, {
    purpose: "RESET_PASSWORD",
    limits: { perAddress: "forgotIp", perTarget: "forgotEmail" },
    path: "/reset",
    subject: "mail.resetSubject",
    body: "mail.resetBody",
    auditAction: "user.password_reset_requested",
  });
}

/**
 * Sets a new password from a reset or invitation link. Opening the link proves the address, so it
 * is marked verified; every existing session ends (session version bump).
 */
export async function resetPassword(input: unknown, ctx: Pick<RequestContext, "ip">) {
  const data = parseInput(resetPasswordSchema, input);
  await consumeLimits([["tokenIp", ctx.ip], ["tokenTarget", sha256Hex(data.token)]]);
  const passwordHash = await hashPassword(data.password);
  const result = await db.$transaction(async (tx) => {
    const row = await consumeUserToken(tx, data.token, ["RESET_PASSWORD", "INVITE_USER"]);
    // One link used: every other reset/invitation link of the user dies with it.
    await tx.userToken.updateMany({ where: { userId: row.userId, purpose: { in: ["RESET_PASSWORD", "INVITE_USER"] }, usedAt: null }, data: { usedAt: now() } });
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { email: true, name: true, emailVerifiedAt: true } });
    const problem = passwordProblem(data.password, [user.email, user.name]);
    if (problem) throw new AppError("VALIDATION_FAILED", { fields: { password: problem } });
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now(), sessionVersion: { increment: 1 } },
    });
    // Whoever held the old password may have minted tokens with it.
    const tokensRevoked = await revokeAllAccessTokens(tx, row.userId);
    await recordAudit(tx, {
      entityType: "USER",
      entityId: row.userId,
      action: row.purpose === "INVITE_USER" ? "user.invitation_accepted" : "user.password_reset",
      actorId: row.userId,
      ip: ctx.ip,
      data: { tokensRevoked },
    });
    return { email: user.email };
  });
  // The window's other reset links died with this one: the owner's next request must mail again.
  await clearLimit("forgotEmail", result.email);
  return result;
}
