import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { parseInput } from "@/lib/validate";
import type { RequestContext } from "./actor";
import { consumeLimits, type LimitName } from "./rate-limit";
import { forgotPasswordSchema } from "./schemas";
import { issueUserToken, type Purpose } from "./tokens";

type MessageKey = Parameters<ReturnType<typeof getTranslator>>[0];

/** What differs between the links mailed on request (password reset, sign-in link). */
export interface OneTimeLinkSpec {
  purpose: Extract<Purpose, "RESET_PASSWORD" | "SIGN_IN_LINK">;
  limits: { perAddress: LimitName; perTarget: LimitName };
  /** The page the link opens, e.g. "/reset". */
  path: string;
  subject: MessageKey;
  body: MessageKey;
  auditAction: string;
}

/**
 * Mails a one-time link when the address belongs to an active account; the answer is the same either
 * way. Only the parse and the limits run before the answer; the lookup, the token, the mail and its
 * delivery run in `done`, which the route hands to next/server's after(), so a known and an unknown
 * address take the same time (decision 012).
 */
export async function requestOneTimeLink(input: unknown, ctx: RequestContext, spec: OneTimeLinkSpec): Promise<{ done: Promise<void> }> {
  const { email } = parseInput(forgotPasswordSchema, input);
  await consumeLimits([[spec.limits.perAddress, ctx.ip], [spec.limits.perTarget, email]]);
  const done = mailOneTimeLink(email, ctx, spec).catch((e: unknown) => console.error(`${spec.purpose} mail failed:`, e));
  return { done };
}

async function mailOneTimeLink(email: string, ctx: RequestContext, spec: OneTimeLinkSpec) {
  const mailId = await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true, locale: true, disabledAt: true } });
    if (!user || user.disabledAt) return null;
    const token = await issueUserToken(tx, user.id, spec.purpose);
    const t = getTranslator(user.locale);
    const id = await queueMail(tx, {
      to: email,
      kind: spec.purpose,
      subject: t(spec.subject),
      text: t(spec.body, { name: user.name, link: `${ctx.baseUrl}${spec.path}?token=${token}` }),
    });
    await recordAudit(tx, { entityType: "USER", entityId: user.id, action: spec.auditAction, ip: ctx.ip });
    return id;
  });
  if (mailId) await deliverMail([mailId]);
}
