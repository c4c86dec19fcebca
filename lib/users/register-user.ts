import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { consumeLimits } from "@/lib/auth/rate-limit";
import { registerSchema } from "@/lib/auth/schemas";
import { registrationConsentVersions } from "@/lib/consents/texts";
import { issueUserToken } from "@/lib/auth/tokens";
import type { RequestContext } from "@/lib/auth/actor";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { parseInput, rethrowEmailTaken } from "@/lib/validate";

/**
 * Self-registration of an applicant. The account can sign in once the emailed link is opened. A
 * `callbackUrl` that is a path on this site (an invitation's accept page) is kept on the verification
 * token, not in the mail's link: the link stays /verify?token=…, and after verifying the person signs in
 * on the way there. Any other value is dropped.
 */
export async function registerUser(input: unknown, ctx: RequestContext) {
  const data = parseInput(registerSchema, input);
  const current = registrationConsentVersions();
  const stale = (["terms", "privacy"] as const).filter((k) => data.consents[k] !== current[k]);
  if (stale.length) {
    throw new AppError("CONSENT_OUTDATED", {
      fields: Object.fromEntries(stale.map((k) => [`consents.${k}`, "CONSENT_OUTDATED"])),
      detail: { sent: data.consents, current },
    });
  }
  await consumeLimits([["registerIp", ctx.ip], ["registerEmail", data.email]]);
  const problem = passwordProblem(data.password, [data.email, data.name]);
  if (problem) throw new AppError("VALIDATION_FAILED", { fields: { password: problem } });
  const passwordHash = await hashPassword(data.password);
  try {
    const { user, mailId } = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, passwordHash, locale: data.locale, roles: ["APPLICANT"] },
        select: { id: true, email: true, name: true, locale: true },
      });
      const token = await issueUserToken(tx, user.id, "VERIFY_EMAIL", { nextPath: safeCallbackPath(data.callbackUrl) });
      const t = getTranslator(user.locale);
      const link = `${ctx.baseUrl}/verify?token=${token}`;
      const mailId = await queueMail(tx, {
        to: user.email,
        kind: "VERIFY_EMAIL",
        subject: t("mail.verifySubject"),
        text: t("mail.verifyBody", { name: user.name, link }),
      });
      // The consents are the registration's: one commit, or neither the account nor its consents.
      await tx.consent.createMany({
        data: [
          { userId: user.id, consentId: "terms", version: current.terms, ip: ctx.ip },
          { userId: user.id, consentId: "privacy-registration", version: current.privacy, ip: ctx.ip },
        ],
      });
      await recordAudit(tx, { entityType: "USER", entityId: user.id, action: "user.registered", actorId: user.id, ip: ctx.ip, data: { email: user.email, consents: current } });
      return { user, mailId };
    });
    await deliverMail([mailId]);
    return user;
  } catch (e) {
    rethrowEmailTaken(e);
  }
}
