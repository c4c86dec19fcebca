import { safeText, z } from "@/lib/zod";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin, type Actor, type RequestContext } from "@/lib/auth/actor";
import { createStaffUserSchema, updateUserSchema } from "@/lib/auth/schemas";
import { revokeAllAccessTokens } from "@/lib/auth/access-tokens";
import { issueUserToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, outboxShowsLinks, queueMail, redactLinks } from "@/lib/mail";
import { now } from "@/lib/time/clock";
import { escapeLike, parseInput, rethrowEmailTaken } from "@/lib/validate";

const publicUser = { id: true, email: true, name: true, roles: true, locale: true, emailVerifiedAt: true, disabledAt: true, createdAt: true } as const;

/** An admin creates a reviewer or admin account; the invitation mail lets its owner choose a password. */
export async function createStaffUser(actor: Actor | null, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  const data = parseInput(createStaffUserSchema, input);
  const roles = [...new Set(data.roles)];
  try {
    const { user, mailId } = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name, roles, locale: data.locale }, select: publicUser });
      const token = await issueUserToken(tx, user.id, "INVITE_USER");
      const t = getTranslator(data.locale);
      const role = roles.map((r) => t(`auth.role${r}`)).join(", ");
      const mailId = await queueMail(tx, {
        to: user.email,
        kind: "INVITE_USER",
        subject: t("mail.inviteSubject", { role }),
        text: t("mail.inviteBody", { name: user.name, role, link: `${ctx.baseUrl}/reset?token=${token}&invite=1` }),
      });
      await recordAudit(tx, { entityType: "USER", entityId: user.id, action: "user.created_by_admin", actorId: admin.id, ip: ctx.ip, data: { email: user.email, roles } });
      return { user, mailId };
    });
    await deliverMail([mailId]);
    return user;
  } catch (e) {
    rethrowEmailTaken(e);
  }
}

/** Role change or disable/enable; either ends the user's sessions at their next request. */
export async function updateUser(actor: Actor | null, userId: string, input: unknown, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  const data = parseInput(updateUserSchema, input);
  if (!z.uuid().safeParse(userId).success) throw new AppError("NOT_FOUND");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { id: true, roles: true, disabledAt: true } });
    if (!before) throw new AppError("NOT_FOUND");
    if (before.id === admin.id && (data.disabled || (data.roles && !data.roles.includes("ADMIN")))) {
      throw new AppError("FORBIDDEN", { message: "admins cannot disable or demote themselves" });
    }
    const roles = data.roles ? [...new Set(data.roles)] : undefined;
    const user = await tx.user.update({
      where: { id: userId },
      data: {
        roles,
        disabledAt: data.disabled === undefined ? undefined : data.disabled ? (before.disabledAt ?? now()) : null,
        sessionVersion: { increment: 1 },
      },
      select: publicUser,
    });
    if (roles) {
      await recordAudit(tx, { entityType: "USER", entityId: userId, action: "user.roles_changed", actorId: admin.id, ip: ctx.ip, data: { from: before.roles, to: roles } });
    }
    if (data.disabled !== undefined && data.disabled !== Boolean(before.disabledAt)) {
      // Revoked on either edge, so re-enabling never revives a token (also one kept from before this rule).
      const tokensRevoked = await revokeAllAccessTokens(tx, userId);
      await recordAudit(tx, { entityType: "USER", entityId: userId, action: data.disabled ? "user.disabled" : "user.enabled", actorId: admin.id, ip: ctx.ip, data: { tokensRevoked } });
    }
    return user;
  });
}

/** Search text of the admin lists (?q=, ?to=): PostgreSQL refuses NUL, so it is refused here first. */
const searchText = z.object({ q: safeText().trim().max(320, "tooLong").optional() });

export async function listUsers(actor: Actor | null, opts: { q?: string; take?: number } = {}) {
  requireAdmin(actor);
  const { q } = parseInput(searchText, { q: opts.q });
  return db.user.findMany({
    where: q ? { OR: [{ email: { contains: escapeLike(q), mode: "insensitive" } }, { name: { contains: escapeLike(q), mode: "insensitive" } }] } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(opts.take ?? 100, 500),
    select: publicUser,
  });
}

/** The outbox for admins; one-time links are redacted unless outboxShowsLinks() (development, tests). */
export async function listOutbox(actor: Actor | null, opts: { to?: string; take?: number } = {}) {
  requireAdmin(actor);
  const to = parseInput(z.object({ to: searchText.shape.q }), { to: opts.to }).to;
  const rows = await db.mailOutbox.findMany({
    where: to ? { to: to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(opts.take ?? 50, 1), 500),
  });
  const show = outboxShowsLinks();
  return rows.map((m) => (show ? m : { ...m, text: redactLinks(m.text) }));
}
