import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { tokenSchema } from "@/lib/auth/schemas";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { consumeLimits } from "@/lib/auth/rate-limit";
import { consumeUserToken, sha256Hex } from "@/lib/auth/tokens";
import type { RequestContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { now } from "@/lib/time/clock";

/** Opens an emailed verification link: marks the address verified, once. */
export async function verifyEmail(input: unknown, ctx: Pick<RequestContext, "ip">) {
  const parsed = tokenSchema.safeParse(input);
  if (!parsed.success) throw new AppError("TOKEN_INVALID");
  const { token } = parsed.data;
  await consumeLimits([["tokenIp", ctx.ip], ["tokenTarget", sha256Hex(token)]]);
  return db.$transaction(async (tx) => {
    const row = await consumeUserToken(tx, token, ["VERIFY_EMAIL"]);
    const user = await tx.user.update({
      where: { id: row.userId },
      data: { emailVerifiedAt: now() },
      select: { id: true, email: true },
    });
    await recordAudit(tx, { entityType: "USER", entityId: user.id, action: "user.email_verified", actorId: user.id, ip: ctx.ip });
    return user;
  });
}

/**
 * Where a verification link leads after verifying and signing in (the registration's callbackUrl), or
 * null. A read for the page the link opens, used or not (a reload after verifying still shows the way
 * on); it spends nothing and changes nothing. The stored path is checked again on the way out.
 */
export async function verificationNextPath(token: unknown): Promise<string | null> {
  const parsed = tokenSchema.safeParse({ token });
  if (!parsed.success) return null;
  const row = await db.userToken.findUnique({ where: { tokenHash: sha256Hex(parsed.data.token) }, select: { purpose: true, nextPath: true } });
  return row?.purpose === "VERIFY_EMAIL" ? safeCallbackPath(row.nextPath) : null;
}
