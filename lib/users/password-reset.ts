import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { forgotPasswordSchema, resetPasswordSchema } from "@/lib/auth/schemas";
import { revokeAllAccessTokens } from "@/lib/auth/access-tokens";
import { consumeLimits } from "@/lib/auth/rate-limit";
import { consumeUserToken, issueUserToken, sha256Hex } from "@/lib/auth/tokens";
import type { RequestContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { now } from "@/lib/time/clock";
import { parseInput } from "@/lib/validate";

/**
 * Mails a reset link when the address belongs to an active account; the answer is the same either
 * way. Only the limits run before the answer; the lookup, the token, the mail and its delivery run in
 * `done`, after it (the route hands it to next/server's after()), so a known and an unknown address
 * take the same time (decision 012).
 */
export async function requestPasswordReset(input: unknown, ctx: RequestContext): Promise<{ done: Promise<void> }> {
  const { email } = parseInput(forgotPasswordSchema, input);
  await consumeLimits([["forgotIp", ctx.ip], ["forgotEmail", email]]);
  const done = mailResetLink(email, ctx).catch((e: unknown) => console.error("password reset mail failed:", e));
  return { done };
}

async function mailResetLink(email: string, ctx: RequestContext) {
  const mailId = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true, locale: true, disabledAt: true } });
    if (!user || user.disabledAt) return null;
    const token = await issueUserToken(tx, user.id, "RESET_PASSWORD");
    const t = getTranslator(user.locale);
    const id = await queueMail(tx, {
      to: email,
      kind: "RESET_PASSWORD",
      subject: t("mail.resetSubject"),
      text: t("mail.resetBody", { name: user.name, link: `${ctx.baseUrl}/reset?token=${token}` }),
    });
    await recordAudit(tx, { entityType: "USER", entityId: user.id, action: "user.password_reset_requested", ip: ctx.ip });
    return id;
  });
  if (mailId) await deliverMail([mailId]);
}

/**
 * Sets a new password from a reset or invitation link. Opening the link proves the address, so it
 * is marked verified; every existing session ends (session version bump).
 */
export async function resetPassword(input: unknown, ctx: Pick<RequestContext, "ip">) {
  const data = parseInput(resetPasswordSchema, input);
  await consumeLimits([["tokenIp", ctx.ip], ["tokenTarget", sha256Hex(data.token)]]);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
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
}
