import { notFound } from "next/navigation";
import { getConsortium } from "@/lib/consortia/get-consortium";
import { isAppError } from "@/lib/errors";
import { localizeConsent } from "@/lib/consents/texts";
import { getT } from "@/lib/i18n/server";
import { getProposal } from "@/lib/proposals/get-proposal";
import { ATTACHMENT_RULES } from "@/lib/proposals/attachment-rules";
import { callRules } from "@/lib/calls/rules";
import { db } from "@/lib/db/client";
import { now } from "@/lib/time/clock";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../../_components/guard";
import { Countdown } from "../../../_components/countdown";
import { ProposalEditor } from "./proposal-editor";
import { recordTitle } from "@/app/_components/metadata";

export const generateMetadata = async ({ params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return recordTitle("meta.proposal", async (actor) => {
    if (!actor) return null;
    const p = await getProposal(actor, id);
    return (p.draft as { overview?: { titleKo?: string } } | null)?.overview?.titleKo || p.consortium.name;
  });
};

export default async function ProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/proposals/${id}`);
  const { t, locale } = await getT();
  const proposal = await getProposal(actor, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const consortium = await getConsortium(actor, proposal.consortium.id);
  const call = await db.call.findUniqueOrThrow({ where: { id: proposal.call.id }, select: { rules: true, ministryKo: true, ministryEn: true } });
  const serverNow = now();
  const cutoff = new Date(proposal.cutoff);
  const closed = serverNow.getTime() >= cutoff.getTime();
  const required = callRules(call.rules).requiredAttachments;
  const kinds = Object.entries(ATTACHMENT_RULES).map(([kind, r]) => ({ kind, types: r.types, maxBytes: r.maxBytes, multiple: r.multiple, required: required.includes(kind as never) }));
  return (
    <>
      <p className="muted">
        {locale === "en" ? proposal.call.titleEn : proposal.call.titleKo} · {consortium.name}
      </p>
      <h1>
        {t("proposal.title")}
        {proposal.foreignFineTuneOnly && <span className="badge badge-CLOSED" data-testid="flag-badge">{t("proposal.flagged")}</span>}
      </h1>
      <dl className="facts card">
        <dt>{t("proposal.cutoff")}</dt>
        <dd data-testid="cutoff">
          {formatKstDateTime(cutoff, locale)}
          {!closed && (
            <>
              {" · "}
              <Countdown opensAt={proposal.call.opensAt} closesAt={proposal.cutoff} serverNow={serverNow.toISOString()} closedText={t("calls.stateCLOSED")} />
            </>
          )}
        </dd>
        {proposal.extendedUntil && (
          <>
            <dt />
            <dd>{t("proposal.extended", { at: formatKstDateTime(new Date(proposal.extendedUntil), locale) })}</dd>
          </>
        )}
        <dt>{t("proposal.status")}</dt>
        <dd data-testid="proposal-status">{t(`enums.proposalStatus.${proposal.status}`)}</dd>
        <dt>{t("proposal.myRole")}</dt>
        <dd>{proposal.myRole ? t(`enums.memberRole.${proposal.myRole}`) : "—"}</dd>
      </dl>
      {closed && (
        <p className="alert alert-error" role="status" data-testid="closed-banner">
          {t("proposal.closedBanner", { at: formatKstDateTime(cutoff, locale) })}
        </p>
      )}
      <ProposalEditor
        proposal={proposal}
        organizations={consortium.organizations.map((o) => ({ id: o.id, name: o.name, role: o.role, budgetShareKrw: o.budgetShareKrw, confirmed: o.confirmed }))}
        kinds={kinds}
        closed={closed}
        userId={actor.id}
        privacyText={localizeConsent("privacy-proposal", locale)}
      />
    </>
  );
}
