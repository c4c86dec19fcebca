import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { revokeAllAccessTokens } from "./access-tokens";
import type { Actor, RequestContext } from "./actor";
import { burnPasswordCheck, verifyPassword } from "./password";
import { clearSignInFailures, countFailedSignIn, signInBlockedFor } from "./rate-limit";
import { signInSchema } from "./schemas";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

/**
 * Checks email + password for next-auth's Credentials provider. Throws RATE_LIMITED, EMAIL_NOT_VERIFIED,
 * ACCOUNT_DISABLED; returns null for a wrong email or password (one message for both).
 * Every attempt is audited: on the user's chain when the account exists, else on the address's.
 */
export async function authenticate(input: unknown, ip: string | null): Promise<SignedInUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const wait = await signInBlockedFor(email, ip);
  if (wait > 0) {
    await audit(null, email, "auth.sign_in_blocked", ip, { retryAfterSeconds: wait });
    throw new AppError("RATE_LIMITED", { retryAfterSeconds: wait });
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, emailVerifiedAt: true, disabledAt: true, sessionVersion: true },
  });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    await countFailedSignIn(email, ip);
    await audit(user?.id ?? null, email, "auth.sign_in_failed", ip, { reason: user ? "wrong_password" : "unknown_email" });
    return null;
  }
  if (user.disabledAt) {
    await audit(user.id, email, "auth.sign_in_failed", ip, { reason: "disabled" });
    throw new AppError("ACCOUNT_DISABLED");
  }
  if (!user.emailVerifiedAt) {
    await audit(user.id, email, "auth.sign_in_failed", ip, { reason: "email_not_verified" });
    throw new AppError("EMAIL_NOT_VERIFIED");
  }
  await clearSignInFailures(email, ip);
  await audit(user.id, email, "auth.signed_in", ip, {});
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

function audit(userId: string | null, email: string, action: string, ip: string | null, data: Record<string, unknown>) {
  return db.$transaction((tx) =>
    recordAudit(tx, {
      entityType: userId ? "USER" : "SIGNIN",
      entityId: userId ?? email,
      action,
      actorId: userId,
      ip,
      data: { email, ...data },
    }),
  );
}

/** Ends every session of the user at their next request (sign-out, sign-out everywhere). */
export async function endAllSessions(userId: string, ip: string | null, action = "auth.signed_out") {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { entityType: "USER", entityId: userId, action, actorId: userId, ip });
  });
}

/**
 * "Sign out on every device" (account page): ends every session and revokes every personal access
 * token. A plain sign-out ends the sessions only (decision 012), so scripts keep their tokens.
 */
export async function signOutEverywhere(actor: Actor, ctx: Pick<RequestContext, "ip">) {
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { sessionVersion: { increment: 1 } } });
    const tokensRevoked = await revokeAllAccessTokens(tx, actor.id);
    await recordAudit(tx, { entityType: "USER", entityId: actor.id, action: "auth.signed_out_everywhere", actorId: actor.id, ip: ctx.ip, data: { tokensRevoked } });
    return { tokensRevoked };
  });
}
