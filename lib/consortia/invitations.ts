import { particle } from "@/lib/text/particle";
import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import type { MemberRole } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { consumeLimits } from "@/lib/auth/rate-limit";
import { sha256Hex } from "@/lib/auth/tokens";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { now } from "@/lib/time/clock";
import { deferParse, isUuid, parseInput } from "@/lib/validate";
import { CAN, consortiumAccess, requireRole } from "./access";
import { acceptInvitationSchema, inviteSchema } from "./schemas";
import { guardedWrite } from "./write-guard";

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** The owner invites a person by email to act for one of the consortium's organisations. */
export async function inviteMember(actor: Actor, consortiumId: string, input: unknown, ctx: RequestContext) {
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.manage);
  const parsed = deferParse(inviteSchema, input);
  const raw = crypto.randomBytes(32).toString("base64url");
  const { invitation, mailId } = await guardedWrite({ userId: actor.id, ip: ctx.ip }, consortiumId, "CONSORTIUM_EDIT", async (tx, at) => {
    const data = parsed.get();
    const c = await tx.consortium.findUniqueOrThrow({
      where: { id: consortiumId },
      select: { name: true, organizations: { where: { organizationId: data.organizationId }, select: { organization: { select: { name: true } } } } },
    });
    const org = c.organizations[0]?.organization;
    if (!org) throw new AppError("VALIDATION_FAILED", { fields: { organizationId: "organizationNotInConsortium" } });
    const already = await tx.consortiumMember.findFirst({ where: { consortiumId, user: { email: data.email } }, select: { id: true } });
    if (already) throw new AppError("CONFLICT", { fields: { email: "alreadyMember" } });
    // Counted only now, for an invitation that is valid and about to be sent (a refusal rolls back the
    // write). Address, sender and the (sender, recipient) pair first: a request refused by those never
    // spends the recipient's ceiling. Per sender and recipient: an owner cannot mail their text at will.
    await consumeLimits([["inviteIp", ctx.ip], ["inviteSender", actor.id], ["invitePair", `${actor.id}|${data.email}`], ["inviteRecipient", data.email]]);
    // A new invitation to the same address replaces any still pending, so one link is valid at a time.
    await tx.consortiumInvitation.updateMany({ where: { consortiumId, email: data.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: at } });
    const invitation = await tx.consortiumInvitation.create({
      data: { consortiumId, email: data.email, organizationId: data.organizationId, role: data.role, tokenHash: sha256Hex(raw), expiresAt: new Date(now().getTime() + INVITATION_TTL_MS), invitedById: actor.id },
      select: { id: true, email: true, role: true, organizationId: true, expiresAt: true },
    });
    const t = getTranslator(ctx.locale);
    const mailId = await queueMail(tx, {
      to: data.email,
      kind: "CONSORTIUM_INVITE",
      subject: t("mail.consortiumInviteSubject", { consortium: c.name }),
      text: t("mail.consortiumInviteBody", {
        inviter: actor.name,
        consortium: c.name,
        organization: org.name,
        role: t(`enums.memberRole.${data.role}`),
        ro: particle(t(`enums.memberRole.${data.role}`), "으로/로"),
        link: `${ctx.baseUrl}/invitations/accept?token=${raw}`,
      }),
    });
    await recordAudit(tx, { entityType: "CONSORTIUM", entityId: consortiumId, action: "consortium.invitation_sent", actorId: actor.id, ip: ctx.ip, data: { invitationId: invitation.id, email: data.email, role: data.role, organizationId: data.organizationId } });
    return { invitation, mailId };
  });
  await deliverMail([mailId]);
  return invitation;
}

/** The owner revokes an invitation that has not been accepted. */
export async function revokeInvitation(actor: Actor, consortiumId: string, invitationId: string, ctx: RequestContext) {
  const access = await consortiumAccess(actor, consortiumId);
  requireRole(access, CAN.manage);
  if (!isUuid(invitationId)) throw new AppError("NOT_FOUND");
  return guardedWrite({ userId: actor.id, ip: ctx.ip }, consortiumId, "CONSORTIUM_EDIT", async (tx, at) => {
    const { count } = await tx.consortiumInvitation.updateMany({ where: { id: invitationId, consortiumId, acceptedAt: null, revokedAt: null }, data: { revokedAt: at } });
    if (count !== 1) throw new AppError("NOT_FOUND");
    await recordAudit(tx, { entityType: "CONSORTIUM", entityId: consortiumId, action: "consortium.invitation_revoked", actorId: actor.id, ip: ctx.ip, data: { invitationId } });
    return { invitationId, revokedAt: at };
  });
}

