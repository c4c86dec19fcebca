import Link from "next/link";
import { notFound } from "next/navigation";
import { getConsortium } from "@/lib/consortia/get-consortium";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { now } from "@/lib/time/clock";
import { effectiveCutoff } from "@/lib/time/cutoff";
import { formatKstDateTime } from "@/lib/time/kst";
import { Countdown } from "../../../_components/countdown";
import { requirePageActor } from "../../../_components/guard";
import { formatShare } from "../_components/money";
import { AddOrganizationForm } from "./add-organization-form";
import { InviteForm, PendingInvitations } from "./invitations";
import { OrganizationsTable, type OrgRow } from "./organizations";
import { StartProposalButton } from "./start-proposal-button";
import { recordTitle } from "@/app/_components/metadata";
import { hangulLang } from "@/lib/text";

export const generateMetadata = async ({ params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return recordTitle("meta.consortium", async (actor) => (actor ? (await getConsortium(actor, id)).name : null));
};

export default async function ConsortiumPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/consortia/${id}`);
  const { locale, t } = await getT();
  // Someone else's consortium is "not found", never "forbidden" (DESIGN §5).
  const c = await getConsortium(actor, id).catch((e) => {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  });
  if (!c) notFound();

  const fmt = (iso: string) => formatKstDateTime(new Date(iso), locale);
  const cutoff = effectiveCutoff({ opensAt: new Date(c.call.opensAt), closesAt: new Date(c.call.closesAt), extendedUntil: c.extendedUntil ? new Date(c.extendedUntil) : null });
  const at = now();
  const notYetOpen = at < new Date(c.call.opensAt);
  const closed = at >= cutoff;
  const writable = !closed && !notYetOpen;
  const isOwner = c.myRole === "OWNER";
  const canManage = writable && isOwner;
  const orgName = new Map(c.organizations.map((o) => [o.id, o.name]));
  const myOrg = c.myOrganizationId ? orgName.get(c.myOrganizationId) : undefined;
  const unconfirmed = c.organizations.filter((o) => !o.confirmed);
  const callTitle = locale === "ko" ? c.call.titleKo : c.call.titleEn;

  const rows: OrgRow[] = c.organizations.map((o) => ({
    id: o.id,
    name: o.name,
    role: o.role,
    businessRegNo: o.businessRegNo,
    type: o.type,
    representativeName: o.representativeName,
    responsibility: o.responsibility,
    budgetShareKrw: o.budgetShareKrw,
    shareText: formatShare(o.budgetShareKrw, locale),
    confirmed: o.confirmed,
    confirmedAtText: o.confirmedAt ? fmt(o.confirmedAt) : null,
    confirmedShareText: o.confirmedShareKrw === null ? null : formatShare(o.confirmedShareKrw, locale),
  }));

  return (
    <>
      <p className="breadcrumb">
        <Link href="/consortia">← {t("consortium.title")}</Link>
      </p>
      <h1 data-testid="consortium-name" lang={hangulLang(c.name)}>{c.name}</h1>
      <section className="card" aria-label={t("consortium.overview")}>
        <dl className="facts">
          <dt>{t("consortium.call")}</dt>
          <dd>
            <Link href={`/calls/${c.call.slug}`}>{callTitle}</Link>
          </dd>
          <dt>{t("consortium.cutoff")}</dt>
          <dd data-testid="consortium-cutoff">
            <time dateTime={cutoff.toISOString()}>{formatKstDateTime(cutoff, locale)}</time>
            {c.extendedUntil && cutoff.getTime() !== new Date(c.call.closesAt).getTime() && (
              <div className="muted" data-testid="consortium-extended">
                {t("consortium.extendedNote", { closesAt: fmt(c.call.closesAt) })}
              </div>
            )}
          </dd>
          <dt>{t("consortium.myRole")}</dt>
          <dd data-testid="my-role">
            {c.myRole ? t(`enums.memberRole.${c.myRole}`) : t("consortium.adminReader")}
            {myOrg && <span className="muted"> · <span lang={hangulLang(myOrg)}>{myOrg}</span></span>}
          </dd>
        </dl>
        <Countdown
          opensAt={c.call.opensAt}
          closesAt={cutoff.toISOString()}
          serverNow={at.toISOString()}
          closedText={t("consortium.closedShort", { at: formatKstDateTime(cutoff, locale) })}
        />
      </section>

      {closed && (
        <p className="alert alert-error" role="status" data-testid="consortium-closed">
          {t("consortium.closedNotice", { at: formatKstDateTime(cutoff, locale) })}
        </p>
      )}
      {notYetOpen && (
        <p className="alert alert-info" role="status" data-testid="consortium-not-open">
          {t("consortium.notOpenNotice", { at: fmt(c.call.opensAt) })}
        </p>
      )}

      <section className="card" aria-labelledby="confirm-title" data-testid="confirm-summary">
        <h2 id="confirm-title">{t("consortium.confirmTitle")}</h2>
        {unconfirmed.length === 0 ? (
          <p className="status-ok" data-testid="all-confirmed">
            ✓ {t("consortium.allConfirmed")}
          </p>
        ) : (
          <p data-testid="pending-confirmations">
            <strong>{t("consortium.pendingConfirm")}</strong> {unconfirmed.map((o) => o.name).join(", ")}
          </p>
        )}
        <p className="muted">{t("consortium.confirmNote")}</p>
      </section>

      <section className="card" aria-labelledby="proposal-title" data-testid="proposal-section">
        <h2 id="proposal-title">{t("consortium.proposal")}</h2>
        {c.proposal ? (
          <p>
            {t("consortium.proposalStatus", { status: t(`enums.proposalStatus.${c.proposal.status}`) })}{" "}
            <Link className="button" href={`/proposals/${c.proposal.id}`} data-testid="proposal-link">
              {t("consortium.openProposal")}
            </Link>
          </p>
        ) : canManage ? (
          <>
            <p className="muted">{t("consortium.startProposalNote")}</p>
            <StartProposalButton consortiumId={c.id} />
          </>
        ) : (
          <p className="muted" data-testid="no-proposal">
            {writable ? t("consortium.noProposalYet") : t("consortium.noProposalClosed")}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="orgs-title">
        <h2 id="orgs-title">{t("consortium.orgsTitle")}</h2>
        <OrganizationsTable
          consortiumId={c.id}
          rows={rows}
          myOrganizationId={writable ? c.myOrganizationId : null}
          canManage={canManage}
        />
      </section>

      {canManage && (
        <section className="card" aria-labelledby="add-org-title">
          <h2 id="add-org-title">{t("consortium.addOrgTitle")}</h2>
          <p className="muted">{t("consortium.addOrgNote")}</p>
          <AddOrganizationForm consortiumId={c.id} />
        </section>
      )}

      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">{t("consortium.membersTitle")}</h2>
        <table className="responsive" data-testid="members">
          <thead>
            <tr>
              <th scope="col">{t("consortium.memberName")}</th>
              <th scope="col">{t("consortium.email")}</th>
              <th scope="col">{t("consortium.memberOrg")}</th>
              <th scope="col">{t("consortium.role")}</th>
            </tr>
          </thead>
          <tbody>
            {c.members.map((m) => (
              <tr key={m.id} data-testid="member-row">
                <td data-label={t("consortium.memberName")}>
                  <span lang={hangulLang(m.name)}>{m.name}</span>
                  {m.id === actor.id && <span className="muted"> {t("consortium.you")}</span>}
                </td>
                <td data-label={t("consortium.email")} className="break">
                  {m.email}
                </td>
                <td data-label={t("consortium.memberOrg")} lang={hangulLang(orgName.get(m.organizationId))}>{orgName.get(m.organizationId) ?? "—"}</td>
                <td data-label={t("consortium.role")}>{t(`enums.memberRole.${m.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t("consortium.roleHelp")}</p>
      </section>

      {/* Pending invitations name people's addresses: the owner's (and an admin's) to see. */}
      {(isOwner || (c.myRole === null && c.invitations.length > 0)) && (
        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t("consortium.inviteTitle")}</h2>
          {canManage && (
            <>
              <p className="muted">{t("consortium.inviteNote")}</p>
              <InviteForm consortiumId={c.id} organizations={c.organizations.map((o) => ({ id: o.id, name: o.name }))} />
            </>
          )}
          <h3>{t("consortium.pendingTitle")}</h3>
          <PendingInvitations
            consortiumId={c.id}
            canRevoke={canManage}
            invitations={c.invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              organization: orgName.get(i.organizationId) ?? "—",
              expires: fmt(i.expiresAt),
              expired: new Date(i.expiresAt) <= at,
            }))}
          />
        </section>
      )}
    </>
  );
}
