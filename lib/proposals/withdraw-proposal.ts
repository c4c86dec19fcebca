import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { CAN, proposalAccess, requireRole } from "@/lib/consortia/access";
import { guardedWrite } from "@/lib/consortia/write-guard";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { formatKstDateTime } from "@/lib/time/kst";

/**
 * The owner withdraws a submitted proposal before the cutoff; it will not be reviewed. Its versions
 * stay on record, and submitting again before the cutoff makes a new version. Withdrawing twice is a no-op.
 */
export async function withdrawProposal(actor: Actor, proposalId: string, ctx: RequestContext) {
  const access = await proposalAccess(actor, proposalId);
  requireRole(access, CAN.submit);
  const { result, mailIds } = await guardedWrite({ userId: actor.id, ip: ctx.ip, proposalId }, access.consortiumId, "WITHDRAW", async (tx, at) => {
    const p = await tx.proposal.findUniqueOrThrow({
      where: { id: proposalId },
      select: { status: true, withdrawnAt: true, lastVersionNo: true, call: { select: { titleKo: true, titleEn: true } }, consortium: { select: { name: true } } },
    });
    if (p.status === "WITHDRAWN") return { result: { status: p.status, withdrawnAt: p.withdrawnAt!.toISOString() }, mailIds: [] };
    if (p.status !== "SUBMITTED") throw new AppError("CONFLICT", { fields: { status: "nothingToWithdraw" } });
    await tx.proposal.update({ where: { id: proposalId }, data: { status: "WITHDRAWN", withdrawnAt: at } });
    await recordAudit(tx, { entityType: "PROPOSAL", entityId: proposalId, action: "proposal.withdrawn", actorId: actor.id, ip: ctx.ip, data: { lastVersionNo: p.lastVersionNo } });
    const members = await tx.consortiumMember.findMany({ where: { consortiumId: access.consortiumId }, select: { user: { select: { email: true, locale: true } } } });
    const mailIds: string[] = [];
    for (const m of members) {
      const t = getTranslator(m.user.locale);
      mailIds.push(
        await queueMail(tx, {
          to: m.user.email,
          kind: "WITHDRAWN",
          subject: t("mail.withdrawnSubject", { title: m.user.locale === "en" ? p.call.titleEn : p.call.titleKo }),
          text: t("mail.withdrawnBody", { consortium: p.consortium.name, at: formatKstDateTime(at, m.user.locale, true), who: actor.name, link: `${ctx.baseUrl}/proposals/${proposalId}` }),
        }),
      );
    }
    return { result: { status: "WITHDRAWN" as const, withdrawnAt: at.toISOString() }, mailIds };
  });
  await deliverMail(mailIds);
  return result;
}