/**
 * The invited person, signed in with the address the invitation went to, joins the consortium.
 * The member list freezes at the cutoff, so accepting is a guarded write too.
 */
export async function acceptInvitation(actor: Actor, input: unknown, ctx: RequestContext) {
  const { token } = parseInput(acceptInvitationSchema, input);
  await consumeLimits([["tokenIp", ctx.ip], ["tokenTarget", sha256Hex(token)]]);
  const inv = await db.consortiumInvitation.findUnique({ where: { tokenHash: sha256Hex(token) } });
  if (!inv || inv.revokedAt) throw new AppError("TOKEN_INVALID");
  if (inv.acceptedAt) throw new AppError("TOKEN_USED");
  if (inv.expiresAt.getTime() <= now().getTime()) throw new AppError("TOKEN_EXPIRED");
  if (inv.email !== actor.email.toLowerCase()) throw new AppError("FORBIDDEN", { fields: { token: "invitationOtherEmail" } });
  return guardedWrite({ userId: actor.id, ip: ctx.ip }, inv.consortiumId, "INVITATION_ACCEPT", async (tx, at) => {
    const { count } = await tx.consortiumInvitation.updateMany({ where: { id: inv.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: at, acceptedById: actor.id } });
    if (count !== 1) throw new AppError("TOKEN_USED");
    const existing = await tx.consortiumMember.findUnique({ where: { consortiumId_userId: { consortiumId: inv.consortiumId, userId: actor.id } } });
    if (existing) throw new AppError("CONFLICT", { fields: { token: "alreadyMember" } });
    await tx.consortiumMember.create({ data: { consortiumId: inv.consortiumId, userId: actor.id, organizationId: inv.organizationId, role: inv.role } });
    await recordAudit(tx, { entityType: "CONSORTIUM", entityId: inv.consortiumId, action: "consortium.member_joined", actorId: actor.id, ip: ctx.ip, data: { invitationId: inv.id, role: inv.role, organizationId: inv.organizationId } });
    return { consortiumId: inv.consortiumId, role: inv.role, organizationId: inv.organizationId };
  });
}

/** What the sign-in and register pages may say about the invitation a visitor's link carries. */
export interface InvitationNotice {
  consortiumName: string;
  organizationName: string;
  role: MemberRole;
  inviterName: string;
  /** The address invited: the register form starts with it (the mail went there, so the link's holder knows it). */
  email: string;
  expiresAt: Date;
}

/**
 * The invitation a token names, only while it can still be accepted (not revoked, replaced, accepted
 * or expired); null for anything else, a malformed token or one of another kind included, so a made-up
 * link learns nothing. A read by the hash of a 256-bit token: it spends no limit (guessing is hopeless),
 * and accepting keeps its own limits and checks.
 */
export async function findOpenInvitation(token: string | null | undefined): Promise<InvitationNotice | null> {
  const parsed = acceptInvitationSchema.safeParse({ token });
  if (!parsed.success) return null;
  const inv = await db.consortiumInvitation.findUnique({
    where: { tokenHash: sha256Hex(parsed.data.token) },
    select: { consortiumId: true, organizationId: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, invitedById: true, consortium: { select: { name: true } } },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt.getTime() <= now().getTime()) return null;
  const [org, inviter] = await Promise.all([
    db.organization.findUnique({ where: { id: inv.organizationId }, select: { name: true } }),
    db.user.findUnique({ where: { id: inv.invitedById }, select: { name: true } }),
  ]);
  if (!org) return null;
  return { consortiumName: inv.consortium.name, organizationName: org.name, role: inv.role, inviterName: inviter?.name ?? "", email: inv.email, expiresAt: inv.expiresAt };
}
