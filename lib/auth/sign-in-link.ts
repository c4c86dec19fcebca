import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { now } from "@/lib/time/clock";
import type { RequestContext } from "./actor";
import { requestOneTimeLink } from "./one-time-link-mail";
import { clearLimit, consumeLimits } from "./rate-limit";
import { tokenSchema } from "./schemas";
import type { SignedInUser } from "./sign-in";
import { consumeUserToken, sha256Hex } from "./tokens";

// Sign-in by an emailed one-time link (decision 012): the way in that the password throttle never
// closes, so wrong passwords from a rival's addresses cannot keep the owner out through the cutoff.

/** Mails a one-hour sign-in link when the address belongs to an active account (same answer and time either way). */
export function requestSignInLink(input: unknown, ctx: RequestContext): Promise<{ done: Promise<void> }> {
  return requestOneTimeLink(input, ctx, {
    purpose: "SIGN_IN_LINK",
    limits: { perAddress: "signInLinkIp", perTarget: "signInLinkEmail" },
    path: "/signin/link",
    subject: "mail.signInLinkSubject",
    body: "mail.signInLinkBody",
    auditAction: "auth.sign_in_link_requested",
  });
}

/**
 * The "email-link" Credentials provider's check: consumes the link (once) and returns the user.
 * Opening it proves the address, so an unverified one becomes verified. Throws TOKEN_*, ACCOUNT_DISABLED.
 */
export async function authenticateByLink(input: unknown, ip: string | null): Promise<SignedInUser> {
  // next-auth hands over its whole form (csrfToken, callbackUrl, json…): only the token is ours to check.
  const parsed = tokenSchema.safeParse({ token: (input as { token?: unknown } | null)?.token });
  if (!parsed.success) throw new AppError("TOKEN_INVALID");
  const { token } = parsed.data;
  await consumeLimits([["tokenIp", ip], ["tokenTarget", sha256Hex(token)]]);
  const user = await db.$transaction(async (tx) => {
    const row = await consumeUserToken(tx, token, ["SIGN_IN_LINK"]);
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { id: true, email: true, name: true, disabledAt: true, emailVerifiedAt: true, sessionVersion: true } });
    if (user.disabledAt) throw new AppError("ACCOUNT_DISABLED");
    // One link used: the user's other sign-in links die with it.
    await tx.userToken.updateMany({ where: { userId: user.id, purpose: "SIGN_IN_LINK", usedAt: null }, data: { usedAt: now() } });
    if (!user.emailVerifiedAt) await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now() } });
    await recordAudit(tx, { entityType: "USER", entityId: user.id, action: "auth.signed_in_by_link", actorId: user.id, ip });
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
  });
  // The window's other links died with this one: the owner's next request (another device) must mail again.
  await clearLimit("signInLinkEmail", user.email);
  return user;
}
