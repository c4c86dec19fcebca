import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { parseInput } from "@/lib/validate";
import type { RequestContext } from "./actor";
import { consumeLimits, withinLimit, type LimitName } from "./rate-limit";
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
 *
 * Past the per-email limit the request is answered as sent and dropped, never 429: else whoever spends
 * the limit starves the owner of a link. A link lives at least the limit's window (TOKEN_TTL_MS), so a
 * link mailed in the window that dropped this request is still valid in the owner's inbox.
 */
export async function requestOneTimeLink(input: unknown, ctx: RequestContext, spec: OneTimeLinkSpec): Promise<{ done: Promise<void> }> {
  const { email } = parseInput(forgotPasswordSchema, input);
  // The address first: a request its own address refuses must not spend the target's points.
  await consumeLimits([[spec.limits.perAddress, ctx.ip]]);
  if (!(await withinLimit(spec.limits.perTarget, email))) return { done: Promise.resolve() };
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
