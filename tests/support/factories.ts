import crypto from "node:crypto";
import type { Actor, RequestContext } from "../../lib/auth/actor";
import { hashPassword } from "../../lib/auth/password";
import { db } from "../../lib/db/client";
import type { Role } from "../../lib/db/generated/enums";
import { registrationConsentVersions } from "../../lib/consents/texts";

export const ctx: RequestContext = { ip: "203.0.113.7", baseUrl: "http://portal.test", locale: "ko" };

export function uniqueEmail(tag = "user") {
  return `${tag}-${crypto.randomBytes(4).toString("hex")}@example.com`;
}

export const STRONG_PASSWORD = "correct-horse-battery-2025";

/** What a registration sends as `consents`: the current versions, from their one home (lib/consents/texts.ts). */
export const REGISTER_CONSENTS = registrationConsentVersions();

/** A verified user with the given roles, returned as the Actor services receive. */
export async function makeUser(roles: Role[] = ["APPLICANT"], opts: { verified?: boolean; password?: string; email?: string; affiliationId?: string } = {}): Promise<Actor & { sessionVersion: number }> {
  const u = await db.user.create({
    data: {
      email: opts.email ?? uniqueEmail(roles[0]?.toLowerCase()),
      affiliationId: opts.affiliationId,
      name: `테스트 ${roles.join("/")}`,
      roles,
      passwordHash: await hashPassword(opts.password ?? STRONG_PASSWORD),
      emailVerifiedAt: opts.verified === false ? null : new Date(),
    },
  });
  return { id: u.id, email: u.email, name: u.name, roles: u.roles, locale: u.locale, sessionVersion: u.sessionVersion };
}

/** The raw token inside the last mail sent to `to` (the link's ?token=…). */
export async function tokenFromLastMail(to: string): Promise<string> {
  const mail = await db.mailOutbox.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
  const m = mail.text.match(/token=([A-Za-z0-9_-]+)/);
  if (!m) throw new Error(`no token in mail to ${to}`);
  return m[1]!;
}

export async function counts() {
  const [users, tokens, mails, audits, consents] = await Promise.all([db.user.count(), db.userToken.count(), db.mailOutbox.count(), db.auditEvent.count(), db.consent.count()]);
  return { users, tokens, mails, audits, consents };
}
